package org.imsemu.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imsemu.sip.transport.TransportType.UDP;

import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.junit.jupiter.api.Test;

/** CANCEL at the server side (RFC 3261 9.2): answered by the layer, passed on only while it matters. */
class CancelTest extends TransactionTestBase {

    @Test
    void cancelBeforeAnyProvisional_isMatched_answered200_andReported() {
        SipRequest invite = inviteFromPeer("z9hG4bKc1", UDP);
        layer.onInbound(fromPeer(invite));
        ServerTransaction inviteTx = user.lastRequest();
        timer.advance(50);

        SipRequest cancel = cancelFromPeer(invite);
        layer.onInbound(fromPeer(cancel));
        assertThat(user.cancels).containsExactly(inviteTx);
        assertThat(inviteTx.isCancelled()).isTrue();
        assertThat(user.requests).as("the CANCEL is not a new request for the TU").containsExactly(inviteTx);
        SipResponse ok = transport.last().response();
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.cseq().method()).isEqualTo("CANCEL");
        assertThat(ok.toTag()).isNotNull();
        assertThat(transport.last().destination()).isEqualTo(PEER);

        // A retransmitted CANCEL gets the same 200 and is not reported again.
        timer.advance(500);
        layer.onInbound(fromPeer(cancel));
        assertThat(transport.responses(200)).hasSize(2);
        assertThat(transport.responses(200).get(1).message()).isSameAs(ok);
        assertThat(user.cancels).hasSize(1);

