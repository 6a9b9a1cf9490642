package org.imsemu.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imsemu.sip.transport.TransportType.TCP;
import static org.imsemu.sip.transport.TransportType.UDP;

import java.io.IOException;
import java.net.ConnectException;
import java.util.List;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transport.InboundMessage;
import org.junit.jupiter.api.Test;

/** RFC 3261 17.1 client transactions with the RFC 6026 Accepted state. */
class ClientTransactionTest extends TransactionTestBase {

    @Test
    void timerA_doublesFromT1_andTimerB_timesOutAt64T1() {
        RecordingListener l = listener();
        ClientTransaction tx = layer.sendRequest(outgoing("INVITE", "z9hG4bKa1", UDP), UDP, NEXT_HOP, l);
        assertThat(tx.state()).isEqualTo(ClientTransaction.State.CALLING);

        timer.advance(31_999);
        // Timer A: T1, 2*T1, 4*T1 ... with no T2 cap for INVITE.
        assertThat(transport.requestTimes("INVITE")).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L);
        assertThat(transport.sent()).allSatisfy(s -> assertThat(s.destination()).isEqualTo(NEXT_HOP));
        assertThat(l.timeouts).isEmpty();

        timer.advance(1);
        assertThat(l.timeouts).containsExactly(32_000L);
        assertThat(tx.state()).isEqualTo(ClientTransaction.State.TERMINATED);
        assertThat(layer.size()).isZero();

