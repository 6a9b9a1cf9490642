package org.imsemu.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imsemu.sip.transport.TransportType.TCP;
import static org.imsemu.sip.transport.TransportType.UDP;

import java.io.IOException;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transport.InboundMessage;
import org.junit.jupiter.api.Test;

/** RFC 3261 17.2 server transactions with the RFC 6026 Accepted state. */
class ServerTransactionTest extends TransactionTestBase {

    @Test
    void retransmittedInvite_isAbsorbed_andTheLastResponseResent() {
        SipRequest invite = inviteFromPeer("z9hG4bKr1", UDP);
        layer.onInbound(fromPeer(invite));
        ServerTransaction tx = user.lastRequest();
        assertThat(tx.state()).isEqualTo(ServerTransaction.State.PROCEEDING);
        SipResponse ringing = invite.createResponse(180).withToTag("b1");
        tx.respond(ringing);

        timer.advance(500);
        layer.onInbound(fromPeer(invite));
        assertThat(user.requests).hasSize(1);
        assertThat(transport.responses(180)).hasSize(2);
        assertThat(transport.responses(180).get(1).message()).isSameAs(ringing);

        SipResponse busy = invite.createResponse(486).withToTag("b1");
        tx.respond(busy);
        timer.advance(100);
        layer.onInbound(fromPeer(invite));
        assertThat(user.requests).hasSize(1);
        assertThat(transport.responseTimes(486)).containsExactly(500L, 600L); // the re-sent final
        assertThat(transport.responses(100)).isEmpty(); // the TU answered within 200 ms

        layer.onInbound(fromPeer(ackFromPeer(invite, busy)));
        assertThat(user.acks).isEmpty();
        timer.advance(5_000);
        assertThat(user.requests).hasSize(1);
    }

    @Test
    void responsesGoBackToTheSourceAddressAndTransport() {
        SipRequest invite = inviteFromPeer("z9hG4bKsrc", UDP);
        layer.onInbound(fromPeer(invite));
        user.lastRequest().respond(invite.createResponse(404).withToTag("n"));
        assertThat(transport.last().destination()).isEqualTo(PEER); // not the Via's 5060: rport (RFC 3581)
        assertThat(transport.last().transport()).isEqualTo(UDP);
        layer.onInbound(fromPeer(ackFromPeer(invite, transport.last().response())));
        timer.advance(5_000);
    }

    @Test
    void automatic100Trying_after200ms() {
        SipRequest invite = inviteFromPeer("z9hG4bKtry", UDP);
        layer.onInbound(fromPeer(invite));
        timer.advance(199);
        assertThat(transport.sent()).isEmpty();
        timer.advance(1);
        assertThat(transport.responseTimes(100)).containsExactly(200L);
        SipResponse trying = transport.last().response();
        assertThat(trying.toTag()).isNull();
        assertThat(trying.topVia()).isEqualTo(invite.topVia());
        assertThat(trying.cseq()).isEqualTo(invite.cseq());
        assertThat(transport.last().destination()).isEqualTo(PEER);

        // A retransmitted INVITE gets the 100 again; the TU still sees one request.
        timer.advance(300);
        layer.onInbound(fromPeer(invite));
        assertThat(transport.responses(100)).hasSize(2);
        assertThat(user.requests).hasSize(1);

        user.lastRequest().respond(invite.createResponse(200).withToTag("ok"));
        timer.advance(32_000);
        assertThat(transport.responses(100)).hasSize(2);
    }

    @Test
    void no100Trying_whenTheTuAnsweredWithin200ms() {
        SipRequest invite = inviteFromPeer("z9hG4bKno100", UDP);
        layer.onInbound(fromPeer(invite));
        timer.advance(50);
        user.lastRequest().respond(invite.createResponse(180).withToTag("r"));
        timer.advance(1_000);
        assertThat(transport.responses(100)).isEmpty();
        assertThat(transport.responses(180)).hasSize(1);

        user.lastRequest().respond(invite.createResponse(603).withToTag("r"));
        layer.onInbound(fromPeer(ackFromPeer(invite, transport.last().response())));
        timer.advance(5_000);
    }

