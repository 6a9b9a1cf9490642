package org.imsemu.ue;

import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.imsemu.sip.header.AuthHeader;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.proxy.ProxyLogic;
import org.imsemu.sip.proxy.ProxyRequest;
import org.imsemu.sip.stack.SipStack;
import org.imsemu.sip.transport.CapturedMessage;
import org.imsemu.sip.transport.TargetResolver;
import org.imsemu.sip.transport.TransportType;
import java.util.concurrent.CompletableFuture;
import org.imsemu.sip.event.RegInfo;
import org.imsemu.sip.stack.ProxyAndUserAgent;
import org.imsemu.sip.ua.Dialog;
import org.imsemu.sip.ua.DigestVerifier;
import org.imsemu.sip.ua.ServerRequest;
import org.imsemu.sip.ua.UserAgent;
import org.imsemu.sip.ua.UserAgentListener;
import org.imsemu.sip.uri.SipUri;

/**
 * A minimal registrar and record-routing proxy standing in for the P-CSCF and S-CSCF: REGISTER is
 * challenged with Digest MD5 (nonces remembered with their last nonce-count, so a replayed nc fails) and
 * answered with a Service-Route naming this proxy; initial requests go to the registered contact of
 * their Request-URI. It is also the reg event notifier (RFC 3680): a SUBSCRIBE Event: reg is answered by
 * its user agent, which sends the full state at once and, on {@link #notifyReg}, a partial update.
 * Every message it receives is kept as captured at its socket.
 */
final class TestImsProxy implements ProxyLogic, AutoCloseable {
    final String domain;
    private final Map<String, String> passwords;
    private final Map<String, Long> nonces = new ConcurrentHashMap<>();
    private final Map<String, SipUri> bindings = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<SipMessage> received = new ConcurrentLinkedQueue<>();
    final AtomicInteger challenges = new AtomicInteger();
    private final SipStack stack;
    private final SipUri serviceRoute;
    private final UserAgent ua;
    /** Reg event subscriptions by AoR, and the next version of each (stack thread). */
    private final Map<String, Dialog> regSubscriptions = new ConcurrentHashMap<>();
    private final Map<String, Long> regVersions = new ConcurrentHashMap<>();
    final AtomicInteger regRefreshes = new AtomicInteger();

    TestImsProxy(String host, String domain, Map<String, String> passwords, EventLoopGroup group) {
        this.domain = domain;
        this.passwords = Map.copyOf(passwords);
        SipStack.Config c = SipStack.Config.of(host, 0).withObserver(m -> {
            if (m.direction() == CapturedMessage.Direction.RECEIVED) received.add(SipParser.parse(m.bytes().clone()));
        });
        this.stack = SipStack.startProxyWithUserAgent(c, group, this, TargetResolver.NUMERIC, pc -> pc, b -> b.contactUser("scscf"));
        this.serviceRoute = SipUri.of("orig", host, port()).withParameter("lr", null);
        this.ua = ((ProxyAndUserAgent) stack.user()).userAgent();
        ua.setListener(new UserAgentListener() {
            @Override
            public void onDialogRequest(Dialog dialog, ServerRequest request) {
                if (request.method().equals("SUBSCRIBE")) { // a refresh
                    regRefreshes.incrementAndGet();
                    request.respond(request.createResponse(200).withHeader(HeaderNames.EXPIRES, Long.toString(request.request().expires())));
                } else {
                    UserAgentListener.super.onDialogRequest(dialog, request);
                }
            }
        });
    }

    int port() {
        return stack.localAddress(TransportType.UDP).getPort();
    }

    java.net.InetSocketAddress address() {
        return stack.localAddress(TransportType.UDP);
    }

    SipUri serviceRoute() {
        return serviceRoute;
    }

    /** Forgets every nonce: the next credentials are refused with a new (stale) challenge. */
    void forgetNonces() {
        nonces.clear();
    }

    List<SipRequest> receivedRequests(String method) {
        return received.stream().filter(m -> m instanceof SipRequest r && r.isMethod(method)).map(m -> (SipRequest) m).toList();
    }

    List<SipResponse> receivedResponses() {
        return received.stream().filter(m -> m instanceof SipResponse).map(m -> (SipResponse) m).toList();
    }

    @Override
    public void onRequest(ProxyRequest pr) {
        SipRequest req = pr.request();
        if (req.isMethod("REGISTER")) {
            register(pr);
            return;
        }
        if (pr.isInDialog() || req.isMethod("ACK")) {
            pr.forwardToRequestUri();
            return;
        }
        List<NameAddress> routes = req.routes();
        if (!routes.isEmpty() && routes.get(0).uri() instanceof SipUri r && pr.isLocal(r)) {
            pr.modify(m -> m.withoutFirstValue(HeaderNames.ROUTE)); // our Service-Route entry: we are the "S-CSCF" too
        }
        if (req.isMethod("SUBSCRIBE") && "reg".equals(UserEquipment.eventPackage(req))) {
            subscribeReg(pr);
            return;
        }
        if (!(pr.request().requestUri() instanceof SipUri target)) {
            pr.respond(416);
            return;
        }
        SipUri contact = bindings.get(target.toAor().toString());
        if (contact == null) {
            pr.respond(404);
            return;
        }
        pr.recordRoute().forward(contact);
    }