        SipResponse terminated = invite.createResponse(487).withToTag(ok.toTag());
        inviteTx.respond(terminated);
        layer.onInbound(fromPeer(ackFromPeer(invite, terminated)));
        timer.advance(32_000); // Timer J of the CANCEL transaction
    }

    @Test
    void cancelAfterAProvisional_reusesItsToTag() {
        SipRequest invite = inviteFromPeer("z9hG4bKc2", UDP);
        layer.onInbound(fromPeer(invite));
        ServerTransaction inviteTx = user.lastRequest();
        inviteTx.respond(invite.createResponse(180).withToTag("ring"));
        layer.onInbound(fromPeer(cancelFromPeer(invite)));
        assertThat(user.cancels).containsExactly(inviteTx);
        assertThat(transport.responses(200)).singleElement()
                .satisfies(s -> assertThat(s.response().toTag()).isEqualTo("ring"));

        SipResponse terminated = invite.createResponse(487).withToTag("ring");
        inviteTx.respond(terminated);
        layer.onInbound(fromPeer(ackFromPeer(invite, terminated)));
        timer.advance(32_000);
    }

    @Test
    void cancelAfterTheFinal_gets200_butIsNotReported() {
        SipRequest invite = inviteFromPeer("z9hG4bKc3", UDP);
        layer.onInbound(fromPeer(invite));
        ServerTransaction inviteTx = user.lastRequest();
        SipResponse busy = invite.createResponse(486).withToTag("b");
        inviteTx.respond(busy);

        layer.onInbound(fromPeer(cancelFromPeer(invite)));
        assertThat(transport.last().response().status()).isEqualTo(200);
        assertThat(transport.last().response().cseq().method()).isEqualTo("CANCEL");
        assertThat(transport.last().response().toTag()).isEqualTo("b");
        assertThat(user.cancels).isEmpty();

        layer.onInbound(fromPeer(ackFromPeer(invite, busy)));
        timer.advance(32_000);
    }

    @Test
    void cancelMatchingNothing_gets481() {
        SipRequest invite = inviteFromPeer("z9hG4bKnone", UDP);
        SipRequest cancel = cancelFromPeer(invite);
        layer.onInbound(fromPeer(cancel));
        SipResponse r = transport.last().response();
        assertThat(r.status()).isEqualTo(481);
        assertThat(r.cseq().method()).isEqualTo("CANCEL");
        assertThat(r.toTag()).isNotNull();
        assertThat(transport.last().destination()).isEqualTo(PEER);
        assertThat(user.cancels).isEmpty();
        assertThat(user.requests).isEmpty();

        layer.onInbound(fromPeer(cancel)); // the retransmission is absorbed by the CANCEL's own transaction
        assertThat(transport.responses(481)).hasSize(2);
        timer.advance(32_000);
    }

    @Test
    void cancelOfAnotherHopsBranch_doesNotMatch() {
        SipRequest invite = inviteFromPeer("z9hG4bKc5", UDP);
        layer.onInbound(fromPeer(invite));
        SipRequest foreign = (SipRequest) cancelFromPeer(invite)
                .withHeader("Via", "SIP/2.0/UDP 192.0.2.77:5060;branch=z9hG4bKc5");
        layer.onInbound(fromPeer(foreign));
        assertThat(transport.last().response().status()).isEqualTo(481);
        assertThat(user.cancels).isEmpty();

        user.lastRequest().respond(invite.createResponse(200).withToTag("x"));
        timer.advance(32_000);
    }

    @Test
    void a200ToTheInvite_andACancelCrossing_theCancelGets200_andThe487IsRefused() {
        SipRequest invite = inviteFromPeer("z9hG4bKc6", UDP);
        layer.onInbound(fromPeer(invite));
        ServerTransaction inviteTx = user.lastRequest();
        inviteTx.respond(invite.createResponse(180).withToTag("u"));
        SipResponse ok = invite.createResponse(200).withToTag("u");
        inviteTx.respond(ok); // the UAS answers while the CANCEL is on its way

        layer.onInbound(fromPeer(cancelFromPeer(invite)));
        assertThat(user.cancels).isEmpty();
        assertThat(transport.last().response().status()).isEqualTo(200);
        assertThat(transport.last().response().cseq().method()).isEqualTo("CANCEL");
        assertThat(inviteTx.state()).isEqualTo(ServerTransaction.State.ACCEPTED);
        assertThatThrownBy(() -> inviteTx.respond(invite.createResponse(487).withToTag("u")))
                .isInstanceOf(IllegalStateException.class);

        layer.onInbound(fromPeer(ackFor2xx(invite, ok, UDP)));
        assertThat(user.acks).hasSize(1);
        timer.advance(32_000);
    }

    @Test
    void tuAnswering487FromOnCancel_completesTheInvite() {
        TransactionUser answering = new TransactionUser() {
            @Override
            public void onRequest(ServerTransaction tx) {
                tx.respond(tx.request().createResponse(180).withToTag("cb"));
            }

            @Override
            public void onCancel(ServerTransaction tx) {
                tx.respond(tx.request().createResponse(487).withToTag("cb"));
            }

            @Override
            public void onAck(org.imsemu.sip.transport.InboundMessage ack) {
                throw new AssertionError("no 2xx was sent");
            }

            @Override
            public void onStrayResponse(org.imsemu.sip.transport.InboundMessage response) {
            }
        };
        layer = new TransactionLayer(transport, timer, TimerSettings.DEFAULT, answering);
        SipRequest invite = inviteFromPeer("z9hG4bKc7", UDP);
        layer.onInbound(fromPeer(invite));
        layer.onInbound(fromPeer(cancelFromPeer(invite)));
        assertThat(transport.sent()).extracting(s -> s.response().status() + " " + s.response().cseq().method())
                .containsExactly("180 INVITE", "200 CANCEL", "487 INVITE");
        layer.onInbound(fromPeer(ackFromPeer(invite, transport.last().response())));
        timer.advance(32_000);
    }

    @Test
    void rfc2543Cancel_matchesByTheFallbackRule() {
        SipRequest invite = inviteFromPeer("2543-branch", UDP);
        layer.onInbound(fromPeer(invite));
        ServerTransaction inviteTx = user.lastRequest();
        layer.onInbound(fromPeer(cancelFromPeer(invite)));
        assertThat(user.cancels).containsExactly(inviteTx);
        assertThat(transport.last().response().status()).isEqualTo(200);

        SipResponse terminated = invite.createResponse(487).withToTag("old");
        inviteTx.respond(terminated);
        layer.onInbound(fromPeer(ackFromPeer(invite, terminated)));
        assertThat(inviteTx.state()).isEqualTo(ServerTransaction.State.CONFIRMED);
        timer.advance(32_000);
    }
}
