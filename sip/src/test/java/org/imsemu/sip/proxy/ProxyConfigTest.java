package org.imsemu.sip.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ProxyConfigTest {

    @Test
    void hostAndAliases_matchCaseInsensitively() {
        ProxyConfig c = new ProxyConfig("192.0.2.1", 5060, Set.of("Proxy.Test"), 181_000);
        assertThat(c.isLocalHost("192.0.2.1")).isTrue();
        assertThat(c.isLocalHost("PROXY.test")).isTrue();
        assertThat(c.isLocalHost("192.0.2.2")).isFalse();
    }

    @Test
    void ipv6_matchesWithAndWithoutBrackets() {
        // SipStack writes the host bracketed (for Via and Record-Route); a Via host or URI host may come either way.
        ProxyConfig c = ProxyConfig.of("[2001:db8::1]", 5060);
        assertThat(c.isLocalHost("[2001:db8::1]")).isTrue();
        assertThat(c.isLocalHost("2001:db8::1")).isTrue();
        assertThat(new ProxyConfig("2001:db8::1", 5060, Set.of("[2001:db8::2]"), 181_000).isLocalHost("[2001:db8::2]")).isTrue();
    }

    @Test
    void withTimerCMillis_keepsTheRest() {
        ProxyConfig c = new ProxyConfig("192.0.2.1", 5070, Set.of("proxy.test"), 181_000).withTimerCMillis(5_000);
        assertThat(c.timerCMillis()).isEqualTo(5_000);
        assertThat(c.port()).isEqualTo(5070);
        assertThat(c.isLocalHost("proxy.test")).isTrue();
    }
}
