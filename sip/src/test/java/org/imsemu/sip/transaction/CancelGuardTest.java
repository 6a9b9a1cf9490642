package org.imsemu.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imsemu.sip.transport.TransportType.TCP;
import static org.imsemu.sip.transport.TransportType.UDP;

import org.imsemu.sip.message.SipRequest;
import org.junit.jupiter.api.Test;

/**
 * CANCEL at the client side (RFC 3261 9.1): an INVITE with no final response 64*T1 after its CANCEL is
 * given up by the layer and reported as a timeout, whoever the TU is.
 */
class CancelGuardTest extends TransactionTestBase {
    private static final long GUARD = TimerSettings.DEFAULT.timeout(); // 64*T1

    /** INVITE sent, 180 received, then {@code cancelAt} ms after the send the CANCEL goes out. */
    private SipRequest ringing(String branch, RecordingListener l, long cancelAt, RecordingListener cancelListener) {
        SipRequest invite = outgoing("INVITE", branch, UDP);
        layer.sendRequest(invite, UDP, NEXT_HOP, l);
        timer.advance(100);
        layer.onInbound(responseTo(invite, 180, "t1", UDP));
        timer.advanceTo(cancelAt);
        layer.sendRequest(TransactionLayer.createCancel(invite), UDP, NEXT_HOP, cancelListener);
        return invite;
    }

    @Test
    void noFinalAfterTheCancel_theInviteEndsAt64T1_reportedAsOneTimeout() {
        RecordingListener l = listener();
        RecordingListener cl = listener();
        SipRequest invite = ringing("z9hG4bKg1", l, 1_000, cl);
        SipRequest cancel = transport.requests("CANCEL").get(0).request();
        assertThat(cancel.topVia().branch()).isEqualTo(invite.topVia().branch());
        layer.onInbound(responseTo(cancel, 200, "t1", UDP)); // the UAS takes the CANCEL, never answers the INVITE
        timer.advance(TimerSettings.DEFAULT.t4()); // Timer K of the CANCEL
        assertThat(layer.size()).as("only the INVITE is left").isEqualTo(1);

        timer.advanceTo(1_000 + GUARD - 1);
        assertThat(l.timeouts).isEmpty();
        assertThat(layer.size()).isEqualTo(1);

        timer.advance(1);
        assertThat(l.timeouts).containsExactly(1_000 + GUARD);
        assertThat(l.statuses()).containsExactly(180);
        assertThat(layer.size()).isZero();
        assertThat(timer.pending()).isZero();
        assertThat(cl.statuses()).containsExactly(200);
        assertThat(cl.timeouts).isEmpty();

        // Gone from the maps: a late 487 is a stray now, not reported to the listener and not ACKed.
        layer.onInbound(responseTo(invite, 487, "t1", UDP));
        assertThat(l.statuses()).containsExactly(180);
        assertThat(transport.requests("ACK")).isEmpty();
        assertThat(user.strays).hasSize(1);
        assertThat(l.timeouts).hasSize(1);
    }

    @Test
    void neitherTheCancelNorTheInviteAnswered_bothEndAt64T1() {
        RecordingListener l = listener();
        RecordingListener cl = listener();
        ringing("z9hG4bKg2", l, 2_000, cl);
        assertThat(layer.size()).isEqualTo(2);

        timer.advanceTo(2_000 + GUARD);
        assertThat(cl.timeouts).as("Timer F of the CANCEL").containsExactly(2_000 + GUARD);
        assertThat(l.timeouts).as("the 9.1 guard of the INVITE").containsExactly(2_000 + GUARD);
        assertThat(layer.size()).isZero();
    }

    @Test
    void a487BeforeTheGuard_disarmsIt() {
        RecordingListener l = listener();
        SipRequest invite = ringing("z9hG4bKg3", l, 1_000, listener());
        SipRequest cancel = transport.requests("CANCEL").get(0).request();
        layer.onInbound(responseTo(cancel, 200, "t1", UDP));
        timer.advance(500);
        layer.onInbound(responseTo(invite, 487, "t1", UDP));
        assertThat(l.statuses()).containsExactly(180, 487);
        assertThat(transport.requests("ACK")).hasSize(1);

        timer.advance(2 * GUARD); // past the guard and Timer D
        assertThat(l.timeouts).isEmpty();
        assertThat(layer.size()).isZero();
    }

    @Test
    void a2xxThatWinsTheRace_disarmsIt_andTheTransactionEndsWithTimerM() {
        RecordingListener l = listener();
        SipRequest invite = ringing("z9hG4bKg4", l, 1_000, listener());
        layer.onInbound(responseTo(invite, 200, "t1", UDP)); // answered before the CANCEL got there
        layer.onInbound(responseTo(transport.requests("CANCEL").get(0).request(), 200, "t1", UDP));

        timer.advance(GUARD - 1);
        assertThat(layer.size()).as("Accepted until Timer M").isEqualTo(1);
        timer.advance(1);
        assertThat(layer.size()).isZero();
        timer.advance(GUARD);
        assertThat(l.timeouts).isEmpty();
        assertThat(l.statuses()).containsExactly(180, 200);
    }

    @Test
    void aProvisionalAfterTheCancel_doesNotRestartTheGuard() {
        RecordingListener l = listener();
        SipRequest invite = ringing("z9hG4bKg5", l, 1_000, listener());
        layer.onInbound(responseTo(transport.requests("CANCEL").get(0).request(), 200, "t1", UDP));
        timer.advance(10_000);
        layer.onInbound(responseTo(invite, 183, "t1", UDP));

        timer.advanceTo(1_000 + GUARD);
        assertThat(l.timeouts).containsExactly(1_000 + GUARD);
        assertThat(l.statuses()).containsExactly(180, 183);
        assertThat(layer.size()).isZero();
    }

    @Test
    void overTcp_theGuardWorksTheSame() {
        RecordingListener l = listener();
        SipRequest invite = outgoing("INVITE", "z9hG4bKg6", TCP);
        layer.sendRequest(invite, TCP, NEXT_HOP, l);
        layer.onInbound(responseTo(invite, 180, "t1", TCP));
        SipRequest cancel = TransactionLayer.createCancel(invite);
        layer.sendRequest(cancel, TCP, NEXT_HOP, listener());
        layer.onInbound(responseTo(cancel, 200, "t1", TCP)); // Timer K is zero over TCP
        assertThat(layer.size()).isEqualTo(1);

        timer.advance(GUARD);
        assertThat(l.timeouts).containsExactly(GUARD);
        assertThat(layer.size()).isZero();
    }

    @Test
    void aCancelOfAnotherBranch_leavesTheInviteAlone() {
        RecordingListener l = listener();
        SipRequest invite = outgoing("INVITE", "z9hG4bKg7", UDP);
        layer.sendRequest(invite, UDP, NEXT_HOP, l);
        layer.onInbound(responseTo(invite, 180, "t1", UDP));
        SipRequest foreign = TransactionLayer.createCancel(outgoing("INVITE", "z9hG4bKnotours", UDP));
        layer.sendRequest(foreign, UDP, NEXT_HOP, listener());
        layer.onInbound(responseTo(foreign, 481, "x", UDP));

        timer.advance(2 * GUARD);
        assertThat(l.timeouts).as("Proceeding without a CANCEL of its own: the TU decides").isEmpty();
        assertThat(layer.size()).isEqualTo(1);
        layer.onInbound(responseTo(invite, 486, "t1", UDP));
        timer.advance(TransactionLayer.TIMER_D_UDP);
        assertThat(l.statuses()).containsExactly(180, 486);
    }
}
