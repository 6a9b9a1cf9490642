package org.imsemu.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import org.imsemu.sip.uri.SipUri;
import org.junit.jupiter.api.Test;

class NumericTargetResolverTest {
    final TargetResolver resolver = TargetResolver.NUMERIC;

    NextHop resolved(String uri) {
        CompletableFuture<NextHop> f = resolver.resolve(SipUri.parse(uri));
        assertThat(f).isCompleted(); // never waits: nothing is looked up
        return f.join();
    }

    void refused(String uri, String why) {
        assertThat(resolver.resolve(SipUri.parse(uri)))
                .isCompletedExceptionally()
                .failsWithin(java.time.Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(UnresolvableTargetException.class)
                .withMessageContaining(why);
    }

    @Test
    void ipv4WithAndWithoutPortAndTransport() {
        assertThat(resolved("sip:bob@127.0.0.5"))
                .isEqualTo(new NextHop(TransportType.UDP, new InetSocketAddress("127.0.0.5", 5060)));
        assertThat(resolved("sip:127.0.0.5:5099;transport=TCP;lr"))
                .isEqualTo(new NextHop(TransportType.TCP, new InetSocketAddress("127.0.0.5", 5099)));
        assertThat(resolved("sip:127.0.0.5;transport=udp").transport()).isEqualTo(TransportType.UDP);
    }

    @Test
    void ipv6LocalhostAndMaddr() {
        NextHop v6 = resolved("sip:[::1]:5070");
        assertThat(v6.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(v6.address().getPort()).isEqualTo(5070);
        assertThat(resolved("sip:alice@[2001:db8::7]").address()).isEqualTo(new InetSocketAddress("2001:db8::7", 5060));
        NextHop lh = resolved("sip:alice@localhost:5071");
        assertThat(lh.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(lh.address().getPort()).isEqualTo(5071);
        // maddr overrides the host, even a name (19.1.1); the port and transport still come from the URI
        assertThat(resolved("sip:proxy.example.com:5062;maddr=127.0.0.9;transport=tcp"))
                .isEqualTo(new NextHop(TransportType.TCP, new InetSocketAddress("127.0.0.9", 5062)));
        assertThat(resolved("sip:proxy.example.com;maddr=[::1]").address().getAddress().isLoopbackAddress()).isTrue();
    }

    @Test
    void ipv4LiteralsInEveryShape() {
        assertThat(NumericTargetResolver.literal("0.0.0.0").getHostAddress()).isEqualTo("0.0.0.0");
        assertThat(NumericTargetResolver.literal("255.255.255.255").getHostAddress()).isEqualTo("255.255.255.255");
        assertThat(NumericTargetResolver.literal("10.20.100.9").getHostAddress()).isEqualTo("10.20.100.9");
        assertThat(NumericTargetResolver.literal("10.0.0.256")).isNull();
        assertThat(NumericTargetResolver.literal("10.0.0")).isNull();
        assertThat(NumericTargetResolver.literal("10.0.0.1.")).isNull();
        assertThat(NumericTargetResolver.literal("10.0.0.1.5")).isNull();
        assertThat(NumericTargetResolver.literal("1000.0.0.1")).isNull();
        assertThat(NumericTargetResolver.literal("10..0.1")).isNull();
        assertThat(NumericTargetResolver.literal("example.com")).isNull();
    }

    @Test
    void defaultTransportIsConfigurable() {
        NextHop h = new NumericTargetResolver(TransportType.TCP).resolve(SipUri.parse("sip:127.0.0.1")).join();
        assertThat(h.transport()).isEqualTo(TransportType.TCP);
    }

    @Test
    void namesSipsAndUnknownTransportsAreFailedFutures() {
        refused("sip:example.com", "example.com");
        refused("sip:bob@127.0.0.1;maddr=proxy.example.com", "proxy.example.com");
        refused("sip:300.1.1.1", "300.1.1.1");
        refused("sips:127.0.0.1", "TLS");
        refused("sip:127.0.0.1;transport=sctp", "Unsupported transport 'sctp'");
    }
}
