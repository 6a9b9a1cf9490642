package org.imsemu.sip.ua;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transaction.TimerSettings;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.uri.Uri;
import org.junit.jupiter.api.Test;

/** The UAC side of the core: INVITE, early dialogs, forking, ACK for 2xx, CANCEL, BYE, requests. */
class UserAgentClientTest {
    static final NameAddress ALICE = NameAddress.of(Uri.parse("sip:alice@example.com"));
    static final NameAddress BOB = NameAddress.of(Uri.parse("sip:bob@127.0.0.2"));

    final UaHarness h = new UaHarness();
    final List<String> events = new ArrayList<>();
    final List<String> ended = new ArrayList<>();

    {
        h.ua.setListener(new UserAgentListener() {
            @Override
            public void onDialogTerminated(Dialog dialog, EndCause cause) {
                ended.add(dialog.id().remoteTag() + " " + cause);
            }
        });
    }

    final ClientInvite.Listener recorder = new ClientInvite.Listener() {
        @Override
        public void onProvisional(ClientInvite invite, Dialog earlyDialog, SipResponse response) {
            events.add(response.status() + (earlyDialog == null ? "" : " early " + earlyDialog.id().remoteTag()));
        }

        @Override
        public void onAnswered(ClientInvite invite, Dialog dialog, SipResponse response) {
            events.add("answered " + dialog.id().remoteTag());
        }

        @Override
        public void onFailed(ClientInvite invite, SipResponse response) {
            events.add("failed " + response.status());
        }
    };

    ClientInvite call() {
        return h.ua.invite(ALICE, BOB, "application/sdp", "v=0\r\n".getBytes(), recorder);
    }

    SipRequest sentInvite() {
        return h.transport.lastRequest("INVITE").request();
    }

