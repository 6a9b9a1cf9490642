package org.imsemu.nodes.pcscf;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.LongSupplier;
import org.imsemu.nodes.common.NodeAddress;
import org.imsemu.nodes.common.Routing;
import org.imsemu.sip.header.AuthHeader;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.proxy.ProxyLogic;
import org.imsemu.sip.proxy.ProxyRequest;

/**
 * The Proxy-CSCF (TS 24.229 5.2), the UE's first contact point in the IMS. Read top to bottom:
 * <ol>
 * <li>REGISTER from a UE goes to the home network named in its Request-URI (DNS finds the I-CSCF), with
 * this P-CSCF in Path (RFC 3327) so that terminating requests come back through it; the 200 teaches it
 * the UE's identities and Service-Route.</li>
 * <li>Requests inside a dialog, and the ACK of a 2xx, follow their Route set.</li>
 * <li>A request that came by our Path entry ("term") is terminating: record-route and deliver to the UE.</li>
 * <li>Anything else is originating: the UE must be registered (403 otherwise); its Route set is replaced
 * by the Service-Route (RFC 3608), its identity asserted (RFC 3325), and the request record-routed.</li>
 * </ol>
 */
public final class PCscf implements ProxyLogic {
    /** User part of our Path entry: requests routed by it are terminating (towards the UE). */
    static final String TERMINATING = "term";

    private final NodeAddress self;
    private final UeRegistrations registrations;

    public PCscf(NodeAddress self, LongSupplier clock) {
        this.self = self;
        this.registrations = new UeRegistrations(clock);
    }

    @Override
    public void onRequest(ProxyRequest pr) {
        SipRequest req = pr.request();
        if (req.isMethod("REGISTER")) {
            register(pr);
        } else if (pr.isInDialog() || req.isMethod("ACK")) {
            pr.forwardToRequestUri();
        } else if (TERMINATING.equals(Routing.routeUser(pr.consumedRoute()))) {
            pr.recordRoute().forwardToRequestUri();
        } else {
            originating(pr);
        }
    }

    private void register(ProxyRequest pr) {
        InetSocketAddress ue = pr.inbound().remote();
        NameAddress path = NameAddress.of(self.routeUri(TERMINATING));
        pr.modify(r -> r.withHeaderFirst(HeaderNames.PATH, path.toString()));
        pr.onResponse(response -> {
            if (response.status() == 200) learn(ue, pr.request(), response);
            return response.status() == 401 ? withoutKeys(response) : response;
        });
        pr.forwardToRequestUri();
    }

    /**
     * TS 33.203 7.1: the S-CSCF hands the integrity and cipher keys (ik, ck) to the P-CSCF inside the AKA
     * challenge; they must not reach the UE, which derives its own.
     */
    private static SipResponse withoutKeys(SipResponse challenge) {
        List<AuthHeader> all = challenge.authHeaders(HeaderNames.WWW_AUTHENTICATE);
        if (all.stream().noneMatch(a -> a.param("ik") != null || a.param("ck") != null)) return challenge;
        SipResponse out = challenge.withoutHeader(HeaderNames.WWW_AUTHENTICATE);
        for (AuthHeader a : all) {
            java.util.Map<String, String> p = new java.util.LinkedHashMap<>(a.params());
            p.remove("ik");
            p.remove("ck");
            out = out.withHeaderLast(HeaderNames.WWW_AUTHENTICATE, new AuthHeader(a.scheme(), p).toString());
        }
        return out;
    }

    /** Stores (or, for expires 0, drops) what the 200 to a REGISTER says of the UE. */
    private void learn(InetSocketAddress ue, SipRequest register, SipResponse ok) {
        List<NameAddress> sent = register.contacts();
        NameAddress contact = sent.isEmpty() ? null : sent.get(0);
        long expires = 0;
        for (NameAddress granted : ok.contacts()) {
            if (contact != null && granted.uri().toString().equals(contact.uri().toString())) {
                String e = granted.parameter("expires");
                expires = e == null ? Math.max(ok.expires(), 0) : parseOrZero(e);
            }
        }
        List<NameAddress> impus = ok.pAssociatedUris().isEmpty() ? List.of(NameAddress.of(register.to().uri()))
                : ok.pAssociatedUris();
        registrations.store(ue, contact, impus, ok.serviceRoutes(), expires);
    }

    private void originating(ProxyRequest pr) {
        SipRequest req = pr.request();
        UeRegistrations.Registration reg = registrations.find(pr.inbound().remote(), claimedIdentity(req));
        if (reg == null) {
            pr.respond(403, "Forbidden: Not Registered");
            return;
        }
        pr.modify(r -> Routing.replaceRoutes(r, reg.serviceRoute())
                .withoutHeader(HeaderNames.P_PREFERRED_IDENTITY)
                .withHeader(HeaderNames.P_ASSERTED_IDENTITY, "<" + reg.defaultImpu().uri() + ">"));
        pr.recordRoute().forwardToRequestUri();
    }

    /** Who the UE says it is: P-Preferred-Identity (RFC 3325) if present, else the From URI. */
    private static String claimedIdentity(SipRequest req) {
        String preferred = req.header(HeaderNames.P_PREFERRED_IDENTITY);
        if (preferred != null) {
            try {
                return Routing.aor(NameAddress.parse(preferred, HeaderNames.P_PREFERRED_IDENTITY));
            } catch (RuntimeException e) {
                // unparsable: fall back to From
            }
        }
        return Routing.aor(req.from());
    }

    private static long parseOrZero(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Registered UEs, for the runtime's status and tests. */
    public int registeredUes() {
        return registrations.size();
    }
}
