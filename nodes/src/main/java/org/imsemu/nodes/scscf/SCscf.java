package org.imsemu.nodes.scscf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.imsemu.diameter.Avp;
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.ResultCodes;
import org.imsemu.diameter.dictionary.BaseAvps;
import org.imsemu.diameter.dictionary.Commands;
import org.imsemu.diameter.dictionary.CxAvps;
import org.imsemu.diameter.dictionary.CxValues;
import org.imsemu.nodes.common.Charging;
import org.imsemu.nodes.common.Identities;
import org.imsemu.nodes.common.NodeAddress;
import org.imsemu.nodes.common.Routing;
import org.imsemu.nodes.common.TrustDomain;
import org.imsemu.nodes.common.cx.CxClient;
import org.imsemu.nodes.scscf.ifc.ServiceProfile;
import org.imsemu.nodes.scscf.ifc.SessionCase;
import org.imsemu.nodes.scscf.ifc.UserDataParser;
import org.imsemu.sip.event.RegInfo;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.proxy.ProxyLogic;
import org.imsemu.sip.proxy.ProxyRequest;
import org.imsemu.sip.registrar.LocationService;
import org.imsemu.sip.registrar.Registrar;
import org.imsemu.sip.transaction.SipTimer;
import org.imsemu.sip.ua.UserAgent;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;

/**
 * The Serving-CSCF (TS 24.229 5.4): registrar and session control for its operator's users, with the
 * HSS over Cx. Read top to bottom:
 * <ol>
 * <li>REGISTER: authenticated by {@link Authenticator} (MAR; 401 with a Digest-AKAv1-MD5 or SIP Digest
 * challenge; the answer checked); then the bindings (with Path) are updated and the HSS told by SAR
 * (registration, re-registration or user de-registration), whose User-Data gives the implicit
 * registration set and the service profile. The 200 carries Service-Route ("orig", RFC 3608) and
 * P-Associated-URI (RFC 7315) with the whole set.</li>
 * <li>Requests inside a dialog, and the ACK of a 2xx, follow their Route set; those of our reg event
 * subscriptions (a re-SUBSCRIBE) are answered here.</li>
 * <li>SUBSCRIBE to the reg event package of a user registered here, from the user or its P-CSCF: this
 * S-CSCF is the notifier ({@link RegEventNotifier}, RFC 3680, TS 24.229 5.4.2.1).</li>
 * <li>Originating (arrived by our Service-Route): the asserted user must be registered here (403); the
 * user's initial filter criteria may send it to application servers first ({@link ServiceTriggering});
 * then it leaves for the Request-URI's network, which DNS finds (its I-CSCF, ours included), through our
 * own I-CSCF when it hides the topology (THIG), cleaned when that network is outside our trust domain.
 * A 3xx coming back is relayed, or followed here when so configured ({@link RedirectRecursion}).</li>
 * <li>Terminating (routed here by the I-CSCF after LIR): application servers first, then every contact
 * through the registered Path; no registration here 480.</li>
 * <li>A request back from an AS (our ODI route) goes on where it left off.</li>
 * <li>The HSS may end a registration (RTR): bindings and state go. A registration also ends when its
 * last contact expires (a timer, once a user agent is attached): SAR, and the subscribers hear of it.</li>
 * </ol>
 * Every initial request is record-routed. P-headers (RFC 7315): orig-ioi (originating) or term-ioi
 * (terminating) goes into P-Charging-Vector, P-Charging-Function-Addresses names this network's CCF
 * (cdf.DOMAIN until one is configured), and the request to the callee's contact carries P-Called-Party-ID.
 */
public final class SCscf implements ProxyLogic {
    /** User part of our Service-Route entry: requests routed by it are originating. */
    static final String ORIGINATING = "orig";
    static final long MAX_EXPIRES = 600_000;

    private final String domain;
    private final NodeAddress self;
    private final String serverName;
    private final CxClient cx;
    private final Registrar registrar;
    private final Authenticator authenticator;
    private final ServedUsers users = new ServedUsers();
    private final ServiceTriggering triggering;
    private final TrustDomain trust;
    private final boolean recurseRedirects;
    /** Route to the THIG I-CSCF for requests to other networks, or empty. */
    private final List<NameAddress> exit;
    /** The Charging Collection Function named in P-Charging-Function-Addresses (none is modelled yet). */
    private final String ccf;
    /** The reg event notifier, once a user agent is attached (null: SUBSCRIBE for reg is proxied like any request). */
    private RegEventNotifier regEvents;
    private SipTimer timer;
    /** One timer per registered user, at the earliest expiry of its contacts. */
    private final Map<String, SipTimer.Timeout> expiryTimers = new HashMap<>();

