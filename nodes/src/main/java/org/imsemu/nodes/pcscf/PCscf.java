package org.imsemu.nodes.pcscf;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.LongSupplier;
import org.imsemu.nodes.common.Charging;
import org.imsemu.nodes.common.NodeAddress;
import org.imsemu.nodes.common.Routing;
import org.imsemu.nodes.common.TrustDomain;
import org.imsemu.sip.header.AuthHeader;
import org.imsemu.sip.codec.SipParseException;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.header.SecurityMechanism;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.proxy.ProxyLogic;
import org.imsemu.sip.proxy.ProxyRequest;
import org.imsemu.sip.ua.UserAgent;
import org.imsemu.sip.uri.SipUri;

/**
 * The Proxy-CSCF (TS 24.229 5.2), the UE's first contact point in the IMS. Read top to bottom:
 * <ol>
 * <li>REGISTER from a UE goes to the home network named in its Request-URI (DNS finds the I-CSCF), with
 * this P-CSCF in Path (RFC 3327) so that terminating requests come back through it; the 200 teaches it
 * the UE's identities and Service-Route. A UE asking for the security agreement (RFC 3329, "sec-agree")
 * negotiates ipsec-3gpp SAs here ({@link SecurityAgreements}): its offer is remembered and removed,
 * the AKA keys of the 401 are kept and replaced by our Security-Server, the REGISTER answering the
 * challenge must verify both, else 494.</li>
 * <li>Requests inside a dialog, and the ACK of a 2xx, follow their Route set.</li>
 * <li>A request that came by our Path entry ("term") is terminating: record-route and deliver to the UE;
 * the UE's responses get its asserted identity.</li>
 * <li>Anything else is originating: the UE must be registered (403 otherwise); its Route set is replaced
 * by the Service-Route (RFC 3608), its identity asserted (RFC 3325: its P-Preferred-Identity when that is
 * one of its registered identities, else its default one; whatever it asserted itself goes), and the
 * request record-routed.</li>
 * <li>After each initial registration it subscribes to the UE's registration state, and a NOTIFY that
 * ends the registration ends it here ({@link RegEventSubscriptions}, TS 24.229 5.2.3).</li>
 * </ol>
 * The UE is outside the trust domain: what goes to it leaves the trust domain ({@link TrustDomain#leaving}:
 * with Privacy: id no P-Asserted-Identity, RFC 3323), and what it sends asserts nothing.</li>
 * P-headers (RFC 7315): REGISTER gets P-Visited-Network-ID (this network) and, like every originating
 * initial request, a new P-Charging-Vector (ICID); the UE's P-Access-Network-Info goes on into the network.
 * Nothing sent to a UE carries P-Charging-Vector, P-Charging-Function-Addresses or P-Access-Network-Info
 * ({@link Charging#towardsUe}).
 */
public final class PCscf implements ProxyLogic {
    /** User part of our Path entry: requests routed by it are terminating (towards the UE). */
    static final String TERMINATING = "term";

    private final NodeAddress self;
    private final UeRegistrations registrations;
    private final SecurityAgreements agreements;
    /** The reg event subscriptions, once a user agent is attached (TS 24.229 5.2.3). */
    private RegEventSubscriptions regEvents;

    /** With the protected ports announced in Security-Server at SIP port + 1 (port-c) and + 2 (port-s). */
    public PCscf(NodeAddress self, LongSupplier clock) {
        this(self, clock, protectedPort(self.sipPort(), 1), protectedPort(self.sipPort(), 2));
    }

    /**
     * @param protectedClientPort the port-c this P-CSCF announces for IPsec (TS 33.203 7.1); not opened
     *                            yet: requests still arrive on the SIP port until the namespace backend
     *                            installs the SAs
     * @param protectedServerPort the port-s it announces, likewise
     */
    public PCscf(NodeAddress self, LongSupplier clock, int protectedClientPort, int protectedServerPort) {
        this.self = self;
        this.registrations = new UeRegistrations(clock);
        this.agreements = new SecurityAgreements(protectedClientPort, protectedServerPort, clock);
    }

    private static int protectedPort(int sipPort, int offset) {
        int base = sipPort > 0 && sipPort + offset <= 65535 ? sipPort : 5060;
        return base + offset;
    }

    /**
     * Gives this P-CSCF the user agent (on its own host, see {@code NodeUserAgent}) it subscribes with:
     * from now on every UE's initial registration is followed by a reg event subscription, and NOTIFYs
     * that end a registration end it here too.
     */
    public void attachUserAgent(UserAgent ua) {
        this.regEvents = new RegEventSubscriptions(ua, SipUri.of(null, self.fqdn(), self.sipPort() == 5060 ? -1 : self.sipPort()),
                registrations);
    }

