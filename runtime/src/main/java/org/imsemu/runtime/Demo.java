package org.imsemu.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.imsemu.capture.CaptureBus;
import org.imsemu.capture.CaptureEvent;
import org.imsemu.capture.PcapWriter;
import org.imsemu.capture.Protocol;
import org.imsemu.rtp.RtpStatistics;
import org.imsemu.scenario.Domain;
import org.imsemu.scenario.Scenario;
import org.imsemu.scenario.Ue;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.ue.AnswerPolicy;
import org.imsemu.ue.Call;
import org.imsemu.ue.CallEnd;
import org.imsemu.ue.Registration;
import org.imsemu.ue.UserEquipment;

/**
 * The demonstration of release 1: brings the scenario up, registers its first two UEs, has the first
 * call the second with real RTP both ways, hangs up, de-registers both, and checks every procedure
 * against its TS 24.228 flow. Prints as it goes; the result says whether everything passed.
 */
public final class Demo {

    public record Options(Path pcap, Duration callDuration, ImsNetwork.Options network) {
        public static Options defaults() {
            return new Options(null, Duration.ofSeconds(2), ImsNetwork.Options.defaults());
        }

        public Options withPcap(Path p) {
            return new Options(p, callDuration, network);
        }

        public Options withCallDuration(Duration d) {
            return new Options(pcap, d, network);
        }
    }

    /** What the demo saw. */
    public record Result(Topology topology, List<FlowRecorder.FlowResult> flows, RtpStatistics callerRtp,
                         RtpStatistics calleeRtp, List<String> invitePath, List<String> problems, int pcapPackets) {
        public boolean passed() {
            return problems.isEmpty() && flows.stream().allMatch(FlowRecorder.FlowResult::passed)
                    && callerRtp.packetsReceived() > 0 && calleeRtp.packetsReceived() > 0;
        }
    }

    /** Sees each step as it completes (the CLI prints). */
    public interface Progress {
        void topology(Topology t, List<String> notices);

        void step(String text);

        void flow(FlowRecorder.FlowResult r);
    }

    private static final long TIMEOUT_S = 15;

    private Demo() {
    }

    public static Result run(Scenario scenario, Options options, Progress progress) throws Exception {
        if (scenario.ues().size() < 2) throw new IllegalArgumentException("the demo needs two UEs in scenario " + scenario.name());
        Ue callerSpec = scenario.ues().get(0);
        Ue calleeSpec = scenario.ues().get(1);
        List<String> problems = new ArrayList<>();
        CaptureBus bus = new CaptureBus();
        PcapWriter pcap = options.pcap() == null ? null : PcapWriter.open(options.pcap());
        AutoCloseable pcapSubscription = pcap == null ? null : bus.subscribe(pcap.asListener());
        try (ImsNetwork net = ImsNetwork.start(scenario, bus, options.network())) {
            UserEquipment caller = net.startUe(callerSpec.name(), AnswerPolicy.never());
            UserEquipment callee = net.startUe(calleeSpec.name(), AnswerPolicy.autoAnswer(Duration.ofMillis(300)));
            progress.topology(net.topology(), net.notices());
            FlowRecorder flows = new FlowRecorder(bus);

            register(flows, scenario, callerSpec, caller, progress);
            register(flows, scenario, calleeSpec, callee, progress);

            CompletableFuture<Call> incoming = callee.nextIncomingCall();
            flows.begin();
            long callMark = bus.mark();
            progress.step("call: " + callerSpec.impu() + " -> " + calleeSpec.impu());
            Call call = caller.call(calleeSpec.impu());
            call.answered().get(TIMEOUT_S, TimeUnit.SECONDS);
            Call answeredCall = incoming.get(TIMEOUT_S, TimeUnit.SECONDS);
            awaitEstablished(bus, callMark, calleeSpec, call, answeredCall);
            Thread.sleep(options.callDuration().toMillis());
            CallEnd callerEnd = call.hangUp().get(TIMEOUT_S, TimeUnit.SECONDS);
            CallEnd calleeEnd = answeredCall.ended().get(TIMEOUT_S, TimeUnit.SECONDS);
            progress.flow(flows.end("Call " + callerSpec.name() + " -> " + calleeSpec.name(), "mo-mt-call",
                    callRoles(scenario, callerSpec, calleeSpec)));
            List<String> path = invitePath(flows.results().get(flows.results().size() - 1).events(), bus);

            deregister(flows, scenario, callerSpec, caller, progress);
            deregister(flows, scenario, calleeSpec, callee, progress);

            if (callerEnd.rtp().packetsReceived() == 0) problems.add("the caller received no RTP");
            if (calleeEnd.rtp().packetsReceived() == 0) problems.add("the callee received no RTP");
            bus.awaitDispatched();
            return new Result(net.topology(), flows.results(), callerEnd.rtp(), calleeEnd.rtp(), path, problems,
                    pcap == null ? 0 : pcap.packets());
        } finally {
            if (pcapSubscription != null) pcapSubscription.close();
            if (pcap != null) pcap.close();
            bus.close();
        }
    }

