package org.imsemu.sip.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transaction.RecordingTransport.Sent;
import org.imsemu.sip.transaction.TimerSettings;
import org.imsemu.sip.uri.SipUri;
import org.junit.jupiter.api.Test;

/**
 * A callee that takes the proxy's CANCEL but never answers the INVITE (RFC 3261 9.1): 64*T1 after the
 * CANCEL the layer gives the branch up, and a caller who cancelled gets 487, well before Timer C.
 */
class ProxyCancelGuardTest extends ProxyTestBase {
    private static final long GUARD = TimerSettings.DEFAULT.timeout(); // 64*T1, far below Timer C (181 s)

    @Test
    void callerCancel_silentCallee_theCallerGets487At64T1_andNothingIsLeft() {
        SipRequest invite = invite("sip:bob@bob.test");
        fromAlice(invite);
        Sent out = onlyRequestTo(BOB, "INVITE");
        answer(out, 180, "b1");
        timer.advance(1_000);
        fromAlice(cancelFor(invite));
        Sent cancel = onlyRequestTo(BOB, "CANCEL");
        answer(cancel, 200, "b1"); // Bob takes the CANCEL, and that is all
        assertThat(statusesToAlice()).containsExactly(100, 180, 200);

        timer.advance(GUARD - 1);
        assertThat(statusesToAlice()).as("still waiting for Bob's 487").containsExactly(100, 180, 200);
        assertThat(core.pendingRequests()).isEqualTo(1);

        timer.advance(1);
        assertThat(statusesToAlice()).containsExactly(100, 180, 200, 487);
        SipResponse terminated = responseToAlice(487);
        assertThat(terminated.cseq().method()).isEqualTo("INVITE");
        assertThat(terminated.toTag()).isNotNull();
        assertThat(core.pendingRequests()).isZero();
        fromAlice(ackForNon2xx(invite, terminated));

        timer.advance(TimerSettings.DEFAULT.t4()); // Timer I of Alice's INVITE, Timer J of her CANCEL: 32 s is past
        assertThat(layer.size()).as("Bob's INVITE and CANCEL are gone, Alice's transactions too").isZero();
        assertThat(requestsTo(BOB, "INVITE")).as("nothing is retried").hasSize(1);
        assertThat(requestsTo(BOB, "ACK")).isEmpty();
    }

    @Test
    void callerCancel_oneFork487s_theOtherIsSilent_theCallerGets487OnceTheGuardFires() {
        logic = pr -> pr.forward(List.of(SipUri.parse("sip:bob@bob.test"), SipUri.parse("sip:bob@carol.test")));
        SipRequest invite = invite("sip:bob@example.com");
        fromAlice(invite);
        Sent bob = onlyRequestTo(BOB, "INVITE");
        Sent carol = onlyRequestTo(CAROL, "INVITE");
        answer(bob, 180, "b1");
        answer(carol, 180, "c1");
        fromAlice(cancelFor(invite));
        answer(onlyRequestTo(BOB, "CANCEL"), 200, "b1");
        answer(bob, 487, "b1");
        answer(onlyRequestTo(CAROL, "CANCEL"), 200, "c1"); // Carol never sends her 487

        assertThat(statusesToAlice()).containsExactly(100, 180, 180, 200);
        timer.advance(GUARD);
        assertThat(statusesToAlice()).containsExactly(100, 180, 180, 200, 487);
        assertThat(core.pendingRequests()).isZero();
        fromAlice(ackForNon2xx(invite, responseToAlice(487)));
    }

    @Test
    void timerC_cancelledBranch_silentCallee_stays408_andTheGuardCleansUp() {
        // Here the CANCEL is the proxy's own (Timer C): the caller already has its 408; the guard only
        // removes the branch's transaction, without a second final upstream.
        SipRequest invite = invite("sip:bob@bob.test");
        fromAlice(invite);
        Sent out = onlyRequestTo(BOB, "INVITE");
        answer(out, 180, "b1");
        timer.advance(181_000);
        answer(onlyRequestTo(BOB, "CANCEL"), 200, "b1");
        assertThat(statusesToAlice()).containsExactly(100, 180, 408);
        fromAlice(ackForNon2xx(invite, responseToAlice(408)));

        timer.advance(GUARD);
        assertThat(layer.size()).isZero();
        assertThat(statusesToAlice()).containsExactly(100, 180, 408);
    }
}