        timer.advance(60_000);
        assertThat(transport.requests("INVITE")).hasSize(7);
        assertThat(l.responses).isEmpty();
    }

    @Test
    void provisionalStopsTimerA_andTimerB() {
        RecordingListener l = listener();
        SipRequest invite = outgoing("INVITE", "z9hG4bKa2", UDP);
        ClientTransaction tx = layer.sendRequest(invite, UDP, NEXT_HOP, l);
        timer.advance(600);
        layer.onInbound(responseTo(invite, 180, "t1", UDP));
        assertThat(tx.state()).isEqualTo(ClientTransaction.State.PROCEEDING);
        assertThat(tx.hasProvisional()).isTrue();

        timer.advance(120_000);
        assertThat(transport.requestTimes("INVITE")).containsExactly(0L, 500L);
        assertThat(l.timeouts).isEmpty();
        assertThat(layer.size()).isEqualTo(1); // Proceeding waits for the final; giving up is the TU's call

        layer.onInbound(responseTo(invite, 486, "t1", UDP));
        timer.advance(32_000);
        assertThat(l.statuses()).containsExactly(180, 486);
    }

    @Test
    void timerE_doublesUpToT2_andTimerF_timesOut() {
        RecordingListener l = listener();
        layer.sendRequest(outgoing("OPTIONS", "z9hG4bKe1", UDP), UDP, NEXT_HOP, l);

        timer.advance(31_999);
        assertThat(transport.requestTimes("OPTIONS")).containsExactly(
                0L, 500L, 1500L, 3500L, 7500L, 11500L, 15500L, 19500L, 23500L, 27500L, 31500L);
        assertThat(l.timeouts).isEmpty();

        timer.advance(1);
        assertThat(l.timeouts).containsExactly(32_000L);
        assertThat(layer.size()).isZero();
    }

    @Test
    void timerE_inProceeding_retransmitsEveryT2_thenTimerK_endsTheCompletedState() {
        RecordingListener l = listener();
        SipRequest register = outgoing("REGISTER", "z9hG4bKe2", UDP);
        ClientTransaction tx = layer.sendRequest(register, UDP, NEXT_HOP, l);
        timer.advance(100);
        layer.onInbound(responseTo(register, 100, null, UDP));
        assertThat(tx.state()).isEqualTo(ClientTransaction.State.PROCEEDING);

        timer.advance(8_900); // t = 9000
        assertThat(transport.requestTimes("REGISTER")).containsExactly(0L, 500L, 4500L, 8500L);

        InboundMessage ok = responseTo(register, 200, "r1", UDP);
        layer.onInbound(ok);
        assertThat(tx.state()).isEqualTo(ClientTransaction.State.COMPLETED);
        layer.onInbound(ok); // retransmitted final: absorbed in Completed
        assertThat(l.statuses()).containsExactly(100, 200);

        timer.advance(4_999);
        assertThat(layer.size()).isEqualTo(1);
        timer.advance(1); // Timer K = T4
        assertThat(tx.state()).isEqualTo(ClientTransaction.State.TERMINATED);
        assertThat(transport.requests("REGISTER")).hasSize(4);
        assertThat(l.timeouts).isEmpty();
    }

    @Test
    void timerF_firesInProceedingToo() {
        RecordingListener l = listener();
        SipRequest message = outgoing("MESSAGE", "z9hG4bKf1", UDP);
        layer.sendRequest(message, UDP, NEXT_HOP, l);
        layer.onInbound(responseTo(message, 100, null, UDP));
        timer.advance(32_000);
        assertThat(l.timeouts).containsExactly(32_000L);
        assertThat(l.statuses()).containsExactly(100);
    }

    @Test
    void nonSuccessFinal_isAckedByTheTransaction_withTheHeadersOf17113() {
        RecordingListener l = listener();
        // As a proxy forwards it: two Vias and a route set.
        SipRequest invite = outgoing("INVITE", "z9hG4bKack1", UDP)
                .withHeaderLast("Via", "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKupstream;received=192.0.2.10")
                .withHeaderLast("Route", "<sip:p1.example.com;lr>")
                .withHeaderLast("Route", "<sip:p2.example.com;lr>");
        ClientTransaction tx = layer.sendRequest(invite, UDP, NEXT_HOP, l);
        layer.onInbound(responseTo(invite, 180, "b1", UDP));
        timer.advance(2_000);
        InboundMessage busy = responseTo(invite, 486, "b1", UDP);
        layer.onInbound(busy);

        assertThat(tx.state()).isEqualTo(ClientTransaction.State.COMPLETED);
        assertThat(l.statuses()).containsExactly(180, 486);
        List<RecordingTransport.Sent> acks = transport.requests("ACK");
        assertThat(acks).hasSize(1);
        assertThat(acks.get(0).destination()).isEqualTo(NEXT_HOP);
        assertThat(acks.get(0).transport()).isEqualTo(UDP);
        SipRequest ack = acks.get(0).request();
        assertThat(ack.rawRequestUri()).isEqualTo(invite.rawRequestUri());
        assertThat(ack.vias()).hasSize(1);
        assertThat(ack.topVia().branch()).isEqualTo("z9hG4bKack1");
        assertThat(ack.topVia().sentBy()).isEqualTo("192.0.2.1:5060");
        assertThat(ack.callId()).isEqualTo(invite.callId());
        assertThat(ack.header("From")).isEqualTo(invite.header("From"));
        assertThat(ack.toTag()).isEqualTo("b1");
        assertThat(ack.to().uri()).isEqualTo(invite.to().uri());
        assertThat(ack.cseq().number()).isEqualTo(1L);
        assertThat(ack.cseq().method()).isEqualTo("ACK");
        assertThat(ack.headerValues("Route")).containsExactly("<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>");
        assertThat(ack.maxForwards()).isEqualTo(70);
        assertThat(ack.hasHeader("Contact")).isFalse();
        assertThat(ack.bodyLength()).isZero();

        // The 486 comes again (our ACK was lost): the same ACK again, the TU is not bothered.
        timer.advance(1_000);
        layer.onInbound(busy);
        assertThat(transport.requests("ACK")).hasSize(2);
        assertThat(transport.requests("ACK").get(1).message().encode()).isEqualTo(ack.encode());
        assertThat(l.statuses()).containsExactly(180, 486);

        timer.advance(30_999); // Timer D: 32 s from the 486 (t = 2000)
        assertThat(layer.size()).isEqualTo(1);
        timer.advance(1);
        assertThat(tx.state()).isEqualTo(ClientTransaction.State.TERMINATED);
    }

    @Test
    void finalWithoutProvisional_stopsRetransmissionsAndIsAcked() {
        RecordingListener l = listener();
        SipRequest invite = outgoing("INVITE", "z9hG4bKack2", UDP);
        layer.sendRequest(invite, UDP, NEXT_HOP, l);
        timer.advance(700);
        layer.onInbound(responseTo(invite, 603, "x", UDP));
        timer.advance(40_000);
        assertThat(transport.requestTimes("INVITE")).containsExactly(0L, 500L);
        assertThat(transport.requestTimes("ACK")).containsExactly(700L);
        assertThat(l.statuses()).containsExactly(603);
        assertThat(l.timeouts).isEmpty();
    }

    @Test
    void accepted_passesEvery2xxToTheListener_withoutAck_untilTimerM() {
        RecordingListener l = listener();
        SipRequest invite = outgoing("INVITE", "z9hG4bKm1", UDP);
        ClientTransaction tx = layer.sendRequest(invite, UDP, NEXT_HOP, l);
        timer.advance(100);
        InboundMessage ok = responseTo(invite, 200, "u1", UDP);
        layer.onInbound(ok);
        assertThat(tx.state()).isEqualTo(ClientTransaction.State.ACCEPTED);

        timer.advance(500);
        layer.onInbound(ok);                                       // 2xx retransmission
        layer.onInbound(responseTo(invite, 200, "u2", UDP));       // 2xx from another fork
        layer.onInbound(responseTo(invite, 180, "u3", UDP));       // late provisional: dropped
        assertThat(l.statuses()).containsExactly(200, 200, 200);
        assertThat(l.responses.get(2).toTag()).isEqualTo("u2");
        assertThat(transport.requests("ACK")).as("the ACK for a 2xx is the TU's").isEmpty();
        assertThat(user.strays).isEmpty();

        timer.advance(31_499);
        assertThat(layer.size()).isEqualTo(1);
        timer.advance(1); // Timer M = 64*T1 from the first 2xx
        assertThat(tx.state()).isEqualTo(ClientTransaction.State.TERMINATED);

        layer.onInbound(ok); // no transaction any more: a stray the core may still ACK
        assertThat(user.strays).hasSize(1);
        assertThat(l.statuses()).hasSize(3);
        assertThat(transport.requests("INVITE")).hasSize(1);
    }

    @Test
    void a487AfterThe200_isDropped_andNotAcked() {
        // A CANCEL crossed the 200: the 2xx won, whatever else arrives for the INVITE is not for the TU.
        RecordingListener inviteListener = listener();
        RecordingListener cancelListener = listener();
        SipRequest invite = outgoing("INVITE", "z9hG4bKx1", UDP);
        ClientTransaction inviteTx = layer.sendRequest(invite, UDP, NEXT_HOP, inviteListener);
        layer.onInbound(responseTo(invite, 180, "c1", UDP));
        SipRequest cancel = TransactionLayer.createCancel(invite);
        ClientTransaction cancelTx = layer.sendRequest(cancel, UDP, NEXT_HOP, cancelListener);
        assertThat(cancelTx.branch()).isEqualTo(inviteTx.branch());

        layer.onInbound(responseTo(invite, 200, "c1", UDP));
        layer.onInbound(responseTo(cancel, 200, "c1", UDP));
        layer.onInbound(responseTo(invite, 487, "c1", UDP));

        assertThat(inviteListener.statuses()).containsExactly(180, 200);
        assertThat(cancelListener.statuses()).containsExactly(200);
        assertThat(transport.requests("ACK")).isEmpty();
        assertThat(inviteTx.state()).isEqualTo(ClientTransaction.State.ACCEPTED);
        timer.advance(32_000);
        assertThat(layer.size()).isZero();
    }

    @Test
    void a487_thenA200_crossing_onlyThe487IsReportedAndAcked() {
        RecordingListener inviteListener = listener();
        RecordingListener cancelListener = listener();
        SipRequest invite = outgoing("INVITE", "z9hG4bKx2", UDP);
        layer.sendRequest(invite, UDP, NEXT_HOP, inviteListener);
        layer.onInbound(responseTo(invite, 183, "d1", UDP));
        SipRequest cancel = TransactionLayer.createCancel(invite);
        layer.sendRequest(cancel, UDP, NEXT_HOP, cancelListener);
        layer.onInbound(responseTo(cancel, 200, "d1", UDP));
        layer.onInbound(responseTo(invite, 487, "d1", UDP));
        layer.onInbound(responseTo(invite, 200, "d1", UDP));

        assertThat(inviteListener.statuses()).containsExactly(183, 487);
        assertThat(cancelListener.statuses()).containsExactly(200);
        assertThat(transport.requests("ACK")).hasSize(1);
        assertThat(transport.requests("ACK").get(0).request().toTag()).isEqualTo("d1");
        timer.advance(32_000);
    }

    @Test
    void responses_matchByBranchAndCSeqMethod() {
        RecordingListener l = listener();
        SipRequest invite = outgoing("INVITE", "z9hG4bKmatch", UDP);
        layer.sendRequest(invite, UDP, NEXT_HOP, l);

        // Same branch, CANCEL method: belongs to a CANCEL transaction that does not exist.
        layer.onInbound(responseTo(TransactionLayer.createCancel(invite), 200, "z", UDP));
        // Another branch.
        layer.onInbound(responseTo(outgoing("INVITE", "z9hG4bKother", UDP), 180, null, UDP));
        assertThat(l.responses).isEmpty();
        assertThat(user.strays).hasSize(2);

        layer.onInbound(responseTo(invite, 180, null, UDP));
        assertThat(l.statuses()).containsExactly(180);
        layer.onInbound(responseTo(invite, 404, "z", UDP));
        timer.advance(32_000);
    }

    @Test
    void tcp_noRetransmissions_andZeroTimersDAndK() {
        RecordingListener inviteListener = listener();
        SipRequest invite = outgoing("INVITE", "z9hG4bKt1", TCP);
        ClientTransaction inviteTx = layer.sendRequest(invite, TCP, NEXT_HOP, inviteListener);
        timer.advance(20_000);
        assertThat(transport.requests("INVITE")).hasSize(1);
        assertThat(transport.last().transport()).isEqualTo(TCP);

        layer.onInbound(responseTo(invite, 480, "k", TCP));
        assertThat(transport.requests("ACK")).hasSize(1);
        assertThat(transport.requests("ACK").get(0).transport()).isEqualTo(TCP);
        assertThat(inviteTx.state()).isEqualTo(ClientTransaction.State.TERMINATED); // Timer D = 0
        assertThat(layer.size()).isZero();

        RecordingListener optionsListener = listener();
        SipRequest options = outgoing("OPTIONS", "z9hG4bKt2", TCP);
        ClientTransaction optionsTx = layer.sendRequest(options, TCP, NEXT_HOP, optionsListener);
        timer.advance(20_000);
        assertThat(transport.requests("OPTIONS")).hasSize(1);
        layer.onInbound(responseTo(options, 200, "k", TCP));
        assertThat(optionsTx.state()).isEqualTo(ClientTransaction.State.TERMINATED); // Timer K = 0
        assertThat(optionsListener.statuses()).containsExactly(200);
        assertThat(layer.size()).isZero();
    }

    @Test
    void tcp_timerB_stillApplies() {
        RecordingListener l = listener();
        layer.sendRequest(outgoing("INVITE", "z9hG4bKt3", TCP), TCP, NEXT_HOP, l);
        timer.advance(32_000);
        assertThat(transport.requests("INVITE")).hasSize(1);
        assertThat(l.timeouts).containsExactly(32_000L);
    }

    @Test
    void transportError_onTheFirstSend_isReportedAndTerminates() {
        RecordingListener l = listener();
        ConnectException refused = new ConnectException("Connection refused");
        transport.failWith(refused);
        ClientTransaction tx = layer.sendRequest(outgoing("INVITE", "z9hG4bKerr1", TCP), TCP, NEXT_HOP, l);
        assertThat(l.transportErrors).containsExactly(refused);
        assertThat(tx.state()).isEqualTo(ClientTransaction.State.TERMINATED);
        assertThat(layer.size()).isZero();
        timer.advance(64_000);
        assertThat(l.timeouts).isEmpty();
        assertThat(transport.requests("INVITE")).hasSize(1);
    }

    @Test
    void transportError_reportedLater_orOnARetransmission_terminates() {
        RecordingListener l1 = listener();
        ClientTransaction tx1 = layer.sendRequest(outgoing("MESSAGE", "z9hG4bKerr2", TCP), TCP, NEXT_HOP, l1);
        IOException reset = new IOException("Connection reset");
        transport.last().onError().accept(reset); // reported asynchronously, later on the stack thread
        assertThat(l1.transportErrors).containsExactly(reset);
        assertThat(tx1.state()).isEqualTo(ClientTransaction.State.TERMINATED);

        RecordingListener l2 = listener();
        ClientTransaction tx2 = layer.sendRequest(outgoing("INVITE", "z9hG4bKerr3", UDP), UDP, NEXT_HOP, l2);
        IOException unreachable = new IOException("Port unreachable");
        transport.failWith(unreachable);
        timer.advance(500); // Timer A retransmission fails
        assertThat(l2.transportErrors).containsExactly(unreachable);
        assertThat(tx2.state()).isEqualTo(ClientTransaction.State.TERMINATED);
        timer.advance(64_000);
        assertThat(transport.requests("INVITE")).hasSize(2);
        assertThat(l2.timeouts).isEmpty();
        assertThat(layer.size()).isZero();
    }

    @Test
    void ack_andDuplicateBranches_areRefused() {
        SipRequest ack = outgoing("ACK", "z9hG4bKno", UDP);
        assertThatThrownBy(() -> layer.sendRequest(ack, UDP, NEXT_HOP, listener()))
                .isInstanceOf(IllegalArgumentException.class);
        SipRequest noCookie = outgoing("OPTIONS", "1234", UDP);
        assertThatThrownBy(() -> layer.sendRequest(noCookie, UDP, NEXT_HOP, listener()))
                .isInstanceOf(IllegalArgumentException.class);

        RecordingListener l = listener();
        SipRequest options = outgoing("OPTIONS", "z9hG4bKdup", UDP);
        layer.sendRequest(options, UDP, NEXT_HOP, l);
        assertThatThrownBy(() -> layer.sendRequest(options, UDP, NEXT_HOP, listener()))
                .isInstanceOf(IllegalStateException.class);
        layer.onInbound(responseTo(options, 200, "d", UDP));
        timer.advance(5_000);
        assertThat(transport.requests("OPTIONS")).hasSize(1); // answered at once: Timer E never fired
    }

    @Test
    void sendStateless_sendsOnceWithoutATransaction() {
        SipRequest invite = outgoing("INVITE", "z9hG4bKs1", UDP);
        SipResponse ok = invite.createResponse(200).withToTag("s");
        SipRequest ack = TransactionLayer.createAck(invite, ok).withHeader("Via", "SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKnew");
        transport.failWith(new IOException("ignored"));
        layer.sendStateless(ack, UDP, NEXT_HOP);
        assertThat(transport.requests("ACK")).singleElement()
                .satisfies(s -> assertThat(s.destination()).isEqualTo(NEXT_HOP));
        assertThat(layer.size()).isZero();
    }

    @Test
    void createCancel_followsSection9_1() {
        SipRequest invite = outgoing("INVITE", "z9hG4bKc9", UDP)
                .withHeaderLast("Via", "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKup")
                .withHeaderLast("Route", "<sip:p1.example.com;lr>")
                .withHeader("Max-Forwards", "12")
                .withBody("application/sdp", "v=0\r\n");
        SipRequest cancel = TransactionLayer.createCancel(invite);
        assertThat(cancel.method()).isEqualTo("CANCEL");
        assertThat(cancel.rawRequestUri()).isEqualTo(invite.rawRequestUri());
        assertThat(cancel.vias()).hasSize(1);
        assertThat(cancel.topVia()).isEqualTo(invite.topVia());
        assertThat(cancel.header("From")).isEqualTo(invite.header("From"));
        assertThat(cancel.header("To")).isEqualTo(invite.header("To"));
        assertThat(cancel.callId()).isEqualTo(invite.callId());
        assertThat(cancel.cseq().number()).isEqualTo(invite.cseq().number());
        assertThat(cancel.cseq().method()).isEqualTo("CANCEL");
        assertThat(cancel.headerValues("Route")).containsExactly("<sip:p1.example.com;lr>");
        assertThat(cancel.maxForwards()).isEqualTo(70);
        assertThat(cancel.header("Content-Length")).isEqualTo("0");
        assertThat(cancel.bodyLength()).isZero();
        assertThat(cancel.hasHeader("Contact")).isFalse();
        assertThat(cancel.hasHeader("Content-Type")).isFalse();
    }
}
