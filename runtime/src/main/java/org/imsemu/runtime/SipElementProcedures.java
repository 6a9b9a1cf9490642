package org.imsemu.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.imsemu.capture.CaptureBus;
import org.imsemu.scenario.Domain;
import org.imsemu.scenario.Scenario;
import org.imsemu.scenario.Ue;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.ue.AnswerPolicy;
import org.imsemu.ue.Call;
import org.imsemu.ue.CallState;
import org.imsemu.ue.IncomingMessage;
import org.imsemu.ue.Registration;
import org.imsemu.ue.UeConfig;
import org.imsemu.ue.UserEquipment;

/**
 * What {@code imsemu demo --all} adds to the demo: one procedure for each element of the SIP axis that
 * two UEs of different operators can show, each recorded and checked against its flow, in the order a
 * reader meets them in docs/sip-elements.md. UE A (the first UE) calls UE B (the first UE of another
 * domain); UE C (another UE of A's domain, if the scenario has one) is the transfer and redirection
 * target. The UEs are restarted for this part with a manual answer policy, so that the demo decides
 * when a call is answered (or not, for CANCEL), and restarted again with whatever options a procedure
 * needs (preconditions, redirection); at the end they are back as the demo started them.
 */
final class SipElementProcedures {
    private static final long TIMEOUT_S = 15;
    /** How long RTP counters are watched in each state of a hold: 25 packets of 20 ms and more. */
    private static final long MEDIA_WINDOW_MS = 600;

    private final ImsNetwork net;
    private final CaptureBus bus;
    private final Scenario scenario;
    private final FlowRecorder flows;
    private final Demo.Progress progress;
    private final Map<String, UserEquipment> ues;
    private final AnswerPolicy standardPolicy;
    private final Ue a;
    private final Ue b;
    private final Ue c;
    private final List<String> problems = new ArrayList<>();

    private SipElementProcedures(ImsNetwork net, FlowRecorder flows, Demo.Progress progress, Map<String, UserEquipment> ues,
                                 AnswerPolicy standardPolicy, Ue a, Ue b, Ue c) {
        this.net = net;
        this.bus = net.bus();
        this.scenario = net.scenario();
        this.flows = flows;
        this.progress = progress;
        this.ues = ues;
        this.standardPolicy = standardPolicy;
        this.a = a;
        this.b = b;
        this.c = c;
    }

    /**
     * Runs every procedure between the scenario's first UE and the first UE of another domain; {@code ues}
     * (the demo's running UEs by name) is kept current as UEs are restarted. Returns the problems found
     * beyond the flow verdicts (media that did not stop on hold, a leak through topology hiding...).
     */
    static List<String> run(ImsNetwork net, FlowRecorder flows, Demo.Progress progress, Map<String, UserEquipment> ues,
                            AnswerPolicy standardPolicy) throws Exception {
        Scenario s = net.scenario();
        Ue a = s.ues().get(0);
        Ue b = s.ues().stream().filter(u -> !u.homeDomain().equalsIgnoreCase(a.homeDomain())).findFirst().orElse(null);
        if (b == null) return List.of("demo --all needs UEs in two domains; scenario " + s.name() + " has one");
        Ue c = s.ues().stream().filter(u -> u != a && u != b && u.homeDomain().equalsIgnoreCase(a.homeDomain())).findFirst()
                .orElse(null);
        SipElementProcedures p = new SipElementProcedures(net, flows, progress, ues, standardPolicy, a, b, c);
        try {
            p.all();
        } finally {
            p.restoreAll();
        }
        return p.problems;
    }

    private void all() throws Exception {
        for (Ue u : participants()) restart(u, AnswerPolicy.never(), UnaryOperator.identity());
        message();
        cancelWhileRinging();
        anonymousCall();
        Call[] call = establish(a, b);
        holdAndResume(call);
        modifySession(call);
        hangUp(call);
        if (c != null) {
            transfer();
            redirection();
        } else {
            problems.add("no third UE in " + a.homeDomain() + ": transfer and redirection not shown");
        }
        preconditions();
        topologyHidden();
    }

