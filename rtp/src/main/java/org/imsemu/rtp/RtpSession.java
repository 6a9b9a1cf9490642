package org.imsemu.rtp;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoop;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One RTP media stream on a real UDP socket (RFC 3550): sends a G.711 tone every 20 ms (PCMU by
 * default; timestamp +160 per packet; random SSRC and initial sequence number) to the remote address
 * while the direction allows sending, and keeps receiver statistics of whatever arrives. RTCP is not
 * implemented.
 *
 * <p>Threading: the socket, the pacing timer and all counters live on one Netty event loop (typically
 * the SIP stack thread of the host that owns the call). The setters and {@link #statistics()} may be
 * called from any thread; they hop onto the loop. {@link #open} never blocks, so it can be called on
 * the loop itself.
 */
public final class RtpSession implements AutoCloseable {
    /** Packetisation interval (RFC 3551 default for G.711). */
    public static final int PTIME_MILLIS = 20;
    /** RMS level (16-bit linear) above which a received frame counts as audio; about -40 dBFS. */
    public static final double AUDIO_RMS_THRESHOLD = 300;
    private static final int CLOCK_RATE = 8000;
    private static final int SAMPLES_PER_PACKET = CLOCK_RATE * PTIME_MILLIS / 1000;

    private final EventLoop loop;
    private final Channel channel;
    private final InetSocketAddress localAddress;
    private final ToneGenerator tone;
    private final long ssrc = ThreadLocalRandom.current().nextLong(1L << 32);
    private final ReceptionStatistics reception = new ReceptionStatistics(1, CLOCK_RATE);

    // written on the loop only; volatile so that getters on other threads see current values
    private volatile InetSocketAddress remote;
    private volatile MediaDirection direction = MediaDirection.SEND_RECV;
    private volatile int payloadType = G711.PCMU;
    private volatile boolean closed;
    private volatile RtpStatistics finalStatistics;

    private int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private long timestamp = ThreadLocalRandom.current().nextLong(1L << 32);
    private boolean talkspurt = true; // marker on the first packet after (re)starting to send
    private ScheduledFuture<?> pacing;
    private long packetsSent;
    private long bytesSent;
    private long packetsReceived;
    private long bytesReceived;
    private long malformed;
    private int lastPayloadType = -1;
    private long audioPackets;
    private double lastRms;

    private RtpSession(EventLoop loop, Channel channel, ToneGenerator tone) {
        this.loop = loop;
        this.channel = channel;
        this.localAddress = (InetSocketAddress) channel.localAddress();
        this.tone = tone;
    }

    /**
     * Binds a UDP socket on {@code local} (port 0 = ephemeral) on the next loop of {@code group} and
     * completes, on that loop, with the session (not yet sending: see {@link #start}), or with the bind
     * error (port in use...).
     */
    public static CompletableFuture<RtpSession> open(InetSocketAddress local, EventLoopGroup group, ToneGenerator tone) {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(tone, "tone");
        EventLoop loop = group.next();
        CompletableFuture<RtpSession> result = new CompletableFuture<>();
        RtpSession[] holder = new RtpSession[1];
        Bootstrap b = new Bootstrap().group(loop).channel(channelClass(loop))
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                        if (holder[0] != null) holder[0].onDatagram(p.content());
                    }
                });
        ChannelFuture f = b.bind(local);
        f.addListener(done -> {
            if (!done.isSuccess()) {
                result.completeExceptionally(new IllegalStateException("cannot bind RTP socket on " + local + ": " + done.cause().getMessage(), done.cause()));
                return;
            }
            RtpSession s = new RtpSession(loop, f.channel(), tone);
            holder[0] = s;
            result.complete(s);
        });
        return result;
    }

    public static CompletableFuture<RtpSession> open(InetSocketAddress local, EventLoopGroup group) {
        return open(local, group, new ToneGenerator());
    }

    /** Blocking {@link #open}, for callers that are not on an event loop of {@code group}. */
    public static RtpSession bind(InetSocketAddress local, EventLoopGroup group) {
        try {
            return open(local, group).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("RTP bind on " + local + " did not complete", e);
        }
    }

    private static Class<? extends DatagramChannel> channelClass(EventLoop loop) {
        boolean epoll = Epoll.isAvailable() && (loop instanceof EpollEventLoop || loop.parent() instanceof EpollEventLoopGroup);
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    // ---- control ----

    /** Starts the 20 ms clock. Packets go out while the direction sends and a remote address is set. */
    public RtpSession start() {
        onLoop(() -> {
            if (pacing == null && !closed) pacing = loop.scheduleAtFixedRate(this::tick, 0, PTIME_MILLIS, TimeUnit.MILLISECONDS);
        });
        return this;
    }

    public RtpSession remote(InetSocketAddress address) {
        onLoop(() -> remote = address);
        return this;
    }

    public RtpSession direction(MediaDirection d) {
        Objects.requireNonNull(d, "direction");
        onLoop(() -> {
            if (!direction.sends() && d.sends()) talkspurt = true;
            direction = d;
        });
        return this;
    }

    /** The payload type of what we send: 0 (PCMU) or 8 (PCMA), the codecs the tone can be encoded in. */
    public RtpSession payloadType(int pt) {
        if (!G711.isG711(pt)) throw new IllegalArgumentException("can only send G.711 (payload type 0 or 8), not " + pt);
        onLoop(() -> payloadType = pt);
        return this;
    }

    public InetSocketAddress localAddress() {
        return localAddress;
    }

    public InetSocketAddress remoteAddress() {
        return remote;
    }

    public MediaDirection direction() {
        return direction;
    }

    public int payloadType() {
        return payloadType;
    }

    public long ssrc() {
        return ssrc;
    }

    public boolean isClosed() {
        return closed;
    }

    /** A consistent snapshot, taken on the loop (the last one once closed). */
    public RtpStatistics statistics() {
        RtpStatistics last = finalStatistics;
        if (last != null) return last;
        if (loop.inEventLoop()) return snapshot();
        try {
            return loop.submit(this::snapshot).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            RtpStatistics s = finalStatistics;
            if (s != null) return s;
            throw new IllegalStateException("RTP statistics unavailable: " + e, e);
        }
    }

    /** Stops sending and closes the socket. Called off the loop, returns once the port is free. */
    @Override
    public void close() {
        if (loop.inEventLoop()) {
            closeOnLoop(); // a datagram channel closes inline on its loop
            return;
        }
        try {
            loop.submit(this::closeOnLoop).get(5, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            channel.close(); // the loop is gone or stuck: at least release the socket
        }
    }

    private ChannelFuture closeOnLoop() {
        if (!closed) {
            finalStatistics = snapshot();
            closed = true;
            if (pacing != null) pacing.cancel(false);
        }
        return channel.close();
    }

    // ---- on the loop ----

    private void onLoop(Runnable r) {
        if (loop.inEventLoop()) r.run();
        else loop.execute(r);
    }

    private void tick() {
        timestamp = (timestamp + SAMPLES_PER_PACKET) & 0xFFFF_FFFFL; // media time passes whether or not we send
        InetSocketAddress to = remote;
        if (closed || to == null || !direction.sends()) {
            if (!direction.sends()) talkspurt = true;
            return;
        }
        int pt = payloadType;
        byte[] payload = G711.encode(pt, tone.nextFrame());
        RtpPacket p = RtpPacket.of(talkspurt, pt, sequence, timestamp, ssrc, payload);
        talkspurt = false;
        sequence = (sequence + 1) & 0xFFFF;
        packetsSent++;
        bytesSent += payload.length;
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(p.encode()), to));
    }

    private void onDatagram(ByteBuf content) {
        byte[] data = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), data);
        RtpPacket p;
        try {
            p = RtpPacket.parse(data);
        } catch (RtpParseException e) {
            malformed++;
            return;
        }
        packetsReceived++;
        bytesReceived += p.payloadLength();
        lastPayloadType = p.payloadType();
        long arrival = System.nanoTime() / (1_000_000_000L / CLOCK_RATE);
        reception.onPacket(p.ssrc(), p.sequenceNumber(), p.timestamp(), arrival);
        if (G711.isG711(p.payloadType())) {
            lastRms = G711.rms(G711.decode(p.payloadType(), p.payload()));
            if (lastRms > AUDIO_RMS_THRESHOLD) audioPackets++;
        }
    }

    private RtpStatistics snapshot() {
        return new RtpStatistics(ssrc, packetsSent, bytesSent, packetsReceived, bytesReceived, reception.expected(),
                reception.cumulativeLost(), reception.lossFraction(), reception.jitterMillis(),
                reception.extendedHighestSequence(), lastPayloadType, reception.ssrc(), audioPackets, lastRms, malformed);
    }

    @Override
    public String toString() {
        return "RtpSession[" + localAddress + " -> " + remote + " " + direction + " PT " + payloadType + "]";
    }
}