    @Override
    public void onRequest(ProxyRequest pr) {
        SipRequest req = pr.request();
        if (regEvents != null && regEvents.isOwn(pr)) {
            regEvents.onRequest(pr);
        } else if (req.isMethod("REGISTER")) {
            register(pr);
        } else if (pr.isInDialog() || req.isMethod("ACK")) {
            inDialog(pr);
        } else if (TERMINATING.equals(Routing.routeUser(pr.consumedRoute()))) {
            terminating(pr);
        } else {
            originating(pr);
        }
    }

    /**
     * From a UE: no charging header of its own goes on (its P-Access-Network-Info does), and the responses
     * come back clean. From the network: the request reaches the UE clean; its responses go on as they are.
     */
    private void inDialog(ProxyRequest pr) {
        if (registrations.knowsAddress(pr.inbound().remote().getAddress())) {
            pr.modify(r -> TrustDomain.entering(withoutCharging(r))).onResponse(TrustDomain::leaving);
        } else {
            pr.modify(TrustDomain::leaving).onResponse(TrustDomain::entering);
        }
        pr.forwardToRequestUri();
    }

    /**
     * By our Path entry, towards the UE, which is outside the trust domain: the request leaves it
     * ({@link TrustDomain#leaving}: no charging headers; no P-Asserted-Identity when the caller asked for
     * privacy, RFC 3323). The UE's responses get the identity asserted for it like its requests.
     */
    private void terminating(ProxyRequest pr) {
        UeRegistrations.Registration reg = registrations.findByContact(pr.request().requestUri());
        pr.modify(TrustDomain::leaving).recordRoute();
        pr.onResponse(r -> r.status() <= 100 ? r : assertIdentity(TrustDomain.entering(r), reg));
        pr.forwardToRequestUri();
    }

    /**
     * RFC 3325, TS 24.229 5.2.6.4: the identity the network asserts for a registered UE: its
     * P-Preferred-Identity when that is one of its registered public identities (the implicit set
     * included), else its default public identity. The preferred identity does not go on.
     */
    private static SipResponse assertIdentity(SipResponse r, UeRegistrations.Registration reg) {
        SipResponse out = r.hasHeader(HeaderNames.P_PREFERRED_IDENTITY) ? r.withoutHeader(HeaderNames.P_PREFERRED_IDENTITY) : r;
        if (reg == null) return out;
        return out.withHeader(HeaderNames.P_ASSERTED_IDENTITY, "<" + asserted(r.pPreferredIdentity(), reg).uri() + ">");
    }

    private static NameAddress asserted(NameAddress preferred, UeRegistrations.Registration reg) {
        if (preferred != null) {
            String wanted = Routing.aor(preferred);
            for (NameAddress i : reg.impus()) if (Routing.aor(i).equalsIgnoreCase(wanted)) return i;
        }
        return reg.defaultImpu();
    }

    private static NameAddress preferredOrNull(SipRequest req) {
        try {
            return req.pPreferredIdentity();
        } catch (RuntimeException e) {
            return null; // unparsable: as if absent, the default identity is asserted
        }
    }

    private void register(ProxyRequest pr) {
        InetSocketAddress ue = pr.inbound().remote();
        SipRequest req = pr.request();
        SecurityAgreements.Decision decision;
        try {
            decision = agreements.decide(ue, req, registrations.securityAssociation(ue, req.callId()));
        } catch (SipParseException e) {
            pr.respond(400, "Bad Security Header");
            return;
        }
        if (decision instanceof SecurityAgreements.Reject reject) {
            // RFC 3329 2.3.1: 494 with our Security-Server; see SecurityAgreements for when.
            pr.respond(req.createResponse(494, null)
                    .withHeader(HeaderNames.SECURITY_SERVER, SecurityMechanism.format(reject.servers()))
                    .withHeader(HeaderNames.WARNING, "399 " + self.fqdn() + " \"" + reject.reason() + "\""));
            return;
        }
        SecurityAgreements.Proceed agreement = decision instanceof SecurityAgreements.Proceed p ? p : null;
        NameAddress path = NameAddress.of(self.routeUri(TERMINATING));
        pr.modify(r -> {
            SipRequest out = withoutCharging(r).withHeaderFirst(HeaderNames.PATH, path.toString())
                    .withHeader(HeaderNames.P_VISITED_NETWORK_ID, "\"" + networkDomain() + "\"")
                    .withHeader(HeaderNames.P_CHARGING_VECTOR, Charging.newVector(self.fqdn()).toString());
            return agreement == null ? out : SecurityAgreements.strip(out);
        });
        pr.onResponse(response -> {
            if (response.status() == 200) {
                learn(ue, pr.request(), response, agreement == null ? null : agreements.complete(agreement));
            }
            SipResponse out = Charging.towardsUe(response);
            return out.status() == 401 ? challenge(out, agreement) : out;
        });
        pr.forwardToRequestUri();
    }

