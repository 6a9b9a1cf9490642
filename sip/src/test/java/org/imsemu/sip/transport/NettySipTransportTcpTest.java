package org.imsemu.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transport.CapturedMessage.Direction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The TCP transport against plain Socket peers on loopback. */
class NettySipTransportTcpTest extends TransportTestSupport {
    private NettySipTransport transport;
    private InetSocketAddress address;

    @BeforeEach
    void setUp() {
        transport = startTransport("127.0.0.1", 0, Set.of(TransportType.TCP));
        address = transport.localAddress(TransportType.TCP);
    }

    private Socket connect(InetSocketAddress to) throws IOException {
        Socket s = closeLater(new Socket());
        s.setTcpNoDelay(true);
        s.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        s.connect(to, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        return s;
    }

    private static void write(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(bytes(text));
        out.flush();
    }

    @Test
    void twoMessagesInOneWriteAreBothDelivered() throws Exception {
        Socket peer = connect(address);
        String sentBy = sentBy((InetSocketAddress) peer.getLocalSocketAddress());
        write(peer, options("TCP", sentBy, "", "first") + message("TCP", sentBy, "second", "hello"));

        InboundMessage first = nextInbound();
        InboundMessage second = nextInbound();
        assertThat(first.message().callId()).isEqualTo("first");
        assertThat(second.message().callId()).isEqualTo("second");
        assertThat(second.message().bodyAsString()).isEqualTo("hello");
        assertThat(first.transport()).isEqualTo(TransportType.TCP);
        assertThat(first.remote()).isEqualTo(peer.getLocalSocketAddress());
        assertThat(first.local()).isEqualTo(address);
        assertThat(first.message().topVia().received()).as("sent-by is the source address").isNull();
    }

    @Test
    void messageSplitAcrossWritesIsReassembled() throws Exception {
        Socket peer = connect(address);
        String body = "0123456789";
        String text = message("TCP", "192.0.2.1:5060", "split", body);
        int bodyStart = text.length() - body.length();
        write(peer, text.substring(0, 40));
        write(peer, text.substring(40, bodyStart + 3));
        for (int i = bodyStart + 3; i < text.length(); i++) write(peer, text.substring(i, i + 1));

        InboundMessage in = nextInbound();
        assertThat(in.message().callId()).isEqualTo("split");
        assertThat(in.message().bodyAsString()).isEqualTo(body);
        assertThat(in.message().topVia().received()).isEqualTo("127.0.0.1");
        assertThat(nextCaptured().bytes()).isEqualTo(bytes(text));
    }

    @Test
    void doubleCrlfPingIsAnsweredWithCrlfPong() throws Exception {
        Socket peer = connect(address);
        write(peer, "\r\n\r\n");

        byte[] pong = peer.getInputStream().readNBytes(2);
        assertThat(new String(pong, StandardCharsets.US_ASCII)).isEqualTo("\r\n");
        write(peer, options("TCP", "192.0.2.1:5060", "", "after-ping"));
        assertThat(nextInbound().message().callId()).isEqualTo("after-ping");
        assertThat(peer.getInputStream().available()).as("one pong only").isZero();
    }

    @Test
    void missingContentLengthIsAnswered400AndTheConnectionClosed() throws Exception {
        Socket peer = connect(address);
        String text = options("TCP", "192.0.2.1:5060", "", "nolength").replace("Content-Length: 0\r\n", "");
        write(peer, text);

        SipResponse resp = (SipResponse) readMessage(peer.getInputStream());
        assertThat(resp.status()).isEqualTo(400);
        assertThat(resp.reason()).isEqualTo("Missing Content-Length");
        assertThat(resp.callId()).isEqualTo("nolength");
        assertThat(resp.toTag()).isNotBlank();
        assertThat(closedByPeer(peer.getInputStream())).isTrue();

        CapturedMessage received = nextCaptured();
        assertThat(received.direction()).isEqualTo(Direction.RECEIVED);
        assertThat(received.bytes()).isEqualTo(bytes(text));
        assertThat(nextCaptured().direction()).isEqualTo(Direction.SENT);
        assertThat(inbound).isEmpty();
    }

    @Test
    void oversizedHeaderSectionClosesTheConnection() throws Exception {
        Socket peer = connect(address);
        StringBuilder sb = new StringBuilder("OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n");
        while (sb.length() <= SipParser.MAX_HEADER_BYTES + 100) sb.append("X-Filler: ").append("x".repeat(200)).append("\r\n");
        try {
            write(peer, sb.toString());
        } catch (IOException e) {
            // The transport may close before the whole section is written: that is the expected outcome.
        }
        assertThat(closedByPeer(peer.getInputStream())).isTrue();
        assertThat(inbound).isEmpty();
    }

    @Test
    void malformedRequestOnTcpIsAnsweredAndTheConnectionKeepsServing() throws Exception {
        Socket peer = connect(address);
        write(peer, options("TCP", "192.0.2.1:5060", "", "bad").replace("Max-Forwards: 70", "No colon here"));

        SipResponse resp = (SipResponse) readMessage(peer.getInputStream());
        assertThat(resp.status()).isEqualTo(400);
        assertThat(resp.reason()).isEqualTo("Bad header line 'No colon here'");
        write(peer, options("TCP", "192.0.2.1:5060", "", "good"));
        assertThat(nextInbound().message().callId()).isEqualTo("good");
    }

    @Test
    void responseGoesBackOnTheConnectionOfItsRequest() throws Exception {
        Socket peer = connect(address);
        write(peer, options("TCP", "192.0.2.1:5060", ";rport", "back"));
        InboundMessage in = nextInbound();
        assertThat(in.message().topVia().rport()).isEqualTo(Integer.toString(peer.getLocalPort()));

        SipResponse ok = ((SipRequest) in.message()).createResponse(200).withToTag("b2");
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        transport.send(ok, TransportType.TCP, in.remote(), error::complete);

        SipMessage atPeer = readMessage(peer.getInputStream());
        assertThat(((SipResponse) atPeer).status()).isEqualTo(200);
        assertThat(atPeer.toTag()).isEqualTo("b2");
        CapturedMessage received = nextCaptured();
        CapturedMessage sent = nextCaptured();
        assertThat(received.direction()).isEqualTo(Direction.RECEIVED);
        assertThat(received.local()).isEqualTo(address);
        assertThat(received.remote()).isEqualTo(peer.getLocalSocketAddress());
        assertThat(sent.direction()).isEqualTo(Direction.SENT);
        assertThat(sent.transport()).isEqualTo(TransportType.TCP);
        assertThat(sent.local()).isEqualTo(address);
        assertThat(sent.remote()).isEqualTo(peer.getLocalSocketAddress());
        assertThat(sent.bytes()).isEqualTo(ok.encode());
        assertThat(error).isNotDone();
    }

    @Test
    void outboundConnectionIsOpenedThenReusedAndCarriesTheResponses() throws Exception {
        ServerSocket server = closeLater(new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1")));
        server.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        InetSocketAddress serverAddress = (InetSocketAddress) server.getLocalSocketAddress();
        SipRequest request = (SipRequest) SipParser.parse(bytes(options("TCP", sentBy(address), "", "out1")));
        CompletableFuture<Throwable> error = new CompletableFuture<>();

        transport.send(request, TransportType.TCP, serverAddress, error::complete);
        Socket accepted = closeLater(server.accept());
        accepted.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        assertThat(accepted.getInetAddress().getHostAddress()).as("sent from the transport's address").isEqualTo("127.0.0.1");
        assertThat(readMessage(accepted.getInputStream()).callId()).isEqualTo("out1");

        write(accepted, response("TCP", sentBy(address), "out1"));
        InboundMessage in = nextInbound();
        assertThat(in.message()).isInstanceOf(SipResponse.class);
        assertThat(in.remote()).isEqualTo(serverAddress);

        SipRequest second = (SipRequest) SipParser.parse(bytes(options("TCP", sentBy(address), "", "out2")));
        transport.send(second, TransportType.TCP, serverAddress, error::complete);
        assertThat(readMessage(accepted.getInputStream()).callId()).as("same connection").isEqualTo("out2");

        CapturedMessage sent = nextCaptured(Direction.SENT);
        assertThat(sent.remote()).isEqualTo(serverAddress);
        assertThat(sent.local()).isEqualTo(accepted.getRemoteSocketAddress());
        assertThat(error).isNotDone();
    }

    @Test
    void sendToAClosedPortReportsTheError() throws Exception {
        InetSocketAddress nobody;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            nobody = (InetSocketAddress) s.getLocalSocketAddress();
        }
        SipRequest request = (SipRequest) SipParser.parse(bytes(options("TCP", sentBy(address), "", "refused")));
        CompletableFuture<Throwable> error = new CompletableFuture<>();
        CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
        transport.send(request, TransportType.TCP, nobody, e -> {
            onLoop.complete(transport.eventLoop().inEventLoop());
            error.complete(e);
        });

        assertThat(error.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ConnectException.class);
        assertThat(onLoop.get()).as("reported on the stack thread").isTrue();
        assertThat(captured).as("nothing was written").isEmpty();
    }

    @Test
    void closeClosesConnectionsAndReleasesThePort() throws Exception {
        Socket peer = connect(address);
        write(peer, options("TCP", "192.0.2.1:5060", "", "c"));
        nextInbound();

        transport.close();
        assertThat(closedByPeer(peer.getInputStream())).isTrue();
        NettySipTransport again = startTransport("127.0.0.1", address.getPort(), Set.of(TransportType.TCP));
        assertThat(again.localAddress(TransportType.TCP)).isEqualTo(address);
    }

    @Test
    void idleConnectionIsClosed() throws Exception {
        NettySipTransport quick = new NettySipTransport("127.0.0.1", 0, Set.of(TransportType.TCP), group.next(),
                inbound::add, MessageObserver.NONE).idleTimeout(Duration.ofMillis(200));
        closeLater(quick);
        quick.start();
        Socket peer = connect(quick.localAddress(TransportType.TCP));

        // The read blocks until the transport gives up on the silent connection (well before the timeout).
        long start = System.nanoTime();
        assertThat(closedByPeer(peer.getInputStream())).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(TIMEOUT_SECONDS));
    }

    @Test
    void ipv6Loopback() throws Exception {
        assumeTrue(ipv6LoopbackConfigured(), "::1 is not configured");
        NettySipTransport v6 = startTransport("::1", 0, Set.of(TransportType.TCP));
        InetSocketAddress v6Address = v6.localAddress(TransportType.TCP);
        Socket peer = connect(v6Address);
        write(peer, options("TCP", "[::1]:" + peer.getLocalPort(), "", "v6"));

        InboundMessage in = nextInbound();
        assertThat(in.remote()).isEqualTo(peer.getLocalSocketAddress());
        assertThat(in.message().topVia().received()).as("sent-by is the source address").isNull();
        v6.send(((SipRequest) in.message()).createResponse(200).withToTag("t"), TransportType.TCP, in.remote(), e -> { });
        SipResponse ok = (SipResponse) readMessage(peer.getInputStream());
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.callId()).isEqualTo("v6");
    }

    @Test
    void startedTransportOnlyOpensWhatWasAsked() {
        assertThat(transport.transports()).containsExactly(TransportType.TCP);
        assertThatThrownBy(() -> transport.localAddress(TransportType.UDP)).isInstanceOf(IllegalArgumentException.class);
    }
}