    private List<Ue> participants() {
        return c == null ? List.of(a, b) : List.of(a, b, c);
    }

    // ---- the procedures ----

    /** Element 4: page-mode MESSAGE (RFC 3428), routed like an INVITE but creating no dialog. */
    private void message() throws Exception {
        flows.begin();
        progress.step("MESSAGE " + a.impu() + " -> " + b.impu());
        CompletableFuture<IncomingMessage> in = ue(b).nextIncomingMessage();
        SipResponse r = ue(a).sendMessage(b.impu(), "text/plain", "Hello from " + a.name() + " (imsemu demo --all)").get(TIMEOUT_S, TimeUnit.SECONDS);
        in.get(TIMEOUT_S, TimeUnit.SECONDS);
        if (r.status() != 200) problems.add("MESSAGE " + a.name() + " -> " + b.name() + " got " + r.status());
        end("MESSAGE " + a.name() + " -> " + b.name(), "message", callRoles(a, b));
    }

    /**
     * Element 3: an anonymous call (From anonymous, Privacy: id). The networks assert who calls; the
     * callee learns it neither from From nor from P-Asserted-Identity (RFC 3323, RFC 3325).
     */
    private void anonymousCall() throws Exception {
        flows.begin();
        progress.step(a.impu() + " calls " + b.impu() + " anonymously (Privacy: id)");
        long mark = bus.mark();
        CompletableFuture<Call> incoming = ue(b).nextIncomingCall();
        Call call = ue(a).callAnonymously(b.impu());
        Call answered = incoming.get(TIMEOUT_S, TimeUnit.SECONDS);
        answerOnceRinging(call, answered);
        call.answered().get(TIMEOUT_S, TimeUnit.SECONDS);
        awaitMedia(call, answered);
        awaitArrival(b, "ACK", mark);
        if (!answered.remoteUri().toString().equals("sip:anonymous@anonymous.invalid")) {
            problems.add(b.name() + " saw the anonymous caller as " + answered.remoteUri());
        }
        hangUp(new Call[] {call, answered});
        end("Anonymous call " + a.name() + " -> " + b.name(), "call-anonymous", callRoles(a, b));
    }

    /** CANCEL while the callee rings: 487 end to end (RFC 3261 9, TS 24.228 10.x). */
    private void cancelWhileRinging() throws Exception {
        flows.begin();
        progress.step("call " + a.impu() + " -> " + b.impu() + ", cancelled while ringing");
        CompletableFuture<Call> incoming = ue(b).nextIncomingCall();
        Call call = ue(a).call(b.impu());
        await(() -> call.state() == CallState.RINGING, a.name() + " hears ringing");
        call.cancel().get(TIMEOUT_S, TimeUnit.SECONDS);
        incoming.get(TIMEOUT_S, TimeUnit.SECONDS).ended().get(TIMEOUT_S, TimeUnit.SECONDS);
        if (call.finalStatus() != 487) problems.add("cancelled call ended with " + call.finalStatus() + ", not 487");
        end("Call " + a.name() + " -> " + b.name() + " cancelled", "call-cancel", callRoles(a, b));
    }

