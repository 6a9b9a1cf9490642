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
import org.imsemu.sip.ua.DigestVerifier;
import org.imsemu.sip.uri.SipUri;

/**
 * A minimal registrar and record-routing proxy standing in for the P-CSCF and S-CSCF: REGISTER is
 * challenged with Digest MD5 (nonces remembered with their last nonce-count, so a replayed nc fails) and
 * answered with a Service-Route naming this proxy; initial requests go to the registered contact of
 * their Request-URI. Every message it receives is kept as captured at its socket.
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

    TestImsProxy(String host, String domain, Map<String, String> passwords, EventLoopGroup group) {
        this.domain = domain;
        this.passwords = Map.copyOf(passwords);
        SipStack.Config c = SipStack.Config.of(host, 0).withObserver(m -> {
            if (m.direction() == CapturedMessage.Direction.RECEIVED) received.add(SipParser.parse(m.bytes().clone()));
        });
        this.stack = SipStack.startProxy(c, group, this, TargetResolver.NUMERIC, pc -> pc);
        this.serviceRoute = SipUri.of("orig", host, port()).withParameter("lr", null);
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
