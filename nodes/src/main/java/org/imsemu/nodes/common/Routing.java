package org.imsemu.nodes.common;

import java.util.List;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;

/** Small routing steps every CSCF takes, given one home here. */
public final class Routing {
    private Routing() {
    }

    /** The request with {@code routes} on top of its Route set (RFC 3261 16.6 step 6 pre-loading). */
    public static SipRequest pushRoutes(SipRequest req, List<NameAddress> routes) {
        return routes.isEmpty() ? req : req.withHeaderFirst(HeaderNames.ROUTE, NameAddress.join(routes));
    }

    /** The request with its Route set replaced by {@code routes}. */
    public static SipRequest replaceRoutes(SipRequest req, List<NameAddress> routes) {
        return pushRoutes(req.withoutHeader(HeaderNames.ROUTE), routes);
    }

    /** The host of a SIP Request-URI (lower case), or null for tel: and other URIs. */
    public static String targetDomain(SipRequest req) {
        Uri u = req.requestUri();
        return u instanceof SipUri s ? s.host().toLowerCase(java.util.Locale.ROOT) : null;
    }

    /** The user part of a route URI that brought the request here ("orig", "term"), or null. */
    public static String routeUser(NameAddress consumed) {
        return consumed != null && consumed.uri() instanceof SipUri s ? s.user() : null;
    }

    /** "sip:user@host" of a name-addr's URI, the form identities are compared in. */
    public static String aor(NameAddress na) {
        return na.uri() instanceof SipUri s ? s.toAor().toString() : na.uri().toString();
    }
}
