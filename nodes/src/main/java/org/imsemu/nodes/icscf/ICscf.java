package org.imsemu.nodes.icscf;

import java.util.List;
import java.util.Locale;
import org.imsemu.diameter.dictionary.CxValues;
import org.imsemu.nodes.common.Identities;
import org.imsemu.nodes.common.NodeAddress;
import org.imsemu.nodes.common.Routing;
import org.imsemu.nodes.common.TrustDomain;
import org.imsemu.nodes.common.cx.CxAnswers;
import org.imsemu.nodes.common.cx.CxClient;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.proxy.ProxyLogic;
import org.imsemu.sip.proxy.ProxyRequest;
import org.imsemu.sip.uri.SipUri;

/**
 * The Interrogating-CSCF (TS 24.229 5.3), its operator's entry point: DNS (NAPTR/SRV for the domain)
 * leads other networks' requests and every REGISTER here. It keeps no state; the HSS tells it, over Cx,
 * which S-CSCF serves a user. Read top to bottom:
 * <ol>
 * <li>Requests inside a dialog, and the ACK of a 2xx, follow their Route set.</li>
 * <li>A request whose Request-URI is not of this operator is refused (404).</li>
 * <li>REGISTER: UAR with the private and public identity; the S-CSCF is the one assigned (2002), or one
 * chosen from the capabilities (2001). Unknown user or mismatched identities: 403.</li>
 * <li>Other initial requests (terminating): LIR for the Request-URI; to the S-CSCF named, record-routed.
 * Unknown user 404, not registered and no unregistered services 480.</li>
 * <li>The HSS unreachable: 480 (TS 24.229 5.3.1.2, 5.3.2.1).</li>
 * </ol>
 * With topology hiding ({@link TopologyHiding}) it is also the network's exit: the S-CSCFs send requests
 * for other networks through it ({@value #EXIT} Route), it record-routes them, and it hides the network's
 * Via, Record-Route, Path and Service-Route entries in what leaves and opens them in what comes back.
 * At the edge of the trust domain ({@link TrustDomain}) it disbelieves asserted identities from outside.
 */
public final class ICscf implements ProxyLogic {

    private final String domain;
    private final CxClient cx;
    private final List<SipUri> scscfs;
    private final TrustDomain trust;
    /** Topology hiding, or null. */
    private final TopologyHiding thig;
    /** User part of the Route by which an S-CSCF sends a request out of the network through us (THIG). */
    public static final String EXIT = "thig";

    /** @param scscfs the domain's S-CSCFs, to choose from when the HSS gives capabilities only */
    public ICscf(String domain, CxClient cx, List<SipUri> scscfs) {
        this(domain, cx, scscfs, TrustDomain.everyone());
    }

    /** @param trust the networks it believes and sends asserted identities to (RFC 3325) */
    public ICscf(String domain, CxClient cx, List<SipUri> scscfs, TrustDomain trust) {
        this(domain, cx, scscfs, trust, null);
    }

    /**
     * @param thigSelf this I-CSCF's own address when it hides the network's topology (THIG): the S-CSCFs
     *                 then send requests for other networks through it, by a Route whose user is
     *                 {@value #EXIT}; null: no hiding
     */
    public ICscf(String domain, CxClient cx, List<SipUri> scscfs, TrustDomain trust, NodeAddress thigSelf) {
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.cx = cx;
        this.scscfs = List.copyOf(scscfs);
        this.trust = trust;
        this.thig = thigSelf == null ? null : new TopologyHiding(this.domain, thigSelf);
    }

    @Override
    public void onRequest(ProxyRequest pr) {
        SipRequest req = pr.request();
        if (thig != null) thig.apply(pr); // first: opens our tokens in Route, hides what leaves
        trust.atEdge(pr); // the entry point: what comes from outside the trust domain is disbelieved
        if (pr.isInDialog() || req.isMethod("ACK")) {
            pr.forwardToRequestUri();
        } else if (thig != null && EXIT.equals(Routing.routeUser(pr.consumedRoute()))) {
            // THIG exit point (TS 24.229 5.3.3): stays in the dialog's path to open what comes back
            pr.recordRoute().forwardToRequestUri();
        } else if (!domain.equals(Routing.targetDomain(req))) {
            pr.respond(404, "Not Found: Not Served By This Network");
        } else if (req.isMethod("REGISTER")) {
            register(pr);
        } else {
            terminating(pr);
        }
    }

