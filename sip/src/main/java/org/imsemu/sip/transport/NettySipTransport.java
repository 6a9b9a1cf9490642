package org.imsemu.sip.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.imsemu.sip.codec.MessageValidator;
import org.imsemu.sip.codec.SipParseException;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.header.Via;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.MalformedMessageException;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transaction.Branches;
import org.imsemu.sip.transport.CapturedMessage.Direction;

/**
 * UDP and TCP transports of one host (RFC 3261 section 18) on Netty. Every channel (the UDP socket,
 * the TCP listener and each TCP connection, accepted or opened) is registered on the one event loop
 * given, the stack thread, so inbound processing, the {@link InboundHandler} and the send completions
 * all run on that thread.
 *
 * <p>Inbound, in order: the {@link MessageObserver} sees the raw bytes; the message is parsed and
 * validated, a broken request is answered 400 (or the validator's status) when its top Via can be read,
 * other broken messages are dropped; requests get {@code received}/{@code rport} (RFC 3261 section
 * 18.2.1, RFC 3581); responses whose top Via is not ours are dropped (section 18.1.2); the rest goes
 * to the handler.
 *
 * <p>{@link #start()} and {@link #close()} block until the sockets are bound or released: call them
 * from outside the stack thread.
 */
public final class NettySipTransport implements SipTransport, AutoCloseable {
    public static final int DEFAULT_PORT = 5060;
    /** Largest UDP payload over IPv4 (65,535 - 8 UDP - 20 IP header bytes). */
    public static final int MAX_UDP_PAYLOAD = 65_507;
    /** Largest body accepted on a stream. */
    public static final int MAX_BODY_BYTES = SipStreamDecoder.MAX_BODY_BYTES;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
    static final int CONNECT_TIMEOUT_MILLIS = 4000;

    private static final System.Logger LOG = System.getLogger(NettySipTransport.class.getName());
    private static final int BIND_ATTEMPTS = 20;
    private static final long CLOSE_WAIT_SECONDS = 5;
    private static final byte[] PONG = {'\r', '\n'};

    private final InetAddress host;
    private final int port;
    private final Set<TransportType> transports;
    private final EventLoop loop;
    private final InboundHandler handler;
    private final MessageObserver observer;
    private final ChannelGroup tcpChannels;
    private final Set<String> sentByAliases = ConcurrentHashMap.newKeySet();
    /** Open or opening TCP connections by remote address; touched on the loop only. */
    private final Map<InetSocketAddress, ChannelFuture> connections = new HashMap<>();
    private volatile Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;

    private volatile Channel udpChannel;
    private volatile Channel tcpServer;
    private volatile InetSocketAddress udpAddress;
    private volatile InetSocketAddress tcpAddress;
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * @param host       the address to listen on and send from (an IP literal; not resolved)
     * @param port       the port for every transport; 0 picks one ephemeral port shared by UDP and TCP
     * @param transports the transports to open
     * @param loop       the stack thread: every channel of this transport is registered on it
     * @param handler    receives the valid messages, on the loop
     * @param observer   sees every message sent and received, on the loop (null for none)
     */
    public NettySipTransport(InetAddress host, int port, Set<TransportType> transports, EventLoop loop,
                             InboundHandler handler, MessageObserver observer) {
        if (port < 0 || port > 65535) throw new IllegalArgumentException("Bad port " + port);
        if (transports.isEmpty()) throw new IllegalArgumentException("No transport to open");
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.transports = Collections.unmodifiableSet(EnumSet.copyOf(transports));
        this.loop = Objects.requireNonNull(loop, "loop");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.observer = observer == null ? MessageObserver.NONE : observer;
        this.tcpChannels = new DefaultChannelGroup("sip-tcp-" + host.getHostAddress() + ":" + port, loop);
    }

    /** As above with the host as an IPv4 or IPv6 literal ("127.0.1.3", "::1", "[::1]"). */
    public NettySipTransport(String host, int port, Set<TransportType> transports, EventLoop loop,
                             InboundHandler handler, MessageObserver observer) {
        this(parseLiteral(host), port, transports, loop, handler, observer);
    }

    /** On the default port 5060. */
    public NettySipTransport(String host, Set<TransportType> transports, EventLoop loop,
                             InboundHandler handler, MessageObserver observer) {
        this(parseLiteral(host), DEFAULT_PORT, transports, loop, handler, observer);
    }

