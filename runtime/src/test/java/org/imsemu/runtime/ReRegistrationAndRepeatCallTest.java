package org.imsemu.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.imsemu.capture.CaptureBus;
import org.imsemu.nodes.pcscf.PCscf;
import org.imsemu.nodes.scscf.SCscf;
import org.imsemu.scenario.Scenario;
import org.imsemu.ue.AnswerPolicy;
import org.imsemu.ue.Call;
import org.imsemu.ue.CallEnd;
import org.imsemu.ue.Registration;
import org.imsemu.ue.UserEquipment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A registration refreshed through the real chain, and calls one after another (dialogs clean up). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReRegistrationAndRepeatCallTest {
    private static final long TIMEOUT_S = 20;

    private final Scenario scenario = TestScenarios.ipv4("rt-repeat");
    private CaptureBus bus;
    private ImsNetwork net;
    private UserEquipment ann;
    private UserEquipment bea;

    @BeforeAll
    void start() throws Exception {
        bus = new CaptureBus();
        net = ImsNetwork.start(scenario, bus, ImsNetwork.Options.defaults());
        ann = net.startUe("ann", AnswerPolicy.never());
        bea = net.startUe("bea", AnswerPolicy.autoAnswer(Duration.ofMillis(100)));
        assertThat(ann.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();
        assertThat(bea.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();
    }

    @AfterAll
    void stop() {
        if (net != null) net.close();
        if (bus != null) bus.close();
    }

    @Test
    void reRegistrationIsAnsweredWithoutANewChallenge() throws Exception {
        long mark = bus.mark();
        Registration again = ann.register().get(TIMEOUT_S, TimeUnit.SECONDS);

        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.challenges()).isZero();
        assertThat(again.requestsSent()).isEqualTo(1);
        assertThat(again.serviceRoutes()).extracting(na -> na.uri().toString()).containsExactly("sip:orig@scscf-a.alpha.test;lr");
        List<Hops.Hop> hops = Hops.since(bus, mark);
        assertThat(Hops.labels(hops.stream().filter(h -> h.message().cseq().method().equals("REGISTER")).toList())).containsExactly(
                "ann>pcscf-a REGISTER", "pcscf-a>icscf-a REGISTER", "icscf-a>scscf-a REGISTER",
                "scscf-a>icscf-a 200 REGISTER", "icscf-a>pcscf-a 200 REGISTER", "pcscf-a>ann 200 REGISTER");
        // besides: the reg event subscriptions (the P-CSCF's, the UE's) hear of the refresh (RFC 3680); no new one is made
        assertThat(Hops.labels(hops).stream().filter(l -> !l.endsWith("REGISTER")).toList())
                .isSubsetOf("scscf-a>pcscf-a NOTIFY", "pcscf-a>scscf-a 200 NOTIFY", "pcscf-a>ann NOTIFY", "ann>pcscf-a 200 NOTIFY");
        // a refresh replaces the binding, it does not add one
        assertThat(((PCscf) net.logicOf("pcscf-a")).registeredUes()).isEqualTo(1);
        assertThat(((SCscf) net.logicOf("scscf-a")).registeredUsers()).isEqualTo(1);
        assertThat(ann.isRegistered()).isTrue();
    }

    @Test
    void secondCallAfterTheFirstWorksAndBothFollowTheRecordRoutes() throws Exception {
        CallEnd first = callAndHangUp();
        long mark = bus.mark();
        CallEnd second = callAndHangUp();

        for (CallEnd end : List.of(first, second)) {
            assertThat(end.cause()).isEqualTo(CallEnd.Cause.LOCAL_BYE);
            assertThat(end.wasEstablished()).isTrue();
            assertThat(end.rtp().packetsReceived()).isPositive();
        }
        List<String> hops = Hops.labels(Hops.since(bus, mark));
        assertThat(hops).containsSubsequence("ann>pcscf-a BYE", "pcscf-a>scscf-a BYE", "scscf-a>icscf-b BYE",
                "icscf-b>scscf-b BYE", "scscf-b>pcscf-b BYE", "pcscf-b>bea BYE", "bea>pcscf-b 200 BYE", "pcscf-a>ann 200 BYE");
        await(() -> ann.activeCalls().isEmpty() && bea.activeCalls().isEmpty(), "no call left at either UE");
    }

    @Test
    void repeatedCallMatchesTheTs24228Flow() throws Exception {
        callAndHangUp();
        FlowRecorder flows = new FlowRecorder(bus);
        flows.begin();
        callAndHangUp();
        FlowRecorder.FlowResult r = flows.end("second call", "mo-mt-call",
                CallFlow.of(scenario, scenario.ue("ann").orElseThrow(), scenario.ue("bea").orElseThrow()).roles());
        assertThat(r.passed()).as(r.verdict().summary() + "\n" + r.ladder()).isTrue();
    }

    /**
     * ann calls bea, waits until the ACK has reached bea and RTP flows both ways, hangs up; returns ann's
     * end once bea's call has ended too. (Hanging up sooner is valid SIP, but the BYE would then overtake
     * the ACK on its way, and the TS 24.228 flow is compared in one total order.)
     */
    private CallEnd callAndHangUp() throws Exception {
        long mark = bus.mark();
        CompletableFuture<Call> incoming = bea.nextIncomingCall();
        Call call = ann.call(TestScenarios.impu("bea", TestScenarios.BETA));
        call.answered().get(TIMEOUT_S, TimeUnit.SECONDS);
        Call atBea = incoming.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(atBea.callId()).isEqualTo(call.callId());
        await(() -> call.rtpStatistics().packetsReceived() > 0 && atBea.rtpStatistics().packetsReceived() > 0, "RTP both ways");
        await(() -> Hops.labels(Hops.since(bus, mark)).contains("pcscf-b>bea ACK"), "the ACK reached bea");
        CallEnd end = call.hangUp().get(TIMEOUT_S, TimeUnit.SECONDS);
        CallEnd beaEnd = atBea.ended().get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(beaEnd.cause()).isEqualTo(CallEnd.Cause.REMOTE_BYE);
        return end;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + TIMEOUT_S + " s: " + what);
            Thread.sleep(20);
        }
    }
}
