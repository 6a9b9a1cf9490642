package org.imsemu.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.imsemu.capture.CaptureEvent;
import org.imsemu.conformance.Verdict;
import org.imsemu.rtp.RtpStatistics;
import org.imsemu.runtime.Demo;
import org.imsemu.runtime.FlowRecorder;
import org.imsemu.runtime.Topology;
import org.imsemu.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imsemu demo}: release 1 end to end, checked against TS 24.228. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Brings up the scenario's IMS in this JVM (every node its own host, found through DNS),",
                "registers its first two UEs, has the first call the second with RTP audio both ways, hangs up,",
                "de-registers both, draws every procedure as a ladder and checks it against its TS 24.228 flow.",
                "Exit status: 0 when every flow passes and RTP flowed both ways, 1 otherwise, 2 for a bad scenario."})
final class DemoCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO",
            description = "scenario file or built-in name (default: two-domains.xml)")
    String scenario;

    @Option(names = "--pcap", paramLabel = "FILE", description = "write every captured message to this pcap file")
    Path pcap;

    @Option(names = "--call-seconds", defaultValue = "2", description = "how long the call lasts. Default: ${DEFAULT-VALUE}")
    double callSeconds;

    @Option(names = "--messages", description = "also print every message in full")
    boolean messages;

    @Option(names = "--all", description = {"also run a procedure for every SIP element two UEs can show: MESSAGE,",
            "CANCEL, an anonymous call, hold and resume, session modification (UPDATE, re-INVITE),",
            "transfer (REFER), redirection (302), preconditions (100rel, PRACK, UPDATE); the table lists",
            "every procedure with its flow and verdict. A domain with thig=\"true\" gets every message",
            "that crossed its edge scanned for its host names and addresses"})
    boolean all;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Scenario s = ScenarioArgument.load(scenario, spec.commandLine().getErr());
        if (s == null) return ScenarioArgument.BAD_SCENARIO;
        out.println("imsemu demo: scenario " + s.name() + " (" + s.source() + ")");
        out.flush();
        Demo.Options options = Demo.Options.defaults().withPcap(pcap)
                .withCallDuration(Duration.ofMillis((long) (callSeconds * 1000))).withAll(all);
        Demo.Result result = Demo.run(s, options, new Printer(out));
        out.println();
        for (Demo.CallResult c : result.calls()) {
            out.println("call " + c.caller() + " -> " + c.callee() + ": INVITE path " + String.join(" -> ", c.invitePath()));
            out.println("  RTP " + describe(c.caller(), c.callerRtp()));
            out.println("  RTP " + describe(c.callee(), c.calleeRtp()));
        }
        if (pcap != null) out.println("pcap: " + pcap + " (" + result.pcapPackets() + " packets)");
        out.println();
        out.printf("%-58s %-26s %s%n", "PROCEDURE", "FLOW", "VERDICT");
        for (FlowRecorder.FlowResult f : result.flows()) {
            Verdict v = f.verdict();
            out.printf("%-58s %-26s %s%n", f.title(), v.flow(), v.passed() ? "PASS" : "FAIL after " + v.stepsMatched() + " of " + v.stepsTotal() + " steps");
            if (!v.passed()) out.println("    " + v.explanation().replace("\n", "\n    "));
        }
        result.problems().forEach(p -> out.println("FAIL: " + p));
        out.println(result.passed() ? "PASS" : "FAIL");
        out.flush();
        return result.passed() ? 0 : 1;
    }

    private static String describe(String who, RtpStatistics r) {
        return String.format("%-6s sent %d, received %d, lost %d, jitter %.2f ms, tone %s", who, r.packetsSent(),
                r.packetsReceived(), r.cumulativeLost(), r.jitterMs(), r.audioDetected() ? "heard" : "NOT heard");
    }

    private final class Printer implements Demo.Progress {
        private final PrintWriter out;

        Printer(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void topology(Topology t, List<String> notices) {
            out.println();
            out.print(t.toTable());
            notices.forEach(n -> out.println("note: " + n));
            out.flush();
        }

        @Override
        public void step(String text) {
            out.println();
            out.println("== " + text);
            out.flush();
        }

        @Override
        public void flow(FlowRecorder.FlowResult r) {
            out.print(r.ladder().render());
            if (messages) {
                for (CaptureEvent e : r.events()) {
                    out.printf("%n----- %s -> %s -----%n%s", e.source(), e.destination(), new String(e.bytes(), StandardCharsets.UTF_8));
                }
            }
            out.println(r.verdict().summary());
            out.flush();
        }
    }
}
