package org.imsemu.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.imsemu.dns.DnsZones;
import org.imsemu.scenario.Node;
import org.imsemu.scenario.Scenario;
import org.imsemu.scenario.ScenarioLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Type;

/**
 * The demo over IPv6: unique local addresses added to {@code lo} (we need root for that, else the tests
 * are skipped with the command to run), removed again afterwards if we added them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImsNetworkIpv6Test {
    private final Scenario test = TestScenarios.ipv6("rt-ipv6");
    private final Scenario shipped = ScenarioLoader.loadBuiltIn("two-domains-ipv6.xml");
    private final List<InetAddress> added = new ArrayList<>();

    @BeforeAll
    void provisionAddresses() {
        assumeTrue(LoopbackAddresses.ipv6Enabled(), "IPv6 is disabled on lo (no ::1)");
        Set<InetAddress> all = new LinkedHashSet<>();
        for (Scenario s : List.of(test, shipped)) {
            s.nodes().forEach(n -> all.add(n.address()));
            s.ues().forEach(u -> all.add(u.address()));
        }
        List<InetAddress> missing = LoopbackAddresses.missing(new ArrayList<>(all));
        LoopbackAddresses.Provisioned p = LoopbackAddresses.provision(missing);
        added.addAll(p.added());
        List<InetAddress> stillMissing = p.stillMissing();
        assumeTrue(stillMissing.isEmpty(), () -> "cannot add IPv6 addresses to lo; run as root:\n  "
                + String.join("\n  ", LoopbackAddresses.commands(stillMissing)));
    }

    @AfterAll
    void removeAddedAddresses() throws Exception {
        LoopbackAddresses.unprovision(added);
        assertThat(LoopbackAddresses.missing(added)).as("addresses this test added are gone again").hasSameSizeAs(added);
    }

    @Test
    void aNetworkRemovesTheAddressesItAddedWhenItCloses() {
        InetAddress extra = shipped.nodes().get(1).address();
        LoopbackAddresses.unprovision(List.of(extra)); // as if the machine never had it
        assertThat(LoopbackAddresses.missing(List.of(extra))).containsExactly(extra);
        try (ImsNetwork net = ImsNetwork.start(shipped, new org.imsemu.capture.CaptureBus(), ImsNetwork.Options.defaults())) {
            assertThat(LoopbackAddresses.missing(List.of(extra))).isEmpty();
        }
        assertThat(LoopbackAddresses.missing(List.of(extra))).containsExactly(extra);
        LoopbackAddresses.provision(List.of(extra)); // back as @BeforeAll left it
    }

    @Test
    void scenarioAddressesAreIpv6() {
        assertThat(test.nodes()).extracting(Node::address).allMatch(a -> a instanceof Inet6Address);
        assertThat(test.ues()).allMatch(u -> u.address() instanceof Inet6Address);
    }

    @Test
    void demoPassesOverIpv6(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("ipv6.pcap");
        RecordingProgress progress = new RecordingProgress();
        Demo.Result r = Demo.run(test, Demo.Options.defaults().withPcap(pcap).withCallDuration(Duration.ofMillis(600)), progress);

        DemoAssertions.assertPassed(test, r, progress);
        assertThat(r.invitePath()).containsExactly("ann", "pcscf-a", "scscf-a", "icscf-b", "scscf-b", "pcscf-b", "bea");
        assertThat(r.topology().nodes()).extracting(Topology.Entry::address).allMatch(a -> a.startsWith("fd00:5"));
        if (Processes.installed("/usr/bin/tshark")) DemoAssertions.assertPcapDecodes(test, pcap, true);
    }

    @Test
    void shippedIpv6ScenarioHasAaaaRecordsForEveryNode() {
        DnsZones zones = DnsZoneBuilder.zones(shipped);
        for (Node n : shipped.nodes()) {
            if (!n.inDomain()) continue;
            assertThat(zones.lookup(DnsZones.name(n.fqdn()), Type.AAAA)).as("AAAA of " + n.fqdn())
                    .singleElement().extracting(rec -> ((AAAARecord) rec).getAddress()).isEqualTo(n.address());
            assertThat(zones.lookup(DnsZones.name(n.fqdn()), Type.A)).as("no A for " + n.fqdn()).isEmpty();
        }
    }

    @Test
    void shippedIpv6ScenarioRunsTheDemo(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("two-domains-ipv6.pcap");
        RecordingProgress progress = new RecordingProgress();
        Demo.Result r = Demo.run(shipped, Demo.Options.defaults().withPcap(pcap).withCallDuration(Duration.ofMillis(600)), progress);

        DemoAssertions.assertPassed(shipped, r, progress);
        assertThat(r.invitePath()).containsExactly("alice", "pcscf1", "scscf1", "icscf2", "scscf2", "pcscf2", "bob");
        if (Processes.installed("/usr/bin/tshark")) DemoAssertions.assertPcapDecodes(shipped, pcap, true);
    }

    /** Every SIP-axis procedure of {@code demo --all} over IPv6: each flow passes, hold's RTP checked inside. */
    @Test
    void shippedIpv6ScenarioRunsEveryProcedureOfTheSipAxis() throws Exception {
        RecordingProgress progress = new RecordingProgress();
        Demo.Result r = Demo.run(shipped, Demo.Options.defaults().withCallDuration(Duration.ofMillis(500)).withAll(true), progress);
        DemoAssertions.assertEveryProcedurePassed(r, progress);
        assertThat(r.flows()).extracting(f -> f.verdict().flow()).contains("call-transfer", "mo-mt-call-preconditions", "call-hold");
    }
}