    /** An S-CSCF trusting every network (the emulator's default trust domain). */
    public SCscf(String domain, NodeAddress self, CxClient cx, LongSupplier clock) {
        this(domain, self, cx, clock, TrustDomain.everyone());
    }

    /** @param trust the networks whose asserted identities it believes and to which it sends them (RFC 3325) */
    public SCscf(String domain, NodeAddress self, CxClient cx, LongSupplier clock, TrustDomain trust) {
        this(domain, self, cx, clock, trust, null);
    }

    /**
     * @param exit the route to the network's I-CSCF when it hides the topology (THIG): requests for other
     *             networks leave through it; null: they go straight to the other network
     */
    public SCscf(String domain, NodeAddress self, CxClient cx, LongSupplier clock, TrustDomain trust, SipUri exit) {
        this(domain, self, cx, clock, trust, exit, false);
    }

    /**
     * @param recurseRedirects follow a 3xx coming back to an originating request ({@link RedirectRecursion})
     *                         rather than relay it to the caller's UE, which then follows it
     */
    public SCscf(String domain, NodeAddress self, CxClient cx, LongSupplier clock, TrustDomain trust, SipUri exit,
                 boolean recurseRedirects) {
        this.recurseRedirects = recurseRedirects;
        this.trust = trust;
        this.exit = exit == null ? List.of() : List.of(NameAddress.of(exit));
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.self = self;
        this.serverName = "sip:" + self.fqdn() + ":" + self.sipPort();
        this.cx = cx;
        this.registrar = new Registrar(new LocationService(clock), MAX_EXPIRES);
        this.authenticator = new Authenticator(domain, serverName, cx);
        this.triggering = new ServiceTriggering(self);
        this.ccf = Charging.defaultCcf(this.domain);
    }

    /** The SIP URI the HSS knows this S-CSCF by (Server-Name). */
    public String serverName() {
        return serverName;
    }

    /** Serves the HSS's requests (RTR, PPR) on {@code stackThread}, where all state of this S-CSCF lives. */
    public void serveCx(Executor stackThread) {
        cx.diameter().registerHandler(Commands.REGISTRATION_TERMINATION, (rtr, peer) -> {
            CompletableFuture<DiameterMessage> answer = new CompletableFuture<>();
            stackThread.execute(() -> answer.complete(registrationTermination(rtr)));
            return answer;
        });
        cx.diameter().registerHandler(Commands.PUSH_PROFILE, (ppr, peer) -> {
            CompletableFuture<DiameterMessage> answer = new CompletableFuture<>();
            stackThread.execute(() -> answer.complete(pushProfile(ppr)));
            return answer;
        });
    }

    /**
     * Gives this S-CSCF the user agent (on its own host, see {@code NodeUserAgent}) it sends NOTIFYs with,
     * and the timer of that host: from now on it is the notifier of the reg event package and expires
     * registrations by timer (a NOTIFY "expired" and SAR), not only when they are next looked up.
     */
    public void attachUserAgent(UserAgent ua) {
        this.regEvents = new RegEventNotifier(ua, registrar.location(), users::get);
        this.timer = ua.timer();
    }

    @Override
    public void onRequest(ProxyRequest pr) {
        SipRequest req = pr.request();
        if (req.isMethod("REGISTER")) {
            register(pr);
        } else if (pr.isInDialog() && regEvents != null && regEvents.inDialog(pr)) {
            return; // a request in one of our subscriptions, answered
        } else if (pr.isInDialog() || req.isMethod("ACK")) {
            trust.atEdge(pr);
            pr.forwardToRequestUri();
        } else if (regEvents != null && RegEventNotifier.isRegSubscribe(req) && servedTarget(req) != null) {
            regEvents.subscribe(pr, servedTarget(req));
        } else if (triggering.returning(pr) != null) {
            resume(pr, triggering.returning(pr));
        } else if (ORIGINATING.equals(Routing.routeUser(pr.consumedRoute()))) {
            originating(pr);
        } else if (domain.equals(Routing.targetDomain(req))) {
            terminating(pr);
        } else {
            pr.respond(403, "Forbidden: Not Served Here");
        }
    }

    /** The user the Request-URI names, if served (registered) here. */
    private ServedUsers.User servedTarget(SipRequest req) {
        return users.get(Routing.aor(NameAddress.of(req.requestUri())));
    }

    // ---- registration ----