    @Test
    void no100Trying_whenTheTuAnsweredSynchronously() {
        user.onRequestHook = tx -> tx.respond(tx.request().createResponse(200).withToTag("sync"));
        layer.onInbound(fromPeer(inviteFromPeer("z9hG4bKsync", UDP)));
        timer.advance(32_000);
        assertThat(transport.responses(100)).isEmpty();
        assertThat(transport.responses(200)).hasSize(1);
    }

    @Test
    void timerG_retransmitsTheNon2xxFinal_untilTheAck_thenTimerI_cleansUp() {
        SipRequest invite = inviteFromPeer("z9hG4bKg1", UDP);
        layer.onInbound(fromPeer(invite));
        ServerTransaction tx = user.lastRequest();
        SipResponse busy = invite.createResponse(486).withToTag("g");
        tx.respond(busy);
        assertThat(tx.state()).isEqualTo(ServerTransaction.State.COMPLETED);

        timer.advance(9_000);
        // Timer G: T1, 2*T1, 4*T1 ... capped at T2.
        assertThat(transport.responseTimes(486)).containsExactly(0L, 500L, 1500L, 3500L, 7500L);

        InboundMessage ack = fromPeer(ackFromPeer(invite, busy));
        layer.onInbound(ack);
        assertThat(tx.state()).isEqualTo(ServerTransaction.State.CONFIRMED);
        assertThat(user.acks).as("the ACK for a non-2xx stays in the transaction").isEmpty();

        timer.advance(1_000);
        layer.onInbound(ack); // retransmitted ACK: absorbed in Confirmed
        layer.onInbound(fromPeer(invite)); // and so is a late INVITE retransmission
        assertThat(user.acks).isEmpty();
        assertThat(user.requests).hasSize(1);
        assertThat(transport.responses(486)).hasSize(5);

        timer.advance(3_999);
        assertThat(layer.size()).isEqualTo(1);
        timer.advance(1); // Timer I = T4 after the ACK
        assertThat(tx.state()).isEqualTo(ServerTransaction.State.TERMINATED);
        assertThat(transport.responses(486)).hasSize(5);
    }

    @Test
    void timerH_endsTheTransactionWhenNoAckComes() {
        SipRequest invite = inviteFromPeer("z9hG4bKh1", UDP);
        layer.onInbound(fromPeer(invite));
        ServerTransaction tx = user.lastRequest();
        tx.respond(invite.createResponse(500).withToTag("h"));

        timer.advance(31_999);
        assertThat(tx.state()).isEqualTo(ServerTransaction.State.COMPLETED);
        timer.advance(1);
        assertThat(tx.state()).isEqualTo(ServerTransaction.State.TERMINATED);
        assertThat(transport.responseTimes(500)).containsExactly(
                0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L, 27500L, 31500L);
        timer.advance(10_000);
        assertThat(transport.responses(500)).hasSize(11);
        assertThat(user.acks).isEmpty();
        assertThat(user.transportErrors).isEmpty();
    }