    @Test
    void inviteRingingAnsweredAckedAndAckRepeatedForEvery2xx() {
        ClientInvite ci = call();
        MemoryTransport.Sent s = h.transport.lastRequest("INVITE");
        SipRequest inv = s.request();
        assertThat(s.destination()).isEqualTo(UaHarness.PROXY);
        assertThat(s.transport()).isEqualTo(TransportType.UDP);
        assertThat(inv.requestUri()).hasToString("sip:bob@127.0.0.2");
        assertThat(inv.topVia().host()).isEqualTo("127.0.0.1");
        assertThat(inv.topVia().port()).isEqualTo(5070);
        assertThat(inv.topVia().hasRfc3261Branch()).isTrue();
        assertThat(inv.fromTag()).isNotNull();
        assertThat(inv.toTag()).isNull();
        assertThat(inv.cseq().number()).isEqualTo(1);
        assertThat(inv.contacts()).extracting(c -> c.uri().toString()).containsExactly("sip:alice@127.0.0.1:5070");
        assertThat(inv.bodyAsString()).isEqualTo("v=0\r\n");
        assertThat(inv.contentType()).isEqualTo("application/sdp");

        h.inject(UaHarness.response(inv, 100, null, null));
        assertThat(ci.state()).isEqualTo(ClientInvite.State.PROCEEDING);
        assertThat(h.ua.dialogs()).isEmpty();

        // 180 with a To tag: an early dialog, route set from the reversed Record-Route
        h.inject(UaHarness.response(inv, 180, "b1", "<sip:bob@127.0.0.3:5080>",
                "<sip:127.0.0.4:5060;lr>", "<sip:127.0.0.2:5060;lr>"));
        Dialog early = ci.dialog("b1");
        assertThat(early).isNotNull();
        assertThat(early.state()).isEqualTo(Dialog.State.EARLY);
        assertThat(h.ua.dialogs()).containsExactly(early);
        assertThat(early.routeSet()).extracting(r -> r.uri().toString())
                .containsExactly("sip:127.0.0.2:5060;lr", "sip:127.0.0.4:5060;lr");

        SipResponse ok = UaHarness.response(inv, 200, "b1", "<sip:bob@127.0.0.3:5080>",
                "<sip:127.0.0.4:5060;lr>", "<sip:127.0.0.2:5060;lr>");
        h.inject(ok);
        assertThat(ci.state()).isEqualTo(ClientInvite.State.ANSWERED);
        assertThat(ci.dialog()).isSameAs(early);
        assertThat(early.state()).isEqualTo(Dialog.State.CONFIRMED);
        assertThat(ci.result()).isCompletedWithValueMatching(r -> r.status() == 200);
        assertThat(events).containsExactly("100", "180 early b1", "answered b1");

        // the ACK: outside any transaction, same CSeq number, loose-routed to the first route
        List<MemoryTransport.Sent> acks = h.transport.requests("ACK");
        assertThat(acks).hasSize(1);
        MemoryTransport.Sent ackSent = acks.get(0);
        SipRequest ack = ackSent.request();
        assertThat(ackSent.destination()).isEqualTo(UaHarness.PROXY);
        assertThat(ack.requestUri()).hasToString("sip:bob@127.0.0.3:5080");
        assertThat(ack.cseq().number()).isEqualTo(1);
        assertThat(ack.cseq().method()).isEqualTo("ACK");
        assertThat(ack.routes()).extracting(r -> r.uri().toString())
                .containsExactly("sip:127.0.0.2:5060;lr", "sip:127.0.0.4:5060;lr");
        assertThat(ack.toTag()).isEqualTo("b1");
        assertThat(ack.fromTag()).isEqualTo(inv.fromTag());
        assertThat(ack.callId()).isEqualTo(inv.callId());
        assertThat(ack.topVia().branch()).isNotEqualTo(inv.topVia().branch());
        assertThat(ack.vias()).hasSize(1);

        // the 2xx again, while the transaction is in Accepted: the same ACK again
        h.inject(ok);
        assertThat(h.transport.requests("ACK")).hasSize(2);
        assertThat(h.transport.lastRequest("ACK").request().topVia().branch()).isEqualTo(ack.topVia().branch());
        assertThat(events).hasSize(3); // no second "answered"

        // and after the transaction is gone (a stray 2xx): still the same ACK
        h.timer.advance(64 * 500 + 1);
        assertThat(h.layer.size()).isZero();
        h.inject(ok);
        assertThat(h.transport.requests("ACK")).hasSize(3);
        assertThat(h.transport.lastRequest("ACK").request().cseq().number()).isEqualTo(1);

        // BYE: next CSeq, same route, dialog over at once
        CompletableFuture<SipResponse> byeResult = ci.bye();
        assertThat(early.isTerminated()).isTrue();
        assertThat(h.ua.dialogs()).isEmpty();
        assertThat(ended).containsExactly("b1 LOCAL_BYE");
        MemoryTransport.Sent byeSent = h.transport.lastRequest("BYE");
        SipRequest bye = byeSent.request();
        assertThat(byeSent.destination()).isEqualTo(UaHarness.PROXY);
        assertThat(bye.cseq().number()).isEqualTo(2);
        assertThat(bye.requestUri()).hasToString("sip:bob@127.0.0.3:5080");
        assertThat(bye.toTag()).isEqualTo("b1");
        h.inject(bye.createResponse(200));
        assertThat(byeResult).isCompletedWithValueMatching(r -> r.status() == 200);
        h.drain();
        assertThat(h.layer.size()).isZero();
    }

