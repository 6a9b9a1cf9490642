package org.imsemu.sip.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.transaction.RecordingTransport.Sent;
import org.imsemu.sip.uri.SipUri;
import org.junit.jupiter.api.Test;

/** Timer C (RFC 3261 16.6 step 11, 16.7 step 2, 16.8), shortened to 5 s so that it fires before Timer B. */
class ProxyTimerCTest extends ProxyTestBase {
    private static final long TIMER_C = 5_000;

    @Override
    ProxyConfig config() {
        return super.config().withTimerCMillis(TIMER_C);
    }

    private SipRequest call() {
        SipRequest invite = invite("sip:bob@bob.test");
        fromAlice(invite);
        return invite;
    }

    @Test
    void timerC_afterAProvisional_cancelsTheBranch_andTheCallerGets408() {
        SipRequest invite = call();
        Sent out = onlyRequestTo(BOB, "INVITE");
        timer.advance(1_000);
        answer(out, 180, "b1");

        timer.advance(TIMER_C - 1); // the 180 restarted Timer C
        assertThat(requestsTo(BOB, "CANCEL")).isEmpty();
        timer.advance(1);
        Sent cancel = onlyRequestTo(BOB, "CANCEL");
        assertThat(cancel.request().topVia().branch()).isEqualTo(out.request().topVia().branch());
        assertThat(statusesToAlice()).containsExactly(100, 180, 408);
        assertThat(core.pendingRequests()).isZero();
        fromAlice(ackForNon2xx(invite, responseToAlice(408)));

        answer(cancel, 200, "b1");
        answer(out, 487, "b1");
        assertThat(statusesToAlice()).as("the late 487 is absorbed").containsExactly(100, 180, 408);
    }

    @Test
    void a100_doesNotRestartTimerC() {
        SipRequest invite = call();
        Sent out = onlyRequestTo(BOB, "INVITE");
        timer.advance(3_000);
        answer(out, 100, null);
        timer.advance(TIMER_C - 3_000);
        // Fired at 5 s, counted from the send: a 100 is a provisional, so the CANCEL may go.
        assertThat(requestsTo(BOB, "CANCEL")).hasSize(1);
        assertThat(statusesToAlice()).containsExactly(100, 408);
        fromAlice(ackForNon2xx(invite, responseToAlice(408)));
        answer(requestsTo(BOB, "CANCEL").get(0), 200, "b1");
        answer(out, 487, "b1");
    }

    @Test
    void timerC_withoutAnyProvisional_is408_andTheCancelWaitsForOne() {
        SipRequest invite = call();
        Sent out = requestsTo(BOB, "INVITE").get(0);
        timer.advance(TIMER_C);
        assertThat(statusesToAlice()).containsExactly(100, 408);
        assertThat(requestsTo(BOB, "CANCEL")).isEmpty();
        fromAlice(ackForNon2xx(invite, responseToAlice(408)));

        answer(out, 180, "b1");
        Sent cancel = onlyRequestTo(BOB, "CANCEL");
        answer(cancel, 200, "b1");
        answer(out, 487, "b1");
        assertThat(statusesToAlice()).containsExactly(100, 408);
    }

    @Test
    void timerC_onOneBranch_theOtherBranchStillDecides() {
        logic = pr -> pr.forward(java.util.List.of(SipUri.parse("sip:bob@bob.test"), SipUri.parse("sip:bob@carol.test")));
        SipRequest invite = call();
        Sent bob = onlyRequestTo(BOB, "INVITE");
        Sent carol = onlyRequestTo(CAROL, "INVITE");
        answer(bob, 180, "b1");
        timer.advance(4_000);
        answer(carol, 180, "c1"); // Carol's Timer C now runs to 9 s
        timer.advance(1_000);
        Sent cancelBob = onlyRequestTo(BOB, "CANCEL");
        assertThat(requestsTo(CAROL, "CANCEL")).isEmpty();
        assertThat(statusesToAlice()).containsExactly(100, 180, 180);
        answer(cancelBob, 200, "b1");
        answer(bob, 487, "b1");

        answer(carol, 486, "c1");
        assertThat(statusesToAlice()).as("Carol's 486 beats the timeout").containsExactly(100, 180, 180, 486);
        fromAlice(ackForNon2xx(invite, responseToAlice(486)));
    }

    @Test
    void aNonInviteHasNoTimerC() {
        fromAlice(request("MESSAGE", "sip:bob@bob.test", "z9hG4bKm1", ""));
        Sent out = onlyRequestTo(BOB, "MESSAGE");
        timer.advance(TIMER_C * 2);
        assertThat(statusesToAlice()).isEmpty();
        answer(out, 200, "b1");
        assertThat(statusesToAlice()).containsExactly(200);
    }
}
