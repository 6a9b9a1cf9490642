package org.imsemu.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.imsemu.scenario.Scenario;
import org.imsemu.scenario.Ue;

/** What every demo run must show, whatever the scenario. */
final class DemoAssertions {
    private DemoAssertions() {
    }

    /** No problem reported and every flow passed: what {@code demo --all} must show on any scenario. */
    static void assertEveryProcedurePassed(Demo.Result r, RecordingProgress progress) {
        assertThat(r.problems()).as("demo output:\n" + progress).isEmpty();
        assertThat(progress.toString()).as("no wait of the demo ran out").doesNotContain("note: ");
        for (FlowRecorder.FlowResult f : r.flows()) {
            assertThat(f.passed()).as(f.title() + ": " + f.verdict().summary() + "\n" + f.ladder()).isTrue();
        }
        assertThat(r.passed()).isTrue();
    }

    /**
     * Every flow passed (a registration and a de-registration per UE, one call per pair of UEs), RTP with
     * a tone both ways, the first INVITE went caller, P1, S1, I2, S2, P2, callee.
     */
    static void assertPassed(Scenario s, Demo.Result r, RecordingProgress progress) {
        String context = "demo output:\n" + progress;
        assertThat(r.problems()).as(context).isEmpty();
        assertThat(progress.toString()).as("no wait of the demo ran out").doesNotContain("note: ");
        assertThat(r.flows()).as(context).hasSize(3 * s.ues().size() + Demo.callPairs(s).size() + 1); // registration, its reg event subscriptions, de-registration; + a re-registration
        for (FlowRecorder.FlowResult f : r.flows()) {
            assertThat(f.passed()).as(f.title() + ": " + f.verdict().summary() + "\n" + f.ladder()).isTrue();
        }
        assertThat(r.flows()).extracting(FlowRecorder.FlowResult::title).allMatch(t -> !t.isBlank());
        assertThat(r.callerRtp().packetsReceived()).as("RTP received by the caller").isPositive();
        assertThat(r.calleeRtp().packetsReceived()).as("RTP received by the callee").isPositive();
        assertThat(r.callerRtp().audioDetected()).as("tone heard by the caller").isTrue();
        assertThat(r.calleeRtp().audioDetected()).as("tone heard by the callee").isTrue();
        assertThat(r.passed()).isTrue();
        assertThat(r.invitePath()).as(context).containsExactlyElementsOf(expectedInvitePath(s));
    }

    static List<String> expectedInvitePath(Scenario s) {
        Ue caller = Demo.callPairs(s).get(0)[0];
        Ue callee = Demo.callPairs(s).get(0)[1];
        return List.of(caller.name(), caller.pcscf(), s.domain(caller.homeDomain()).orElseThrow().scscf().name(),
                s.domain(callee.homeDomain()).orElseThrow().icscf().name(),
                s.domain(callee.homeDomain()).orElseThrow().scscf().name(), callee.pcscf(), callee.name());
    }

    /**
     * Decodes the pcap with tshark: SIP only, every message between hosts of the scenario, with the
     * procedures of the demo in it.
     */
    static void assertPcapDecodes(Scenario s, Path pcap, boolean ipv6) throws Exception {
        String src = ipv6 ? "ipv6.src" : "ip.src";
        String dst = ipv6 ? "ipv6.dst" : "ip.dst";
        Processes.Output out = Processes.run(60, "/usr/bin/tshark", "-r", pcap.toString(), "-Y", "sip", "-T", "fields",
                "-e", src, "-e", dst, "-e", "sip.Method", "-e", "sip.Status-Code");
        assertThat(out.exitCode()).as(out.stderr()).isZero();
        List<String> lines = out.stdout().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("SIP messages tshark decoded").isNotEmpty();
        Set<String> hosts = new HashSet<>(TestScenarios.hostAddresses(s));
        List<String> methods = new ArrayList<>();
        List<String> statuses = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split("\t", -1);
            assertThat(f).as(line).hasSizeGreaterThanOrEqualTo(4);
            assertThat(hosts).as("source of " + line).contains(canonical(f[0]));
            assertThat(hosts).as("destination of " + line).contains(canonical(f[1]));
            assertThat(f[2].isEmpty() && f[3].isEmpty()).as("neither request nor response: " + line).isFalse();
            if (!f[2].isEmpty()) methods.add(f[2]);
            if (!f[3].isEmpty()) statuses.add(f[3]);
        }
        assertThat(methods).contains("REGISTER", "INVITE", "ACK", "BYE");
        assertThat(statuses).contains("401", "180", "200");
    }

    /** tshark writes IPv6 in its compressed form already; Java may not, so both go through InetAddress. */
    private static String canonical(String address) throws Exception {
        return java.net.InetAddress.getByName(address).getHostAddress();
    }
}