    @Test
    void ackToStrictRouterGoesToItsAddressWithItInTheRequestUri() {
        call();
        SipRequest inv = sentInvite();
        // the proxy nearest to us is a strict router (no ;lr)
        h.inject(UaHarness.response(inv, 200, "b1", "<sip:bob@127.0.0.3:5080>",
                "<sip:127.0.0.4:5060;lr>", "<sip:127.0.0.5:5062>"));
        MemoryTransport.Sent ackSent = h.transport.lastRequest("ACK");
        assertThat(ackSent.destination()).hasToString(new java.net.InetSocketAddress("127.0.0.5", 5062).toString());
        assertThat(ackSent.request().requestUri()).hasToString("sip:127.0.0.5:5062");
        assertThat(ackSent.request().routes()).extracting(r -> r.uri().toString())
                .containsExactly("sip:127.0.0.4:5060;lr", "sip:bob@127.0.0.3:5080");
    }

    @Test
    void forkingMakesOneEarlyDialogPerToTagAndHangsUpASecondAnswer() {
        ClientInvite ci = call();
        SipRequest inv = sentInvite();
        h.inject(UaHarness.response(inv, 180, "b1", "<sip:bob@127.0.0.3:5080>"));
        h.inject(UaHarness.response(inv, 180, "b2", "<sip:bob@127.0.0.6:5080>"));
        h.inject(UaHarness.response(inv, 183, "b1", "<sip:bob@127.0.0.3:5080>"));

        assertThat(ci.dialogs()).hasSize(2);
        assertThat(ci.earlyDialogs()).extracting(d -> d.id().remoteTag()).containsExactly("b1", "b2");
        assertThat(h.ua.dialogs()).hasSize(2);
        Dialog d1 = ci.dialog("b1");
        Dialog d2 = ci.dialog("b2");
        assertThat(d1.id()).isNotEqualTo(d2.id());
        assertThat(d1.id().callId()).isEqualTo(d2.id().callId());
        assertThat(d2.remoteTarget()).hasToString("sip:bob@127.0.0.6:5080");
        assertThat(events).containsExactly("180 early b1", "180 early b2", "183 early b1");

        // b2 answers: its dialog is the call; b1 is still early
        h.inject(UaHarness.response(inv, 200, "b2", "<sip:bob@127.0.0.6:5080>"));
        assertThat(ci.dialog()).isSameAs(d2);
        assertThat(d2.isConfirmed()).isTrue();
        assertThat(d1.isEarly()).isTrue();
        assertThat(h.transport.lastRequest("ACK").destination()).isEqualTo(new java.net.InetSocketAddress("127.0.0.6", 5080));

        // b1 answers too: ACKed, then hung up
        h.inject(UaHarness.response(inv, 200, "b1", "<sip:bob@127.0.0.3:5080>"));
        assertThat(h.transport.requests("ACK")).hasSize(2);
        MemoryTransport.Sent bye = h.transport.lastRequest("BYE");
        assertThat(bye.request().toTag()).isEqualTo("b1");
        assertThat(bye.destination()).isEqualTo(UaHarness.PEER);
        assertThat(d1.isTerminated()).isTrue();
        assertThat(d2.isConfirmed()).isTrue();
        assertThat(ended).containsExactly("b1 NOT_CHOSEN");
        assertThat(events).containsExactly("180 early b1", "180 early b2", "183 early b1", "answered b2");
    }

    @Test
    void earlyDialogsWithoutAnswerEnd64T1AfterTheFirst2xx() {
        ClientInvite ci = call();
        SipRequest inv = sentInvite();
        h.inject(UaHarness.response(inv, 180, "b1", "<sip:bob@127.0.0.3:5080>"));
        h.inject(UaHarness.response(inv, 180, "b2", "<sip:bob@127.0.0.6:5080>"));
        h.inject(UaHarness.response(inv, 200, "b2", "<sip:bob@127.0.0.6:5080>"));
        assertThat(ci.dialog("b1").isEarly()).isTrue();
        h.timer.advance(64 * 500);
        assertThat(ci.dialog("b1").isTerminated()).isTrue();
        assertThat(ci.dialog("b2").isConfirmed()).isTrue();
        assertThat(h.ua.dialogs()).containsExactly(ci.dialog("b2"));
        assertThat(ended).containsExactly("b1 NOT_CHOSEN");
    }

