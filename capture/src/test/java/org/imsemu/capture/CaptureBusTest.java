package org.imsemu.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.stack.SipStack;
import org.imsemu.sip.transaction.ServerTransaction;
import org.imsemu.sip.transaction.TransactionUser;
import org.imsemu.sip.transport.CapturedMessage;
import org.imsemu.sip.transport.InboundMessage;
import org.imsemu.sip.transport.MessageObserver;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.transport.Transports;
import org.junit.jupiter.api.Test;

class CaptureBusTest {
    private static final long TIMEOUT_MS = 10_000;

    /** Answers every request but ACK with 200. */
    private static final class Answerer implements TransactionUser {
        @Override
        public void onRequest(ServerTransaction t) {
            if (!t.request().isMethod("ACK")) t.respond(t.request().createResponse(200));
        }

        @Override
        public void onCancel(ServerTransaction invite) {
        }

        @Override
        public void onAck(InboundMessage ack) {
        }

        @Override
        public void onStrayResponse(InboundMessage response) {
        }
    }

    private static String options(String callId, String fromHost, int fromPort) {
        return "OPTIONS sip:b@example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + fromHost + ":" + fromPort + ";branch=z9hG4bK-" + callId + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(5);
        }
    }

    @Test
    void messageBetweenTwoNodesIsRecordedOnceAndExternalPeersAreKept() throws Exception {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        String prefix = "127." + r.nextInt(100, 200) + "." + r.nextInt(0, 256) + ".";
        String ipA = prefix + "1";
        String ipB = prefix + "2";
        String ipExternal = prefix + "3";
        CaptureBus bus = new CaptureBus();
        bus.registerNode("A", InetAddress.getByName(ipA));
        bus.registerNode("B", InetAddress.getByName(ipB));
        ConcurrentLinkedQueue<CapturedMessage> raw = new ConcurrentLinkedQueue<>();
        EventLoopGroup group = Transports.newEventLoopGroup(2);
        List<CaptureEvent> live = new CopyOnWriteArrayList<>();
        bus.subscribe(live::add);
        try (SipStack a = SipStack.start(config(ipA, tee(raw, bus.observer("A"))), group, s -> new Answerer());
             SipStack b = SipStack.start(config(ipB, tee(raw, bus.observer("B"))), group, s -> new Answerer());
             DatagramSocket external = new DatagramSocket(new InetSocketAddress(ipExternal, 0))) {
            InetSocketAddress addrA = a.localAddress(TransportType.UDP);
            InetSocketAddress addrB = b.localAddress(TransportType.UDP);
            SipRequest fromA = (SipRequest) SipParser.parse(options("from-a", ipA, addrA.getPort()).getBytes(StandardCharsets.UTF_8));
            a.call(() -> {
                a.transport().send(fromA, TransportType.UDP, addrB, e -> { });
                return null;
            });
            await("B's answer to A", () -> bus.events().size() == 2);
            byte[] fromExternal = options("from-x", ipExternal, external.getLocalPort()).getBytes(StandardCharsets.UTF_8);
            external.send(new DatagramPacket(fromExternal, fromExternal.length, addrB));
            byte[] buf = new byte[4096];
            external.setSoTimeout((int) TIMEOUT_MS);
            external.receive(new DatagramPacket(buf, buf.length));
            await("B's answer to the external peer", () -> bus.events().size() == 4);
            // Both stacks saw both directions of the A-B exchange: 4 observer calls for 2 messages.
            await("every observer call", () -> raw.size() == 6);

            List<CaptureEvent> events = bus.events();
            assertThat(events).extracting(e -> e.node() + " " + e.direction() + " " + MessageLabels.of(e))
                    .containsExactly("A SENT OPTIONS", "B SENT 200 OK (OPTIONS)", "B RECEIVED OPTIONS", "B SENT 200 OK (OPTIONS)");
            assertThat(events).extracting(CaptureEvent::sequence).containsExactly(0L, 1L, 2L, 3L);
            assertThat(events.get(0).source()).isEqualTo(addrA);
            assertThat(events.get(0).destination()).isEqualTo(addrB);
            assertThat(events.get(2).source()).isEqualTo(external.getLocalSocketAddress());
            assertThat(events.get(2).destination()).isEqualTo(addrB);
            assertThat(events).allMatch(e -> e.protocol() == Protocol.SIP && e.transport() == Transport.UDP);
            assertThat(bus.nodeAt(InetAddress.getByName(ipB))).isEqualTo("B");
            assertThat(bus.nodeAt(InetAddress.getByName(ipExternal))).isNull();
            assertThat(bus.nameOf(events.get(2).source())).isEqualTo(ipExternal + ":" + external.getLocalPort());
            bus.awaitDispatched();
            assertThat(live).containsExactlyElementsOf(events);
        } finally {
            bus.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static SipStack.Config config(String ip, MessageObserver observer) {
        return new SipStack.Config(ip, 0, EnumSet.of(TransportType.UDP), null, observer);
    }

    private static MessageObserver tee(ConcurrentLinkedQueue<CapturedMessage> raw, MessageObserver bus) {
        return m -> {
            raw.add(m);
            bus.onMessage(m);
        };
    }

    @Test
    void concurrentRecordersGetDistinctConsecutiveNumbersAndSubscribersSeeThemInOrder() throws Exception {
        CaptureBus bus = new CaptureBus();
        List<Long> seen = new ArrayList<>(); // written by the dispatcher thread only
        bus.subscribe(e -> seen.add(e.sequence()));
        int threads = 8;
        int each = 5_000;
        InetSocketAddress local = new InetSocketAddress("127.0.0.1", 1);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String node = "n" + t;
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < each; i++) {
                    bus.record(node, Direction.SENT, Protocol.OTHER, Transport.UDP, local,
                            new InetSocketAddress("192.0.2.1", i + 1), new byte[] {(byte) i});
                }
            });
            w.start();
            workers.add(w);
        }
        start.countDown();
        for (Thread w : workers) w.join();
        bus.awaitDispatched();
        List<CaptureEvent> events = bus.events();
        assertThat(events).hasSize(threads * each);
        for (int i = 0; i < events.size(); i++) assertThat(events.get(i).sequence()).isEqualTo(i);
        for (int t = 0; t < threads; t++) {
            String node = "n" + t;
            // Each recorder's own events keep the order it recorded them in.
            assertThat(events.stream().filter(e -> e.node().equals(node)).map(e -> e.remote().getPort()).toList())
                    .isSorted().hasSize(each);
        }
        assertThat(seen).hasSize(threads * each).isSorted(); // awaitDispatched orders the dispatcher's writes before this
        bus.close();
    }

    @Test
    void markSegmentsAndClearForgets() {
        CaptureBus bus = new CaptureBus();
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", 5060);
        bus.record("a", Direction.SENT, Protocol.DNS, Transport.UDP, a, a, new byte[] {1});
        long mark = bus.mark();
        CaptureEvent second = bus.record("a", Direction.SENT, Protocol.DNS, Transport.UDP, a, a, new byte[] {2});
        assertThat(bus.since(mark)).containsExactly(second);
        assertThat(bus.events()).hasSize(2);
        bus.clear();
        assertThat(bus.events()).isEmpty();
        CaptureEvent third = bus.record("a", Direction.SENT, Protocol.DNS, Transport.UDP, a, a, new byte[] {3});
        assertThat(third.sequence()).isEqualTo(2);
        assertThat(bus.events()).containsExactly(third);
    }

    @Test
    void aStreamingBusKeepsNothingButStillFeedsItsSubscribers() throws Exception {
        try (CaptureBus bus = CaptureBus.streaming()) {
            List<CaptureEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            bus.subscribe(seen::add);
            InetSocketAddress a = new InetSocketAddress("127.0.0.1", 5060);
            for (int i = 0; i < 100; i++) bus.record("a", Direction.SENT, Protocol.SIP, Transport.UDP, a, a, new byte[] {(byte) i});
            bus.awaitDispatched();
            assertThat(bus.events()).isEmpty();
            assertThat(seen).hasSize(100).extracting(CaptureEvent::sequence).isSorted();
        }
    }

    @Test
    void receivedFromARegisteredNodeIsDroppedAndAnAddressBelongsToOneNode() throws Exception {
        CaptureBus bus = new CaptureBus();
        InetAddress ip = InetAddress.getByName("127.0.0.5");
        bus.registerNode("pcscf", ip);
        InetSocketAddress me = new InetSocketAddress("127.0.0.6", 5060);
        assertThat(bus.record("x", Direction.RECEIVED, Protocol.SIP, Transport.TCP, me, new InetSocketAddress(ip, 40000), new byte[1])).isNull();
        assertThat(bus.record("x", Direction.SENT, Protocol.SIP, Transport.TCP, me, new InetSocketAddress(ip, 5060), new byte[1])).isNotNull();
        assertThat(bus.events()).hasSize(1);
        assertThatThrownBy(() -> bus.registerNode("scscf", ip)).hasMessageContaining("pcscf");
        assertThatThrownBy(() -> bus.registerNode("scscf")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void eventBytesAreDefensivelyCopied() {
        byte[] b = {1, 2, 3};
        InetSocketAddress a = new InetSocketAddress("127.0.0.1", 5060);
        CaptureEvent e = new CaptureEvent(0, "n", Direction.SENT, Protocol.SIP, Transport.UDP, a, a, 0, 0, b);
        b[0] = 9;
        e.bytes()[1] = 9;
        assertThat(e.bytes()).containsExactly(1, 2, 3);
        assertThat(e.data().isReadOnly()).isTrue();
    }
}
