package org.imsemu.sip.ua;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.junit.jupiter.api.Test;

/** The UAS side of the core: dialogs from INVITE, 2xx retransmission until ACK, BYE, CANCEL, 481, 500. */
class UserAgentServerTest {
    final UaHarness h = new UaHarness(UserAgentConfig.builder("127.0.0.1", 5070).contactUser("bob"));
    final List<ServerRequest> invites = new ArrayList<>();
    final List<ServerRequest> inDialog = new ArrayList<>();
    final List<String> events = new ArrayList<>();

    {
        h.ua.setListener(new UserAgentListener() {
            @Override
            public void onInvite(ServerRequest invite) {
                invites.add(invite);
            }

            @Override
            public void onDialogRequest(Dialog dialog, ServerRequest request) {
                inDialog.add(request);
            }

            @Override
            public void onAck(Dialog dialog, SipRequest ack) {
                events.add("ack " + ack.cseq().number());
            }

            @Override
            public void onCancel(ServerRequest invite) {
                events.add("cancel");
            }

            @Override
            public void onDialogTerminated(Dialog dialog, EndCause cause) {
                events.add("ended " + cause);
            }
        });
    }

    static SipRequest invite() {
        return UaHarness.request("""
                INVITE sip:bob@127.0.0.1:5070 SIP/2.0
                Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bKproxy1
                Via: SIP/2.0/UDP 127.0.0.3:5080;branch=z9hG4bKalice1
                Record-Route: <sip:127.0.0.2:5060;lr>
                Max-Forwards: 69
                From: Alice <sip:alice@example.com>;tag=a1
                To: Bob <sip:bob@example.com>
                Call-ID: call-1@127.0.0.3
                CSeq: 10 INVITE
                Contact: <sip:alice@127.0.0.3:5080>
                Content-Type: application/sdp
                Content-Length: 5

                v=0
                """);
    }

    /** A request from Alice inside the dialog with Bob's tag. */
    static SipRequest inDialog(String method, long cseq, String toTag, String branch) {
        return UaHarness.request(method + " sip:bob@127.0.0.1:5070 SIP/2.0\n"
                + "Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK" + branch + "\n"
                + "Max-Forwards: 69\n"
                + "From: Alice <sip:alice@example.com>;tag=a1\n"
                + "To: Bob <sip:bob@example.com>;tag=" + toTag + "\n"
                + "Call-ID: call-1@127.0.0.3\n"
                + "CSeq: " + cseq + " " + method + "\n"
                + "Content-Length: 0\n\n");
    }

    /** INVITE in, 180 and 200 out; returns the dialog. */
    Dialog answeredCall() {
        h.inject(invite());
        assertThat(invites).hasSize(1);
        ServerRequest sr = invites.get(0);
        sr.respond(180);
        sr.accept("application/sdp", "v=0\r\n");
        return sr.dialog();
    }

    @Test
    void inviteGetsRingingAndOkWithTagContactAndRecordRouteAndADialog() {
        h.inject(invite());
        ServerRequest sr = invites.get(0);
        assertThat(sr.isInDialog()).isFalse();
        assertThat(sr.dialog()).isNull();

        sr.respond(180);
        MemoryTransport.Sent ringing = h.transport.lastResponse(180);
        SipResponse r180 = ringing.response();
        assertThat(ringing.destination()).isEqualTo(UaHarness.PROXY);
        assertThat(r180.toTag()).isEqualTo(sr.localTag()).isNotNull();
        assertThat(r180.contacts()).extracting(c -> c.uri().toString()).containsExactly("sip:bob@127.0.0.1:5070");
        assertThat(r180.recordRoutes()).extracting(c -> c.uri().toString()).containsExactly("sip:127.0.0.2:5060;lr");
        assertThat(r180.vias()).hasSize(2);
        Dialog d = sr.dialog();
        assertThat(d.state()).isEqualTo(Dialog.State.EARLY);
        assertThat(d.role()).isEqualTo(Dialog.Role.UAS);
        assertThat(d.id()).isEqualTo(new DialogId("call-1@127.0.0.3", sr.localTag(), "a1"));
        assertThat(d.remoteTarget()).hasToString("sip:alice@127.0.0.3:5080");
        assertThat(d.routeSet()).extracting(c -> c.uri().toString()).containsExactly("sip:127.0.0.2:5060;lr");
        assertThat(h.ua.dialogs()).containsExactly(d);

        sr.accept("application/sdp", "v=0\r\n");
        SipResponse ok = h.transport.lastResponse(200).response();
        assertThat(ok.toTag()).isEqualTo(sr.localTag());
        assertThat(ok.bodyAsString()).isEqualTo("v=0\r\n");
        assertThat(ok.contacts()).isNotEmpty();
        assertThat(d.state()).isEqualTo(Dialog.State.CONFIRMED);
        assertThat(sr.hasFinalResponse()).isTrue();
    }