    @Test
    void cancelBeforeAnyProvisionalIsDeferredUntilOneArrives() {
        ClientInvite ci = call();
        SipRequest inv = sentInvite();
        assertThat(ci.cancel()).isTrue();
        assertThat(ci.isCancelRequested()).isTrue();
        assertThat(ci.isCancelSent()).isFalse();
        assertThat(h.transport.requests("CANCEL")).isEmpty();
        h.timer.advance(600); // INVITE retransmissions (Timer A) go on, still no CANCEL
        assertThat(h.transport.requests("INVITE").size()).isGreaterThan(1);
        assertThat(h.transport.requests("CANCEL")).isEmpty();

        h.inject(UaHarness.response(inv, 180, "b1", "<sip:bob@127.0.0.3:5080>"));
        assertThat(ci.isCancelSent()).isTrue();
        MemoryTransport.Sent c = h.transport.lastRequest("CANCEL");
        SipRequest cancel = c.request();
        assertThat(c.destination()).isEqualTo(UaHarness.PROXY);
        assertThat(cancel.topVia().branch()).isEqualTo(inv.topVia().branch());
        assertThat(cancel.cseq().number()).isEqualTo(inv.cseq().number());
        assertThat(cancel.cseq().method()).isEqualTo("CANCEL");
        assertThat(cancel.requestUri()).isEqualTo(inv.requestUri());
        assertThat(cancel.toTag()).isNull();
        assertThat(ci.cancel()).isFalse(); // once is enough

        h.inject(cancel.createResponse(200).withToTag("b1"));
        h.inject(UaHarness.response(inv, 487, "b1", null));
        assertThat(ci.state()).isEqualTo(ClientInvite.State.FAILED);
        assertThat(ci.result()).isCompletedWithValueMatching(r -> r.status() == 487);
        assertThat(ci.dialog("b1").isTerminated()).isTrue();
        assertThat(h.ua.dialogs()).isEmpty();
        assertThat(ended).containsExactly("b1 CANCELLED");
        assertThat(events).containsExactly("180 early b1", "failed 487");
        // the transaction layer ACKs the 487 itself (hop by hop, same branch)
        assertThat(h.transport.lastRequest("ACK").request().topVia().branch()).isEqualTo(inv.topVia().branch());
        h.drain();
        assertThat(h.layer.size()).isZero();
    }

    @Test
    void cancelAfterProvisionalGoesAtOnceAndA2xxThatWinsTheRaceIsAckedAndByed() {
        ClientInvite ci = call();
        SipRequest inv = sentInvite();
        h.inject(UaHarness.response(inv, 100, null, null));
        ci.cancel();
        assertThat(h.transport.requests("CANCEL")).hasSize(1);
        h.inject(UaHarness.response(inv, 200, "b1", "<sip:bob@127.0.0.3:5080>"));
        assertThat(h.transport.requests("ACK")).hasSize(1);
        assertThat(h.transport.lastRequest("BYE").request().toTag()).isEqualTo("b1");
        assertThat(ended).containsExactly("b1 CANCELLED");
    }

