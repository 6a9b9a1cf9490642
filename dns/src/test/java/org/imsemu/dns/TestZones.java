package org.imsemu.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.imsemu.sip.transport.TransportType;

/** The zone data the tests share, and loopback addresses in 127.0.98.0/24 (ours for these tests). */
final class TestZones {
    private TestZones() {
    }

    /**
     * domain1.com: NAPTR (UDP, TCP) → SRV → icscf1; domain2.com: SRV only
     * (UDP) → icscf2; domain3.com: A only; domain6.com: NAPTR → SRV → a dual-stack host.
     */
    static DnsZones sample() {
        return sampleBuilder().build();
    }

    static DnsZones.Builder sampleBuilder() {
        return DnsZones.builder()
                .authoritativeFor("domain1.com")
                .authoritativeFor("DOMAIN2.com.")
                .authoritativeFor("domain3.com")
                .authoritativeFor("domain6.com")
                .addHost("icscf1.domain1.com", ip("127.0.1.20"))
                .addHost("pcscf1.domain1.com", ip("127.0.1.10"))
                .addSipService("domain1.com", "icscf1.domain1.com.", 5060, List.of(TransportType.UDP, TransportType.TCP))
                .addHost("icscf2.domain2.com", ip("127.0.2.20"))
                .addHost("scscf2.domain2.com", ip("127.0.2.30"))
                .addSipServiceSrvOnly("domain2.com", "icscf2.domain2.com", 5070, 10, 10, List.of(TransportType.UDP))
                .addHost("domain3.com", ip("127.0.3.1"))
                .addHost("dual.domain6.com", ip("127.0.6.1"))
                .addHost("dual.domain6.com", ip("::1"))
                .addSipService("domain6.com", "dual.domain6.com", 5060, List.of(TransportType.UDP));
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A random address in 127.0.98.0/24, port 0: tests running at the same time rarely meet. */
    static InetSocketAddress randomBind() {
        return new InetSocketAddress(ip("127.0.98." + ThreadLocalRandom.current().nextInt(2, 255)), 0);
    }
}
