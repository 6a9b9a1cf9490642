package org.imsemu.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.transport.CapturedMessage.Direction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** A stack thread, transports that report into queues, and raw SIP text for the remote peers. */
abstract class TransportTestSupport {
    static final long TIMEOUT_SECONDS = 5;
    static EventLoopGroup group;

    final BlockingQueue<InboundMessage> inbound = new LinkedBlockingQueue<>();
    final BlockingQueue<CapturedMessage> captured = new LinkedBlockingQueue<>();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @BeforeAll
    static void startLoop() {
        group = Transports.newEventLoopGroup(1);
    }

    @AfterAll
    static void stopLoop() throws InterruptedException {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeResources() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) resources.get(i).close();
    }

    <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    NettySipTransport startTransport(String host, int port, Set<TransportType> transports) {
        NettySipTransport t = new NettySipTransport(host, port, transports, group.next(), inbound::add, captured::add);
        t.start();
        return closeLater(t);
    }

    InboundMessage nextInbound() throws InterruptedException {
        InboundMessage m = inbound.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(m).as("a message delivered to the handler").isNotNull();
        return m;
    }

    CapturedMessage nextCaptured() throws InterruptedException {
        CapturedMessage m = captured.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertThat(m).as("a message seen by the observer").isNotNull();
        return m;
    }

    /** The next captured message in that direction; the others are skipped. */
    CapturedMessage nextCaptured(Direction direction) throws InterruptedException {
        while (true) {
            CapturedMessage m = nextCaptured();
            if (m.direction() == direction) return m;
        }
    }

    static boolean ipv6LoopbackConfigured() {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("::1"), 0))) {
            return s.getLocalPort() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    // ---- raw messages ----

    static String options(String transport, String sentBy, String viaParams, String callId) {
        return "OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " " + sentBy + ";branch=z9hG4bK" + callId + viaParams + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@127.0.0.1>;tag=a1\r\n"
                + "To: <sip:bob@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n"
                + "\r\n";
    }

    static String message(String transport, String sentBy, String callId, String body) {
        return "MESSAGE sip:bob@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " " + sentBy + ";branch=z9hG4bK" + callId + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@127.0.0.1>;tag=a1\r\n"
                + "To: <sip:bob@127.0.0.1>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 MESSAGE\r\n"
                + "Content-Type: text/plain\r\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n"
                + "\r\n" + body;
    }

    static String response(String transport, String sentBy, String callId) {
        return "SIP/2.0 200 OK\r\n"
                + "Via: SIP/2.0/" + transport + " " + sentBy + ";branch=z9hG4bK" + callId + "\r\n"
                + "From: <sip:alice@127.0.0.1>;tag=a1\r\n"
                + "To: <sip:bob@127.0.0.1>;tag=b1\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 OPTIONS\r\n"
                + "Content-Length: 0\r\n"
                + "\r\n";
    }

    static String sentBy(InetSocketAddress a) {
        return NettySipTransport.format(a);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads one message off a stream: header section up to the empty line, then Content-Length bytes. */
    static SipMessage readMessage(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int state = 0; // counts the bytes of CRLFCRLF matched so far
        while (state < 4) {
            int b = in.read();
            if (b < 0) throw new IOException("Connection closed after " + buf.size() + " bytes");
            buf.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : (b == '\r' ? 1 : 0);
        }
        byte[] header = buf.toByteArray();
        long length = SipStreamDecoder.contentLength(header);
        buf.write(in.readNBytes((int) length));
        return SipParser.parse(buf.toByteArray());
    }

    /** True when the peer closed the connection: end of stream, or a reset. */
    static boolean closedByPeer(InputStream in) {
        try {
            while (true) {
                if (in.read() < 0) return true;
            }
        } catch (IOException e) {
            return e.getMessage() != null && e.getMessage().toLowerCase().contains("reset");
        }
    }
}
