package org.imsemu.ue;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.imsemu.rtp.MediaDirection;
import org.imsemu.rtp.RtpPacket;
import org.imsemu.rtp.RtpParseException;

/**
 * A stand-in video stream: real RTP packets on a real UDP socket, 25 frames a second with a dynamic
 * payload type (H264, 96 by default) whose payload is filler, not video. Enough to show that a video
 * m-line added by re-negotiation really carries media, and that hold and removal stop it. All state on
 * the UE's event loop; the counters are readable from any thread.
 */
final class VideoStream {
    static final int PAYLOAD_TYPE = 96;
    static final String ENCODING = "H264/90000";
    private static final int FRAME_MILLIS = 40;
    private static final int TICKS_PER_FRAME = 90_000 / 25;
    private static final byte[] FILLER = new byte[160];

    private final EventLoop loop;
    private final Channel channel;
    private final long ssrc = ThreadLocalRandom.current().nextLong(1L << 32);
    private volatile InetSocketAddress remote;
    private volatile MediaDirection direction = MediaDirection.SEND_RECV;
    private volatile long packetsSent;
    private volatile long packetsReceived;
    private volatile boolean closed;
    private int sequence = ThreadLocalRandom.current().nextInt(1 << 16);
    private long timestamp = ThreadLocalRandom.current().nextLong(1L << 32);
    private ScheduledFuture<?> pacing;

    static {
        FILLER[0] = 0x65; // looks like an IDR slice NAL unit header to whoever decodes it
    }

    private VideoStream(EventLoop loop, Channel channel) {
        this.loop = loop;
        this.channel = channel;
    }

    /** Binds a UDP socket on {@code local} on {@code loop}; completes on the loop. */
    static CompletableFuture<VideoStream> open(InetSocketAddress local, EventLoop loop) {
        CompletableFuture<VideoStream> result = new CompletableFuture<>();
        VideoStream[] holder = new VideoStream[1];
        Class<? extends DatagramChannel> type = Epoll.isAvailable() && loop instanceof EpollEventLoop
                ? EpollDatagramChannel.class : NioDatagramChannel.class;
        ChannelFuture f = new Bootstrap().group(loop).channel(type).handler(new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
                if (holder[0] != null) holder[0].onDatagram(p.content());
            }
        }).bind(local);
        f.addListener(done -> {
            if (!done.isSuccess()) {
                result.completeExceptionally(done.cause());
                return;
            }
            holder[0] = new VideoStream(loop, f.channel());
            result.complete(holder[0]);
        });
        return result;
    }

    InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** Starts the frame clock; packets go out while the direction sends and a remote address is known. Loop only. */
    void start() {
        if (pacing == null && !closed) pacing = loop.scheduleAtFixedRate(this::tick, 0, FRAME_MILLIS, TimeUnit.MILLISECONDS);
    }

    void remote(InetSocketAddress address) {
        this.remote = address;
    }

    void direction(MediaDirection d) {
        this.direction = d;
    }

    MediaDirection direction() {
        return direction;
    }

    long packetsSent() {
        return packetsSent;
    }

    long packetsReceived() {
        return packetsReceived;
    }

    boolean isClosed() {
        return closed;
    }

    /** Stops sending and releases the port. Loop only. */
    void close() {
        if (closed) return;
        closed = true;
        if (pacing != null) pacing.cancel(false);
        channel.close();
    }

    private void tick() {
        timestamp = (timestamp + TICKS_PER_FRAME) & 0xFFFF_FFFFL;
        InetSocketAddress to = remote;
        if (closed || to == null || !direction.sends()) return;
        RtpPacket p = RtpPacket.of(true, PAYLOAD_TYPE, sequence, timestamp, ssrc, FILLER); // one packet per frame: marker set
        sequence = (sequence + 1) & 0xFFFF;
        packetsSent++;
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(p.encode()), to));
    }

    private void onDatagram(ByteBuf content) {
        byte[] data = new byte[content.readableBytes()];
        content.getBytes(content.readerIndex(), data);
        try {
            RtpPacket.parse(data);
        } catch (RtpParseException e) {
            return;
        }
        packetsReceived++;
    }
}
