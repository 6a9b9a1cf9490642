package org.imsemu.sip.ua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.uri.SipUri;
import org.junit.jupiter.api.Test;

class NumericTargetResolverTest {
    final NumericTargetResolver resolver = new NumericTargetResolver();

    @Test
    void ipv4WithAndWithoutPortAndTransport() {
        assertThat(resolver.resolve(SipUri.parse("sip:bob@127.0.0.5")))
                .isEqualTo(new Target(TransportType.UDP, new InetSocketAddress("127.0.0.5", 5060)));
        assertThat(resolver.resolve(SipUri.parse("sip:127.0.0.5:5099;transport=TCP;lr")))
                .isEqualTo(new Target(TransportType.TCP, new InetSocketAddress("127.0.0.5", 5099)));
    }

    @Test
    void ipv6LocalhostAndMaddr() {
        Target v6 = resolver.resolve(SipUri.parse("sip:[::1]:5070"));
        assertThat(v6.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(v6.address().getPort()).isEqualTo(5070);
        Target lh = resolver.resolve(SipUri.parse("sip:alice@localhost:5071"));
        assertThat(lh.address().getAddress().isLoopbackAddress()).isTrue();
        assertThat(lh.address().getPort()).isEqualTo(5071);
        assertThat(resolver.resolve(SipUri.parse("sip:proxy.example.com;maddr=127.0.0.9")).address())
                .isEqualTo(new InetSocketAddress("127.0.0.9", 5060));
    }

    @Test
    void defaultTransportIsConfigurable() {
        assertThat(new NumericTargetResolver(TransportType.TCP).resolve(SipUri.parse("sip:127.0.0.1")).transport())
                .isEqualTo(TransportType.TCP);
    }

    @Test
    void namesSipsAndUnknownTransportsAreRefused() {
        assertThatThrownBy(() -> resolver.resolve(SipUri.parse("sip:example.com"))).isInstanceOf(UnresolvableTargetException.class);
        assertThatThrownBy(() -> resolver.resolve(SipUri.parse("sip:300.1.1.1"))).isInstanceOf(UnresolvableTargetException.class);
        assertThatThrownBy(() -> resolver.resolve(SipUri.parse("sips:127.0.0.1"))).isInstanceOf(UnresolvableTargetException.class);
        assertThatThrownBy(() -> resolver.resolve(SipUri.parse("sip:127.0.0.1;transport=sctp"))).isInstanceOf(UnresolvableTargetException.class);
    }
}
