package org.imsemu.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.imsemu.capture.CaptureBus;
import org.imsemu.scenario.Node;
import org.imsemu.scenario.Role;
import org.imsemu.scenario.Scenario;
import org.imsemu.scenario.Ue;
import org.imsemu.ue.AnswerPolicy;
import org.junit.jupiter.api.Test;

/** The topology a running network publishes (its JSON is a public contract), and that close() frees every port. */
class TopologyTest {
    private final Scenario scenario = TestScenarios.ipv4("rt-topology");

    @Test
    @SuppressWarnings("unchecked")
    void jsonDescribesEveryNodeAndUeOfTheRunningNetwork() {
        String json;
        try (CaptureBus bus = new CaptureBus(); ImsNetwork net = ImsNetwork.start(scenario, bus, ImsNetwork.Options.defaults())) {
            net.startUe("ann", AnswerPolicy.never());
            json = net.topology().toJson();
        }

        Map<String, Object> doc = (Map<String, Object>) MiniJson.parse(json);
        assertThat(doc).containsOnlyKeys("scenario", "nodes", "ues");
        assertThat(doc.get("scenario")).isEqualTo("rt-topology");

        List<Map<String, Object>> nodes = (List<Map<String, Object>>) doc.get("nodes");
        assertThat(nodes).extracting(n -> n.get("name"))
                .containsExactlyInAnyOrder("ns", "hss-a", "hss-b", "pcscf-a", "icscf-a", "scscf-a", "pcscf-b", "icscf-b", "scscf-b");
        for (Map<String, Object> n : nodes) {
            Node spec = scenario.node((String) n.get("name")).orElseThrow();
            assertThat(n.get("role")).isEqualTo(spec.role().xmlName());
            assertThat(n.get("domain")).isEqualTo(spec.domain());
            assertThat(n.get("address")).isEqualTo(spec.address().getHostAddress());
            if (spec.role() == Role.DNS) {
                assertThat(n).containsEntry("dnsPort", 53L).doesNotContainKey("sipPort").containsEntry("domain", null);
            } else if (spec.role() == Role.HSS) {
                assertThat(n).containsEntry("diameterPort", 3868L).doesNotContainKey("sipPort").doesNotContainKey("dnsPort");
            } else {
                assertThat(n).containsEntry("sipPort", 5060L).doesNotContainKey("dnsPort");
                // the I- and S-CSCF speak Cx to the HSS from their own Diameter port
                if (spec.role() == Role.ICSCF || spec.role() == Role.SCSCF) assertThat(n).containsEntry("diameterPort", 3868L);
                else assertThat(n).doesNotContainKey("diameterPort");
                assertThat((String) n.get("address")).startsWith(spec.domain().equals("alpha.test") ? "127.0.51." : "127.0.52.");
            }
        }
        assertThat(nodes).filteredOn(n -> "ns".equals(n.get("name"))).singleElement()
                .satisfies(n -> assertThat(n.get("address")).isEqualTo("127.0.59.53"));

        List<Map<String, Object>> ues = (List<Map<String, Object>>) doc.get("ues");
        assertThat(ues).extracting(u -> u.get("name")).containsExactly("ann", "bea", "ben", "bill", "cid", "amos");
        for (Map<String, Object> u : ues) {
            Ue spec = scenario.ue((String) u.get("name")).orElseThrow();
            assertThat(u).containsEntry("role", "ue").containsEntry("impu", spec.impu())
                    .containsEntry("domain", spec.homeDomain()).containsEntry("address", spec.address().getHostAddress())
                    .containsEntry("sipPort", 5060L);
        }
    }

    @Test
    void tableListsEveryHostWithItsServices() {
        try (CaptureBus bus = new CaptureBus(); ImsNetwork net = ImsNetwork.start(scenario, bus, ImsNetwork.Options.defaults())) {
            String table = net.topology().toTable();
            assertThat(table.lines()).hasSize(1 + 9 + 6);
            assertThat(table).contains("dns/53", "sip/5060", "diameter/3868", "sip:ann@alpha.test", "127.0.59.53");
        }
    }

    @Test
    void closeFreesEveryAddressAndPort() throws Exception {
        try (CaptureBus bus = new CaptureBus(); ImsNetwork net = ImsNetwork.start(scenario, bus, ImsNetwork.Options.defaults())) {
            net.startUe("ann", AnswerPolicy.never());
            net.startUe("bea", AnswerPolicy.never());
            net.ues().get("ann").register().get(20, java.util.concurrent.TimeUnit.SECONDS);
            InetSocketAddress pcscf = scenario.node("pcscf-a").orElseThrow().socketAddress();
            assertThat(canBindUdp(pcscf)).as("UDP taken while running").isFalse();
            assertThat(canBindTcp(pcscf)).as("TCP taken while running").isFalse();
        }
        List<InetSocketAddress> all = new ArrayList<>();
        scenario.nodes().forEach(n -> all.add(n.socketAddress()));
        all.add(scenario.ue("ann").orElseThrow().socketAddress());
        all.add(scenario.ue("bea").orElseThrow().socketAddress());
        for (InetSocketAddress a : all) {
            assertThat(canBindUdp(a)).as("UDP " + a + " free after close()").isTrue();
            assertThat(canBindTcp(a)).as("TCP " + a + " free after close()").isTrue();
        }
    }

    @Test
    void jsonEscapesWhatWouldBreakIt() {
        Topology t = new Topology("quote\"back\\slash\nnew", List.of(new Topology.Entry("n", "pcscf", null, "::1", 5060, 3868, null, null)),
                List.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = (Map<String, Object>) MiniJson.parse(t.toJson());
        assertThat(doc.get("scenario")).isEqualTo("quote\"back\\slash\nnew");
        assertThat((List<?>) doc.get("ues")).isEmpty();
        Map<String, Object> expected = new java.util.HashMap<>();
        expected.put("name", "n");
        expected.put("role", "pcscf");
        expected.put("domain", null);
        expected.put("address", "::1");
        expected.put("sipPort", 5060L);
        expected.put("diameterPort", 3868L);
        assertThat((List<?>) doc.get("nodes")).singleElement().isEqualTo(expected);
    }

    private static boolean canBindUdp(InetSocketAddress a) {
        try (DatagramSocket s = new DatagramSocket(a)) {
            return s.isBound();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean canBindTcp(InetSocketAddress a) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(a);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