    /**
     * Element 7: A holds B (re-INVITE with a=sendonly, answered recvonly) and resumes (sendrecv); B's RTP
     * stops while held and flows again after, A's never stops (RFC 3264 8.4).
     */
    private void holdAndResume(Call[] call) throws Exception {
        Call holder = call[0];
        Call held = call[1];
        flows.begin();
        progress.step(a.name() + " puts " + b.name() + " on hold, then resumes");
        expectOk(holder.hold().get(TIMEOUT_S, TimeUnit.SECONDS), "hold");
        Thread.sleep(200); // packets already on their way
        long heldSent = held.audioPacketsSent();
        long holderSent = holder.audioPacketsSent();
        Thread.sleep(MEDIA_WINDOW_MS);
        if (held.audioPacketsSent() != heldSent) {
            problems.add(b.name() + " kept sending RTP while on hold: " + heldSent + " -> " + held.audioPacketsSent());
        }
        if (holder.audioPacketsSent() <= holderSent) problems.add(a.name() + " stopped sending RTP while holding");
        long beforeResume = bus.mark();
        expectOk(holder.resume().get(TIMEOUT_S, TimeUnit.SECONDS), "resume");
        awaitArrival(b, "ACK", beforeResume);
        long resumed = held.audioPacketsReceived() + holder.audioPacketsReceived();
        long heldAfter = held.audioPacketsSent();
        Thread.sleep(MEDIA_WINDOW_MS);
        if (held.audioPacketsSent() <= heldAfter || holder.audioPacketsReceived() + held.audioPacketsReceived() <= resumed) {
            problems.add("RTP did not flow both ways again after resume");
        }
        end("Hold and resume " + a.name() + " -> " + b.name(), "call-hold", callRoles(a, b));
    }

    /** Element 6: a video stream added by UPDATE (RFC 3311), then the audio codec changed by re-INVITE. */
    private void modifySession(Call[] call) throws Exception {
        Call caller = call[0];
        Call callee = call[1];
        flows.begin();
        progress.step(a.name() + " adds video by UPDATE, then changes the audio codec to PCMA by re-INVITE");
        expectOk(caller.addVideo(Call.OfferMethod.UPDATE).get(TIMEOUT_S, TimeUnit.SECONDS), "UPDATE adding video");
        await(() -> caller.videoPacketsReceived() > 0 && callee.videoPacketsReceived() > 0, "video both ways");
        long beforeReinvite = bus.mark();
        expectOk(caller.changeCodec(8, Call.OfferMethod.INVITE).get(TIMEOUT_S, TimeUnit.SECONDS), "re-INVITE to PCMA");
        awaitArrival(b, "ACK", beforeReinvite);
        await(() -> caller.audioPayloadType() == 8 && callee.audioPayloadType() == 8, "PCMA both ways");
        end("Session modification " + a.name() + " -> " + b.name(), "session-modification", callRoles(a, b));
    }

    /**
     * Element 9: A transfers B to C (REFER with Referred-By); B calls C, reports the progress in NOTIFYs
     * (message/sipfrag), and A hangs up once B reached C.
     */
    private void transfer() throws Exception {
        Call[] ab = establish(a, b);
        flows.begin();
        progress.step(a.name() + " transfers " + b.name() + " to " + c.name() + " (REFER)");
        long mark = bus.mark();
        CompletableFuture<Call> atC = ue(c).nextIncomingCall();
        CompletableFuture<Integer> outcome = ab[0].transferTo(c.impu());
        Call incoming = atC.get(TIMEOUT_S, TimeUnit.SECONDS);
        Call bc = ab[1].referredCall().get(TIMEOUT_S, TimeUnit.SECONDS);
        answerOnceRinging(bc, incoming);
        int status = outcome.get(TIMEOUT_S, TimeUnit.SECONDS);
        if (status != 200) problems.add("transfer of " + b.name() + " to " + c.name() + " reported " + status);
        ab[0].ended().get(TIMEOUT_S, TimeUnit.SECONDS);
        ab[1].ended().get(TIMEOUT_S, TimeUnit.SECONDS);
        awaitMedia(bc, incoming);
        awaitArrival(c, "ACK", mark);
        end("Transfer of " + b.name() + " to " + c.name() + " by " + a.name(), "call-transfer", transferRoles());
        hangUp(new Call[] {bc, incoming});
    }

