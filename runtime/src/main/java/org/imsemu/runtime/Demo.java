package org.imsemu.runtime;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.imsemu.capture.CaptureBus;
import org.imsemu.capture.CaptureEvent;
import org.imsemu.capture.PcapWriter;
import org.imsemu.diameter.dictionary.CxValues;
import org.imsemu.hss.HssNode;
import org.imsemu.capture.Protocol;
import org.imsemu.rtp.RtpStatistics;
import org.imsemu.scenario.Domain;
import org.imsemu.scenario.Scenario;
import org.imsemu.scenario.Ue;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
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

    /**
     * @param all also run one procedure for every SIP-axis element two UEs can show (MESSAGE, CANCEL, an
     *            anonymous call, hold, session modification, transfer, redirection, preconditions), each
     *            against its flow
     */
    public record Options(Path pcap, Duration callDuration, ImsNetwork.Options network, boolean all) {
        public static Options defaults() {
            return new Options(null, Duration.ofSeconds(2), ImsNetwork.Options.defaults(), false);
        }

        public Options withPcap(Path p) {
            return new Options(p, callDuration, network, all);
        }

        public Options withCallDuration(Duration d) {
            return new Options(pcap, d, network, all);
        }

        public Options withAll(boolean everything) {
            return new Options(pcap, callDuration, network, everything);
        }
    }

    /** One call of the demo: who, the media both ways, the hosts its INVITE went through. */
    public record CallResult(String caller, String callee, RtpStatistics callerRtp, RtpStatistics calleeRtp,
                             List<String> invitePath) {
    }

    /** What the demo saw; callerRtp, calleeRtp and invitePath are the first call's. */
    public record Result(Topology topology, List<FlowRecorder.FlowResult> flows, RtpStatistics callerRtp,
                         RtpStatistics calleeRtp, List<String> invitePath, List<String> problems, int pcapPackets,
                         List<CallResult> calls) {
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
    /** How long no reg event message may arrive before a procedure counts as settled. */
    private static final long QUIET_NS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How the demo's UEs answer: ring, then pick up 300 ms later. */
    private static final AnswerPolicy STANDARD_POLICY = AnswerPolicy.autoAnswer(Duration.ofMillis(300));

    private Demo() {
    }

    public static Result run(Scenario scenario, Options options, Progress progress) throws Exception {
        List<Ue[]> pairs = callPairs(scenario);
        if (pairs.isEmpty()) throw new IllegalArgumentException("the demo needs two UEs in scenario " + scenario.name());
        List<String> problems = new ArrayList<>();
        List<CallResult> calls = new ArrayList<>();
        CaptureBus bus = new CaptureBus();
        PcapWriter pcap = options.pcap() == null ? null : PcapWriter.open(options.pcap());
        AutoCloseable pcapSubscription = pcap == null ? null : bus.subscribe(pcap.asListener());
        try (ImsNetwork net = ImsNetwork.start(scenario, bus, options.network())) {
            Map<String, UserEquipment> ues = new LinkedHashMap<>();
            for (Ue u : scenario.ues()) ues.put(u.name(), net.startUe(u.name(), STANDARD_POLICY));
            progress.topology(net.topology(), net.notices());
            FlowRecorder flows = new FlowRecorder(bus, scenario);

            for (Ue u : scenario.ues()) register(flows, scenario, u, ues.get(u.name()), progress);
            for (Ue[] pair : pairs) {
                CallResult c = call(flows, bus, scenario, pair[0], pair[1], ues, options, progress);
                calls.add(c);
                if (c.callerRtp().packetsReceived() == 0) problems.add(pair[0].name() + " received no RTP");
                if (c.calleeRtp().packetsReceived() == 0) problems.add(pair[1].name() + " received no RTP");
            }
            if (options.all()) problems.addAll(SipElementProcedures.run(net, flows, progress, ues, STANDARD_POLICY));
            Ue refreshing = scenario.ues().get(0);
            reregister(flows, scenario, refreshing, ues.get(refreshing.name()), progress);
            List<Ue> leaving = scenario.ues();
            for (Ue u : leaving.subList(0, leaving.size() - 1)) deregister(flows, scenario, u, ues.get(u.name()), progress);
            Ue last = leaving.get(leaving.size() - 1);
            if (!deregisterByNetwork(flows, net, scenario, last, progress)) deregister(flows, scenario, last, ues.get(last.name()), progress);

            bus.awaitDispatched();
            CallResult first = calls.get(0);
            return new Result(net.topology(), flows.results(), first.callerRtp(), first.calleeRtp(), first.invitePath(),
                    problems, pcap == null ? 0 : pcap.packets(), calls);
        } finally {
            if (pcapSubscription != null) pcapSubscription.close();
            if (pcap != null) pcap.close();
            bus.close();
        }
    }

    /**
     * Who calls whom: every UE in document order, not yet in a call, calls the next free UE of another
     * domain (or, with one domain only, the next free UE).
     */
    static List<Ue[]> callPairs(Scenario scenario) {
        List<Ue> free = new ArrayList<>(scenario.ues());
        List<Ue[]> pairs = new ArrayList<>();
        while (free.size() >= 2) {
            Ue caller = free.remove(0);
            Ue callee = free.stream().filter(u -> !u.homeDomain().equalsIgnoreCase(caller.homeDomain())).findFirst()
                    .orElse(free.get(0));
            free.remove(callee);
            pairs.add(new Ue[] {caller, callee});
        }
        return pairs;
    }

    /** One call: placed, answered, media both ways, hung up by the caller; checked against its flow. */
    private static CallResult call(FlowRecorder flows, CaptureBus bus, Scenario scenario, Ue callerSpec, Ue calleeSpec,
                                   Map<String, UserEquipment> ues, Options options, Progress progress) throws Exception {
        UserEquipment caller = ues.get(callerSpec.name());
        UserEquipment callee = ues.get(calleeSpec.name());
        CompletableFuture<Call> incoming = callee.nextIncomingCall();
        flows.begin();
        long callMark = bus.mark();
        progress.step("call: " + callerSpec.impu() + " -> " + calleeSpec.impu());
        Call call = caller.call(calleeSpec.impu());
        call.answered().get(TIMEOUT_S, TimeUnit.SECONDS);
        Call answeredCall = incoming.get(TIMEOUT_S, TimeUnit.SECONDS);
        if (!awaitEstablished(bus, callMark, calleeSpec, call, answeredCall)) {
            progress.step("note: call to " + calleeSpec.name() + ": ACK or RTP both ways not seen after " + TIMEOUT_S + " s; going on");
        }
        Thread.sleep(options.callDuration().toMillis());
        CallEnd callerEnd = call.hangUp().get(TIMEOUT_S, TimeUnit.SECONDS);
        CallEnd calleeEnd = answeredCall.ended().get(TIMEOUT_S, TimeUnit.SECONDS);
        CallFlow flow = CallFlow.of(scenario, callerSpec, calleeSpec);
        FlowRecorder.FlowResult r = flows.end("Call " + callerSpec.name() + " -> " + calleeSpec.name(), flow.name(), flow.roles());
        progress.flow(r);
        return new CallResult(callerSpec.name(), calleeSpec.name(), callerEnd.rtp(), calleeEnd.rtp(), invitePath(r.events(), bus));
    }

    /**
     * The registration, then the reg event subscriptions it starts (the UE's and its P-CSCF's, RFC 3680):
     * two flows over the same stretch of capture, each leaving out what the other describes.
     */
    private static void register(FlowRecorder flows, Scenario scenario, Ue spec, UserEquipment ue, Progress progress) throws Exception {
        flows.begin();
        long mark = flows.mark();
        progress.step("register " + spec.impu() + " through " + spec.pcscf());
        Registration r = ue.register().get(TIMEOUT_S, TimeUnit.SECONDS);
        if (!r.isSuccess()) throw new IllegalStateException(spec.name() + " could not register: " + r);
        noteUnsettled(progress, awaitNotifyAnswers(flows, scenario, spec, mark, 2)); // the first NOTIFY of each subscription, answered
        String flow = spec.aka().isPresent() ? "registration-aka" : "registration-cx";
        progress.flow(flows.end("Registration of " + spec.impu(), flow, homeRoles(scenario, spec, "1")));
        progress.flow(flows.end("Reg event subscriptions of " + spec.impu(), "reg-event-subscriptions",
                regEventRoles(scenario, spec)));
    }

    /**
     * Waits (at most the step timeout) until the reg event NOTIFYs a procedure causes have been sent and
     * answered: at least {@code count} NOTIFYs from the UE's S-CSCF to its P-CSCF since {@code mark} (to the
     * P-CSCF's subscription, or through it to the UE), each with its final answer (200, or 481 from a UE
     * that restarted and no longer knows an old subscription), and none new for a moment. Otherwise that
     * traffic would spill into the next procedure's stretch of capture. Returns null when settled, else
     * what was missing (the demo goes on and says so).
     */
    static String awaitNotifyAnswers(FlowRecorder flows, Scenario scenario, Ue spec, long mark, int count)
            throws InterruptedException {
        Domain home = scenario.domain(spec.homeDomain()).orElseThrow();
        InetAddress pcscf = scenario.pcscfOf(spec).address();
        Set<InetAddress> scscfs = new HashSet<>();
        home.scscfs().forEach(n -> scscfs.add(n.address()));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        int seen = -1;
        long seenSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            int notifies = 0;
            int answers = 0;
            for (CaptureEvent e : flows.bus().since(mark)) {
                if (e.protocol() != Protocol.SIP) continue;
                InetAddress from = e.source().getAddress();
                InetAddress to = e.destination().getAddress();
                if (scscfs.contains(from) && pcscf.equals(to) && SipParser.parse(e.bytes()) instanceof SipRequest r
                        && r.isMethod("NOTIFY")) notifies++;
                if (pcscf.equals(from) && scscfs.contains(to) && SipParser.parse(e.bytes()) instanceof SipResponse resp
                        && resp.status() >= 200 && resp.cseq().method().equals("NOTIFY")) answers++;
            }
            long now = System.nanoTime();
            if (notifies + answers != seen) {
                seen = notifies + answers;
                seenSince = now;
            }
            if (notifies >= count && answers >= notifies && now - seenSince >= QUIET_NS) return null;
            if (now >= deadline - TimeUnit.MILLISECONDS.toNanos(20)) {
                return "reg event of " + spec.impu() + ": " + notifies + " NOTIFY(s) from the S-CSCF to " + spec.pcscf()
                        + ", " + answers + " answered, after " + TIMEOUT_S + " s (" + count + " expected); going on";
            }
            Thread.sleep(10);
        }
        return "reg event of " + spec.impu() + ": not settled after " + TIMEOUT_S + " s; going on";
    }

    static void noteUnsettled(Progress progress, String unsettled) {
        if (unsettled != null) progress.step("note: " + unsettled);
    }

    /** UE, P-CSCF and S-CSCF of a UE's home network: who takes part in its reg event subscriptions. */
    static Map<String, String> regEventRoles(Scenario scenario, Ue ue) {
        Domain home = scenario.domain(ue.homeDomain()).orElseThrow();
        return FlowRecorder.roles(ue.name(), "UE#1", ue.pcscf(), "P-CSCF#1", home.scscf().name(), "S-CSCF#1");
    }

    /**
     * Waits (at most the step timeout) until the ACK has reached the callee and RTP flows both ways. A
     * sooner BYE is valid SIP, but it may overtake the ACK on its way, and the flow check compares one
     * total order: with a short call duration the demo would fail for nothing.
     */
    private static boolean awaitEstablished(CaptureBus bus, long mark, Ue callee, Call caller, Call answered)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (System.nanoTime() < deadline) {
            if (caller.rtpStatistics().packetsReceived() > 0 && answered.rtpStatistics().packetsReceived() > 0
                    && ackReached(bus, mark, callee)) return true;
            Thread.sleep(10);
        }
        return false;
    }

    private static boolean ackReached(CaptureBus bus, long mark, Ue callee) {
        return arrived(bus, mark, callee, "ACK");
    }

    /** Whether a request with {@code method}, sent after {@code mark}, has reached {@code ue}. */
    static boolean arrived(CaptureBus bus, long mark, Ue ue, String method) {
        for (CaptureEvent e : bus.since(mark)) {
            if (e.protocol() == Protocol.SIP && ue.address().equals(e.destination().getAddress())
                    && SipParser.parse(e.bytes()) instanceof SipRequest r && r.isMethod(method)) return true;
        }
        return false;
    }

    private static void deregister(FlowRecorder flows, Scenario scenario, Ue spec, UserEquipment ue, Progress progress) throws Exception {
        flows.begin();
        progress.step("de-register " + spec.impu());
        long mark = flows.mark();
        ue.unregister().get(TIMEOUT_S, TimeUnit.SECONDS);
        noteUnsettled(progress, awaitNotifyAnswers(flows, scenario, spec, mark, 2)); // the P-CSCF and the UE were told
        progress.flow(flows.end("De-registration of " + spec.impu(), "deregistration-cx", homeRoles(scenario, spec, "1")));
    }

    /** A refresh with the credentials the UE already has: no new challenge (TS 24.229 5.1.1.4). */
    private static void reregister(FlowRecorder flows, Scenario scenario, Ue spec, UserEquipment ue, Progress progress) throws Exception {
        flows.begin();
        long mark = flows.mark();
        progress.step("re-register " + spec.impu());
        Registration r = ue.register().get(TIMEOUT_S, TimeUnit.SECONDS);
        if (!r.isSuccess()) throw new IllegalStateException(spec.name() + " could not re-register: " + r);
        noteUnsettled(progress, awaitNotifyAnswers(flows, scenario, spec, mark, 2)); // both subscriptions hear of the refresh
        progress.flow(flows.end("Re-registration of " + spec.impu(), "re-registration", homeRoles(scenario, spec, "1")));
    }

    /**
     * The HSS ends the registration (Cx RTR, TS 29.228 6.1.3); the S-CSCF tells the P-CSCF and the UE
     * by reg event NOTIFYs. False when the UE's domain has no HSS in this process.
     */
    private static boolean deregisterByNetwork(FlowRecorder flows, ImsNetwork net, Scenario scenario, Ue spec, Progress progress)
            throws Exception {
        Domain home = scenario.domain(spec.homeDomain()).orElseThrow();
        if (home.hss().isEmpty() || !(net.logicOf(home.hss().get().name()) instanceof HssNode hss)) return false;
        flows.begin();
        progress.step("network-initiated de-registration of " + spec.impu() + " by " + home.hss().get().name());
        long mark = flows.mark();
        hss.deregister(spec.impi(), CxValues.PERMANENT_TERMINATION, "imsemu demo").get(TIMEOUT_S, TimeUnit.SECONDS);
        noteUnsettled(progress, awaitNotifyAnswers(flows, scenario, spec, mark, 2)); // the P-CSCF and the UE were told
        progress.flow(flows.end("Network-initiated de-registration of " + spec.impu(), "network-deregistration",
                homeRoles(scenario, spec, "1")));
        return true;
    }

    /** UE, P-CSCF, I-CSCF, S-CSCF and HSS of a UE's home network, labelled with {@code side}. */
    static Map<String, String> homeRoles(Scenario scenario, Ue ue, String side) {
        Domain home = scenario.domain(ue.homeDomain()).orElseThrow();
        Map<String, String> roles = FlowRecorder.roles(ue.name(), "UE#" + side, ue.pcscf(), "P-CSCF#" + side,
                home.icscf().name(), "I-CSCF#" + side, home.scscf().name(), "S-CSCF#" + side);
        home.hss().ifPresent(h -> roles.put(h.name(), "HSS#" + side));
        return roles;
    }

    /** The hosts the initial INVITE went through, in order. */
    static List<String> invitePath(List<CaptureEvent> events, CaptureBus bus) {
        List<String> path = new ArrayList<>();
        for (CaptureEvent e : events) {
            if (e.protocol() != Protocol.SIP || !(SipParser.parse(e.bytes()) instanceof SipRequest r) || !r.isMethod("INVITE")
                    || r.toTag() != null) continue;
            String from = bus.nameOf(e.source());
            String to = bus.nameOf(e.destination());
            if (path.isEmpty()) path.add(from);
            if (path.get(path.size() - 1).equals(from)) path.add(to);
        }
        return path;
    }
}