    private void register(ProxyRequest pr) {
        SipRequest req = pr.request();
        if (!domain.equals(Routing.targetDomain(req))) {
            pr.respond(403, "Forbidden: Not This Home Network");
            return;
        }
        String impi = Identities.privateIdentity(req);
        String impu = Routing.aor(req.to());
        authenticator.authenticate(req, impi, impu).whenComplete((outcome, error) -> pr.stackThread().execute(() -> {
            if (error != null) pr.respond(500, "Server Internal Error");
            else if (!outcome.authenticated()) pr.respond(outcome.response());
            else bind(pr, impi, impu);
        }));
    }

    /** Updates the bindings, then tells the HSS; the 200 goes once the HSS has answered. */
    private void bind(ProxyRequest pr, String impi, String impu) {
        SipRequest req = pr.request();
        boolean wasRegistered = !registrar.location().lookup(impu).isEmpty();
        SipResponse ok = registrar.register(req, impu);
        if (ok.status() != 200) {
            pr.respond(ok);
            return;
        }
        boolean deregistered = registrar.location().lookup(impu).isEmpty();
        int type = deregistered ? CxValues.USER_DEREGISTRATION : wasRegistered ? CxValues.RE_REGISTRATION : CxValues.REGISTRATION;
        ServedUsers.User known = users.get(impu);
        cx.serverAssignment(impi, impu, serverName, type, false).whenComplete((saa, error) -> pr.stackThread().execute(() -> {
            if (deregistered) {
                ServedUsers.User gone = users.remove(impu);
                authenticator.forget(impi);
                pr.respond(ok);
                cancelExpiry(impu);
                if (regEvents != null) regEvents.changed(gone != null ? gone : known, List.of(), RegInfo.ContactEvent.UNREGISTERED);
                return;
            }
            if (error != null || !saa.isSuccess()) {
                if (!wasRegistered) registrar.location().removeAll(impu);
                pr.respond(error != null ? 480 : 403, error != null ? "Temporarily Unavailable: HSS Not Reachable"
                        : "Forbidden: Server Assignment Refused (" + saa.result() + ")");
                return;
            }
            ServedUsers.User user = user(impi, impu, saa.userData(), known);
            users.put(user);
            SipResponse out = ok.withHeader(HeaderNames.SERVICE_ROUTE, "<" + self.routeUri(ORIGINATING) + ">");
            List<String> associated = new ArrayList<>();
            for (String i : user.impus()) associated.add("<" + i + ">");
            pr.respond(out.withHeader(HeaderNames.P_ASSOCIATED_URI, String.join(", ", associated)));
            List<LocationService.Binding> now = registrar.location().lookup(impu);
            if (regEvents != null) regEvents.changed(user, now, RegInfo.ContactEvent.UNREGISTERED);
            scheduleExpiry(impu, now);
        }));
    }

    /** Arms the timer for the earliest expiry among the user's contacts (none without an attached UA). */
    private void scheduleExpiry(String impu, List<LocationService.Binding> bindings) {
        cancelExpiry(impu);
        if (timer == null || bindings.isEmpty()) return;
        long earliest = Long.MAX_VALUE;
        for (LocationService.Binding b : bindings) earliest = Math.min(earliest, b.expiresAtMillis());
        long delay = Math.max(0, earliest - registrar.location().now()) + 10; // past the instant lookup() drops it
        expiryTimers.put(key(impu), timer.schedule(delay, () -> expire(impu)));
    }

    private void cancelExpiry(String impu) {
        SipTimer.Timeout t = expiryTimers.remove(key(impu));
        if (t != null) t.cancel();
    }

    private static String key(String impu) {
        return impu.toLowerCase(Locale.ROOT);
    }

    /**
     * A contact's registration ran out (TS 24.229 5.4.1.7): subscribers hear "expired"; with no contact
     * left the user is de-registered here and at the HSS (SAR, timeout de-registration).
     */
    private void expire(String impu) {
        expiryTimers.remove(key(impu));
        ServedUsers.User user = users.get(impu);
        if (user == null) return;
        List<LocationService.Binding> now = registrar.location().lookup(impu);
        if (regEvents != null) regEvents.changed(user, now, RegInfo.ContactEvent.EXPIRED);
        if (!now.isEmpty()) {
            scheduleExpiry(impu, now);
            return;
        }
        users.remove(impu);
        authenticator.forget(user.impi());
        cx.serverAssignment(user.impi(), impu, serverName, CxValues.TIMEOUT_DEREGISTRATION, false);
    }

