package org.imsemu.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class DnsCacheTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final DnsCache cache = new DnsCache(now::get);
    private final Name host = DnsZones.name("h.d.com");

    private void advanceSeconds(long s) {
        now.addAndGet(s * 1_000_000_000L);
    }

    @Test
    void keepsAnswersUntilTheirTtlRunsOut() {
        DnsAnswer a = DnsAnswer.of(host, Type.A, List.of(new ARecord(host, DClass.IN, 60, TestZones.ip("10.0.0.1"))));
        cache.put(a, 60);
        advanceSeconds(59);
        assertThat(cache.get(DnsZones.name("H.D.COM"), Type.A)).isEqualTo(a);
        assertThat(cache.get(host, Type.AAAA)).isNull();
        advanceSeconds(1);
        assertThat(cache.get(host, Type.A)).isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void failuresAndZeroTtlsAreNotKept() {
        cache.put(DnsAnswer.failed(host, Type.A, "timed out"), 60);
        cache.put(DnsAnswer.nxdomain(host, Type.AAAA), 0);
        assertThat(cache.size()).isZero();
    }

    @Test
    void putIfAbsentLeavesALiveEntryAlone() {
        DnsAnswer nodata = DnsAnswer.of(host, Type.A, List.of());
        cache.put(nodata, 5);
        cache.putIfAbsent(DnsAnswer.of(host, Type.A, List.of(new ARecord(host, DClass.IN, 60, TestZones.ip("10.0.0.1")))), 60);
        assertThat(cache.get(host, Type.A)).isEqualTo(nodata);
    }
}
