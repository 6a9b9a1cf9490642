package org.imsemu.sip.stack;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.proxy.ProxyLogic;
import org.imsemu.sip.proxy.ProxyRequest;
import org.imsemu.sip.transport.CapturedMessage;
import org.imsemu.sip.transport.TargetResolver;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.transport.Transports;
import org.imsemu.sip.ua.ServerRequest;
import org.imsemu.sip.ua.UserAgent;
import org.imsemu.sip.ua.UserAgentConfig;
import org.imsemu.sip.ua.UserAgentListener;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RFC 3261 18.1.1 on real sockets: a request over 1300 bytes bound for a UDP next hop goes over TCP
 * (Via rewritten), from a user agent and from a proxy; a small one stays on UDP; without TCP it stays.
 */
class LargeRequestOverTcpTest {
    private static EventLoopGroup group;
    private final List<SipStack> stacks = new CopyOnWriteArrayList<>();
    /** What the receiving UA got: transport it came over, and the request. */
    private final List<String> arrivals = new CopyOnWriteArrayList<>();
    private final List<SipRequest> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void loops() {
        group = Transports.newEventLoopGroup(1);
    }

    @AfterAll
    static void stopLoops() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @AfterEach
    void close() {
        stacks.forEach(SipStack::close);
    }

    private SipStack userAgent(String host, Set<TransportType> transports, boolean record) {
        SipStack.Config c = new SipStack.Config(host, 0, transports, null, m -> {
            if (record && m.direction() == CapturedMessage.Direction.RECEIVED) {
                SipMessage parsed = SipParser.parse(m.bytes().clone());
                if (parsed instanceof SipRequest r) arrivals.add(r.method() + " over " + m.transport());
            }
        });
        SipStack s = SipStack.start(c, group, st -> {
            UserAgent ua = new UserAgent(UserAgentConfig.builder(host, st.localAddress(TransportType.UDP).getPort())
                    .executor(st.eventLoop()).build(), st.timer());
            ua.attach(st.transactions());
            ua.setListener(new UserAgentListener() {
                @Override
                public void onRequest(ServerRequest request) {
                    received.add(request.request());
                    request.respond(200);
                }
            });
            return ua;
        });
        stacks.add(s);
        return s;
    }

    private static UserAgent ua(SipStack s) {
        return (UserAgent) s.user();
    }

    private static SipRequest message(UserAgent ua, SipUri target, int bodyBytes) {
        return ua.createRequest("MESSAGE", target, NameAddress.of(Uri.parse("sip:alice@example.com")), NameAddress.of(target))
                .withBody("text/plain", "x".repeat(bodyBytes));
    }

    private static SipUri uriOf(SipStack s, String user) {
        return SipUri.of(user, s.config().host(), s.localAddress(TransportType.UDP).getPort());
    }

    private static SipResponse send(SipStack from, SipRequest r) throws Exception {
        CompletableFuture<CompletableFuture<SipResponse>> f = new CompletableFuture<>();
        from.eventLoop().execute(() -> f.complete(ua(from).sendRequest(r)));
        return f.get(5, TimeUnit.SECONDS).get(10, TimeUnit.SECONDS);
    }

    @Test
    void aLargeRequestFromAUserAgentGoesOverTcp() throws Exception {
        SipStack alice = userAgent("127.0.93.1", EnumSet.of(TransportType.UDP, TransportType.TCP), false);
        SipStack bob = userAgent("127.0.93.2", EnumSet.of(TransportType.UDP, TransportType.TCP), true);
        SipUri target = uriOf(bob, "bob"); // no ;transport: the next hop is UDP

        assertThat(send(alice, message(ua(alice), target, 200)).status()).isEqualTo(200);
        SipRequest big = message(ua(alice), target, 1300);
        assertThat(big.encodedLength()).isGreaterThan(1300);
        assertThat(send(alice, big).status()).isEqualTo(200);
        assertThat(arrivals).containsExactly("MESSAGE over UDP", "MESSAGE over TCP");
        assertThat(received.get(0).topVia().transport()).isEqualTo("UDP");
        assertThat(received.get(1).topVia().transport()).isEqualTo("TCP");
    }