    /** Element 8: B redirects (302 to C); A's UE follows the Contact and reaches C. */
    private void redirection() throws Exception {
        restart(b, AnswerPolicy.redirect("<" + c.impu() + ">"), UnaryOperator.identity());
        flows.begin();
        progress.step(a.name() + " calls " + b.name() + ", who redirects to " + c.name() + " (302)");
        long mark = bus.mark();
        CompletableFuture<Call> atC = ue(c).nextIncomingCall();
        Call call = ue(a).call(b.impu());
        Call incoming = atC.get(TIMEOUT_S, TimeUnit.SECONDS);
        answerOnceRinging(call, incoming);
        call.answered().get(TIMEOUT_S, TimeUnit.SECONDS);
        awaitMedia(call, incoming);
        awaitArrival(c, "ACK", mark);
        end("Redirection of " + a.name() + "'s call from " + b.name() + " to " + c.name(), "call-redirection", transferRoles());
        hangUp(new Call[] {call, incoming});
        restart(b, AnswerPolicy.never(), UnaryOperator.identity());
    }

    /** Element 1: both UEs support preconditions and 100rel: reliable 183, PRACK, UPDATE, reliable 180... */
    private void preconditions() throws Exception {
        UnaryOperator<UeConfig.Builder> qos = o -> o.reliableProvisionals(true).preconditions(true);
        restart(a, AnswerPolicy.never(), qos);
        restart(b, AnswerPolicy.never(), qos);
        flows.begin();
        progress.step("call " + a.impu() + " -> " + b.impu() + " with preconditions (100rel, PRACK, UPDATE)");
        CompletableFuture<Call> incoming = ue(b).nextIncomingCall();
        Call call = ue(a).call(b.impu());
        Call answered = incoming.get(TIMEOUT_S, TimeUnit.SECONDS);
        await(() -> answered.state() == CallState.RINGING, b.name() + " alerting once both ends have their resources");
        answerOnceRinging(call, answered);
        call.answered().get(TIMEOUT_S, TimeUnit.SECONDS);
        awaitMedia(call, answered);
        if (!call.usedPreconditions()) problems.add("the call " + a.name() + " -> " + b.name() + " did not use preconditions");
        hangUp(new Call[] {call, answered});
        end("Call " + a.name() + " -> " + b.name() + " with preconditions", "mo-mt-call-preconditions", callRoles(a, b));
    }

    /**
     * Element 10: for every domain with {@code thig="true"}, no SIP message that crossed between it and
     * another domain during the demo names one of its hosts other than its I-CSCF, by name or address
     * (TS 23.228 4.14). UEs' own Contact and SDP addresses are not the network's topology and stay.
     */
    private void topologyHidden() throws InterruptedException {
        List<HiddenTopology> hiding = HiddenTopology.of(scenario);
        if (hiding.isEmpty()) {
            progress.step("topology hiding: no domain of scenario " + scenario.name() + " has thig=\"true\"; not shown");
            return;
        }
        bus.awaitDispatched();
        for (HiddenTopology h : hiding) {
            progress.step("topology hiding of " + h.domain().name() + ": every message that left it, scanned for its hosts");
            int[] crossed = {0};
            for (String leak : h.leaks(bus, scenario, 0, crossed)) problems.add("topology hiding of " + h.domain().name() + ": " + leak);
            if (crossed[0] == 0) problems.add("topology hiding of " + h.domain().name() + ": no message crossed its border");
        }
    }

    // ---- helpers ----

    private UserEquipment ue(Ue u) {
        return ues.get(u.name());
    }

    /** Restarts UE {@code u} with this policy and these options, registered again (not recorded as a flow). */
    private void restart(Ue u, AnswerPolicy policy, UnaryOperator<UeConfig.Builder> options) throws Exception {
        long mark = flows.mark();
        UserEquipment fresh = net.startUe(u.name(), policy, options);
        ues.put(u.name(), fresh);
        Registration r = fresh.register().get(TIMEOUT_S, TimeUnit.SECONDS);
        if (!r.isSuccess()) throw new IllegalStateException(u.name() + " could not register again: " + r);
        // the P-CSCF's subscription hears of the refresh, the old UE's is answered 481, the new UE subscribes
        Demo.noteUnsettled(progress, Demo.awaitNotifyAnswers(flows, scenario, u, mark, 2));
    }