    private static void register(FlowRecorder flows, Scenario scenario, Ue spec, UserEquipment ue, Progress progress) throws Exception {
        flows.begin();
        progress.step("register " + spec.impu() + " through " + spec.pcscf());
        Registration r = ue.register().get(TIMEOUT_S, TimeUnit.SECONDS);
        if (!r.isSuccess()) throw new IllegalStateException(spec.name() + " could not register: " + r);
        progress.flow(flows.end("Registration of " + spec.impu(), "registration", homeRoles(scenario, spec, "1")));
    }

    /**
     * Waits (at most the step timeout) until the ACK has reached the callee and RTP flows both ways. A
     * sooner BYE is valid SIP, but it may overtake the ACK on its way, and the flow check compares one
     * total order: with a short call duration the demo would fail for nothing.
     */
    private static void awaitEstablished(CaptureBus bus, long mark, Ue callee, Call caller, Call answered)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (System.nanoTime() < deadline) {
            if (caller.rtpStatistics().packetsReceived() > 0 && answered.rtpStatistics().packetsReceived() > 0
                    && ackReached(bus, mark, callee)) return;
            Thread.sleep(10);
        }
    }

    private static boolean ackReached(CaptureBus bus, long mark, Ue callee) {
        for (CaptureEvent e : bus.since(mark)) {
            if (e.protocol() == Protocol.SIP && callee.address().equals(e.destination().getAddress())
                    && SipParser.parse(e.bytes()) instanceof SipRequest r && r.isMethod("ACK")) return true;
        }
        return false;
    }

    private static void deregister(FlowRecorder flows, Scenario scenario, Ue spec, UserEquipment ue, Progress progress) throws Exception {
        flows.begin();
        progress.step("de-register " + spec.impu());
        ue.unregister().get(TIMEOUT_S, TimeUnit.SECONDS);
        progress.flow(flows.end("De-registration of " + spec.impu(), "deregistration", homeRoles(scenario, spec, "1")));
    }

    /** UE, P-CSCF, I-CSCF, S-CSCF of a UE's home network, labelled with {@code side}. */
    static Map<String, String> homeRoles(Scenario scenario, Ue ue, String side) {
        Domain home = scenario.domain(ue.homeDomain()).orElseThrow();
        return FlowRecorder.roles(ue.name(), "UE#" + side, ue.pcscf(), "P-CSCF#" + side,
                home.icscf().name(), "I-CSCF#" + side, home.scscf().name(), "S-CSCF#" + side);
    }

    static Map<String, String> callRoles(Scenario scenario, Ue caller, Ue callee) {
        Domain orig = scenario.domain(caller.homeDomain()).orElseThrow();
        Domain term = scenario.domain(callee.homeDomain()).orElseThrow();
        return FlowRecorder.roles(caller.name(), "UE#1", caller.pcscf(), "P-CSCF#1", orig.scscf().name(), "S-CSCF#1",
                term.icscf().name(), "I-CSCF#2", term.scscf().name(), "S-CSCF#2", callee.pcscf(), "P-CSCF#2",
                callee.name(), "UE#2");
    }

    /** The hosts the initial INVITE went through, in order. */
    static List<String> invitePath(List<CaptureEvent> events, CaptureBus bus) {
        List<String> path = new ArrayList<>();
        for (CaptureEvent e : events) {
            if (!(SipParser.parse(e.bytes()) instanceof SipRequest r) || !r.isMethod("INVITE") || r.toTag() != null) continue;
            String from = bus.nameOf(e.source());
            String to = bus.nameOf(e.destination());
            if (path.isEmpty()) path.add(from);
            if (path.get(path.size() - 1).equals(from)) path.add(to);
        }
        return path;
    }
}