    @Test
    void cancelToASilentCalleeCompletesWith487At64T1AfterTheCancel() {
        ClientInvite ci = call();
        SipRequest inv = sentInvite();
        h.inject(UaHarness.response(inv, 180, "b1", "<sip:bob@127.0.0.3:5080>"));
        h.timer.advance(1_000);
        assertThat(ci.cancel()).isTrue();
        SipRequest cancel = h.transport.lastRequest("CANCEL").request();
        h.inject(cancel.createResponse(200).withToTag("b1")); // the callee takes the CANCEL, never sends 487

        long guard = 64 * TimerSettings.DEFAULT.t1();
        h.timer.advance(guard - 1);
        assertThat(ci.state()).isEqualTo(ClientInvite.State.PROCEEDING);
        assertThat(ci.result()).isNotDone();
        assertThat(h.layer.size()).as("the INVITE transaction waits; the CANCEL's has ended").isEqualTo(1);

        h.timer.advance(1);
        // 487, not 408: the layer's 9.1 guard reports a timeout, but after our CANCEL the RFC says to
        // "consider the original transaction cancelled", which is what the application asked for; 408
        // would tell it the callee could not be reached.
        assertThat(ci.state()).isEqualTo(ClientInvite.State.FAILED);
        assertThat(ci.result()).isCompletedWithValueMatching(r -> r.status() == 487);
        assertThat(events).containsExactly("180 early b1", "failed 487");
        assertThat(ended).containsExactly("b1 CANCELLED");
        assertThat(h.ua.dialogs()).isEmpty();
        assertThat(h.layer.size()).isZero();
        assertThat(h.timer.pending()).as("one guard, the layer's: no UA timer is left").isZero();

        // A 487 that comes after all is a stray: not ACKed by a transaction, not a second failure.
        h.inject(UaHarness.response(inv, 487, "b1", null));
        assertThat(h.transport.requests("ACK")).isEmpty();
        assertThat(h.transport.requests("CANCEL")).hasSize(1);
        assertThat(events).containsExactly("180 early b1", "failed 487");
    }

    @Test
    void inviteChallengedWith407IsRetriedWithProxyAuthorization() {
        UaHarness ha = new UaHarness(UserAgentConfig.builder("127.0.0.1", 5070).credentials("alice", "pw"));
        ClientInvite ci = ha.ua.invite(ALICE, BOB, null, null, null);
        SipRequest inv1 = ha.transport.lastRequest("INVITE").request();
        ha.inject(UaHarness.response(inv1, 407, "p", null).withHeader(HeaderNames.PROXY_AUTHENTICATE,
                DigestVerifier.challenge("proxy.example", "nn").toString()));
        SipRequest inv2 = ha.transport.lastRequest("INVITE").request();
        assertThat(inv2).isNotSameAs(inv1);
        assertThat(inv2.cseq().number()).isEqualTo(2);
        assertThat(inv2.callId()).isEqualTo(inv1.callId());
        assertThat(inv2.fromTag()).isEqualTo(inv1.fromTag());
        assertThat(DigestVerifier.verify(inv2.authHeader(HeaderNames.PROXY_AUTHORIZATION), "INVITE", inv2.body(), "pw")).isTrue();
        assertThat(ci.request().cseq().number()).isEqualTo(2);

        ha.inject(UaHarness.response(inv2, 200, "b1", "<sip:bob@127.0.0.3:5080>"));
        SipRequest ack = ha.transport.lastRequest("ACK").request();
        assertThat(ack.cseq().number()).isEqualTo(2);
        // 13.2.2.4: the ACK carries the INVITE's credentials
        assertThat(ack.authHeader(HeaderNames.PROXY_AUTHORIZATION)).isEqualTo(inv2.authHeader(HeaderNames.PROXY_AUTHORIZATION));
        assertThat(ci.state()).isEqualTo(ClientInvite.State.ANSWERED);
    }

    @Test
    void inviteWithoutAnyResponseFailsWith408() {
        ClientInvite ci = call();
        h.timer.advance(64 * 500);
        assertThat(ci.state()).isEqualTo(ClientInvite.State.FAILED);
        assertThat(ci.finalResponse().status()).isEqualTo(408);
        assertThat(events).containsExactly("failed 408");
    }