    /** Back to the demo's own UEs, so that its re-registration and de-registration steps run as always. */
    private void restoreAll() throws Exception {
        for (Ue u : participants()) restart(u, standardPolicy, UnaryOperator.identity());
    }

    /** A call from {@code from} to {@code to}, answered, with RTP both ways; not recorded. */
    private Call[] establish(Ue from, Ue to) throws Exception {
        long mark = bus.mark();
        CompletableFuture<Call> incoming = ue(to).nextIncomingCall();
        Call call = ue(from).call(to.impu());
        Call answered = incoming.get(TIMEOUT_S, TimeUnit.SECONDS);
        answerOnceRinging(call, answered);
        call.answered().get(TIMEOUT_S, TimeUnit.SECONDS);
        awaitMedia(call, answered);
        awaitArrival(to, "ACK", mark);
        return new Call[] {call, answered};
    }

    /**
     * Answers once the caller hears ringing. A callee answering at once sends its 180 and 200 a moment
     * apart, and where a node plays two roles in a flow (the S-CSCF of both ends of a call inside one
     * network) the two responses would cross inside it, which a flow written as one order cannot tell
     * from a wrong order. A person picks up later than that anyway.
     */
    private void answerOnceRinging(Call caller, Call callee) throws Exception {
        await(() -> caller.state() == CallState.RINGING, "ringing at the caller");
        callee.answer().get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    /** Waits until a request with {@code method} sent after {@code mark} has reached UE {@code u}. */
    private void awaitArrival(Ue u, String method, long mark) throws InterruptedException {
        await(() -> Demo.arrived(bus, mark, u, method), method + " at " + u.name());
    }

    private void hangUp(Call[] call) throws Exception {
        call[0].hangUp().get(TIMEOUT_S, TimeUnit.SECONDS);
        call[1].ended().get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    /**
     * RTP both ways, and the ACK at the side that answered: a request sent sooner may overtake that ACK
     * at a proxy (each hop forwards the ACK statelessly after resolving its next hop), which is valid SIP
     * but not the order a flow checks.
     */
    private void awaitMedia(Call caller, Call answered) throws InterruptedException {
        await(() -> caller.audioPacketsReceived() > 0 && answered.audioPacketsReceived() > 0
                && answered.signalling().contains("< ACK"), "RTP both ways and the ACK");
    }

    private void expectOk(SipResponse r, String what) {
        if (r.status() != 200) problems.add(what + " got " + r.status() + " " + r.reason());
    }

    private void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                problems.add("timed out waiting for " + what);
                return;
            }
            Thread.sleep(10);
        }
    }

    private void end(String title, String flow, Map<String, String> roles) throws InterruptedException {
        progress.flow(flows.end(title, flow, roles));
    }

    /** The plain call roles between two UEs (no application server: these calls are not the AS demo's). */
    private Map<String, String> callRoles(Ue from, Ue to) {
        Domain orig = scenario.domain(from.homeDomain()).orElseThrow();
        Domain term = scenario.domain(to.homeDomain()).orElseThrow();
        return FlowRecorder.roles(from.name(), "UE#1", from.pcscf(), "P-CSCF#1", orig.scscf().name(), "S-CSCF#1",
                term.icscf().name(), "I-CSCF#2", term.scscf().name(), "S-CSCF#2", to.pcscf(), "P-CSCF#2", to.name(), "UE#2");
    }

    /** The call roles of A and B, plus C and the I-CSCF of C's (and A's) domain. */
    private Map<String, String> transferRoles() {
        Map<String, String> roles = callRoles(a, b);
        roles.put(scenario.domain(c.homeDomain()).orElseThrow().icscf().name(), "I-CSCF#1");
        roles.put(c.name(), "UE#3");
        return roles;
    }
}
