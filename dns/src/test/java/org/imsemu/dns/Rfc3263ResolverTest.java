package org.imsemu.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.imsemu.sip.transport.NextHop;
import org.imsemu.sip.transport.Transports;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.transport.UnresolvableTargetException;
import org.imsemu.sip.uri.SipUri;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The resolver against our own server over loopback, for every RFC 3263 path. */
class Rfc3263ResolverTest {
    private static final long WAIT_SECONDS = 20;
    private static EventLoopGroup group;
    private static DnsServer server;
    private static Rfc3263Resolver resolver;

    @BeforeAll
    static void start() throws Exception {
        group = Transports.newEventLoopGroup(1);
        DnsZones.Builder zones = TestZones.sampleBuilder()
                .authoritativeFor("weighted.com")
                .addSipService("weighted.com", "backup.weighted.com", 5080, 20, 10, List.of(TransportType.TCP))
                .addSipService("weighted.com", "main.weighted.com", 5070, 10, 10, List.of(TransportType.TCP))
                .addHost("main.weighted.com", TestZones.ip("127.0.9.1"))
                .addHost("backup.weighted.com", TestZones.ip("127.0.9.2"))
                .authoritativeFor("broken.com")
                .addSipService("broken.com", "nohost.broken.com", 5060, List.of(TransportType.UDP));
        server = DnsServer.start(QueryAnswererTest.withBigAnswer(zones), TestZones.randomBind(), group);
        resolver = new Rfc3263Resolver(server.address());
    }