    /** RFC 3680: 200, then a NOTIFY with the full state of the AoR (its registered contact active). */
    private void subscribeReg(ProxyRequest pr) {
        ServerRequest sr = ua.adopt(pr.transaction());
        String aor = ((SipUri) sr.request().to().uri()).toAor().toString();
        sr.respond(sr.createResponse(200).withHeader(HeaderNames.EXPIRES, Long.toString(sr.request().expires())));
        regSubscriptions.put(aor, sr.dialog());
        SipUri contact = bindings.get(aor);
        List<RegInfo.Contact> contacts = contact == null ? List.of()
                : List.of(RegInfo.Contact.of("c1", RegInfo.ContactState.ACTIVE, RegInfo.ContactEvent.REGISTERED, contact.toString()));
        sendRegNotify(aor, new RegInfo(nextVersion(aor), RegInfo.DocumentState.FULL, List.of(new RegInfo.Registration(aor, "r1",
                contact == null ? RegInfo.RegistrationState.INIT : RegInfo.RegistrationState.ACTIVE, contacts))), "active;expires="
                + sr.request().expires());
    }

    private long nextVersion(String aor) {
        return regVersions.merge(aor, 1L, Long::sum) - 1;
    }

    private CompletableFuture<SipResponse> sendRegNotify(String aor, RegInfo info, String subscriptionState) {
        Dialog d = regSubscriptions.get(aor);
        SipRequest notify = d.createRequest("NOTIFY").withHeader(HeaderNames.EVENT, "reg")
                .withHeader(HeaderNames.SUBSCRIPTION_STATE, subscriptionState)
                .withBody(RegInfo.CONTENT_TYPE, info.toBytes());
        if (subscriptionState.startsWith("terminated")) regSubscriptions.remove(aor);
        return ua.sendRequest(d, notify);
    }

    /**
     * A partial reg event NOTIFY for {@code aor}: its contact with {@code event}; an event that ends the
     * contact (deactivated, rejected...) also terminates the registration and the subscription. Completes
     * with the NOTIFY's response.
     */
    CompletableFuture<SipResponse> notifyReg(String aor, RegInfo.ContactEvent event) {
        CompletableFuture<SipResponse> out = new CompletableFuture<>();
        stack.eventLoop().execute(() -> {
            if (!regSubscriptions.containsKey(aor)) {
                out.completeExceptionally(new IllegalStateException("no reg subscription for " + aor));
                return;
            }
            SipUri contact = bindings.get(aor);
            boolean ends = event.terminates();
            RegInfo.Contact c = RegInfo.Contact.of("c1", ends ? RegInfo.ContactState.TERMINATED : RegInfo.ContactState.ACTIVE, event,
                    contact == null ? "sip:unknown@invalid" : contact.toString());
            if (ends) bindings.remove(aor);
            RegInfo info = new RegInfo(nextVersion(aor), RegInfo.DocumentState.PARTIAL, List.of(new RegInfo.Registration(aor, "r1",
                    ends ? RegInfo.RegistrationState.TERMINATED : RegInfo.RegistrationState.ACTIVE, List.of(c))));
            sendRegNotify(aor, info, ends ? "terminated;reason=noresource" : "active").whenComplete((r, e) -> {
                if (e != null) out.completeExceptionally(e);
                else out.complete(r);
            });
        });
        return out;
    }

    private void register(ProxyRequest pr) {
        SipRequest req = pr.request();
        AuthHeader cred = req.authHeader(HeaderNames.AUTHORIZATION);
        if (!authorized(req, cred)) {
            String nonce = DigestVerifier.newNonce();
            nonces.put(nonce, 0L);
            challenges.incrementAndGet();
            boolean stale = cred != null && cred.param("nonce") != null && !cred.param("nonce").isEmpty();
            AuthHeader challenge = DigestVerifier.challenge(domain, nonce, null, true, "MD5", stale);
            pr.respond(req.createResponse(401).withHeader(HeaderNames.WWW_AUTHENTICATE, challenge.toString()));
            return;
        }
        NameAddress contact = req.contacts().get(0);
        long expires = contact.parameter("expires") != null ? Long.parseLong(contact.parameter("expires")) : req.expires();
        String aor = ((SipUri) req.to().uri()).toAor().toString();
        SipResponse ok = req.createResponse(200);
        if (expires == 0) {
            bindings.remove(aor);
        } else {
            bindings.put(aor, (SipUri) contact.uri());
            ok = ok.withHeader(HeaderNames.CONTACT, NameAddress.of(contact.uri()).withParameter("expires", Long.toString(expires)).toString())
                    .withHeader(HeaderNames.SERVICE_ROUTE, NameAddress.of(serviceRoute).toString())
                    .withHeader(HeaderNames.P_ASSOCIATED_URI, NameAddress.of(req.to().uri()).toString());
        }
        pr.respond(ok);
    }

    private boolean authorized(SipRequest req, AuthHeader cred) {
        if (cred == null || cred.param("nonce") == null || cred.param("nc") == null) return false;
        String password = passwords.get(cred.param("username"));
        Long lastNc = nonces.get(cred.param("nonce"));
        if (password == null || lastNc == null) return false;
        long nc = Long.parseLong(cred.param("nc"), 16);
        if (nc <= lastNc || !cred.param("uri").equals(req.rawRequestUri())) return false; // replay, or other URI
        if (!DigestVerifier.verify(cred, req.method(), req.body(), password)) return false;
        nonces.put(cred.param("nonce"), nc);
        return true;
    }

    @Override
    public void close() {
        stack.close();
    }
}
