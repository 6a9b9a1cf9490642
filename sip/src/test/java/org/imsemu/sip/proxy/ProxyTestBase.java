package org.imsemu.sip.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.imsemu.sip.header.Via;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transaction.ManualTimer;
import org.imsemu.sip.transaction.RecordingTransport;
import org.imsemu.sip.transaction.RecordingTransport.Sent;
import org.imsemu.sip.transaction.TimerSettings;
import org.imsemu.sip.transaction.TransactionLayer;
import org.imsemu.sip.transport.InboundMessage;
import org.imsemu.sip.transport.NextHop;
import org.imsemu.sip.transport.SipTransport;
import org.imsemu.sip.transport.TargetResolver;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.uri.SipUri;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A {@link ProxyCore} on a real transaction layer, a manual clock, an in-memory transport and a resolver
 * with fixed answers; tasks for the "stack thread" run at once. Every scenario runs to its end: after
 * each test no response context, no transaction and no timer may be left.
 */
abstract class ProxyTestBase {
    static final String PROXY_HOST = "192.0.2.1";
    static final int PROXY_PORT = 5060;
    /** Alice's phone as seen on the wire: behind a NAT, so its source port differs from its Via. */
    static final InetSocketAddress ALICE = new InetSocketAddress("192.0.2.10", 40000);
    static final InetSocketAddress BOB = new InetSocketAddress("192.0.2.20", 5060);
    static final InetSocketAddress CAROL = new InetSocketAddress("192.0.2.30", 5062);
    static final InetSocketAddress NEXT_PROXY = new InetSocketAddress("192.0.2.40", 5060);
    static final InetSocketAddress STRICT_PROXY = new InetSocketAddress("192.0.2.50", 5060);
    static final InetSocketAddress DEAD = new InetSocketAddress("192.0.2.66", 5060);

    ManualTimer timer;
    RecordingTransport transport;
    TransactionLayer layer;
    ProxyCore core;
    /** The routing decision; tests replace it before sending their first request. */
    ProxyLogic logic = ProxyLogic.FORWARD;
    /** Next-hop URIs the core asked to resolve, in order. */
    final List<SipUri> resolved = new ArrayList<>();
    /** Destinations whose sends fail at once (connection refused). */
    final Set<InetSocketAddress> unreachable = new HashSet<>();
    private final Map<String, InetSocketAddress> hosts = new HashMap<>();

    @BeforeEach
    void createProxy() {
        hosts.put("alice.test", new InetSocketAddress("192.0.2.10", 5060));
        hosts.put("bob.test", BOB);
        hosts.put("carol.test", CAROL);
        hosts.put("next.test", NEXT_PROXY);
        hosts.put("strict.test", STRICT_PROXY);
        hosts.put("dead.test", DEAD);
        hosts.put("proxy.test", new InetSocketAddress(PROXY_HOST, PROXY_PORT));
        timer = new ManualTimer();
        transport = new RecordingTransport(timer);
        TargetResolver resolver = uri -> {
            resolved.add(uri);
            InetSocketAddress a = hosts.get(uri.host().toLowerCase(Locale.ROOT));
            if (a == null && Character.isDigit(uri.host().charAt(0))) {
                a = new InetSocketAddress(uri.host(), uri.port() < 0 ? 5060 : uri.port()); // an IP literal
            }
            if (a == null) return CompletableFuture.failedFuture(new IOException("no such host " + uri.host()));
            TransportType t = uri.transport() == null ? TransportType.UDP : TransportType.fromName(uri.transport());
            return CompletableFuture.completedFuture(new NextHop(t, a));
        };
        core = new ProxyCore(config(), pr -> logic.onRequest(pr), resolver, timer, Runnable::run);
        layer = new TransactionLayer(new FailingTransport(), timer, TimerSettings.DEFAULT, core);
        core.attach(layer);
    }

    ProxyConfig config() {
        return new ProxyConfig(PROXY_HOST, PROXY_PORT, Set.of("proxy.test"), 181_000);
    }

    @AfterEach
    void nothingLeaks() {
        assertThat(core.pendingRequests()).as("response contexts at the end of the scenario").isZero();
        timer.advance(10 * 60_000); // past Timers B, C, D, H, I, J, K, L, M
        assertThat(layer.size()).as("live transactions once every timer has run").isZero();
        assertThat(timer.pending()).as("timers left once every timer has run").isZero();
        assertThat(core.pendingRequests()).isZero();
    }

    /** Records every send; sends to {@link #unreachable} addresses fail at once, as a refused connection would. */
    private final class FailingTransport implements SipTransport {
        @Override
        public void send(SipMessage message, TransportType t, InetSocketAddress destination, Consumer<Throwable> onError) {
            transport.send(message, t, destination, e -> { });
            if (unreachable.contains(destination)) onError.accept(new IOException("connection refused by " + destination));
        }