    /** The user as the SAA's User-Data describes it (the previous profile when none was sent). */
    private static ServedUsers.User user(String impi, String impu, String userData, ServedUsers.User known) {
        ServiceProfile profile = known != null ? known.profile() : null;
        List<String> impus = known != null ? known.impus() : List.of(impu);
        if (userData != null) {
            try {
                UserDataParser.ImsSubscription sub = UserDataParser.parse(userData);
                ServiceProfile p = sub.profileOf(impu);
                if (p != null) {
                    profile = p;
                    impus = p.publicIdentities();
                }
            } catch (IllegalArgumentException e) {
                // a profile we cannot read: serve the user without services rather than refuse it
            }
        }
        List<String> ordered = new ArrayList<>(impus);
        ordered.removeIf(i -> i.equalsIgnoreCase(impu));
        ordered.add(0, impu);
        return new ServedUsers.User(impi, ordered, profile, impu);
    }

    /**
     * RTR (TS 29.228 6.1.3): the users named lose their registration here. Subscribers to their state
     * hear "rejected" for a permanent termination, else "deactivated" (the UE may register again;
     * TS 24.229 5.4.1.5), and their subscriptions end.
     */
    private DiameterMessage registrationTermination(DiameterMessage rtr) {
        List<ServedUsers.User> gone = new ArrayList<>();
        rtr.text(BaseAvps.USER_NAME).ifPresent(impi -> {
            gone.addAll(users.removeByImpi(impi));
            authenticator.forget(impi);
        });
        for (Avp pi : rtr.all(CxAvps.PUBLIC_IDENTITY)) {
            ServedUsers.User u = users.remove(pi.asUtf8String());
            if (u != null) gone.add(u);
        }
        RegInfo.ContactEvent event = reasonCode(rtr) == CxValues.PERMANENT_TERMINATION ? RegInfo.ContactEvent.REJECTED
                : RegInfo.ContactEvent.DEACTIVATED;
        for (ServedUsers.User u : gone) {
            registrar.location().removeAll(u.registeredImpu());
            cancelExpiry(u.registeredImpu());
            if (regEvents != null) regEvents.changed(u, List.of(), event);
        }
        return DiameterMessage.answer(rtr).resultCode(ResultCodes.DIAMETER_SUCCESS)
                .add(BaseAvps.AUTH_SESSION_STATE.of(1)).build();
    }

    /** The Reason-Code of an RTR's Deregistration-Reason, or -1. */
    private static long reasonCode(DiameterMessage rtr) {
        Avp reason = rtr.avp(CxAvps.DEREGISTRATION_REASON).orElse(null);
        if (reason == null) return -1;
        for (Avp a : reason.asGrouped()) if (CxAvps.REASON_CODE.matches(a)) return a.asEnumerated();
        return -1;
    }

    /** PPR (TS 29.228 6.1.6): a changed profile for a user served here takes effect at once. */
    private DiameterMessage pushProfile(DiameterMessage ppr) {
        long result = ResultCodes.DIAMETER_SUCCESS;
        String userData = ppr.avp(CxAvps.USER_DATA).map(a -> new String(a.asOctetString(), java.nio.charset.StandardCharsets.UTF_8))
                .orElse(null);
        String impi = ppr.text(BaseAvps.USER_NAME).orElse(null);
        if (userData != null && impi != null) {
            List<ServedUsers.User> served = users.removeByImpi(impi);
            if (served.isEmpty()) {
                result = ResultCodes.DIAMETER_UNABLE_TO_COMPLY; // not served here
            }
            for (ServedUsers.User u : served) users.put(user(impi, u.registeredImpu(), userData, u));
        }
        return DiameterMessage.answer(ppr).resultCode(result).add(BaseAvps.AUTH_SESSION_STATE.of(1)).build();
    }

    /** The service profile this S-CSCF applies to a public identity (null: none or not served). */
    public ServiceProfile profileOf(String impu) {
        ServedUsers.User u = users.get(impu);
        return u == null ? null : u.profile();
    }

    // ---- sessions ----

    private void originating(ProxyRequest pr) {
        SipRequest req = pr.request();
        List<NameAddress> asserted = req.pAssertedIdentities();
        String served = Routing.aor(asserted.isEmpty() ? req.from() : asserted.get(0));
        ServedUsers.User user = users.get(served);
        if (user == null || registrar.location().lookup(user.registeredImpu()).isEmpty()) {
            pr.respond(403, "Forbidden: Originating User Not Registered");
            return;
        }
        // TS 24.229 5.4.3.2: our IOI into the vector, our charging function for the nodes after us
        pr.modify(r -> Charging.withIoi(r, "orig-ioi", domain)
                .withHeader(HeaderNames.P_CHARGING_FUNCTION_ADDRESSES, "ccf=" + ccf));
        pr.recordRoute();
        triggering.next(pr, user, SessionCase.ORIGINATING, true, Integer.MIN_VALUE, r -> towardsRequestUri(pr, r), redirects(pr));
    }

