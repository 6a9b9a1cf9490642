package org.imsemu.sip.ua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.uri.Uri;
import org.junit.jupiter.api.Test;

class DialogTest {

    static SipRequest invite(String extraHeaders) {
        return (SipRequest) SipParser.parse(("INVITE sip:bob@biloxi.example SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKinv1\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: Alice <sip:alice@atlanta.example>;tag=a1\r\n"
                + "To: Bob <sip:bob@biloxi.example>\r\n"
                + "Call-ID: c1@10.0.0.1\r\n"
                + "CSeq: 314 INVITE\r\n"
                + "Contact: <sip:alice@10.0.0.1:5060>\r\n"
                + extraHeaders
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    }

    static SipResponse response(SipRequest req, int status, String toTag, String contact, String... recordRoutes) {
        SipResponse r = req.createResponse(status).withToTag(toTag);
        if (contact != null) r = r.withHeader(HeaderNames.CONTACT, contact);
        for (String rr : recordRoutes) r = r.withHeaderLast(HeaderNames.RECORD_ROUTE, rr);
        return r;
    }

    @Test
    void uacEarlyDialogFrom180AndConfirmationRecomputesRouteSet() {
        SipRequest inv = invite("");
        SipResponse ringing = response(inv, 180, "b1", "<sip:bob@10.0.0.9>",
                "<sip:p2.example;lr>", "<sip:p1.example;lr>");
        Dialog d = Dialog.asUac(inv, ringing);

        assertThat(d.state()).isEqualTo(Dialog.State.EARLY);
        assertThat(d.id()).isEqualTo(new DialogId("c1@10.0.0.1", "a1", "b1"));
        assertThat(d.role()).isEqualTo(Dialog.Role.UAC);
        assertThat(d.localSeq()).isEqualTo(314);
        assertThat(d.remoteSeq()).isEqualTo(-1);
        assertThat(d.remoteTarget()).hasToString("sip:bob@10.0.0.9");
        assertThat(d.localUri()).hasToString("sip:alice@atlanta.example");
        assertThat(d.remoteUri()).hasToString("sip:bob@biloxi.example");
        // UAC: Record-Route reversed
        assertThat(d.routeSet()).extracting(r -> r.uri().toString()).containsExactly("sip:p1.example;lr", "sip:p2.example;lr");
        assertThat(d.isSecure()).isFalse();

        SipResponse ok = response(inv, 200, "b1", "<sip:bob@10.0.0.10>", "<sip:p1.example;lr>");
        d.confirm(ok);
        assertThat(d.state()).isEqualTo(Dialog.State.CONFIRMED);
        assertThat(d.remoteTarget()).hasToString("sip:bob@10.0.0.10");
        assertThat(d.routeSet()).extracting(r -> r.uri().toString()).containsExactly("sip:p1.example;lr");
    }

    @Test
    void responseWithoutTagOrFinalFailureMakesNoDialog() {
        SipRequest inv = invite("");
        assertThatThrownBy(() -> Dialog.asUac(inv, inv.createResponse(180))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dialog.asUac(inv, inv.createResponse(486).withToTag("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dialog.asUac(inv, inv.createResponse(100).withToTag("x"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uacBuildsLooseRoutedRequests() {
        SipRequest inv = invite("");
        Dialog d = Dialog.asUac(inv, response(inv, 200, "b1", "<sip:bob@10.0.0.9;transport=tcp>",
                "<sip:p2.example;lr>", "<sip:p1.example;lr>"));
        d.localContact(NameAddress.of(Uri.parse("sip:alice@10.0.0.1:5060")));

        SipRequest bye = d.createRequest("BYE");
        assertThat(bye.method()).isEqualTo("BYE");
        assertThat(bye.requestUri()).hasToString("sip:bob@10.0.0.9;transport=tcp");
        assertThat(bye.routes()).extracting(r -> r.uri().toString()).containsExactly("sip:p1.example;lr", "sip:p2.example;lr");
        assertThat(bye.cseq().number()).isEqualTo(315);
        assertThat(bye.cseq().method()).isEqualTo("BYE");
        assertThat(bye.fromTag()).isEqualTo("a1");
        assertThat(bye.toTag()).isEqualTo("b1");
        assertThat(bye.from().displayName()).isEqualTo("Alice");
        assertThat(bye.callId()).isEqualTo("c1@10.0.0.1");
        assertThat(bye.maxForwards()).isEqualTo(70);
        assertThat(bye.hasHeader(HeaderNames.CONTACT)).isFalse(); // not a target refresh
        assertThat(bye.vias()).isEmpty(); // the sender adds it
        assertThat(d.nextHop()).hasToString("sip:p1.example;lr");

        SipRequest reinvite = d.createRequest("INVITE");
        assertThat(reinvite.cseq().number()).isEqualTo(316);
        assertThat(reinvite.contacts()).extracting(c -> c.uri().toString()).containsExactly("sip:alice@10.0.0.1:5060");

        SipRequest ack = d.createAck(316);
        assertThat(ack.cseq().number()).isEqualTo(316);
        assertThat(ack.cseq().method()).isEqualTo("ACK");
        assertThat(d.createRequest("CANCEL").cseq().number()).isEqualTo(316); // no increment
        assertThat(d.localSeq()).isEqualTo(316);
    }

    @Test
    void strictRouterGoesIntoRequestUriAndRemoteTargetLastInRoute() {
        SipRequest inv = invite("");
        // UAC reverses: route set = [strict.example (no lr), p2;lr]
        Dialog d = Dialog.asUac(inv, response(inv, 200, "b1", "<sip:bob@10.0.0.9>",
                "<sip:p2.example;lr>", "<sip:strict.example;maddr=10.0.0.7>"));
        SipRequest info = d.createRequest("INFO");
        assertThat(info.requestUri()).hasToString("sip:strict.example;maddr=10.0.0.7");
        assertThat(info.routes()).extracting(r -> r.uri().toString())
                .containsExactly("sip:p2.example;lr", "sip:bob@10.0.0.9");
        assertThat(d.nextHop()).hasToString("sip:strict.example;maddr=10.0.0.7");
    }

    @Test
    void uasDialogKeepsRecordRouteOrderAndChecksCseq() {
        SipRequest inv = invite("Record-Route: <sip:p1.example;lr>, <sip:p2.example;lr>\r\n");
        NameAddress contact = NameAddress.of(Uri.parse("sip:bob@10.0.0.9"));
        Dialog d = Dialog.asUas(inv, "b1", contact, true);

        assertThat(d.state()).isEqualTo(Dialog.State.EARLY);
        assertThat(d.role()).isEqualTo(Dialog.Role.UAS);
        assertThat(d.id()).isEqualTo(new DialogId("c1@10.0.0.1", "b1", "a1"));
        assertThat(d.remoteSeq()).isEqualTo(314);
        assertThat(d.localSeq()).isEqualTo(-1);
        assertThat(d.remoteTarget()).hasToString("sip:alice@10.0.0.1:5060");
        assertThat(d.routeSet()).extracting(r -> r.uri().toString()).containsExactly("sip:p1.example;lr", "sip:p2.example;lr");
        assertThat(d.local().tag()).isEqualTo("b1");
        assertThat(d.remote().tag()).isEqualTo("a1");
        d.confirm();
        assertThat(d.isConfirmed()).isTrue();

        // a request from the UAS side: From is our To with our tag, CSeq picked fresh
        SipRequest bye = d.createRequest("BYE");
        assertThat(bye.fromTag()).isEqualTo("b1");
        assertThat(bye.toTag()).isEqualTo("a1");
        assertThat(bye.from().uri()).hasToString("sip:bob@biloxi.example");
        assertThat(bye.requestUri()).hasToString("sip:alice@10.0.0.1:5060");
        assertThat(bye.routes()).extracting(r -> r.uri().toString()).containsExactly("sip:p1.example;lr", "sip:p2.example;lr");
        assertThat(bye.cseq().number()).isPositive().isLessThan(1L << 31);
        assertThat(d.createRequest("INFO").cseq().number()).isEqualTo(bye.cseq().number() + 1);

        // remote CSeq: higher is accepted and recorded, lower is out of order (500), ACK is not checked
        SipRequest inDialog = invite("").withHeader(HeaderNames.TO, "Bob <sip:bob@biloxi.example>;tag=b1");
        assertThat(d.onRequest(inDialog.withHeader(HeaderNames.CSEQ, "320 INFO"))).isTrue();
        assertThat(d.remoteSeq()).isEqualTo(320);
        assertThat(d.onRequest(inDialog.withHeader(HeaderNames.CSEQ, "319 INFO"))).isFalse();
        assertThat(d.remoteSeq()).isEqualTo(320);
        assertThat(d.onRequest(inDialog.withHeader(HeaderNames.CSEQ, "320 UPDATE"))).isTrue();
    }

    @Test
    void uasWithoutRemoteSeqAcceptsAnything() {
        SipRequest inv = invite("");
        Dialog d = Dialog.asUac(inv, response(inv, 200, "b1", "<sip:bob@10.0.0.9>"));
        SipRequest fromBob = (SipRequest) SipParser.parse(("BYE sip:alice@10.0.0.1:5060 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 10.0.0.9;branch=z9hG4bKb\r\nFrom: <sip:bob@biloxi.example>;tag=b1\r\n"
                + "To: <sip:alice@atlanta.example>;tag=a1\r\nCall-ID: c1@10.0.0.1\r\nCSeq: 1 BYE\r\n"
                + "Max-Forwards: 70\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(DialogId.ofIncomingRequest(fromBob)).isEqualTo(d.id());
        assertThat(d.onRequest(fromBob)).isTrue();
        assertThat(d.remoteSeq()).isEqualTo(1);
    }

    @Test
    void targetRefreshOn2xxToReinviteOrUpdateAndTerminationOn481() {
        SipRequest inv = invite("");
        Dialog d = Dialog.asUac(inv, response(inv, 200, "b1", "<sip:bob@10.0.0.9>"));
        SipRequest update = d.createRequest("UPDATE");
        d.onResponse(update, update.createResponse(200).withHeader(HeaderNames.CONTACT, "<sip:bob@10.0.0.99>"));
        assertThat(d.remoteTarget()).hasToString("sip:bob@10.0.0.99");

        SipRequest info = d.createRequest("INFO");
        d.onResponse(info, info.createResponse(200).withHeader(HeaderNames.CONTACT, "<sip:bob@10.0.0.100>"));
        assertThat(d.remoteTarget()).hasToString("sip:bob@10.0.0.99"); // INFO is no target refresh

        SipRequest reinvite = d.createRequest("INVITE");
        d.onResponse(reinvite, reinvite.createResponse(488));
        assertThat(d.remoteTarget()).hasToString("sip:bob@10.0.0.99");
        assertThat(d.isTerminated()).isFalse();

        d.onResponse(info, info.createResponse(481));
        assertThat(d.isTerminated()).isTrue();
    }

    @Test
    void secureFlagFollowsSipsRequestUri() {
        SipRequest inv = invite("").withRequestUri(Uri.parse("sips:bob@biloxi.example"));
        assertThat(Dialog.asUas(inv, "t", null, false).isSecure()).isTrue();
    }
}