    private static InetAddress parseLiteral(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(h);
        if (bytes == null) throw new IllegalArgumentException("Not an IP address literal: " + host);
        try {
            return InetAddress.getByAddress(bytes);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not an IP address literal: " + host, e);
        }
    }

    // ---- configuration (before start) ----

    /** How long a TCP connection may stay without traffic before it is closed (5 minutes by default). */
    public NettySipTransport idleTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("Idle timeout must be positive");
        this.idleTimeout = timeout;
        return this;
    }

    /**
     * Declares another name for this host (e.g. its FQDN), accepted as the sent-by of a response's top
     * Via (RFC 3261 section 18.1.2) besides the listening address itself.
     */
    public NettySipTransport addSentByAlias(String hostName) {
        sentByAliases.add(hostName.toLowerCase(Locale.ROOT));
        return this;
    }

    // ---- lifecycle ----

    /**
     * Binds the sockets and returns once they listen. Throws an {@link UncheckedIOException} whose cause
     * is a {@link BindException} naming the transport and address when binding fails.
     */
    public void start() {
        if (loop.inEventLoop()) throw new IllegalStateException("start() blocks: call it from outside the stack thread");
        synchronized (this) {
            if (started || closed) throw new IllegalStateException(closed ? "Transport closed" : "Transport already started");
            started = true;
        }
        boolean udp = transports.contains(TransportType.UDP);
        boolean tcp = transports.contains(TransportType.TCP);
        // With port 0 the UDP port is picked first and TCP must get the same number; another process
        // may hold it for TCP, then try another one.
        int attempts = port == 0 && udp && tcp ? BIND_ATTEMPTS : 1;
        for (int attempt = 1; ; attempt++) {
            Channel u = null;
            try {
                int p = port;
                if (udp) {
                    u = bindUdp(new InetSocketAddress(host, port));
                    p = ((InetSocketAddress) u.localAddress()).getPort();
                }
                Channel t = tcp ? bindTcp(new InetSocketAddress(host, p)) : null;
                udpChannel = u;
                tcpServer = t;
                udpAddress = u == null ? null : (InetSocketAddress) u.localAddress();
                tcpAddress = t == null ? null : (InetSocketAddress) t.localAddress();
                LOG.log(System.Logger.Level.DEBUG, () -> "SIP transport listening on " + describe());
                return;
            } catch (UncheckedIOException e) {
                if (u != null) u.close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
                if (attempt >= attempts) {
                    closed = true;
                    throw e;
                }
            }
        }
    }

    private Channel bindUdp(InetSocketAddress address) {
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(Transports.datagramChannelClass(loop))
                // Never share a UDP port: a second transport on the same address must fail to bind.
                .option(ChannelOption.SO_REUSEADDR, false)
                // Netty reads datagrams into 2 KiB buffers by default, which would truncate big messages.
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(65_536))
                // Hosts share event loops: a burst must wait in the kernel, not be dropped there (the IMS
                // load run lost datagrams with the default buffer). Linux caps it at net.core.rmem_max.
                .option(ChannelOption.SO_RCVBUF, 4 * 1024 * 1024)
                .handler(new UdpHandler());
        return bind(b.bind(address), TransportType.UDP, address);
    }

    private Channel bindTcp(InetSocketAddress address) {
        ServerBootstrap b = new ServerBootstrap()
                .group(loop, loop)
                .channel(Transports.serverChannelClass(loop))
                // Connections in TIME_WAIT must not keep a restarted transport from listening again.
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new TcpInitializer(true));
        return bind(b.bind(address), TransportType.TCP, address);
    }

    private static Channel bind(ChannelFuture f, TransportType t, InetSocketAddress address) {
        f.awaitUninterruptibly();
        if (f.isSuccess()) return f.channel();
        Throwable cause = f.cause();
        String message = "Cannot bind SIP " + t + " transport to " + format(address) + ": " + cause.getMessage();
        BindException be = new BindException(message);
        be.initCause(cause);
        throw new UncheckedIOException(message, be);
    }

    /**
     * Closes every channel and, when called from outside the stack thread, returns once the ports are
     * released. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        List<Future<?>> pending = new ArrayList<>(3);
        Channel u = udpChannel;
        Channel t = tcpServer;
        if (u != null) pending.add(u.close());
        if (t != null) pending.add(t.close());
        if (!loop.inEventLoop()) {
            // The listener first, so no connection is accepted after the group was closed.
            for (Future<?> f : pending) f.awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            tcpChannels.close().awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
            if (!Transports.isEpoll(loop)) {
                // The JDK closes a socket registered with a selector only when that selector next runs
                // (the deregistration queued by the close needs one more turn), so the port would still
                // be taken when the close futures complete.
                awaitLoopTurn();
                awaitLoopTurn();
            }
        } else {
            tcpChannels.close();
        }
    }

    /**
     * Returns after the loop went through one more select. A task scheduled from the loop is only taken
     * at the start of the next task run, which follows the select of the next iteration.
     */
    private void awaitLoopTurn() {
        Promise<Void> turned = loop.newPromise();
        try {
            loop.execute(() -> loop.schedule(() -> turned.trySuccess(null), 0, TimeUnit.NANOSECONDS));
        } catch (RejectedExecutionException e) {
            return; // the loop has stopped: its selector and sockets are closed with it
        }
        turned.awaitUninterruptibly(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
    }

    // ---- accessors ----

    @Override
    public InetSocketAddress localAddress(TransportType transport) {
        if (!transports.contains(transport)) throw new IllegalArgumentException(transport + " is not open on " + host.getHostAddress());
        InetSocketAddress a = transport == TransportType.UDP ? udpAddress : tcpAddress;
        if (a != null) return a;
        if (port != 0) return new InetSocketAddress(host, port);
        throw new IllegalStateException("Ephemeral port not bound yet: call start() first");
    }

    public Set<TransportType> transports() {
        return transports;
    }

    public InetAddress host() {
        return host;
    }

    public EventLoop eventLoop() {
        return loop;
    }

    // ---- outbound ----

    @Override
    public void send(SipMessage message, TransportType transport, InetSocketAddress destination, Consumer<Throwable> onError) {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(destination, "destination");
        Consumer<Throwable> errors = onError != null ? onError
                : e -> LOG.log(System.Logger.Level.DEBUG, "Send failed to " + format(destination) + ": " + e);
        if (loop.inEventLoop()) {
            sendOnLoop(message, transport, destination, errors);
            return;
        }
        try {
            loop.execute(() -> sendOnLoop(message, transport, destination, errors));
        } catch (RejectedExecutionException e) {
            report(errors, new IOException("Stack thread stopped: cannot send to " + format(destination), e));
        }
    }

    private void sendOnLoop(SipMessage message, TransportType transport, InetSocketAddress destination, Consumer<Throwable> errors) {
        try {
            if (closed) throw new IOException("Transport " + describe() + " is closed");
            if (!transports.contains(transport)) throw new IOException(transport + " transport is not open on " + describe());
            if ((transport == TransportType.UDP ? udpAddress : tcpAddress) == null) throw new IOException("Transport not started: " + describe());
            byte[] bytes = message.encode();
            if (transport == TransportType.UDP) {
                sendDatagram(bytes, destination, errors);
            } else {
                sendStream(bytes, destination, errors);
            }
        } catch (Exception e) {
            report(errors, e);
        }
    }

    private void sendDatagram(byte[] bytes, InetSocketAddress destination, Consumer<Throwable> errors) {
        if (bytes.length > MAX_UDP_PAYLOAD) {
            // RFC 3261 section 18.1.1 would switch to TCP; that choice belongs to the caller.
            report(errors, new IOException("Message of " + bytes.length + " bytes is too large for UDP (at most "
                    + MAX_UDP_PAYLOAD + ")"));
            return;
        }
        Channel ch = udpChannel;
        observe(Direction.SENT, TransportType.UDP, udpAddress, destination, bytes);
        ch.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(bytes), destination))
                .addListener(f -> {
                    if (!f.isSuccess()) report(errors, f.cause());
                });
    }

    private void sendStream(byte[] bytes, InetSocketAddress destination, Consumer<Throwable> errors) {
        ChannelFuture connection = connections.get(destination);
        if (connection == null || (connection.isDone() && !connection.channel().isActive())) connection = connect(destination);
        if (connection.isSuccess()) {
            write(connection.channel(), bytes, errors);
        } else {
            connection.addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) write(f.channel(), bytes, errors);
                else report(errors, f.cause());
            });
        }
    }

    private ChannelFuture connect(InetSocketAddress destination) {
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channel(Transports.socketChannelClass(loop))
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new TcpInitializer(false));
        // Send from our own address so the peer sees this host, not whatever the routing table picks.
        boolean sameFamily = destination.getAddress() != null
                && (destination.getAddress() instanceof Inet4Address) == (host instanceof Inet4Address);
        ChannelFuture f = sameFamily && !host.isAnyLocalAddress()
                ? b.connect(destination, new InetSocketAddress(host, 0))
                : b.connect(destination);
        register(destination, f);
        return f;
    }

    private void register(InetSocketAddress remote, ChannelFuture connection) {
        connections.put(remote, connection);
        connection.channel().closeFuture().addListener(x -> connections.remove(remote, connection));
    }

    /** Writes a message on a connected stream; the future completes when it is written. */
    private ChannelFuture write(Channel ch, byte[] bytes, Consumer<Throwable> errors) {
        observe(Direction.SENT, TransportType.TCP, (InetSocketAddress) ch.localAddress(), (InetSocketAddress) ch.remoteAddress(), bytes);
        ChannelFuture f = ch.writeAndFlush(Unpooled.wrappedBuffer(bytes));
        f.addListener(x -> {
            if (!x.isSuccess()) report(errors, x.cause());
        });
        return f;
    }

    private static void report(Consumer<Throwable> errors, Throwable cause) {
        try {
            errors.accept(cause);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Send error callback failed", e);
        }
    }

    // ---- inbound ----

    private final class UdpHandler extends SimpleChannelInboundHandler<DatagramPacket> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            byte[] bytes = ByteBufUtil.getBytes(packet.content());
            if (isKeepAlive(bytes)) return;
            receive(bytes, TransportType.UDP, ctx.channel(), udpAddress, packet.sender());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A datagram socket survives a bad packet or an ICMP error: keep serving.
            LOG.log(System.Logger.Level.DEBUG, "UDP error on " + format(udpAddress) + ": " + cause);
        }
    }

    /** CRLF-only datagrams are keep-alives (RFC 5626 section 3.5.1 style); empty ones are noise. */
    private static boolean isKeepAlive(byte[] bytes) {
        for (byte b : bytes) {
            if (b != '\r' && b != '\n') return false;
        }
        return true;
    }

    private final class TcpInitializer extends ChannelInitializer<Channel> {
        private final boolean accepted;

        TcpInitializer(boolean accepted) {
            this.accepted = accepted;
        }

        @Override
        protected void initChannel(Channel ch) {
            if (closed) {
                ch.close();
                return;
            }
            tcpChannels.add(ch);
            long idle = idleTimeout.toMillis();
            ch.pipeline().addLast(
                    new IdleStateHandler(0, 0, idle, TimeUnit.MILLISECONDS),
                    new SipStreamDecoder(),
                    new TcpHandler(accepted));
        }
    }

    private final class TcpHandler extends ChannelInboundHandlerAdapter {
        private final boolean accepted;

        TcpHandler(boolean accepted) {
            this.accepted = accepted;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            // Responses to requests that came in on this connection go back on it (RFC 3261 18.2.2).
            if (accepted) register((InetSocketAddress) ctx.channel().remoteAddress(), ctx.channel().newSucceededFuture());
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel ch = ctx.channel();
            InetSocketAddress local = (InetSocketAddress) ch.localAddress();
            InetSocketAddress remote = (InetSocketAddress) ch.remoteAddress();
            if (msg instanceof SipStreamDecoder.Frame frame) {
                receive(frame.bytes(), TransportType.TCP, ch, local, remote);
            } else if (msg == SipStreamDecoder.KeepAlive.PING) {
                ch.writeAndFlush(Unpooled.wrappedBuffer(PONG)); // RFC 5626 section 4.4.1
            } else if (msg instanceof SipStreamDecoder.FramingError error) {
                framingLost(ch, local, remote, error);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof IdleStateEvent) {
                LOG.log(System.Logger.Level.DEBUG, () -> "Closing idle TCP connection " + ctx.channel());
                ctx.close();
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.log(System.Logger.Level.DEBUG, () -> "TCP connection " + ctx.channel() + " failed: " + cause);
            ctx.close();
        }
    }

    /**
     * The stream cannot be framed any more: answer 400 when the header section is a request we can
     * answer (RFC 3261 section 18.3 for a missing Content-Length), then close, since the next message
     * boundary is unknown.
     */
    private void framingLost(Channel ch, InetSocketAddress local, InetSocketAddress remote, SipStreamDecoder.FramingError error) {
        LOG.log(System.Logger.Level.DEBUG, () -> "Closing TCP connection " + ch + ": " + error.reason());
        try {
            byte[] header = error.headerSection();
            if (header != null) {
                observe(Direction.RECEIVED, TransportType.TCP, local, remote, header);
                SipRequest request = null;
                try {
                    if (SipParser.parse(header) instanceof SipRequest r) request = r;
                } catch (MalformedMessageException e) {
                    request = e.partialRequest();
                }
                SipResponse answer = request == null ? null : errorResponse(request, 400, error.reason());
                if (answer != null) {
                    write(ch, answer.encode(), e -> { }).addListener(ChannelFutureListener.CLOSE);
                    return;
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Cannot answer the unframed message", e);
        }
        ch.close();
    }

    /** Everything a received message goes through, on the loop. Never throws. */
    private void receive(byte[] bytes, TransportType transport, Channel ch, InetSocketAddress local, InetSocketAddress remote) {
        long now = System.currentTimeMillis();
        observe(Direction.RECEIVED, transport, local, remote, bytes);
        try {
            SipMessage msg;
            try {
                msg = SipParser.parse(bytes); // keeps the array: nobody modifies it after this point
            } catch (MalformedMessageException e) {
                SipRequest partial = e.partialRequest();
                SipResponse answer = partial == null ? null : errorResponse(partial, 400, e.getMessage());
                if (answer != null) {
                    reply(answer, transport, ch, remote);
                } else {
                    LOG.log(System.Logger.Level.DEBUG, () -> "Dropped malformed message from " + format(remote) + ": " + e.getMessage());
                }
                return;
            }
            MessageValidator.Problem problem = MessageValidator.check(msg);
            if (problem != null) {
                SipResponse answer = msg instanceof SipRequest r ? errorResponse(r, problem.status(), problem.reason()) : null;
                if (answer != null) {
                    reply(answer, transport, ch, remote);
                } else {
                    LOG.log(System.Logger.Level.DEBUG, () -> "Dropped invalid " + msg.startLine() + " from " + format(remote) + ": " + problem.reason());
                }
                return;
            }
            SipMessage accepted;
            if (msg instanceof SipRequest request) {
                accepted = stampVia(request, remote);
            } else {
                Via top = msg.topVia();
                if (!isOurs(top)) {
                    LOG.log(System.Logger.Level.DEBUG, () -> "Dropped response for sent-by " + top.sentBy() + " (not " + describe() + ")");
                    return;
                }
                accepted = msg;
            }
            handler.onMessage(new InboundMessage(accepted, transport, local, remote, now));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Failed to handle a message from " + format(remote), e);
        }
    }

    private void reply(SipResponse answer, TransportType transport, Channel ch, InetSocketAddress remote) {
        Consumer<Throwable> errors = e -> LOG.log(System.Logger.Level.DEBUG, "Cannot answer " + format(remote) + ": " + e);
        if (transport == TransportType.UDP) sendDatagram(answer.encode(), remote, errors);
        else write(ch, answer.encode(), errors);
    }

    /**
     * The answer to a request the stack cannot process, or null when it must not be answered: an ACK
     * never is (RFC 3261 section 17.2.1), nor a request without any Via. A request whose Via is there
     * but malformed (RFC 4475 3.1.2.1) is answered all the same: the answer goes back to the source
     * address, as every answer of ours does, and carries the Via as it came.
     */
    static SipResponse errorResponse(SipRequest request, int status, String reason) {
        if (request.isMethod("ACK")) return null;
        if (!request.hasHeader(HeaderNames.VIA)) return null;
        SipResponse response = request.createResponse(status, reasonPhrase(reason));
        try {
            NameAddress to = response.to();
            if (to != null && to.tag() == null) response = response.withToTag(Branches.newTag());
        } catch (SipParseException e) {
            // An unreadable To is echoed as it came: the answer still reaches the sender.
        }
        return response;
    }

    /** A Reason-Phrase cannot hold CR, LF or other controls (RFC 3261 section 25.1). */
    private static String reasonPhrase(String reason) {
        if (reason == null || reason.isBlank()) return "Bad Request";
        StringBuilder sb = new StringBuilder(Math.min(reason.length(), 200));
        for (int i = 0; i < reason.length() && sb.length() < 200; i++) {
            char c = reason.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return sb.toString().strip();
    }

    /**
     * RFC 3261 section 18.2.1: {@code received} when the sent-by host is not the source address;
     * RFC 3581: an empty {@code rport} gets the source port, and {@code received} in any case.
     */
    private static SipRequest stampVia(SipRequest request, InetSocketAddress source) {
        Via top = request.topVia();
        String sourceIp = NetUtil.toAddressString(source.getAddress());
        Via stamped = top;
        String rport = top.rport();
        if (rport != null && rport.isEmpty()) {
            stamped = stamped.withParameter("received", sourceIp).withParameter("rport", Integer.toString(source.getPort()));
        } else if (!sameAddress(top.host(), source.getAddress())) {
            stamped = stamped.withParameter("received", sourceIp);
        }
        if (stamped == top) return request;
        return replaceTopVia(request, stamped);
    }

    private static SipRequest replaceTopVia(SipRequest request, Via via) {
        var fields = request.fields(HeaderNames.VIA);
        if (fields.size() == 1 && request.vias().size() == 1) {
            return request.withHeader(HeaderNames.VIA, via.toString()); // keeps the field in its place
        }
        return request.withoutFirstValue(HeaderNames.VIA).withHeaderFirst(HeaderNames.VIA, via.toString());
    }

    /** RFC 3261 section 18.1.2: a response is ours when its top Via sent-by names this transport. */
    private boolean isOurs(Via top) {
        if (top == null) return false;
        boolean hostMatches = host.isAnyLocalAddress() || sameAddress(top.host(), host)
                || sentByAliases.contains(top.host().toLowerCase(Locale.ROOT));
        if (!hostMatches) return false;
        int viaPort = top.port() < 0 ? DEFAULT_PORT : top.port();
        InetSocketAddress u = udpAddress;
        InetSocketAddress t = tcpAddress;
        return (u != null && u.getPort() == viaPort) || (t != null && t.getPort() == viaPort);
    }

    /** True when {@code viaHost} is an IP literal (IPv6 in brackets or not) equal to {@code address}. */
    static boolean sameAddress(String viaHost, InetAddress address) {
        String h = viaHost.startsWith("[") && viaHost.endsWith("]") ? viaHost.substring(1, viaHost.length() - 1) : viaHost;
        byte[] literal = NetUtil.createByteArrayFromIpAddressString(h);
        return literal != null && Arrays.equals(literal, address.getAddress());
    }

    private void observe(Direction direction, TransportType transport, InetSocketAddress local, InetSocketAddress remote, byte[] bytes) {
        try {
            observer.onMessage(new CapturedMessage(direction, transport, local, remote, System.currentTimeMillis(), System.nanoTime(), bytes));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Message observer failed", e);
        }
    }

    // ---- formatting ----

    private String describe() {
        StringBuilder sb = new StringBuilder();
        for (TransportType t : transports) {
            if (sb.length() > 0) sb.append(", ");
            InetSocketAddress a = t == TransportType.UDP ? udpAddress : tcpAddress;
            sb.append(t).append(' ').append(a != null ? format(a) : format(new InetSocketAddress(host, port)));
        }
        return sb.toString();
    }

    static String format(SocketAddress address) {
        if (!(address instanceof InetSocketAddress a)) return String.valueOf(address);
        if (a.getAddress() == null) return a.getHostString() + ":" + a.getPort();
        String ip = NetUtil.toAddressString(a.getAddress());
        return (ip.indexOf(':') >= 0 ? "[" + ip + "]" : ip) + ":" + a.getPort();
    }

    @Override
    public String toString() {
        return "NettySipTransport[" + describe() + "]";
    }
}
