package org.imsemu.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.imsemu.sip.header.Via;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transport.CapturedMessage.Direction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The UDP transport against a plain DatagramSocket peer on loopback. */
class NettySipTransportUdpTest extends TransportTestSupport {
    private NettySipTransport transport;
    private InetSocketAddress address;
    private DatagramSocket peer;
    private InetSocketAddress peerAddress;

    @BeforeEach
    void setUp() throws IOException {
        transport = startTransport("127.0.0.1", 0, EnumSet.of(TransportType.UDP, TransportType.TCP));
        address = transport.localAddress(TransportType.UDP);
        peer = closeLater(new DatagramSocket(new InetSocketAddress("127.0.0.1", 0)));
        peer.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
    }

    private void sendFromPeer(String text) throws IOException {
        byte[] b = bytes(text);
        peer.send(new DatagramPacket(b, b.length, address));
    }

    private SipMessage receiveAtPeer() throws IOException {
        byte[] buf = new byte[70_000];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        peer.receive(p);
        return SipParser.parse(Arrays.copyOf(buf, p.getLength()));
    }

    @Test
    void ephemeralPortIsSharedByUdpAndTcp() {
        assertThat(address.getPort()).isPositive();
        assertThat(transport.localAddress(TransportType.TCP)).isEqualTo(address);
        assertThat(address.getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void requestIsDeliveredWithReceivedAndRport() throws Exception {
        sendFromPeer(options("UDP", "192.0.2.1:5060", ";rport", "c1"));

        InboundMessage in = nextInbound();
        assertThat(in.transport()).isEqualTo(TransportType.UDP);
        assertThat(in.remote()).isEqualTo(peerAddress);
        assertThat(in.local()).isEqualTo(address);
        SipRequest req = (SipRequest) in.message();
        assertThat(req.callId()).isEqualTo("c1");
        Via top = req.topVia();
        assertThat(top.received()).isEqualTo("127.0.0.1");
        assertThat(top.rport()).isEqualTo(Integer.toString(peerAddress.getPort()));
        assertThat(top.branch()).isEqualTo("z9hG4bKc1");
        assertThat(req.vias()).hasSize(1);
    }

    @Test
    void receivedIsAddedWhenSentByDiffersAndOnlyTopViaChanges() throws Exception {
        String text = options("UDP", "192.0.2.1:5060", "", "c2")
                .replace("\r\nMax-Forwards", ", SIP/2.0/UDP 192.0.2.9:5070;branch=z9hG4bKlower\r\nMax-Forwards");
        sendFromPeer(text);

        SipRequest req = (SipRequest) nextInbound().message();
        assertThat(req.vias()).hasSize(2);
        assertThat(req.topVia().received()).isEqualTo("127.0.0.1");
        assertThat(req.topVia().rport()).isNull();
        assertThat(req.vias().get(1).toString()).isEqualTo("SIP/2.0/UDP 192.0.2.9:5070;branch=z9hG4bKlower");
        assertThat(req.encode()).asString(StandardCharsets.UTF_8).startsWith("OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\nVia: ");
    }

    @Test
    void requestFromItsSentByIsLeftAlone() throws Exception {
        sendFromPeer(options("UDP", sentBy(peerAddress), "", "c3"));

        SipRequest req = (SipRequest) nextInbound().message();
        assertThat(req.topVia().received()).isNull();
        assertThat(req.header("Via")).isEqualTo("SIP/2.0/UDP " + sentBy(peerAddress) + ";branch=z9hG4bKc3");
    }

    static Stream<Arguments> malformedRequests() {
        String good = options("UDP", "192.0.2.1:5060", ";rport", "bad");
        return Stream.of(
                Arguments.of("bad CSeq", good.replace("CSeq: 1 OPTIONS", "CSeq: x OPTIONS"), "CSeq"),
                Arguments.of("missing Call-ID", good.replace("Call-ID: bad\r\n", ""), "Missing Call-ID header"),
                Arguments.of("header line without colon", good.replace("Max-Forwards: 70", "This line has no colon"),
                        "Bad header line 'This line has no colon'"),
                Arguments.of("CSeq method mismatch", good.replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE"),
                        "CSeq method does not match request method"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void malformedRequestIsAnswered400AndTheTransportKeepsServing(String name, String text, String reason) throws Exception {
        sendFromPeer(text);

        SipResponse resp = (SipResponse) receiveAtPeer();
        assertThat(resp.status()).isEqualTo(400);
        assertThat(resp.reason()).contains(reason);
        assertThat(resp.toTag()).isNotBlank();
        assertThat(resp.topVia().branch()).isEqualTo("z9hG4bKbad");
        assertThat(resp.fromTag()).isEqualTo("a1");

        sendFromPeer(options("UDP", "192.0.2.1:5060", "", "after"));
        assertThat(nextInbound().message().callId()).isEqualTo("after");
        assertThat(inbound).isEmpty();
    }

    @Test
    void invalidAckIsNeverAnswered() throws Exception {
        String ack = options("UDP", "192.0.2.1:5060", "", "ack").replace("OPTIONS", "ACK").replace("CSeq: 1 ACK", "CSeq: x ACK");
        sendFromPeer(ack);
        sendFromPeer(options("UDP", "192.0.2.1:5060", "", "next").replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE"));

        // The loop handles datagrams in order: had the ACK been answered, its 400 would come first.
        SipResponse resp = (SipResponse) receiveAtPeer();
        assertThat(resp.callId()).isEqualTo("next");
        assertThat(inbound).isEmpty();
    }

    @Test
    void malformedResponsesAndGarbageAreDroppedButObserved() throws Exception {
        String badResponse = response("UDP", sentBy(address), "r1").replace("CSeq: 1 OPTIONS", "CSeq: x OPTIONS");
        String badStatusLine = response("UDP", sentBy(address), "r2").replace("SIP/2.0 200 OK", "SIP/2.0 2000 OK");
        String foreignResponse = response("UDP", "192.0.2.1:5060", "r3");
        String garbage = "\u0001\u0002 hello there \u00ff";
        for (String s : new String[] {badResponse, badStatusLine, foreignResponse, garbage}) sendFromPeer(s);
        sendFromPeer(response("UDP", sentBy(address), "ours"));

        InboundMessage in = nextInbound();
        assertThat(in.message()).isInstanceOf(SipResponse.class);
        assertThat(in.message().callId()).isEqualTo("ours");
        for (String s : new String[] {badResponse, badStatusLine, foreignResponse, garbage}) {
            CapturedMessage c = nextCaptured();
            assertThat(c.direction()).isEqualTo(Direction.RECEIVED);
            assertThat(c.bytes()).isEqualTo(bytes(s));
            assertThat(c.remote()).isEqualTo(peerAddress);
        }
        assertThat(nextCaptured().bytes()).isEqualTo(bytes(response("UDP", sentBy(address), "ours")));
        assertThat(captured).as("nothing was answered").isEmpty();
    }

    @Test
    void crlfKeepAliveDatagramIsIgnored() throws Exception {
        sendFromPeer("\r\n\r\n");
        sendFromPeer(options("UDP", sentBy(peerAddress), "", "after-ping"));

        assertThat(nextInbound().message().callId()).isEqualTo("after-ping");
        CapturedMessage c = nextCaptured();
        assertThat(c.bytes()).as("the keep-alive is not a message").isEqualTo(bytes(options("UDP", sentBy(peerAddress), "", "after-ping")));
    }

    @Test
    void observerSeesSentAndReceivedWithAddresses() throws Exception {
        SipRequest request = (SipRequest) SipParser.parse(bytes(options("UDP", sentBy(address), "", "out")));
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        transport.send(request, TransportType.UDP, peerAddress, error::complete);

        SipMessage atPeer = receiveAtPeer();
        assertThat(atPeer.callId()).isEqualTo("out");
        CapturedMessage sent = nextCaptured();
        assertThat(sent.direction()).isEqualTo(Direction.SENT);
        assertThat(sent.transport()).isEqualTo(TransportType.UDP);
        assertThat(sent.local()).isEqualTo(address);
        assertThat(sent.remote()).isEqualTo(peerAddress);
        assertThat(sent.bytes()).isEqualTo(request.encode());

        String answer = response("UDP", sentBy(address), "out");
        sendFromPeer(answer);
        CapturedMessage received = nextCaptured();
        assertThat(received.direction()).isEqualTo(Direction.RECEIVED);
        assertThat(received.transport()).isEqualTo(TransportType.UDP);
        assertThat(received.local()).isEqualTo(address);
        assertThat(received.remote()).isEqualTo(peerAddress);
        assertThat(received.bytes()).isEqualTo(bytes(answer));
        assertThat(((SipResponse) nextInbound().message()).status()).isEqualTo(200);
        assertThat(error).isNotDone();
    }

    @Test
    void datagramOver65507BytesIsReportedToOnError() throws Exception {
        SipRequest big = ((SipRequest) SipParser.parse(bytes(options("UDP", sentBy(address), "", "big"))))
                .withBody("text/plain", "x".repeat(70_000));
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        transport.send(big, TransportType.UDP, peerAddress, error::complete);

        assertThat(error.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(IOException.class).hasMessageContaining("too large for UDP");
        assertThat(captured).as("nothing crossed the socket").isEmpty();
    }

    @Test
    void closeReleasesThePortsAtOnce() throws Exception {
        int port = address.getPort();
        transport.close();

        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", port));
             ServerSocket tcp = new ServerSocket()) {
            tcp.bind(new InetSocketAddress("127.0.0.1", port));
            assertThat(udp.getLocalPort()).isEqualTo(port);
            assertThat(tcp.getLocalPort()).isEqualTo(port);
        }
        NettySipTransport again = startTransport("127.0.0.1", port, EnumSet.of(TransportType.UDP, TransportType.TCP));
        assertThat(again.localAddress(TransportType.UDP).getPort()).isEqualTo(port);
        assertThat(again.localAddress(TransportType.TCP).getPort()).isEqualTo(port);
    }

    @Test
    void bindingATakenPortFailsNamingTheAddress() {
        NettySipTransport second = new NettySipTransport("127.0.0.1", address.getPort(), Set.of(TransportType.UDP),
                group.next(), inbound::add, MessageObserver.NONE);
        assertThatThrownBy(second::start)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("UDP")
                .hasMessageContaining("127.0.0.1:" + address.getPort())
                .hasCauseInstanceOf(BindException.class);
        second.close();
    }

    @Test
    void ipv6Loopback() throws Exception {
        assumeTrue(ipv6LoopbackConfigured(), "::1 is not configured");
        NettySipTransport v6 = startTransport("::1", 0, Set.of(TransportType.UDP));
        InetSocketAddress v6Address = v6.localAddress(TransportType.UDP);
        try (DatagramSocket p = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
            p.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
            byte[] b = bytes(options("UDP", "[::1]:" + p.getLocalPort(), ";rport", "v6"));
            p.send(new DatagramPacket(b, b.length, v6Address));

            InboundMessage in = nextInbound();
            assertThat(in.remote()).isEqualTo(p.getLocalSocketAddress());
            assertThat(in.local()).isEqualTo(v6Address);
            assertThat(in.message().topVia().received()).isEqualTo("::1");
            assertThat(in.message().topVia().rport()).isEqualTo(Integer.toString(p.getLocalPort()));

            SipResponse ok = ((SipRequest) in.message()).createResponse(200).withToTag("t");
            v6.send(ok, TransportType.UDP, in.remote(), e -> { });
            byte[] buf = new byte[4096];
            DatagramPacket reply = new DatagramPacket(buf, buf.length);
            p.receive(reply);
            assertThat(new String(buf, 0, reply.getLength(), StandardCharsets.UTF_8)).startsWith("SIP/2.0 200 OK\r\n");
        }
    }
}