        @Override
        public InetSocketAddress localAddress(TransportType t) {
            return transport.localAddress(t);
        }
    }

    // ---- building and injecting messages ----

    static SipMessage parse(String text) {
        return SipParser.parse(text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    static SipRequest parseRequest(String text) {
        return (SipRequest) parse(text);
    }

    /** What the peer at the other end actually receives: the message encoded and parsed again. */
    static SipMessage onTheWire(SipMessage m) {
        return SipParser.parse(m.encode());
    }

    /** An INVITE from Alice for {@code ruri}, with extra header lines (each ending in a newline). */
    static SipRequest invite(String ruri, String extraHeaders) {
        return request("INVITE", ruri, "z9hG4bKalice1", extraHeaders);
    }

    static SipRequest invite(String ruri) {
        return invite(ruri, "");
    }

    static SipRequest request(String method, String ruri, String branch, String extraHeaders) {
        return parseRequest("""
                %1$s %2$s SIP/2.0
                Via: SIP/2.0/UDP 192.0.2.10:5060;branch=%3$s;rport
                Max-Forwards: 70
                From: "Alice" <sip:alice@example.com>;tag=a1
                To: <sip:bob@example.com>
                Call-ID: call-1@192.0.2.10
                CSeq: 1 %1$s
                Contact: <sip:alice@alice.test>
                %4$sContent-Length: 0

                """.formatted(method, ruri, branch, extraHeaders));
    }

    void fromAlice(SipMessage m) {
        from(ALICE, m);
    }

    /** Delivers a message from {@code peer}; a request gets received/rport as the real transport stamps them. */
    void from(InetSocketAddress peer, SipMessage m) {
        layer.onInbound(new InboundMessage(stamped(m, peer), TransportType.UDP, RecordingTransport.LOCAL, peer, timer.now()));
    }

    private static SipMessage stamped(SipMessage m, InetSocketAddress source) {
        if (!(m instanceof SipRequest r) || r.topVia() == null) return m;
        Via top = r.topVia().withParameter("received", source.getAddress().getHostAddress());
        if ("".equals(top.rport())) top = top.withParameter("rport", Integer.toString(source.getPort()));
        return r.withoutFirstValue(HeaderNames.VIA).withHeaderFirst(HeaderNames.VIA, top.toString());
    }

    /** The response a downstream element returns for a request the proxy sent it. */
    static SipResponse responseTo(Sent forwarded, int status, String toTag) {
        SipResponse r = forwarded.request().createResponse(status);
        if (toTag != null) r = r.withToTag(toTag);
        return r;
    }

    /** Injects the response of the element the request was sent to, as if it came from there. */
    SipResponse answer(Sent forwarded, int status, String toTag) {
        return answer(forwarded, responseTo(forwarded, status, toTag));
    }

    SipResponse answer(Sent forwarded, SipResponse response) {
        SipResponse wire = (SipResponse) onTheWire(response);
        from(forwarded.destination(), wire);
        return wire;
    }

    /** The ACK Alice sends for a non-2xx final: same branch as the INVITE, To of the response (17.1.1.3). */
    static SipRequest ackForNon2xx(SipRequest invite, SipResponse response) {
        return (SipRequest) onTheWire(SipRequest.builder("ACK", invite.requestUri())
                .header(HeaderNames.VIA, invite.topVia().toString())
                .maxForwards(70)
                .header(HeaderNames.FROM, invite.header(HeaderNames.FROM))
                .header(HeaderNames.TO, response.header(HeaderNames.TO))
                .callId(invite.callId())
                .cseq(invite.cseq().number())
                .build());
    }

    static SipRequest cancelFor(SipRequest invite) {
        return (SipRequest) onTheWire(TransactionLayer.createCancel(invite));
    }

    // ---- reading what was sent ----

    List<Sent> sentTo(InetSocketAddress dest) {
        return transport.sent(s -> s.destination().equals(dest));
    }

    List<Sent> requestsTo(InetSocketAddress dest, String method) {
        return transport.sent(s -> s.destination().equals(dest) && s.isRequest(method));
    }

    /** The one request of this method sent to {@code dest}. */
    Sent onlyRequestTo(InetSocketAddress dest, String method) {
        List<Sent> l = requestsTo(dest, method);
        assertThat(l).as("%s requests sent to %s", method, dest).hasSize(1);
        return l.get(0);
    }

    /** Responses sent back to Alice, as status codes in order. */
    List<Integer> statusesToAlice() {
        return transport.sent(s -> s.destination().equals(ALICE) && s.message() instanceof SipResponse)
                .stream().map(s -> s.response().status()).toList();
    }

    /** The last response sent to Alice with this status. */
    SipResponse responseToAlice(int status) {
        List<Sent> l = transport.sent(s -> s.destination().equals(ALICE) && s.isResponse(status));
        assertThat(l).as("%d responses sent to Alice", status).isNotEmpty();
        return l.get(l.size() - 1).response();
    }
}