    private void register(ProxyRequest pr) {
        SipRequest req = pr.request();
        String impu = Routing.aor(req.to());
        String impi = Identities.privateIdentity(req);
        String visited = visitedNetwork(req.header(HeaderNames.P_VISITED_NETWORK_ID));
        int type = req.expires() == 0 && allContactsExpire(req) ? CxValues.UAT_DE_REGISTRATION : CxValues.UAT_REGISTRATION;
        cx.userAuthorization(impi, impu, visited != null ? visited : domain, type)
                .whenComplete((uaa, error) -> pr.stackThread().execute(() -> {
                    if (error != null) {
                        pr.respond(480, "Temporarily Unavailable: HSS Not Reachable");
                        return;
                    }
                    long r = uaa.result();
                    if (r == CxValues.DIAMETER_ERROR_USER_UNKNOWN || r == CxValues.DIAMETER_ERROR_IDENTITIES_DONT_MATCH
                            || r == CxValues.DIAMETER_ERROR_ROAMING_NOT_ALLOWED || r == 5003 /* AUTHORIZATION_REJECTED */) {
                        pr.respond(403, "Forbidden: " + describe(r));
                        return;
                    }
                    SipUri scscf = uaa.serverName() != null ? Identities.routeTo(uaa.serverName()) : choose(uaa.capabilityServerNames());
                    if (!uaa.isSuccess() || scscf == null) {
                        pr.respond(480, "Temporarily Unavailable: No S-CSCF (" + r + ")");
                        return;
                    }
                    pr.modify(m -> Routing.pushRoutes(m, List.of(NameAddress.of(scscf))));
                    pr.forwardToRequestUri();
                }));
    }

    private void terminating(ProxyRequest pr) {
        String impu = Routing.aor(NameAddress.of(pr.request().requestUri()));
        cx.locationInfo(impu).whenComplete((lia, error) -> pr.stackThread().execute(() -> {
            if (error != null) {
                pr.respond(480, "Temporarily Unavailable: HSS Not Reachable");
                return;
            }
            long r = lia.result();
            if (r == CxValues.DIAMETER_ERROR_USER_UNKNOWN) {
                pr.respond(404, "Not Found");
                return;
            }
            if (r == CxValues.DIAMETER_ERROR_IDENTITY_NOT_REGISTERED) {
                pr.respond(480, "Temporarily Unavailable: Not Registered");
                return;
            }
            SipUri scscf = lia.serverName() != null ? Identities.routeTo(lia.serverName()) : choose(lia.capabilityServerNames());
            if (!lia.isSuccess() || scscf == null) {
                pr.respond(480, "Temporarily Unavailable (" + r + ")");
                return;
            }
            pr.modify(m -> Routing.pushRoutes(m, List.of(NameAddress.of(scscf))));
            pr.recordRoute().forwardToRequestUri();
        }));
    }

    /** An S-CSCF named in the capabilities answer, else the first configured one. */
    private SipUri choose(List<String> offered) {
        if (!offered.isEmpty()) return Identities.routeTo(offered.get(0));
        return scscfs.isEmpty() ? null : scscfs.get(0);
    }

    /** The P-Visited-Network-ID value (RFC 7315 4.3: a token or a quoted string) as the HSS wants it, or null. */
    private static String visitedNetwork(String header) {
        if (header == null) return null;
        String v = header.split(",")[0].split(";")[0].strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) v = v.substring(1, v.length() - 1);
        return v.isEmpty() ? null : v;
    }

    private static boolean allContactsExpire(SipRequest req) {
        return req.contacts().stream().allMatch(c -> c.parameter("expires") == null || "0".equals(c.parameter("expires")));
    }

    private static String describe(long r) {
        return r == CxValues.DIAMETER_ERROR_USER_UNKNOWN ? "User Unknown"
                : r == CxValues.DIAMETER_ERROR_IDENTITIES_DONT_MATCH ? "Identities Do Not Match" : "Not Authorized";
    }
}
