package org.imsemu.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.header.Via;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transport.InboundMessage;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A layer on a manual clock and a recording transport. Every scenario must run to its end: after each
 * test no transaction and no timer may be left (the leak check).
 */
abstract class TransactionTestBase {
    /** The peer as seen on the wire: behind a NAT, so its source port differs from its Via (rport). */
    static final InetSocketAddress PEER = new InetSocketAddress("192.0.2.10", 40000);
    static final InetSocketAddress NEXT_HOP = new InetSocketAddress("192.0.2.20", 5060);

    ManualTimer timer;
    RecordingTransport transport;
    RecordingUser user;
    TransactionLayer layer;

    @BeforeEach
    void createLayer() {
        timer = new ManualTimer();
        transport = new RecordingTransport(timer);
        user = new RecordingUser();
        layer = new TransactionLayer(transport, timer, TimerSettings.DEFAULT, user);
    }

    @AfterEach
    void nothingLeaks() {
        assertThat(layer.size()).as("live transactions at the end of the scenario").isZero();
        assertThat(timer.pending()).as("timers left at the end of the scenario").isZero();
    }

    RecordingListener listener() {
        return new RecordingListener(timer);
    }

    static SipMessage parse(String text) {
        return SipParser.parse(text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    static SipRequest parseRequest(String text) {
        return (SipRequest) parse(text);
    }

    /** An INVITE as the peer sends it (one Via, rport asked). */
    static SipRequest inviteFromPeer(String branch, TransportType t) {
        return parseRequest("""
                INVITE sip:bob@192.0.2.1 SIP/2.0
                Via: SIP/2.0/%s 192.0.2.10:5060;branch=%s;rport
                Max-Forwards: 70
                From: "Alice" <sip:alice@example.com>;tag=a1
                To: <sip:bob@example.com>
                Call-ID: call-1@192.0.2.10
                CSeq: 1 INVITE
                Contact: <sip:alice@192.0.2.10:5060>
                Content-Length: 0

                """.formatted(t, branch));
    }

    /** A non-INVITE request from the peer. */
    static SipRequest requestFromPeer(String method, String branch, TransportType t) {
        return parseRequest("""
                %1$s sip:bob@192.0.2.1 SIP/2.0
                Via: SIP/2.0/%2$s 192.0.2.10:5060;branch=%3$s
                Max-Forwards: 70
                From: <sip:alice@example.com>;tag=a2
                To: <sip:bob@example.com>
                Call-ID: call-2@192.0.2.10
                CSeq: 7 %1$s
                Content-Length: 0

                """.formatted(method, t, branch));
    }

    /** The CANCEL the peer sends for {@code invite}, as it would arrive on the wire. */
    static SipRequest cancelFromPeer(SipRequest invite) {
        return (SipRequest) SipParser.parse(TransactionLayer.createCancel(invite).encode());
    }

    /** The ACK the peer sends for a non-2xx final: same branch as the INVITE, To of the response. */
    static SipRequest ackFromPeer(SipRequest invite, SipResponse response) {
        return (SipRequest) SipParser.parse(TransactionLayer.createAck(invite, response).encode());
    }

    /** The ACK for a 2xx: its own branch (13.2.2.4). */
    static SipRequest ackFor2xx(SipRequest invite, SipResponse ok, TransportType t) {
        return parseRequest("""
                ACK sip:bob@192.0.2.1 SIP/2.0
                Via: SIP/2.0/%s 192.0.2.10:5060;branch=z9hG4bKack2xx;rport
                Max-Forwards: 70
                From: %s
                To: %s
                Call-ID: %s
                CSeq: %d ACK
                Content-Length: 0

                """.formatted(t, invite.header("From"), ok.header("To"), invite.callId(), invite.cseq().number()));
    }

    /** A request our side sends: the caller (a UA or proxy core) has put its Via with a fresh branch on top. */
    static SipRequest outgoing(String method, String branch, TransportType t) {
        Uri target = SipUri.of("carol", "192.0.2.20", 5060);
        return SipRequest.builder(method, target)
                .via(Via.of(t.name(), "192.0.2.1", 5060, branch))
                .maxForwards(70)
                .from(NameAddress.of(SipUri.of("alice", "example.com", -1)).withTag("f1"))
                .to(NameAddress.of(SipUri.of("carol", "example.com", -1)))
                .callId("out-1@192.0.2.1")
                .cseq(1)
                .contact(NameAddress.of(SipUri.of("alice", "192.0.2.1", 5060)))
                .build();
    }

    /** A response to a request we sent, as the next hop would return it. */
    static InboundMessage responseTo(SipRequest request, int status, String toTag, TransportType t) {
        SipResponse r = request.createResponse(status);
        if (toTag != null) r = r.withToTag(toTag);
        SipMessage wire = SipParser.parse(r.encode());
        return new InboundMessage(wire, t, RecordingTransport.LOCAL, NEXT_HOP, 0);
    }

    InboundMessage fromPeer(SipMessage m) {
        return fromPeer(m, TransportType.UDP);
    }

    InboundMessage fromPeer(SipMessage m, TransportType t) {
        return new InboundMessage(m, t, RecordingTransport.LOCAL, PEER, timer.now());
    }
}
