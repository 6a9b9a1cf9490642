package org.imsemu.nodes.scscf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.imsemu.nodes.common.NodeAddress;
import org.imsemu.nodes.common.Routing;
import org.imsemu.nodes.common.SubscriberDirectory;
import org.imsemu.nodes.common.SubscriberDirectory.Subscription;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.proxy.ProxyLogic;
import org.imsemu.sip.proxy.ProxyRequest;
import org.imsemu.sip.registrar.DigestAuthenticator;
import org.imsemu.sip.registrar.LocationService;
import org.imsemu.sip.registrar.Registrar;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;

/**
 * The Serving-CSCF (TS 24.229 5.4): registrar and session control for its operator's users. Read top to
 * bottom:
 * <ol>
 * <li>REGISTER: Digest MD5 with the private identity as user name (401, then 200); the public identity
 * must belong to it (403); bindings with Path; the 200 carries Service-Route ("orig", RFC 3608) and
 * P-Associated-URI (RFC 7315).</li>
 * <li>Requests inside a dialog, and the ACK of a 2xx, follow their Route set.</li>
 * <li>Originating (arrived by our Service-Route): the served user, asserted by the P-CSCF, must be
 * registered (403). Towards our own domain the terminating part follows at once; otherwise the request
 * leaves for the callee's home network, which DNS finds from the Request-URI.</li>
 * <li>Terminating (from the I-CSCF): unknown user 404, registered nowhere 480, else to every contact
 * through the Path it registered with.</li>
 * </ol>
 * Every initial request is record-routed. The subscriber data comes from a {@link SubscriberDirectory}:
 * the scenario file in release 1, the HSS later.
 */
public final class SCscf implements ProxyLogic {
    /** User part of our Service-Route entry: requests routed by it are originating. */
    static final String ORIGINATING = "orig";
    static final long MAX_EXPIRES = 600_000;

    private final String domain;
    private final NodeAddress self;
    private final SubscriberDirectory subscribers;
    private final Registrar registrar;
    private final DigestAuthenticator authenticator;

    public SCscf(String domain, NodeAddress self, SubscriberDirectory subscribers, LongSupplier clock) {
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.self = self;
        this.subscribers = subscribers;
        this.registrar = new Registrar(new LocationService(clock), MAX_EXPIRES);
        this.authenticator = new DigestAuthenticator(domain,
                impi -> subscribers.byImpi(impi).map(Subscription::password).orElse(null));
    }

    @Override
    public void onRequest(ProxyRequest pr) {
        SipRequest req = pr.request();
        if (req.isMethod("REGISTER")) {
            register(pr);
        } else if (pr.isInDialog() || req.isMethod("ACK")) {
            pr.forwardToRequestUri();
        } else if (ORIGINATING.equals(Routing.routeUser(pr.consumedRoute()))) {
            originating(pr);
        } else if (domain.equals(Routing.targetDomain(req))) {
            terminating(pr);
        } else {
            pr.respond(403, "Forbidden: Not Served Here");
        }
    }

    private void register(ProxyRequest pr) {
        SipRequest req = pr.request();
        if (!domain.equals(Routing.targetDomain(req))) {
            pr.respond(403, "Forbidden: Not This Home Network");
            return;
        }
        DigestAuthenticator.Outcome outcome = authenticator.authenticate(req);
        if (!outcome.authenticated()) {
            pr.respond(outcome.response());
            return;
        }
        String impu = Routing.aor(req.to());
        Optional<Subscription> sub = subscribers.byImpi(outcome.username());
        if (sub.isEmpty() || !sub.get().impu().equalsIgnoreCase(impu)) {
            pr.respond(403, "Forbidden: Public Identity Not Of This User");
            return;
        }
        SipResponse ok = registrar.register(req, impu);
        if (ok.status() == 200) {
            ok = ok.withHeader(HeaderNames.SERVICE_ROUTE, "<" + self.routeUri(ORIGINATING) + ">")
                    .withHeader(HeaderNames.P_ASSOCIATED_URI, "<" + sub.get().impu() + ">");
        }
        pr.respond(ok);
    }

    private void originating(ProxyRequest pr) {
        SipRequest req = pr.request();
        List<NameAddress> asserted = req.pAssertedIdentities();
        String served = Routing.aor(asserted.isEmpty() ? req.from() : asserted.get(0));
        if (registrar.location().lookup(served).isEmpty()) {
            pr.respond(403, "Forbidden: Originating User Not Registered");
            return;
        }
        if (domain.equals(Routing.targetDomain(req))) {
            terminating(pr);
            return;
        }
        pr.recordRoute().forwardToRequestUri();
    }

    private void terminating(ProxyRequest pr) {
        SipRequest req = pr.request();
        Uri ruri = req.requestUri();
        String callee = ruri instanceof SipUri s ? s.toAor().toString() : ruri.toString();
        if (subscribers.byImpu(callee).isEmpty()) {
            pr.respond(404, "Not Found");
            return;
        }
        List<LocationService.Binding> bindings = registrar.location().lookup(callee);
        if (bindings.isEmpty()) {
            pr.respond(480, "Temporarily Unavailable: Not Registered");
            return;
        }
        List<Uri> contacts = new ArrayList<>(bindings.size());
        for (LocationService.Binding b : bindings) contacts.add(b.contact().uri());
        // RFC 3327: a contact registered through a Path is reached through it (one P-CSCF per UE here).
        pr.modify(r -> Routing.pushRoutes(r, bindings.get(0).path()));
        pr.recordRoute().forward(contacts);
    }

    /** Registered public identities, for the runtime's status and tests. */
    public int registeredUsers() {
        return registrar.location().size();
    }
}