    @Test
    void withoutTcpTheRequestStaysOnUdp() throws Exception {
        SipStack alice = userAgent("127.0.93.1", EnumSet.of(TransportType.UDP), false);
        SipStack bob = userAgent("127.0.93.2", EnumSet.of(TransportType.UDP, TransportType.TCP), true);
        assertThat(send(alice, message(ua(alice), uriOf(bob, "bob"), 1400)).status()).isEqualTo(200);
        assertThat(arrivals).containsExactly("MESSAGE over UDP");
    }

    /** RFC 3261 18.1.1: a UA whose UDP-only next hop refuses the TCP connection retries over UDP. */
    @Test
    void aUserAgentFallsBackToUdpWhenTheNextHopTakesNoTcp() throws Exception {
        SipStack alice = userAgent("127.0.93.1", EnumSet.of(TransportType.UDP, TransportType.TCP), false);
        SipStack bob = userAgent("127.0.93.2", EnumSet.of(TransportType.UDP), true);
        SipRequest big = message(ua(alice), uriOf(bob, "bob"), 1400);
        assertThat(send(alice, big).status()).isEqualTo(200);
        assertThat(arrivals).containsExactly("MESSAGE over UDP");
        assertThat(received.get(0).topVia().transport()).isEqualTo("UDP");
    }

    @Test
    void aProxyForwardsALargeRequestOverTcp() throws Exception {
        SipStack alice = userAgent("127.0.93.1", EnumSet.of(TransportType.UDP), false); // reaches the proxy over UDP
        SipStack bob = userAgent("127.0.93.2", EnumSet.of(TransportType.UDP, TransportType.TCP), true);
        SipUri bobUri = uriOf(bob, "bob");
        ProxyLogic toBob = ProxyRequest::forwardToRequestUri;
        SipStack proxy = SipStack.startProxy(SipStack.Config.of("127.0.93.3", 0), group, toBob, TargetResolver.NUMERIC, pc -> pc);
        stacks.add(proxy);
        SipUri proxyUri = SipUri.of(null, "127.0.93.3", proxy.localAddress(TransportType.UDP).getPort()).withParameter("lr", null);
        SipRequest big = message(ua(alice), bobUri, 1250).withHeader("Route", NameAddress.of(proxyUri).toString());
        assertThat(send(alice, big).status()).isEqualTo(200);
        assertThat(arrivals).containsExactly("MESSAGE over TCP"); // alice has no TCP and used UDP; the proxy has TCP
        assertThat(received.get(0).vias()).extracting(v -> v.transport()).containsExactly("TCP", "UDP");
    }

    /** A UDP-only next hop (a SIPp UE, say) refuses the TCP connection: the proxy sends over UDP after all. */
    @Test
    void aProxyFallsBackToUdpWhenTheNextHopTakesNoTcp() throws Exception {
        SipStack alice = userAgent("127.0.93.1", EnumSet.of(TransportType.UDP), false);
        SipStack bob = userAgent("127.0.93.2", EnumSet.of(TransportType.UDP), true);
        ProxyLogic toBob = ProxyRequest::forwardToRequestUri;
        SipStack proxy = SipStack.startProxy(SipStack.Config.of("127.0.93.3", 0), group, toBob, TargetResolver.NUMERIC, pc -> pc);
        stacks.add(proxy);
        SipUri proxyUri = SipUri.of(null, "127.0.93.3", proxy.localAddress(TransportType.UDP).getPort()).withParameter("lr", null);
        SipRequest big = message(ua(alice), uriOf(bob, "bob"), 1250).withHeader("Route", NameAddress.of(proxyUri).toString());
        assertThat(send(alice, big).status()).isEqualTo(200);
        assertThat(arrivals).containsExactly("MESSAGE over UDP");
        assertThat(received.get(0).vias()).extracting(v -> v.transport()).containsExactly("UDP", "UDP");
    }
}
