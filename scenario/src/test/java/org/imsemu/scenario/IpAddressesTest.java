package org.imsemu.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class IpAddressesTest {

    @Test
    void parsesAndFormatsIpv4() {
        assertThat(IpAddresses.format(IpAddresses.parse("127.0.1.10"))).isEqualTo("127.0.1.10");
        assertThatThrownBy(() -> IpAddresses.parse("127.0.1")).hasMessageContaining("not an IPv4 address");
        assertThatThrownBy(() -> IpAddresses.parse("127.0.01.1")).hasMessageContaining("not an IPv4 address");
        assertThatThrownBy(() -> IpAddresses.parse("localhost")).hasMessageContaining("not an IPv4 address");
    }

    @Test
    void parsesAndFormatsIpv6AsRfc5952() {
        assertThat(IpAddresses.format(IpAddresses.parse("FD00:1:0:0:0:0:0:10"))).isEqualTo("fd00:1::10");
        assertThat(IpAddresses.format(IpAddresses.parse("::1"))).isEqualTo("::1");
        assertThat(IpAddresses.format(IpAddresses.parse("::"))).isEqualTo("::");
        assertThat(IpAddresses.format(IpAddresses.parse("fd00::"))).isEqualTo("fd00::");
        assertThat(IpAddresses.format(IpAddresses.parse("2001:db8:0:1:1:1:1:1"))).isEqualTo("2001:db8:0:1:1:1:1:1");
        assertThat(IpAddresses.format(IpAddresses.parse("2001:0:0:1:0:0:0:1"))).isEqualTo("2001:0:0:1::1");
        assertThat(IpAddresses.format(IpAddresses.parse("::ffff:127.0.0.1"))).isEqualTo("::ffff:7f00:1");
        assertThatThrownBy(() -> IpAddresses.parse("fd00::1::2")).hasMessageContaining("may appear only once");
        assertThatThrownBy(() -> IpAddresses.parse("fd00:1:2:3:4:5:6")).hasMessageContaining("8 groups");
        assertThatThrownBy(() -> IpAddresses.parse("fd00:1:2:3:4:5:6:7:8")).hasMessageContaining("8 groups");
        assertThatThrownBy(() -> IpAddresses.parse("fd00::g")).hasMessageContaining("bad group \"g\"");
        assertThatThrownBy(() -> IpAddresses.parse(":1:2:3:4:5:6:7")).hasMessageContaining("bad group \"\"");
    }

    @Test
    void prefixes() {
        IpPrefix v4 = IpPrefix.parse("127.0.1.0/24");
        assertThat(v4.contains(IpAddresses.parse("127.0.1.255"))).isTrue();
        assertThat(v4.contains(IpAddresses.parse("127.0.2.0"))).isFalse();
        assertThat(v4.contains(IpAddresses.parse("fd00::1"))).isFalse();
        assertThat(v4.host(BigInteger.TEN).map(IpAddresses::format)).contains("127.0.1.10");
        assertThat(v4.host(BigInteger.valueOf(256))).isEmpty();
        assertThat(v4.size()).isEqualTo(BigInteger.valueOf(256));
        IpPrefix v6 = IpPrefix.parse("fd00:1::/64");
        assertThat(v6.version()).isEqualTo(IpVersion.IPV6);
        assertThat(v6.host(BigInteger.valueOf(0x10)).map(IpAddresses::format)).contains("fd00:1::10");
        assertThat(v6.contains(IpAddresses.parse("fd00:1::ffff:1"))).isTrue();
        assertThat(v6.contains(IpAddresses.parse("fd00:2::1"))).isFalse();
        assertThat(v6.overlaps(IpPrefix.parse("fd00::/16"))).isTrue();
        assertThat(v6.overlaps(IpPrefix.parse("fd00:2::/64"))).isFalse();
        assertThat(v4.overlaps(v6)).isFalse();
        assertThat(IpPrefix.parse("0.0.0.0/0").contains(IpAddresses.parse("1.2.3.4"))).isTrue();
        assertThatThrownBy(() -> IpPrefix.parse("127.0.1.1/24")).hasMessageContaining("did you mean 127.0.1.0/24?");
        assertThatThrownBy(() -> IpPrefix.parse("127.0.1.0/33")).hasMessageContaining("outside 0-32");
        assertThatThrownBy(() -> IpPrefix.parse("127.0.1.0")).hasMessageContaining("not a prefix");
    }
}
