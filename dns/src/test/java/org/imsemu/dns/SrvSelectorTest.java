package org.imsemu.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.SRVRecord;

class SrvSelectorTest {
    private static SRVRecord srv(int priority, int weight, String target) {
        return new SRVRecord(DnsZones.name("_sip._udp.d.com"), DClass.IN, 300, priority, weight, 5060,
                target.equals(".") ? Name.root : DnsZones.name(target));
    }

    private static List<String> targets(List<SRVRecord> rs) {
        return rs.stream().map(r -> r.getTarget().toString()).toList();
    }

    @Test
    void lowerPriorityAlwaysFirstWhateverTheWeights() {
        List<SRVRecord> in = List.of(srv(20, 1000, "b.d.com"), srv(10, 1, "a.d.com"), srv(30, 0, "c.d.com"));
        Random random = new Random(1);
        for (int i = 0; i < 100; i++) {
            assertThat(targets(SrvSelector.order(in, random))).containsExactly("a.d.com.", "b.d.com.", "c.d.com.");
        }
    }

    @Test
    void weightsShareTheFirstPlaceInProportion() {
        List<SRVRecord> in = List.of(srv(10, 10, "light.d.com"), srv(10, 90, "heavy.d.com"), srv(10, 0, "zero.d.com"));
        Random random = new Random(42);
        int heavy = 0;
        int zero = 0;
        int trials = 10_000;
        for (int i = 0; i < trials; i++) {
            List<SRVRecord> out = SrvSelector.order(in, random);
            assertThat(out).hasSize(3);
            if (out.get(0).getWeight() == 90) heavy++;
            if (out.get(0).getWeight() == 0) zero++;
        }
        // Expected shares 90/101, 10/101 and 1/101; the bounds are wide, the seed fixed.
        assertThat(heavy).isBetween(8_400, 9_400);
        assertThat(zero).isBetween(20, 300);
    }

    @Test
    void dotTargetMeansNoService() {
        assertThat(SrvSelector.order(List.of(srv(0, 0, ".")), new Random(1))).isEmpty();
    }
}
