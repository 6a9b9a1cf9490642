package org.imsemu.cli.sipproxy;

import org.imsemu.sip.registrar.DigestAuthenticator;
import org.imsemu.sip.registrar.LocationService;
import org.imsemu.sip.registrar.Registrar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.proxy.ProxyLogic;
import org.imsemu.sip.proxy.ProxyRequest;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;

/**
 * A plain registrar and record-routing proxy for one domain, assembled from the library: the debug
 * `imsemu sip-proxy` and the peer for SIPp interoperability tests. REGISTER for the domain updates the
 * location service; requests for a registered user fork to its contacts; everything else follows its
 * Request-URI.
 */
public final class RegistrarProxy implements ProxyLogic {
    static final long MAX_EXPIRES = 7200;

    private final String domain;
    private final Registrar registrar;
    private final DigestAuthenticator authenticator;

    /** Without credentials: every REGISTER is accepted (a load-test registrar). */
    public RegistrarProxy(String domain, LocationService location) {
        this(domain, location, Map.of());
    }

    /** With credentials (user name to password): REGISTER is challenged with Digest MD5, qop=auth (RFC 3261 22.4). */
    public RegistrarProxy(String domain, LocationService location, Map<String, String> passwords) {
        this.domain = domain;
        this.registrar = new Registrar(location, MAX_EXPIRES);
        Map<String, String> users = Map.copyOf(passwords);
        this.authenticator = users.isEmpty() ? null : new DigestAuthenticator(domain, users::get);
    }

    @Override
    public void onRequest(ProxyRequest pr) {
        SipRequest req = pr.request();
        Uri ruri = req.requestUri();
        if (pr.isInDialog() || req.hasHeader(HeaderNames.ROUTE) || req.isMethod("ACK")) {
            pr.forwardToRequestUri(); // in-dialog or pre-routed: follow the Route set (RFC 3261 16.12)
            return;
        }
        if (!(ruri instanceof SipUri target)) {
            pr.respond(416);
            return;
        }
        // A domain name is ours on any port; when the "domain" is our IP address only our own port is.
        boolean forUs = pr.isLocal(target) || (target.host().equalsIgnoreCase(domain) && !isIpLiteral(domain));
        if (!forUs) {
            pr.recordRoute().forwardToRequestUri();
            return;
        }
        if (req.isMethod("REGISTER")) {
            if (authenticator != null) {
                DigestAuthenticator.Outcome outcome = authenticator.authenticate(req);
                if (!outcome.authenticated()) {
                    pr.respond(outcome.response());
                    return;
                }
            }
            pr.respond(registrar.register(req, req.to().sipUri().toAor().toString()));
            return;
        }
        if (target.user() == null) {
            pr.respond(req.isMethod("OPTIONS") ? 200 : 404);
            return;
        }
        List<LocationService.Binding> bindings = registrar.location().lookup(target.toAor().toString());
        if (bindings.isEmpty()) {
            pr.respond(404);
            return;
        }
        List<Uri> targets = new ArrayList<>(bindings.size());
        for (LocationService.Binding b : bindings) targets.add(b.contact().uri());
        List<NameAddress> path = bindings.get(0).path();
        if (!path.isEmpty()) {
            // RFC 3327: requests to a contact registered through a Path go through that Path first.
            pr.modify(r -> r.withHeaderFirst(HeaderNames.ROUTE, NameAddress.join(path)));
        }
        pr.recordRoute().forward(targets);
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