    @Test
    void reinviteRefreshesTheTargetAndIsAcked() {
        ClientInvite ci = call();
        SipRequest inv = sentInvite();
        h.inject(UaHarness.response(inv, 200, "b1", "<sip:bob@127.0.0.3:5080>"));
        Dialog d = ci.dialog();
        ClientInvite re = h.ua.reinvite(d, "application/sdp", "v=0\r\n".getBytes(), null);
        SipRequest reinv = h.transport.lastRequest("INVITE").request();
        assertThat(reinv.toTag()).isEqualTo("b1");
        assertThat(reinv.cseq().number()).isEqualTo(2);
        assertThat(reinv.requestUri()).hasToString("sip:bob@127.0.0.3:5080");
        assertThat(reinv.contacts()).isNotEmpty();
        h.inject(UaHarness.response(reinv, 200, "b1", "<sip:bob@127.0.0.7:5080>"));
        assertThat(re.state()).isEqualTo(ClientInvite.State.ANSWERED);
        assertThat(d.remoteTarget()).hasToString("sip:bob@127.0.0.7:5080");
        MemoryTransport.Sent ack = h.transport.lastRequest("ACK");
        assertThat(ack.request().cseq().number()).isEqualTo(2);
        assertThat(ack.destination()).isEqualTo(new java.net.InetSocketAddress("127.0.0.7", 5080));
    }

    @Test
    void outOfDialogRequestResolvesAndTimesOut() {
        SipRequest msg = h.ua.createRequest("MESSAGE", Uri.parse("sip:bob@127.0.0.3:5080;transport=tcp"), ALICE, BOB);
        CompletableFuture<SipResponse> f = h.ua.sendRequest(msg);
        MemoryTransport.Sent s = h.transport.lastRequest("MESSAGE");
        assertThat(s.transport()).isEqualTo(TransportType.TCP);
        assertThat(s.destination()).isEqualTo(UaHarness.PEER);
        assertThat(s.request().topVia().transport()).isEqualTo("TCP");
        h.timer.advance(64 * 500);
        assertThat(f).isCompletedWithValueMatching(r -> r.status() == 408);
    }

    @Test
    void unresolvableNextHopIs503() {
        SipRequest msg = h.ua.createRequest("MESSAGE", Uri.parse("sip:bob@example.com"), ALICE, BOB);
        CompletableFuture<SipResponse> f = h.ua.sendRequest(msg);
        assertThat(f).isCompletedWithValueMatching(r -> r.status() == 503);
        assertThat(h.transport.sent()).isEmpty();
    }

    @Test
    void outboundProxyIsTheNextHopWithoutRoute() {
        UaHarness ha = new UaHarness(UserAgentConfig.builder("127.0.0.1", 5070)
                .outboundProxy(org.imsemu.sip.uri.SipUri.parse("sip:127.0.0.9:5090")));
        ha.ua.sendRequest(ha.ua.createRequest("OPTIONS", Uri.parse("sip:bob@example.com"), ALICE, BOB));
        assertThat(ha.transport.lastRequest("OPTIONS").destination()).isEqualTo(new java.net.InetSocketAddress("127.0.0.9", 5090));
        // a preloaded loose Route wins over the outbound proxy
        ha.ua.sendRequest(ha.ua.createRequest("OPTIONS", Uri.parse("sip:bob@example.com"), ALICE, BOB)
                .withHeader(HeaderNames.ROUTE, "<sip:127.0.0.8;lr>"));
        assertThat(ha.transport.lastRequest("OPTIONS").destination()).isEqualTo(new java.net.InetSocketAddress("127.0.0.8", 5060));
    }

    @Test
    void inDialogRequestAnswered481EndsTheDialog() {
        ClientInvite ci = call();
        h.inject(UaHarness.response(sentInvite(), 200, "b1", "<sip:bob@127.0.0.3:5080>"));
        CompletableFuture<SipResponse> f = h.ua.sendRequest(ci.dialog(), "INFO");
        SipRequest info = h.transport.lastRequest("INFO").request();
        assertThat(info.cseq().number()).isEqualTo(2);
        h.inject(info.createResponse(481));
        assertThat(f).isCompletedWithValueMatching(r -> r.status() == 481);
        assertThat(ci.dialog().isTerminated()).isTrue();
        assertThat(ended).containsExactly("b1 REQUEST_FAILED");
    }
}
