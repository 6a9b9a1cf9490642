package org.imsemu.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.ServerChannel;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.ReadTimeoutHandler;
import java.net.BindException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.imsemu.sip.transport.Transports;

/**
 * An authoritative DNS server for a {@link DnsZones} on Netty: UDP and TCP on the same address and port
 * (RFC 1035 section 4.2, RFC 7766: two-byte length prefix, several queries per connection, answered in
 * order). Bad input never stops it: short garbage is dropped, unparsable queries get FORMERR, and a TCP
 * connection that sends nothing for {@value #TCP_IDLE_SECONDS} s is closed.
 */
public final class DnsServer implements AutoCloseable {
    static final int TCP_IDLE_SECONDS = 30;
    private static final int BIND_ATTEMPTS = 5;
    private static final System.Logger LOG = System.getLogger(DnsServer.class.getName());

    private final DnsZones zones;
    private final Channel udp;
    private final Channel tcp;
    private final InetSocketAddress address;

    private DnsServer(DnsZones zones, Channel udp, Channel tcp) {
        this.zones = zones;
        this.udp = udp;
        this.tcp = tcp;
        this.address = (InetSocketAddress) udp.localAddress();
    }

    /**
     * Binds UDP and TCP on {@code bind} (port 0: any free port, the same for both) and returns once both
     * listen. Throws {@link UncheckedIOException} with a {@link BindException} naming the address when
     * it cannot bind. Must not be called on one of the group's threads (it waits for the bind).
     */
    public static DnsServer start(DnsZones zones, InetSocketAddress bind, EventLoopGroup group) {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(group, "group");
        WireResponder responder = new WireResponder(new QueryAnswerer(zones));
        // With port 0 the UDP port is chosen first and TCP must get the same number, which something
        // else may hold: then try again with another one.
        int attempts = bind.getPort() == 0 ? BIND_ATTEMPTS : 1;
        for (int attempt = 1; ; attempt++) {
            Channel u = bindChannel(udpBootstrap(group, responder).bind(bind), "UDP", bind);
            InetSocketAddress actual = (InetSocketAddress) u.localAddress();
            try {
                Channel t = bindChannel(tcpBootstrap(group, responder).bind(actual), "TCP", actual);
                DnsServer server = new DnsServer(zones, u, t);
                LOG.log(System.Logger.Level.DEBUG, () -> "DNS server listening on " + format(actual) + " (UDP, TCP)");
                return server;
            } catch (UncheckedIOException e) {
                u.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
                if (attempt >= attempts) throw e;
            }
        }
    }

    /** The bound address (UDP and TCP share it), with the real port when 0 was asked for. */
    public InetSocketAddress address() {
        return address;
    }

    public DnsZones zones() {
        return zones;
    }

    /** Closes both sockets and returns once the ports are free (when called off the event loop). */
    @Override
    public void close() {
        ChannelFuture fu = udp.close();
        ChannelFuture ft = tcp.close();
        if (!udp.eventLoop().inEventLoop()) fu.awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (!tcp.eventLoop().inEventLoop()) ft.awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public String toString() {
        return "DnsServer[" + format(address) + ", zones " + zones.apexes() + "]";
    }

    private static Bootstrap udpBootstrap(EventLoopGroup group, WireResponder responder) {
        Class<? extends DatagramChannel> type = Transports.isEpoll(group) ? EpollDatagramChannel.class : NioDatagramChannel.class;
        return new Bootstrap()
                .group(group)
                .channel(type)
                .option(ChannelOption.SO_REUSEADDR, false)
                // A query over UDP can be up to 64 KiB; Netty's default 2 KiB buffer would cut it.
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65_536))
                .handler(new UdpHandler(responder));
    }

    private static ServerBootstrap tcpBootstrap(EventLoopGroup group, WireResponder responder) {
        Class<? extends ServerChannel> type = Transports.isEpoll(group) ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        return new ServerBootstrap()
                .group(group)
                .channel(type)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                new ReadTimeoutHandler(TCP_IDLE_SECONDS),
                                new LengthFieldBasedFrameDecoder(WireResponder.TCP_LIMIT, 0, 2, 0, 2),
                                new LengthFieldPrepender(2),
                                new TcpHandler(responder));
                    }
                });
    }

    private static Channel bindChannel(ChannelFuture f, String transport, InetSocketAddress address) {
        f.awaitUninterruptibly();
        if (f.isSuccess()) return f.channel();
        String message = "Cannot bind DNS " + transport + " server to " + format(address) + ": " + f.cause().getMessage();
        BindException be = new BindException(message);
        be.initCause(f.cause());
        throw new UncheckedIOException(message, be);
    }

    private static String format(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static final class UdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final WireResponder responder;

        UdpHandler(WireResponder responder) {
            this.responder = responder;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            byte[] request = ByteBufUtil.getBytes(packet.content());
            responder.respond(request, true).ifPresent(response ->
                    ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(response), packet.sender())));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // E.g. ICMP port unreachable for an earlier answer: the socket is fine, keep serving.
            LOG.log(System.Logger.Level.DEBUG, () -> "DNS UDP error: " + cause);
        }
    }

    private static final class TcpHandler extends SimpleChannelInboundHandler<ByteBuf> {
        private final WireResponder responder;

        TcpHandler(WireResponder responder) {
            this.responder = responder;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
            byte[] request = ByteBufUtil.getBytes(frame);
            var response = responder.respond(request, false);
            if (response.isPresent()) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(response.get()));
            } else {
                // Not even a header: the stream cannot be trusted to be in sync any more (RFC 7766 §6.2.4 lets us close).
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(System.Logger.Level.DEBUG, () -> "DNS TCP connection " + ctx.channel() + " closed: " + cause);
            ctx.close();
        }
    }
}
