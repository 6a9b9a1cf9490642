package org.imsemu.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.imsemu.capture.CaptureBus;
import org.imsemu.rtp.MediaDirection;
import org.imsemu.scenario.Scenario;
import org.imsemu.ue.AnswerPolicy;
import org.imsemu.ue.Call;
import org.imsemu.ue.UserEquipment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hold and resume (RFC 3264 8.4) between UEs of two operators, through every CSCF: the RTP counters of
 * both ends before, during and after the hold, and the re-INVITEs against flow call-hold.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HoldAcrossOperatorsTest {
    private static final long TIMEOUT_S = 20;
    /** Long enough for 15 packets of 20 ms: a counter that should move does. */
    private static final long WINDOW_MS = 300;

    private final Scenario scenario = TestScenarios.ipv4("rt-hold");
    private CaptureBus bus;
    private ImsNetwork net;
    private UserEquipment ann;
    private UserEquipment bea;

    @BeforeAll
    void start() throws Exception {
        bus = new CaptureBus();
        net = ImsNetwork.start(scenario, bus, ImsNetwork.Options.defaults());
        ann = net.startUe("ann", AnswerPolicy.autoAnswer(java.time.Duration.ZERO));
        bea = net.startUe("bea", AnswerPolicy.autoAnswer(java.time.Duration.ZERO));
        for (UserEquipment ue : List.of(ann, bea)) {
            assertThat(ue.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).as(ue.toString()).isTrue();
        }
    }

    @AfterAll
    void stop() {
        if (net != null) net.close();
        if (bus != null) bus.close();
    }

    /** Counters of one end: [sent, received]. */
    private static long[] counts(Call c) {
        return new long[] {c.audioPacketsSent(), c.audioPacketsReceived()};
    }

    @Test
    void heldMediaStopsOneWayAndResumes() throws Exception {
        CompletableFuture<Call> incoming = bea.nextIncomingCall();
        Call holder = ann.call(TestScenarios.impu("bea", TestScenarios.BETA));
        Call held = incoming.get(TIMEOUT_S, TimeUnit.SECONDS);
        holder.answered().get(TIMEOUT_S, TimeUnit.SECONDS);
        await(() -> holder.audioPacketsReceived() > 5 && held.audioPacketsReceived() > 5);

        // before: both ends send and receive
        long[] holderBefore = counts(holder);
        long[] heldBefore = counts(held);
        Thread.sleep(WINDOW_MS);
        assertThat(holder.audioPacketsSent()).isGreaterThan(holderBefore[0]);
        assertThat(held.audioPacketsSent()).isGreaterThan(heldBefore[0]);
        assertThat(holder.audioPacketsReceived()).isGreaterThan(holderBefore[1]);

        FlowRecorder flows = new FlowRecorder(bus);
        flows.begin();
        assertThat(holder.hold().get(TIMEOUT_S, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(holder.isHolding()).isTrue();
        assertThat(holder.audioDirection()).isEqualTo(MediaDirection.SEND_ONLY);
        assertThat(held.audioDirection()).isEqualTo(MediaDirection.RECV_ONLY);
        Thread.sleep(100); // what was on its way arrives
        long[] holderDuring = counts(holder);
        long[] heldDuring = counts(held);
        Thread.sleep(WINDOW_MS);
        // during: the held end sends nothing and the holder receives nothing; the holder goes on sending
        assertThat(held.audioPacketsSent()).as("held end sent while on hold").isEqualTo(heldDuring[0]);
        assertThat(holder.audioPacketsReceived()).as("holder received while holding").isEqualTo(holderDuring[1]);
        assertThat(holder.audioPacketsSent()).isGreaterThan(holderDuring[0]);
        assertThat(held.audioPacketsReceived()).isGreaterThan(heldDuring[1]);

        assertThat(holder.resume().get(TIMEOUT_S, TimeUnit.SECONDS).status()).isEqualTo(200);
        long[] holderAfter = counts(holder);
        long[] heldAfter = counts(held);
        await(() -> held.audioPacketsSent() > heldAfter[0] + 5 && holder.audioPacketsReceived() > holderAfter[1] + 5);
        assertThat(holder.audioDirection()).isEqualTo(MediaDirection.SEND_RECV);
        await(() -> acksAtBea() >= 3); // the call's, the hold's and the resume's: the flow is complete

        FlowRecorder.FlowResult r = flows.end("Hold and resume ann -> bea", "call-hold",
                CallFlow.of(scenario, scenario.ue("ann").orElseThrow(), scenario.ue("bea").orElseThrow()).roles());
        assertThat(r.passed()).as(r.verdict().summary() + "\n" + r.ladder()).isTrue();
        holder.hangUp().get(TIMEOUT_S, TimeUnit.SECONDS);
    }

    private long acksAtBea() {
        return Hops.since(bus, 0).stream().filter(h -> h.isRequest("ACK") && h.to().equals("bea")).count();
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out");
            Thread.sleep(10);
        }
    }
}