    @Test
    void okIsRetransmittedWithT1DoublingToT2UntilTheAck() {
        Dialog d = answeredCall();
        assertThat(h.transport.responses(200)).hasSize(1);
        h.timer.advance(500);
        assertThat(h.transport.responses(200)).hasSize(2);
        h.timer.advance(1000);
        assertThat(h.transport.responses(200)).hasSize(3);
        h.timer.advance(2000);
        assertThat(h.transport.responses(200)).hasSize(4);
        h.timer.advance(4000);
        assertThat(h.transport.responses(200)).hasSize(5);
        h.timer.advance(4000); // capped at T2
        assertThat(h.transport.responses(200)).hasSize(6);
        assertThat(h.transport.sent(s -> s.isResponse(200)).stream().map(MemoryTransport.Sent::time).toList())
                .containsExactly(0L, 500L, 1500L, 3500L, 7500L, 11500L);

        SipRequest ack = inDialog("ACK", 10, d.id().localTag(), "ack1");
        h.inject(ack);
        assertThat(events).containsExactly("ack 10");
        h.timer.advance(60_000);
        assertThat(h.transport.responses(200)).hasSize(6);
        assertThat(h.transport.requests("BYE")).isEmpty();
        assertThat(d.isConfirmed()).isTrue();
        // a retransmitted ACK is absorbed
        h.inject(ack);
        assertThat(events).containsExactly("ack 10");
    }

    @Test
    void noAckWithin64T1EndsTheDialogWithBye() {
        Dialog d = answeredCall();
        h.timer.advance(64 * 500 - 1);
        assertThat(h.transport.requests("BYE")).isEmpty();
        // 500, 1500, 3500, 7500, then every 4000 ms up to 31500
        assertThat(h.transport.responses(200)).hasSize(11);
        h.timer.advance(1);
        MemoryTransport.Sent byeSent = h.transport.lastRequest("BYE");
        SipRequest bye = byeSent.request();
        assertThat(byeSent.destination()).isEqualTo(UaHarness.PROXY); // via the Record-Route
        assertThat(bye.requestUri()).hasToString("sip:alice@127.0.0.3:5080");
        assertThat(bye.routes()).extracting(c -> c.uri().toString()).containsExactly("sip:127.0.0.2:5060;lr");
        assertThat(bye.fromTag()).isEqualTo(d.id().localTag());
        assertThat(bye.toTag()).isEqualTo("a1");
        assertThat(d.isTerminated()).isTrue();
        assertThat(events).containsExactly("ended ACK_TIMEOUT");
        h.timer.advance(10_000);
        assertThat(h.transport.responses(200)).hasSize(11);
    }

    @Test
    void byeInDialogIsAnswered200AndEndsTheDialog() {
        Dialog d = answeredCall();
        h.inject(inDialog("ACK", 10, d.id().localTag(), "ack1"));
        h.inject(inDialog("BYE", 11, d.id().localTag(), "bye1"));
        SipResponse ok = h.transport.lastResponse(200).response();
        assertThat(ok.cseq().method()).isEqualTo("BYE");
        assertThat(ok.toTag()).isEqualTo(d.id().localTag());
        assertThat(d.isTerminated()).isTrue();
        assertThat(h.ua.dialogs()).isEmpty();
        assertThat(events).containsExactly("ack 10", "ended REMOTE_BYE");
        assertThat(inDialog).isEmpty();

        // the dialog is gone: another request in it gets 481
        h.inject(inDialog("INFO", 12, d.id().localTag(), "info1"));
        assertThat(h.transport.lastResponse(481).response().cseq().method()).isEqualTo("INFO");
    }

    @Test
    void requestForUnknownDialogGets481() {
        h.inject(inDialog("BYE", 5, "nosuchtag", "x1"));
        SipResponse r = h.transport.lastResponse(481).response();
        assertThat(r.cseq().method()).isEqualTo("BYE");
        assertThat(r.toTag()).isEqualTo("nosuchtag");
        assertThat(inDialog).isEmpty();
    }

    @Test
    void cseqLowerThanRemoteCseqGets500() {
        Dialog d = answeredCall();
        h.inject(inDialog("ACK", 10, d.id().localTag(), "ack1"));
        h.inject(inDialog("INFO", 12, d.id().localTag(), "info1"));
        assertThat(inDialog).hasSize(1);
        inDialog.get(0).respond(200);
        assertThat(d.remoteSeq()).isEqualTo(12);

        h.inject(inDialog("INFO", 11, d.id().localTag(), "info2"));
        SipResponse r = h.transport.lastResponse(500).response();
        assertThat(r.cseq().number()).isEqualTo(11);
        assertThat(inDialog).hasSize(1);
        assertThat(d.isConfirmed()).isTrue();
        assertThat(d.remoteSeq()).isEqualTo(12);
    }