    /**
     * The 401 on its way to the UE: the AKA keys come out (below); a UE that asked for the security
     * agreement gets our Security-Server for them (TS 24.229 5.2.2.1). Without keys (Digest MD5) there is
     * nothing to protect with and no Security-Server: the UE then registers without SAs.
     */
    private SipResponse challenge(SipResponse challenge, SecurityAgreements.Proceed agreement) {
        String ik = null;
        String ck = null;
        for (AuthHeader a : challenge.authHeaders(HeaderNames.WWW_AUTHENTICATE)) {
            if (a.param("ik") != null && a.param("ck") != null) {
                ik = a.param("ik");
                ck = a.param("ck");
                break;
            }
        }
        SipResponse out = withoutKeys(challenge);
        if (agreement == null || ik == null) return out;
        SecurityAgreements.Pending p = agreements.challenge(agreement, ik, ck);
        return out.withHeader(HeaderNames.SECURITY_SERVER, p.server().toString());
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
    private void learn(InetSocketAddress ue, SipRequest register, SipResponse ok, SecurityAssociation sa) {
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
        registrations.store(ue, contact, impus, ok.serviceRoutes(), expires, sa);
        if (expires > 0 && regEvents != null) regEvents.subscribe(impus.get(0), ok.serviceRoutes());
    }

    private void originating(ProxyRequest pr) {
        SipRequest req = pr.request();
        UeRegistrations.Registration reg = registrations.find(pr.inbound().remote(), claimedIdentity(req));
        if (reg == null) {
            pr.respond(403, "Forbidden: Not Registered");
            return;
        }
        NameAddress identity = asserted(preferredOrNull(req), reg);
        pr.modify(r -> Routing.replaceRoutes(withoutCharging(r), reg.serviceRoute())
                .withoutHeader(HeaderNames.P_PREFERRED_IDENTITY)
                .withHeader(HeaderNames.P_ASSERTED_IDENTITY, "<" + identity.uri() + ">")
                // TS 24.229 5.2.6.3.3: a new ICID for every initial request; whatever the UE sent is replaced
                .withHeader(HeaderNames.P_CHARGING_VECTOR, Charging.newVector(self.fqdn()).toString()));
        pr.onResponse(TrustDomain::leaving).recordRoute().forwardToRequestUri();
    }

    /** A UE's request without the charging headers only the network may set. */
    private static SipRequest withoutCharging(SipRequest r) {
        SipRequest out = r.hasHeader(HeaderNames.P_CHARGING_VECTOR) ? r.withoutHeader(HeaderNames.P_CHARGING_VECTOR) : r;
        return out.hasHeader(HeaderNames.P_CHARGING_FUNCTION_ADDRESSES) ? out.withoutHeader(HeaderNames.P_CHARGING_FUNCTION_ADDRESSES) : out;
    }

    /**
     * The network this P-CSCF is in, for P-Visited-Network-ID (RFC 7315 4.3): its FQDN without the first
     * label. In the emulator every UE attaches in its home network, so this names the home network.
     */
    String networkDomain() {
        String fqdn = self.fqdn();
        int dot = fqdn.indexOf('.');
        return dot < 0 || dot == fqdn.length() - 1 ? fqdn : fqdn.substring(dot + 1);
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

    /**
     * The security associations agreed with the UE sending from {@code ue} and still registered (one per
     * registration Call-ID; empty without sec-agree). Call on the stack thread.
     */
    public List<SecurityAssociation> securityAssociations(InetSocketAddress ue) {
        return registrations.securityAssociations(ue);
    }

    /** Agreements whose 401 went out and whose protected REGISTER has not come yet. Call on the stack thread. */
    public int pendingSecurityAgreements() {
        return agreements.pendingCount();
    }

    /**
     * The Expires of this P-CSCF's reg event subscriptions (TS 24.229: 600000 s); a short one lets a test
     * see them refreshed. Call on the stack thread, after the user agent is attached.
     */
    public void regEventExpires(long seconds) {
        regEvents.expires(seconds);
    }

    /** Live reg event subscriptions of this P-CSCF. Call on the stack thread. */
    public int regEventSubscriptions() {
        return regEvents == null ? 0 : regEvents.size();
    }

    /** Registered UEs, for the runtime's status and tests. */
    public int registeredUes() {
        return registrations.size();
    }
}
