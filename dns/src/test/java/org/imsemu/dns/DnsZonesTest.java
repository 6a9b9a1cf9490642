package org.imsemu.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.imsemu.sip.transport.TransportType;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.NAPTRRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

class DnsZonesTest {
    private final DnsZones zones = TestZones.sample();

    private static Name n(String s) {
        return DnsZones.name(s);
    }

    @Test
    void namesAreCaseInsensitiveAndAbsoluteWithOrWithoutTrailingDot() {
        assertThat(zones.lookup(n("ICSCF1.Domain1.COM."), Type.A)).hasSize(1);
        assertThat(zones.zoneOf(n("x.domain2.com"))).contains(n("domain2.com."));
        assertThat(zones.zoneOf(n("domain1.org"))).isEmpty();
        assertThat(zones.zoneOf(n("com"))).isEmpty();
    }

    @Test
    void hostsGiveAAndAaaaRecordsSeveralPerName() {
        assertThat(zones.lookup(n("dual.domain6.com"), Type.A)).singleElement().isInstanceOf(ARecord.class);
        assertThat(zones.lookup(n("dual.domain6.com"), Type.AAAA)).singleElement().isInstanceOf(AAAARecord.class);
        DnsZones two = DnsZones.builder().authoritativeFor("d.com")
                .addHost("h.d.com", TestZones.ip("10.0.0.1")).addHost("h.d.com", TestZones.ip("10.0.0.2"))
                .addHost("H.D.COM", TestZones.ip("10.0.0.1")) // the same record again: no duplicate
                .build();
        assertThat(two.lookup(n("h.d.com"), Type.A)).extracting(r -> ((ARecord) r).getAddress().getHostAddress())
                .containsExactly("10.0.0.1", "10.0.0.2");
    }

    @Test
    void sipServiceGivesNaptrInTransportOrderAndSrvPerTransport() {
        List<Record> naptr = zones.lookup(n("domain1.com"), Type.NAPTR);
        assertThat(naptr).hasSize(2);
        NAPTRRecord first = (NAPTRRecord) naptr.get(0);
        NAPTRRecord second = (NAPTRRecord) naptr.get(1);
        assertThat(first.getFlags()).isEqualTo("s");
        assertThat(first.getService()).isEqualTo("SIP+D2U");
        assertThat(first.getReplacement()).isEqualTo(n("_sip._udp.domain1.com"));
        assertThat(second.getService()).isEqualTo("SIP+D2T");
        assertThat(second.getReplacement()).isEqualTo(n("_sip._tcp.domain1.com"));
        assertThat(first.getOrder()).isLessThan(second.getOrder());

        SRVRecord udp = (SRVRecord) zones.lookup(n("_sip._udp.domain1.com"), Type.SRV).get(0);
        assertThat(udp.getTarget()).isEqualTo(n("icscf1.domain1.com"));
        assertThat(udp.getPort()).isEqualTo(5060);
        assertThat(zones.lookup(n("_sip._tcp.domain1.com"), Type.SRV)).hasSize(1);
        assertThat(zones.lookup(n("_sip._tcp.domain2.com"), Type.SRV)).isEmpty();
    }

    @Test
    void repeatedSipServiceAddsSrvTargetsButNotNaptrs() {
        DnsZones z = DnsZones.builder().authoritativeFor("d.com")
                .addSipService("d.com", "a.d.com", 5060, 10, 60, List.of(TransportType.TCP))
                .addSipService("d.com", "b.d.com", 5062, 20, 40, List.of(TransportType.UDP, TransportType.TCP))
                .build();
        assertThat(z.lookup(n("d.com"), Type.NAPTR)).extracting(r -> ((NAPTRRecord) r).getService())
                .containsExactly("SIP+D2T", "SIP+D2U");
        assertThat(z.lookup(n("_sip._tcp.d.com"), Type.SRV)).extracting(r -> ((SRVRecord) r).getTarget().toString())
                .containsExactly("a.d.com.", "b.d.com.");
        SRVRecord b = (SRVRecord) z.lookup(n("_sip._udp.d.com"), Type.SRV).get(0);
        assertThat(b.getPriority()).isEqualTo(20);
        assertThat(b.getWeight()).isEqualTo(40);
        assertThat(b.getPort()).isEqualTo(5062);
    }

    @Test
    void emptyNonTerminalsExistOthersDoNot() {
        assertThat(zones.exists(n("_udp.domain1.com"))).isTrue();
        assertThat(zones.exists(n("domain1.com"))).isTrue();
        assertThat(zones.exists(n("nobody.domain1.com"))).isFalse();
    }

    @Test
    void ttlAndSoa() {
        DnsZones z = DnsZones.builder().authoritativeFor("d.com").ttl(Duration.ofSeconds(60))
                .negativeTtl(Duration.ofSeconds(7)).addHost("h.d.com", TestZones.ip("10.0.0.1")).build();
        assertThat(z.lookup(n("h.d.com"), Type.A).get(0).getTTL()).isEqualTo(60);
        assertThat(z.soa(n("d.com")).getMinimum()).isEqualTo(7);
        assertThat(z.lookup(n("d.com"), Type.SOA)).hasSize(1);
    }

    @Test
    void recordsListsEverythingSortedForLogs() {
        List<Record> all = zones.records();
        assertThat(all).extracting(Record::getType).contains(Type.SOA, Type.A, Type.AAAA, Type.NAPTR, Type.SRV);
        assertThat(all).hasSize(4 /* SOA */ + 7 /* A, AAAA */ + 3 /* NAPTR */ + 4 /* SRV */);
        assertThat(zones.toString()).contains("_sip._udp.domain1.com.", "SRV", "NAPTR", "\"SIP+D2U\"");
    }

    @Test
    void namesOutsideEveryZoneAreRejectedAtBuild() {
        assertThatThrownBy(() -> DnsZones.builder().authoritativeFor("domain1.com")
                .addHost("icscf.domain9.com", TestZones.ip("10.0.0.1")).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("icscf.domain9.com");
        assertThatThrownBy(() -> DnsZones.builder().addSipService("d.com", "x.d.com", 0, List.of(TransportType.UDP)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> DnsZones.name("bad..name")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad..name");
    }
}