    @Test
    void cancelGets487ForTheInviteAndEndsTheEarlyDialog() {
        h.inject(invite());
        ServerRequest sr = invites.get(0);
        sr.respond(180);
        Dialog d = sr.dialog();
        SipRequest cancel = UaHarness.request("""
                CANCEL sip:bob@127.0.0.1:5070 SIP/2.0
                Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bKproxy1
                Max-Forwards: 70
                From: Alice <sip:alice@example.com>;tag=a1
                To: Bob <sip:bob@example.com>
                Call-ID: call-1@127.0.0.3
                CSeq: 10 CANCEL
                Content-Length: 0

                """);
        h.inject(cancel);
        assertThat(h.transport.sent(s -> s.isResponse(200) && s.response().cseq().method().equals("CANCEL"))).hasSize(1);
        SipResponse r487 = h.transport.lastResponse(487).response();
        assertThat(r487.cseq().method()).isEqualTo("INVITE");
        assertThat(r487.toTag()).isEqualTo(sr.localTag());
        assertThat(sr.hasFinalResponse()).isTrue();
        assertThat(d.isTerminated()).isTrue();
        assertThat(h.ua.dialogs()).isEmpty();
        assertThat(events).containsExactly("ended CANCELLED", "cancel");
    }

    @Test
    void reinviteInDialogRefreshesTargetAndWaitsForItsAck() {
        Dialog d = answeredCall();
        h.inject(inDialog("ACK", 10, d.id().localTag(), "ack1"));
        SipRequest reinvite = inDialog("INVITE", 11, d.id().localTag(), "reinv1")
                .withHeader(HeaderNames.CONTACT, "<sip:alice@127.0.0.30:5080>");
        h.inject(reinvite);
        assertThat(inDialog).hasSize(1);
        ServerRequest sr = inDialog.get(0);
        assertThat(sr.isInDialog()).isTrue();
        assertThat(sr.dialog()).isSameAs(d);
        sr.respond(200);
        SipResponse ok = h.transport.lastResponse(200).response();
        assertThat(ok.cseq().number()).isEqualTo(11);
        assertThat(ok.contacts()).isNotEmpty();
        assertThat(ok.toTag()).isEqualTo(d.id().localTag());
        assertThat(d.remoteTarget()).hasToString("sip:alice@127.0.0.30:5080");

        h.timer.advance(500);
        assertThat(h.transport.sent(s -> s.isResponse(200) && s.response().cseq().number() == 11)).hasSize(2);
        h.inject(inDialog("ACK", 11, d.id().localTag(), "ack2"));
        h.timer.advance(64 * 500);
        assertThat(h.transport.sent(s -> s.isResponse(200) && s.response().cseq().number() == 11)).hasSize(2);
        assertThat(events).containsExactly("ack 10", "ack 11");
        assertThat(d.isConfirmed()).isTrue();
    }

    @Test
    void optionsOutsideDialogGetsDefault200AndUnknownRequireGets420() {
        h.inject(UaHarness.request("""
                OPTIONS sip:bob@127.0.0.1:5070 SIP/2.0
                Via: SIP/2.0/UDP 127.0.0.3:5080;branch=z9hG4bKopt1
                Max-Forwards: 70
                From: <sip:alice@example.com>;tag=a9
                To: <sip:bob@example.com>
                Call-ID: opt-1
                CSeq: 1 OPTIONS
                Content-Length: 0

                """), UaHarness.PEER);
        MemoryTransport.Sent ok = h.transport.lastResponse(200);
        assertThat(ok.destination()).isEqualTo(UaHarness.PEER);
        assertThat(ok.response().header(HeaderNames.ALLOW)).contains("INVITE");
        assertThat(ok.response().toTag()).isNotNull();

        h.inject(UaHarness.request("""
                MESSAGE sip:bob@127.0.0.1:5070 SIP/2.0
                Via: SIP/2.0/UDP 127.0.0.3:5080;branch=z9hG4bKmsg1
                Max-Forwards: 70
                From: <sip:alice@example.com>;tag=a9
                To: <sip:bob@example.com>
                Call-ID: msg-1
                CSeq: 1 MESSAGE
                Require: foo
                Content-Length: 0

                """), UaHarness.PEER);
        SipResponse r420 = h.transport.lastResponse(420).response();
        assertThat(r420.header(HeaderNames.UNSUPPORTED)).isEqualTo("foo");
    }

    @Test
    void byeOnEarlyDialogAnswersThePendingInviteWith487() {
        h.inject(invite());
        ServerRequest sr = invites.get(0);
        sr.respond(180);
        h.inject(inDialog("BYE", 11, sr.localTag(), "bye1"));
        assertThat(h.transport.sent(s -> s.isResponse(200) && s.response().cseq().method().equals("BYE"))).hasSize(1);
        assertThat(h.transport.lastResponse(487).response().cseq().method()).isEqualTo("INVITE");
        assertThat(sr.hasFinalResponse()).isTrue();
        assertThat(events).containsExactly("ended REMOTE_BYE");
    }
}