    @Test
    void accepted_2xxRetransmissionsPassThrough_acksGoToTheTu_timerL_cleansUp() {
        SipRequest invite = inviteFromPeer("z9hG4bKacc", UDP);
        layer.onInbound(fromPeer(invite));
        ServerTransaction tx = user.lastRequest();
        SipResponse ok = invite.createResponse(200).withToTag("ok");
        tx.respond(ok);
        assertThat(tx.state()).isEqualTo(ServerTransaction.State.ACCEPTED);

        timer.advance(500);
        tx.respond(ok); // the UAS core retransmits its 2xx (13.3.1.4) through the transaction
        assertThat(transport.responseTimes(200)).containsExactly(0L, 500L);
        timer.advance(1_000);
        assertThat(transport.responses(200)).as("no 2xx retransmission by the layer").hasSize(2);

        layer.onInbound(fromPeer(invite)); // retransmitted INVITE: absorbed, nothing re-sent (RFC 6026 7.1)
        assertThat(transport.count()).isEqualTo(2);
        assertThat(user.requests).hasSize(1);

        InboundMessage ack = fromPeer(ackFor2xx(invite, ok, UDP));
        layer.onInbound(ack);
        assertThat(user.acks).containsExactly(ack);
        InboundMessage sameBranchAck = fromPeer(ackFromPeer(invite, ok));
        layer.onInbound(sameBranchAck); // matches the transaction: in Accepted it is the TU's
        assertThat(user.acks).containsExactly(ack, sameBranchAck);

        assertThatThrownBy(() -> tx.respond(invite.createResponse(487).withToTag("ok")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> tx.respond(invite.createResponse(180).withToTag("ok")))
                .isInstanceOf(IllegalStateException.class);

        timer.advance(30_499);
        assertThat(layer.size()).isEqualTo(1);
        timer.advance(1); // Timer L = 64*T1 after the 2xx
        assertThat(tx.state()).isEqualTo(ServerTransaction.State.TERMINATED);

        layer.onInbound(sameBranchAck); // no transaction: still reaches the TU
        assertThat(user.acks).hasSize(3);
        tx.respond(ok); // a late 2xx retransmission is still allowed
        assertThat(transport.responses(200)).hasSize(3);
    }

    @Test
    void ackMatchingNothing_goesToTheTu() {
        SipRequest invite = inviteFromPeer("z9hG4bKgone", UDP);
        InboundMessage ack = fromPeer(ackFor2xx(invite, invite.createResponse(200).withToTag("t"), UDP));
        layer.onInbound(ack);
        assertThat(user.acks).containsExactly(ack);
        assertThat(layer.size()).isZero();
        assertThat(transport.sent()).isEmpty();
    }

    @Test
    void nonInvite_tryingAbsorbs_proceedingAndCompletedResend_timerJ_cleansUp() {
        SipRequest options = requestFromPeer("OPTIONS", "z9hG4bKj1", UDP);
        layer.onInbound(fromPeer(options));
        ServerTransaction tx = user.lastRequest();
        assertThat(tx.state()).isEqualTo(ServerTransaction.State.TRYING);

        timer.advance(500);
        layer.onInbound(fromPeer(options));
        assertThat(transport.sent()).as("no automatic 100 for non-INVITE, nothing to re-send in Trying").isEmpty();

        tx.respond(options.createResponse(100));
        assertThat(tx.state()).isEqualTo(ServerTransaction.State.PROCEEDING);
        layer.onInbound(fromPeer(options));
        assertThat(transport.responses(100)).hasSize(2);

        SipResponse ok = options.createResponse(200).withToTag("j");
        tx.respond(ok);
        assertThat(tx.state()).isEqualTo(ServerTransaction.State.COMPLETED);
        timer.advance(1_000);
        layer.onInbound(fromPeer(options));
        assertThat(transport.responseTimes(200)).containsExactly(500L, 1500L);
        assertThat(user.requests).hasSize(1);
        assertThatThrownBy(() -> tx.respond(ok)).isInstanceOf(IllegalStateException.class);

        timer.advance(30_999);
        assertThat(layer.size()).isEqualTo(1);
        timer.advance(1); // Timer J = 64*T1 after the final
        assertThat(tx.state()).isEqualTo(ServerTransaction.State.TERMINATED);
        assertThat(transport.responses(200)).as("non-INVITE finals are not retransmitted by timer").hasSize(2);
    }

    @Test
    void tcp_noRetransmissions_andZeroTimersIAndJ() {
        SipRequest invite = inviteFromPeer("z9hG4bKtcp1", TCP);
        layer.onInbound(fromPeer(invite, TCP));
        ServerTransaction inviteTx = user.lastRequest();
        SipResponse busy = invite.createResponse(486).withToTag("t");
        inviteTx.respond(busy);
        timer.advance(20_000);
        assertThat(transport.responses(486)).singleElement()
                .satisfies(s -> assertThat(s.transport()).isEqualTo(TCP));
        layer.onInbound(fromPeer(ackFromPeer(invite, busy), TCP));
        assertThat(inviteTx.state()).isEqualTo(ServerTransaction.State.TERMINATED); // Timer I = 0
        assertThat(layer.size()).isZero();

        SipRequest bye = requestFromPeer("BYE", "z9hG4bKtcp2", TCP);
        layer.onInbound(fromPeer(bye, TCP));
        ServerTransaction byeTx = user.lastRequest();
        byeTx.respond(bye.createResponse(200).withToTag("t"));
        assertThat(byeTx.state()).isEqualTo(ServerTransaction.State.TERMINATED); // Timer J = 0
        assertThat(layer.size()).isZero();
    }

    @Test
    void tcp_timerH_stillApplies() {
        SipRequest invite = inviteFromPeer("z9hG4bKtcp3", TCP);
        layer.onInbound(fromPeer(invite, TCP));
        user.lastRequest().respond(invite.createResponse(480).withToTag("t"));
        timer.advance(32_000);
        assertThat(transport.responses(480)).hasSize(1);
        assertThat(user.lastRequest().state()).isEqualTo(ServerTransaction.State.TERMINATED);
    }

    @Test
    void transportErrorOnAResponse_terminatesAndTellsTheTu() {
        SipRequest invite = inviteFromPeer("z9hG4bKerr", TCP);
        layer.onInbound(fromPeer(invite, TCP));
        ServerTransaction tx = user.lastRequest();
        transport.failWith(new IOException("connection closed"));
        tx.respond(invite.createResponse(486).withToTag("e"));
        assertThat(user.transportErrors).containsExactly(tx);
        assertThat(tx.state()).isEqualTo(ServerTransaction.State.TERMINATED);
        assertThat(layer.size()).isZero();
    }

    @Test
    void sameBranchFromAnotherSentBy_isAnotherTransaction() {
        SipRequest a = requestFromPeer("OPTIONS", "z9hG4bKsame", UDP);
        SipRequest b = (SipRequest) a.withHeader("Via", "SIP/2.0/UDP 192.0.2.99:5060;branch=z9hG4bKsame");
        layer.onInbound(fromPeer(a));
        layer.onInbound(fromPeer(b));
        assertThat(user.requests).hasSize(2);
        assertThat(user.requests.get(0).id()).isNotEqualTo(user.requests.get(1).id());
        for (ServerTransaction tx : user.requests) tx.respond(tx.request().createResponse(200).withToTag("s"));
        timer.advance(32_000);
    }

    @Test
    void rfc2543Fallback_matchesRetransmissionsAndTheAck() {
        // No magic cookie: matched on Request-URI, tags, Call-ID, CSeq number and top Via (17.2.3).
        SipRequest invite = inviteFromPeer("old-branch-1", UDP);
        layer.onInbound(fromPeer(invite));
        ServerTransaction tx = user.lastRequest();
        SipResponse busy = invite.createResponse(486).withToTag("o1");
        tx.respond(busy);

        layer.onInbound(fromPeer(invite)); // retransmission
        assertThat(user.requests).hasSize(1);
        assertThat(transport.responses(486)).hasSize(2);

        // A different From tag is a different request.
        SipRequest other = invite.withHeader("From", "<sip:alice@example.com>;tag=zz");
        layer.onInbound(fromPeer(other));
        assertThat(user.requests).hasSize(2);
        user.lastRequest().respond(other.createResponse(200).withToTag("o2"));

        // An ACK whose To tag is not the one of our response does not match.
        SipRequest wrongAck = ackFromPeer(invite, invite.createResponse(486).withToTag("nope"));
        layer.onInbound(fromPeer(wrongAck));
        assertThat(tx.state()).isEqualTo(ServerTransaction.State.COMPLETED);
        assertThat(user.acks).hasSize(1);

        SipRequest ack = ackFromPeer(invite, busy);
        assertThat(ack.topVia().branch()).isEqualTo("old-branch-1");
        layer.onInbound(fromPeer(ack));
        assertThat(tx.state()).isEqualTo(ServerTransaction.State.CONFIRMED);
        assertThat(user.acks).hasSize(1);
        timer.advance(32_000);
    }

    @Test
    void rfc2543Fallback_withoutAnyBranch() {
        SipRequest options = (SipRequest) requestFromPeer("OPTIONS", "x", UDP)
                .withHeader("Via", "SIP/2.0/UDP 192.0.2.10:5060");
        layer.onInbound(fromPeer(options));
        layer.onInbound(fromPeer(options));
        assertThat(user.requests).hasSize(1);
        user.lastRequest().respond(options.createResponse(200).withToTag("nb"));
        layer.onInbound(fromPeer(options));
        assertThat(transport.responses(200)).hasSize(2);
        timer.advance(32_000);
    }
}
