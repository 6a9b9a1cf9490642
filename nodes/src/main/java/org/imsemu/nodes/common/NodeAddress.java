package org.imsemu.nodes.common;

import java.net.InetAddress;
import java.util.Objects;
import org.imsemu.sip.uri.SipUri;

/**
 * Who a node is on the network: its host name in its operator's domain (what it writes in Via,
 * Record-Route, Path and Service-Route, resolved by DNS), its address and its SIP port.
 */
public record NodeAddress(String fqdn, InetAddress address, int sipPort) {

    public NodeAddress {
        Objects.requireNonNull(fqdn, "fqdn");
        Objects.requireNonNull(address, "address");
    }

    /** A loose-routing URI of this node; {@code user} marks why the route leads here (e.g. "orig", "term"). */
    public SipUri routeUri(String user) {
        SipUri u = SipUri.of(user, fqdn, sipPort == 5060 ? -1 : sipPort);
        return u.withParameter("lr", null);
    }

    /** The address as it appears in a URI host: IPv6 in brackets. */
    public String addressLiteral() {
        String a = address.getHostAddress();
        int zone = a.indexOf('%');
        if (zone >= 0) a = a.substring(0, zone);
        return a.indexOf(':') >= 0 ? "[" + a + "]" : a;
    }
}