    /** How an originating request treats a 3xx: followed here, or (null) relayed to the caller. */
    private RedirectRecursion redirects(ProxyRequest pr) {
        return recurseRedirects ? new RedirectRecursion(pr, pr.request().requestUri(), this::routesTowards) : null;
    }

    private void terminating(ProxyRequest pr) {
        SipRequest req = pr.request();
        ServedUsers.User user = users.get(Routing.aor(NameAddress.of(req.requestUri())));
        if (user == null || registrar.location().lookup(user.registeredImpu()).isEmpty()) {
            pr.respond(480, "Temporarily Unavailable: Not Registered");
            return;
        }
        // TS 24.229 5.4.3.3: our IOI, and our own charging function for this network's nodes
        pr.modify(r -> Charging.withIoi(r, "term-ioi", domain)
                .withHeader(HeaderNames.P_CHARGING_FUNCTION_ADDRESSES, "ccf=" + ccf));
        pr.recordRoute();
        triggering.next(pr, user, SessionCase.TERMINATING_REGISTERED, true, Integer.MIN_VALUE, r -> towardsContacts(pr, user));
    }

    /**
     * A request back from an AS (our ODI route): evaluation goes on after the criterion that sent it.
     * A terminating request the AS retargeted (call diversion) is routed to its new Request-URI.
     */
    private void resume(ProxyRequest pr, ServiceTriggering.Progress p) {
        ServedUsers.User user = users.get(p.servedUser());
        if (p.sessionCase().isOriginating()) {
            triggering.next(pr, user, p.sessionCase(), true, p.priority(), r -> towardsRequestUri(pr, r), redirects(pr));
            return;
        }
        String target = Routing.aor(NameAddress.of(pr.request().requestUri()));
        if (user == null || !target.equalsIgnoreCase(p.target())) {
            pr.modify(ServiceTriggering::withoutServedUser);
            pr.forwardToRequestUri();
            return;
        }
        triggering.next(pr, user, p.sessionCase(), true, p.priority(), r -> towardsContacts(pr, user));
    }

    /**
     * Originating, no service left: to the Request-URI's network (DNS: its I-CSCF, ours included). A
     * network outside our trust domain gets the request cleaned (RFC 3325, RFC 3323) and is not believed
     * in its responses.
     */
    private ServiceTriggering.Target towardsRequestUri(ProxyRequest pr, SipRequest req) {
        trust.towards(pr, Routing.targetDomain(req));
        return new ServiceTriggering.Target(routesTowards(req.requestUri()), List.of(pr.request().requestUri()));
    }

    /** The Route set a request for {@code target} leaves with: the THIG exit for another network, else none. */
    private List<NameAddress> routesTowards(Uri target) {
        String host = target instanceof SipUri s ? s.host().toLowerCase(Locale.ROOT) : null;
        boolean out = host != null && !host.equals(domain) && !host.endsWith("." + domain);
        return out ? exit : List.of();
    }

    /**
     * Terminating, no service left: every registered contact, through the Path it registered with (RFC
     * 3327). The Request-URI it was addressed to goes along as P-Called-Party-ID (TS 24.229 5.4.3.3), as
     * the contact replaces it.
     */
    private ServiceTriggering.Target towardsContacts(ProxyRequest pr, ServedUsers.User user) {
        pr.modify(r -> r.withHeader(HeaderNames.P_CALLED_PARTY_ID, "<" + r.requestUri() + ">"));
        List<LocationService.Binding> bindings = registrar.location().lookup(user.registeredImpu());
        List<Uri> contacts = new ArrayList<>(bindings.size());
        for (LocationService.Binding b : bindings) contacts.add(b.contact().uri());
        return new ServiceTriggering.Target(bindings.isEmpty() ? List.of() : bindings.get(0).path(), contacts);
    }

    /** Live reg event subscriptions (RFC 3680), for status and tests. Call on the stack thread. */
    public int regEventSubscriptions() {
        return regEvents == null ? 0 : regEvents.size();
    }

    /** Registered public identities (implicit sets counted once), for the runtime's status and tests. */
    public int registeredUsers() {
        return users.size();
    }
}