    @AfterAll
    static void stop() {
        server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static String hostPort(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private static NextHop hop(TransportType t, String ip, int port) {
        return new NextHop(t, new InetSocketAddress(TestZones.ip(ip), port));
    }

    private static UnresolvableTargetException failure(CompletableFuture<?> f) {
        try {
            f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(UnresolvableTargetException.class);
            return (UnresolvableTargetException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("future did not fail in time", e);
        }
        throw new AssertionError("future did not fail: " + f.join());
    }

    @Test
    void naptrThenSrvThenA() throws Exception {
        assertThat(await(resolver.resolve(SipUri.parse("sip:bob@domain1.com"))))
                .isEqualTo(hop(TransportType.UDP, "127.0.1.20", 5060));
        // NAPTR order: UDP first, then TCP, to the same I-CSCF.
        assertThat(await(resolver.resolveAll(SipUri.parse("sip:domain1.com"))))
                .containsExactly(hop(TransportType.UDP, "127.0.1.20", 5060), hop(TransportType.TCP, "127.0.1.20", 5060));
    }

    @Test
    void srvWithoutNaptrUsesItsPort() throws Exception {
        assertThat(await(resolver.resolveAll(SipUri.parse("sip:alice@domain2.com"))))
                .containsExactly(hop(TransportType.UDP, "127.0.2.20", 5070));
    }

    @Test
    void neitherNaptrNorSrvMeansAOn5060Udp() throws Exception {
        assertThat(await(resolver.resolveAll(SipUri.parse("sip:carol@domain3.com"))))
                .containsExactly(hop(TransportType.UDP, "127.0.3.1", 5060));
    }

    @Test
    void explicitPortMeansAddressRecordsOnly() throws Exception {
        // icscf2 has no SRV of its own anyway; domain1.com has NAPTR+SRV, which a port must bypass (no A there).
        assertThat(await(resolver.resolve(SipUri.parse("sip:scscf2.domain2.com:5090"))))
                .isEqualTo(hop(TransportType.UDP, "127.0.2.30", 5090));
        assertThat(await(resolver.resolve(SipUri.parse("sip:scscf2.domain2.com:5090;transport=tcp"))))
                .isEqualTo(hop(TransportType.TCP, "127.0.2.30", 5090));
        assertThat(failure(resolver.resolve(SipUri.parse("sip:domain1.com:5060"))).getMessage())
                .contains("domain1.com A: no records (NODATA)", "domain1.com AAAA");
    }

    @Test
    void transportParameterSkipsNaptrAndQueriesThatSrv() throws Exception {
        assertThat(await(resolver.resolveAll(SipUri.parse("sip:domain1.com;transport=tcp"))))
                .containsExactly(hop(TransportType.TCP, "127.0.1.20", 5060));
        // No _sip._tcp for domain2.com: A/AAAA of the domain itself, which has none.
        assertThat(failure(resolver.resolve(SipUri.parse("sip:domain2.com;transport=TCP"))).getMessage())
                .contains("domain2.com A");
        assertThat(await(resolver.resolve(SipUri.parse("sip:domain3.com;transport=tcp"))))
                .isEqualTo(hop(TransportType.TCP, "127.0.3.1", 5060));
        assertThat(failure(resolver.resolve(SipUri.parse("sip:domain3.com;transport=sctp"))).getMessage())
                .contains("unsupported transport 'sctp'");
    }

    @Test
    void addressFamilyPreference() throws Exception {
        assertThat(await(resolver.resolveAll(SipUri.parse("sip:domain6.com"))))
                .containsExactly(hop(TransportType.UDP, "127.0.6.1", 5060), hop(TransportType.UDP, "::1", 5060));
        Rfc3263Resolver v6 = Rfc3263Resolver.builder(server.address())
                .addressFamilyPreference(AddressFamilyPreference.IPV6_FIRST).build();
        assertThat(await(v6.resolve(SipUri.parse("sip:domain6.com"))))
                .isEqualTo(hop(TransportType.UDP, "::1", 5060));
    }

    @Test
    void srvPriorityComesBeforeWeight() throws Exception {
        Rfc3263Resolver r = Rfc3263Resolver.builder(server.address()).random(new Random(7)).build();
        assertThat(await(r.resolveAll(SipUri.parse("sip:weighted.com"))))
                .containsExactly(hop(TransportType.TCP, "127.0.9.1", 5070), hop(TransportType.TCP, "127.0.9.2", 5080));
    }

    @Test
    void nxdomainFailsNamingNameAndType() {
        UnresolvableTargetException e = failure(resolver.resolve(SipUri.parse("sip:bob@nowhere.domain1.com")));
        assertThat(e.getMessage()).contains("sip:bob@nowhere.domain1.com", "nowhere.domain1.com NAPTR", "NXDOMAIN");
        assertThat(failure(resolver.resolve(SipUri.parse("sip:x@nohost.broken.com:5060"))).getMessage())
                .contains("nohost.broken.com A: NXDOMAIN");
        // The NAPTR and SRV exist, the SRV target does not.
        assertThat(failure(resolver.resolve(SipUri.parse("sip:broken.com"))).getMessage())
                .contains("nohost.broken.com A: NXDOMAIN", "nohost.broken.com AAAA: NXDOMAIN");
    }

    @Test
    void refusedIsAFailureToo() {
        assertThat(failure(resolver.resolve(SipUri.parse("sip:example.org"))).getMessage())
                .contains("example.org NAPTR", "REFUSED");
    }

    @Test
    void numericHostsNeedNoDns() throws Exception {
        Rfc3263Resolver noServer = new Rfc3263Resolver(new InetSocketAddress(TestZones.ip("127.0.98.1"), 9));
        CompletableFuture<NextHop> f = noServer.resolve(SipUri.parse("sip:bob@127.0.1.20"));
        assertThat(f).isCompleted();
        assertThat(f.join()).isEqualTo(hop(TransportType.UDP, "127.0.1.20", 5060));
        assertThat(await(noServer.resolve(SipUri.parse("sip:[::1]:5070;transport=tcp")))).isEqualTo(hop(TransportType.TCP, "::1", 5070));
        assertThat(await(noServer.resolve(SipUri.parse("sip:domain1.com;maddr=127.0.1.10")))).isEqualTo(hop(TransportType.UDP, "127.0.1.10", 5060));
    }

    @Test
    void sipsIsRefusedClearly() {
        assertThat(failure(resolver.resolve(SipUri.parse("sips:bob@domain1.com"))).getMessage()).contains("TLS");
    }

    @Test
    void largeAnswerComesThroughTcpAfterTruncation() throws Exception {
        // 150 A records are more than the 1232 bytes the resolver's EDNS allows over UDP.
        List<NextHop> hops = await(resolver.resolveAll(SipUri.parse("sip:huge.domain1.com:5060")));
        assertThat(hops).hasSize(150).allMatch(h -> h.transport() == TransportType.UDP && h.address().getPort() == 5060);
    }

    @Test
    void timeoutFailsNamingServerAndQuery() throws Exception {
        // A bound socket that never answers (so no ICMP unreachable either).
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(TestZones.randomBind().getAddress(), 0))) {
            Rfc3263Resolver r = Rfc3263Resolver.builder((InetSocketAddress) silent.getLocalSocketAddress())
                    .timeout(Duration.ofMillis(300)).build();
            // The caller is never blocked: with a long timeout the future comes back undone.
            Rfc3263Resolver patient = Rfc3263Resolver.builder((InetSocketAddress) silent.getLocalSocketAddress())
                    .timeout(Duration.ofSeconds(60)).build();
            assertThat(patient.resolve(SipUri.parse("sip:bob@domain1.com"))).isNotDone();
            UnresolvableTargetException e = failure(r.resolve(SipUri.parse("sip:bob@domain1.com")));
            assertThat(e.getMessage()).contains("domain1.com NAPTR: query to " + hostPort((InetSocketAddress) silent.getLocalSocketAddress()), "timed out");
        }
    }

    @Test
    void answersAreCachedForTheirTtlThenAskedAgain() throws Exception {
        AtomicLong clock = new AtomicLong();
        try (DnsServer own = DnsServer.start(TestZones.sample(), TestZones.randomBind(), group)) {
            Rfc3263Resolver r = Rfc3263Resolver.builder(own.address()).timeout(Duration.ofMillis(300))
                    .nanoClock(clock::get).build();
            SipUri uri = SipUri.parse("sip:bob@domain1.com");
            NextHop first = await(r.resolve(uri));
            UnresolvableTargetException nx = failure(r.resolve(SipUri.parse("sip:nobody.domain1.com")));
            own.close();
            // Server gone: the cache answers, for the positive and the negative answer alike.
            assertThat(await(r.resolve(uri))).isEqualTo(first);
            assertThat(failure(r.resolve(SipUri.parse("sip:nobody.domain1.com"))).getMessage()).isEqualTo(nx.getMessage());
            // Negative answers are kept briefly (at most 5 s by default): after 6 s we ask again, and fail.
            clock.addAndGet(Duration.ofSeconds(6).toNanos());
            assertThat(failure(r.resolve(SipUri.parse("sip:nobody.domain1.com"))).getMessage())
                    .contains("nobody.domain1.com NAPTR: query to " + hostPort(own.address()) + " failed");
            assertThat(await(r.resolve(uri))).isEqualTo(first);
            // Positive ones for their TTL (300 s).
            clock.addAndGet(Duration.ofSeconds(300).toNanos());
            assertThat(failure(r.resolve(uri)).getMessage()).contains("domain1.com NAPTR: query to", "failed");
        }
    }
}
