package org.imsemu.rtp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real UDP sockets on loopback (127.0.97.200-203, ephemeral ports). */
class RtpSessionTest {
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        group = Epoll.isAvailable() ? new EpollEventLoopGroup(2) : new NioEventLoopGroup(2);
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static InetSocketAddress any(String ip) {
        return new InetSocketAddress(ip, 0);
    }

    @Test
    void twoSessionsExchangeTheToneBothWays() throws Exception {
        try (RtpSession a = RtpSession.bind(any("127.0.97.200"), group);
             RtpSession b = RtpSession.bind(any("127.0.97.201"), group)) {
            a.remote(b.localAddress()).start();
            b.remote(a.localAddress()).payloadType(G711.PCMA).start();
            await(() -> a.statistics().packetsReceived() >= 10 && b.statistics().packetsReceived() >= 10);
            RtpStatistics sa = a.statistics();
            RtpStatistics sb = b.statistics();
            assertThat(sa.packetsSent()).isGreaterThan(0);
            assertThat(sb.packetsSent()).isGreaterThan(0);
            assertThat(sa.audioDetected()).isTrue();
            assertThat(sb.audioDetected()).isTrue();
            assertThat(sa.lastAudioRms()).isGreaterThan(RtpSession.AUDIO_RMS_THRESHOLD);
            assertThat(sa.lastPayloadType()).isEqualTo(8);
            assertThat(sb.lastPayloadType()).isEqualTo(0);
            assertThat(sb.remoteSsrc()).isEqualTo(a.ssrc());
            assertThat(sb.bytesReceived()).isEqualTo(160 * sb.packetsReceived());
            assertThat(sb.cumulativeLost()).isZero(); // loopback loses nothing
            assertThat(sb.expected()).isEqualTo(sb.packetsReceived());
            assertThat(sb.jitterMs()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void lossIsCountedFromAGapInjectedWithARawSocket() throws Exception {
        try (RtpSession rx = RtpSession.bind(any("127.0.97.202"), group);
             DatagramSocket raw = new DatagramSocket(any("127.0.97.203"))) {
            int[] seqs = {1000, 1001, 1002, 1006, 1007, 1010}; // 1003-1005 and 1008-1009 missing
            for (int s : seqs) {
                byte[] b = RtpPacket.of(false, 0, s, s * 160L, 0x1234, G711.encode(0, new ToneGenerator().nextFrame())).encode();
                raw.send(new DatagramPacket(b, b.length, rx.localAddress()));
            }
            byte[] junk = {1, 2, 3};
            raw.send(new DatagramPacket(junk, junk.length, rx.localAddress()));
            await(() -> rx.statistics().packetsReceived() == 6 && rx.statistics().malformedReceived() == 1);
            RtpStatistics s = rx.statistics();
            assertThat(s.expected()).isEqualTo(11);
            assertThat(s.cumulativeLost()).isEqualTo(5);
            assertThat(s.lossFraction()).isCloseTo(5 / 11.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(s.extendedHighestSequence()).isEqualTo(1010);
            assertThat(s.remoteSsrc()).isEqualTo(0x1234);
            assertThat(s.audioDetected()).isTrue();
        }
    }

    @Test
    void silenceIsNotAudio() throws Exception {
        try (RtpSession rx = RtpSession.bind(any("127.0.97.202"), group);
             DatagramSocket raw = new DatagramSocket(any("127.0.97.203"))) {
            byte[] b = RtpPacket.of(false, 0, 1, 0, 7, G711.encode(0, new short[160])).encode();
            raw.send(new DatagramPacket(b, b.length, rx.localAddress()));
            await(() -> rx.statistics().packetsReceived() == 1);
            assertThat(rx.statistics().audioDetected()).isFalse();
        }
    }

    @Test
    void packetsCarryTheRfc3550Fields() throws Exception {
        try (RtpSession tx = RtpSession.bind(any("127.0.97.200"), group);
             DatagramSocket raw = new DatagramSocket(any("127.0.97.201"))) {
            raw.setSoTimeout(5000);
            tx.remote((InetSocketAddress) raw.getLocalSocketAddress()).start();
            RtpPacket[] got = new RtpPacket[3];
            for (int i = 0; i < 3; i++) {
                DatagramPacket p = new DatagramPacket(new byte[1500], 1500);
                raw.receive(p);
                got[i] = RtpPacket.parse(p.getData(), 0, p.getLength());
            }
            assertThat(got[0].marker()).isTrue(); // start of a talkspurt
            assertThat(got[1].marker()).isFalse();
            assertThat(got[0].payloadType()).isZero();
            assertThat(got[0].payloadLength()).isEqualTo(160);
            assertThat(got[1].sequenceNumber()).isEqualTo((got[0].sequenceNumber() + 1) & 0xFFFF);
            assertThat(got[1].timestamp()).isEqualTo((got[0].timestamp() + 160) & 0xFFFF_FFFFL);
            assertThat(got[2].ssrc()).isEqualTo(tx.ssrc());
        }
    }

    @Test
    void directionChangesStopAndResumeSending() throws Exception {
        try (RtpSession a = RtpSession.bind(any("127.0.97.200"), group);
             RtpSession b = RtpSession.bind(any("127.0.97.201"), group)) {
            a.remote(b.localAddress()).start();
            b.remote(a.localAddress()).direction(MediaDirection.RECV_ONLY).start();
            await(() -> b.statistics().packetsReceived() >= 5);
            a.direction(MediaDirection.INACTIVE);
            long sent = a.statistics().packetsSent(); // taken on the loop after the change: no packet can follow
            Thread.sleep(200); // ten packet intervals in which nothing may be sent
            assertThat(a.statistics().packetsSent()).isEqualTo(sent);
            assertThat(b.statistics().packetsSent()).isZero(); // RECV_ONLY never sent
            assertThat(a.statistics().packetsReceived()).isZero();
            a.direction(MediaDirection.SEND_ONLY);
            await(() -> a.statistics().packetsSent() > sent + 3);
            b.direction(MediaDirection.SEND_RECV);
            await(() -> a.statistics().packetsReceived() > 0);
        }
    }

    @Test
    void closeFreesThePort() throws Exception {
        RtpSession s = RtpSession.bind(any("127.0.97.200"), group);
        InetSocketAddress bound = s.localAddress();
        s.remote(new InetSocketAddress("127.0.97.201", 9)).start();
        s.close();
        assertThat(s.isClosed()).isTrue();
        long sent = s.statistics().packetsSent();
        try (DatagramSocket again = new DatagramSocket(bound)) {
            assertThat(again.getLocalPort()).isEqualTo(bound.getPort());
        }
        assertThat(s.statistics().packetsSent()).isEqualTo(sent);
    }

    @Test
    void aBusyPortFailsTheOpenFuture() throws Exception {
        try (DatagramSocket busy = new DatagramSocket(any("127.0.97.200"))) {
            var f = RtpSession.open((InetSocketAddress) busy.getLocalSocketAddress(), group);
            org.assertj.core.api.Assertions.assertThat(f).failsWithin(Duration.ofSeconds(5));
        }
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 10 s");
            Thread.sleep(10);
        }
    }
}
