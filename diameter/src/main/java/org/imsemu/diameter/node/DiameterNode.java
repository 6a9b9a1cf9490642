package org.imsemu.diameter.node;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.imsemu.diameter.Avp;
import org.imsemu.diameter.CommandDefinition;
import org.imsemu.diameter.DiameterException;
import org.imsemu.diameter.DiameterHeader;
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.ResultCodes;
import org.imsemu.diameter.dictionary.BaseAvps;

/**
 * A Diameter node (RFC 6733): a local identity (Origin-Host, Origin-Realm, applications) that listens on
 * TCP, connects to its configured peers, routes requests by Destination-Host then Destination-Realm,
 * matches answers by hop-by-hop id with a timeout, and serves incoming requests with the handlers
 * registered per application and command.
 *
 * <p>Threading: all state lives on one event loop taken from the given group; public methods may be
 * called from any thread and hop onto it. Answer futures complete on that loop, so continuations must
 * not block (hop elsewhere with {@code thenApplyAsync(..., executor)} if they need to).
 *
 * <p>A request with no usable route completes with a locally made answer carrying
 * DIAMETER_UNABLE_TO_DELIVER (3002); a request whose peer goes down unanswered, with no other peer to
 * take it, fails with {@link PeerDownException}; one left unanswered fails with {@link AnswerTimeoutException}.
 */
public final class DiameterNode implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DiameterNode.class.getName());

    private final DiameterNodeConfig config;
    private final EventLoop loop;
    private final long originStateId = System.currentTimeMillis() / 1000;
    private final AtomicLong sessionCounter = new AtomicLong();
    private final Map<Long, Map<Integer, RequestHandler>> handlers = new ConcurrentHashMap<>();
    private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();
    // loop-confined state
    private final Set<PeerConnection> connections = new HashSet<>();
    private final Map<String, PeerConnection> open = new LinkedHashMap<>();
    private final Map<Integer, Pending> pending = new HashMap<>();
    private final Map<String, List<String>> routes = new HashMap<>();
    private final Map<String, List<CompletableFuture<PeerInfo>>> openWaiters = new HashMap<>();
    private final Set<PeerConfig> stopped = new HashSet<>();
    private final DuplicateCache duplicates = new DuplicateCache(4096);
    private final List<ScheduledFuture<?>> reconnects = new ArrayList<>();
    private int nextHopByHop = ThreadLocalRandom.current().nextInt();
    private int nextEndToEnd = (int) ((System.currentTimeMillis() / 1000 & 0xfff) << 20) | ThreadLocalRandom.current().nextInt(1 << 20);
    private boolean closing;
    private volatile Map<String, PeerInfo> openView = Map.of();
    private Channel server;

    private static final class Pending {
        DiameterMessage request;
        final CompletableFuture<DiameterMessage> future;
        PeerConnection connection;
        ScheduledFuture<?> timeout;

        Pending(DiameterMessage request, CompletableFuture<DiameterMessage> future, PeerConnection connection) {
            this.request = request;
            this.future = future;
            this.connection = connection;
        }
    }

    private DiameterNode(DiameterNodeConfig config, EventLoop loop) {
        this.config = config;
        this.loop = loop;
        config.realmRoutes().forEach((realm, hosts) -> routes.put(realm.toLowerCase(), new ArrayList<>(hosts)));
    }

    /** Binds the listening socket (if any), starts connecting to the configured peers and returns. */
    public static DiameterNode start(DiameterNodeConfig config, EventLoopGroup group) {
        DiameterNode node = new DiameterNode(config, group.next());
        if (config.listenAddress() != null) {
            ServerBootstrap b = new ServerBootstrap().group(node.loop).channel(Channels.serverChannelClass(node.loop))
                    .option(ChannelOption.SO_REUSEADDR, true).childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(node.initializer(null));
            try {
                node.server = b.bind(config.listenAddress()).sync().channel();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while binding " + config.listenAddress(), e);
            } catch (Exception e) {
                throw new IllegalStateException("cannot listen on " + config.listenAddress() + ": " + e.getMessage(), e);
            }
        }
        for (PeerConfig p : config.peers()) node.loop.execute(() -> node.connect(p));
        return node;
    }

    public DiameterNodeConfig config() {
        return config;
    }

    public String originHost() {
        return config.originHost();
    }

    public String originRealm() {
        return config.originRealm();
    }

    /** The bound listening address (with the real port when 0 was asked), or null when not listening. */
    public InetSocketAddress localAddress() {
        return server == null ? null : (InetSocketAddress) server.localAddress();
    }

    public EventLoop eventLoop() {
        return loop;
    }

    long originStateId() {
        return originStateId;
    }

    /** A new Session-Id (RFC 6733 §8.8): {@code <Origin-Host>;<start time>;<counter>}. */
    public String newSessionId() {
        return config.originHost() + ";" + originStateId + ";" + sessionCounter.incrementAndGet();
    }

    public void registerHandler(long applicationId, int commandCode, RequestHandler handler) {
        handlers.computeIfAbsent(applicationId, k -> new ConcurrentHashMap<>()).put(commandCode, handler);
    }

    public void registerHandler(CommandDefinition command, RequestHandler handler) {
        registerHandler(command.applicationId(), command.code(), handler);
    }

    public void addPeerListener(PeerListener l) {
        listeners.add(l);
    }

    /** Adds a route: requests for {@code realm} ("*": any realm) go to the first usable of these hosts. */
    public void addRealmRoute(String realm, String... hosts) {
        onLoop(() -> routes.computeIfAbsent(realm.toLowerCase(), k -> new ArrayList<>()).addAll(List.of(hosts)));
    }

    /** Connects to one more peer (and keeps reconnecting every Tc while it is down). */
    public void addPeer(PeerConfig peer) {
        onLoop(() -> connect(peer));
    }

    /** The open peers now (a snapshot; safe from any thread). */
    public Collection<PeerInfo> openPeers() {
        return openView.values();
    }

    public Optional<PeerInfo> openPeer(String host) {
        return Optional.ofNullable(openView.get(host.toLowerCase()));
    }

    /** Completes when a peer with this Origin-Host is open (at once if it is). */
    public CompletableFuture<PeerInfo> whenPeerOpen(String host) {
        CompletableFuture<PeerInfo> f = new CompletableFuture<>();
        onLoop(() -> {
            PeerConnection c = open.get(host.toLowerCase());
            if (c != null) f.complete(c.info());
            else openWaiters.computeIfAbsent(host.toLowerCase(), k -> new ArrayList<>()).add(f);
        });
        return f;
    }

    /** Sends DPR to this peer and closes on DPA; a configured peer is not reconnected. */
    public CompletableFuture<Void> disconnect(String host) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        onLoop(() -> {
            PeerConnection c = open.get(host.toLowerCase());
            if (c == null) {
                f.complete(null);
                return;
            }
            if (c.configured() != null) stopped.add(c.configured());
            c.disconnect(BaseAvps.DISCONNECT_DO_NOT_WANT_TO_TALK_TO_YOU).whenComplete((v, e) -> f.complete(null));
        });
        return f;
    }

    /** Sends a request with the configured answer timeout. */
    public CompletableFuture<DiameterMessage> send(DiameterMessage request) {
        return send(request, config.answerTimeout());
    }

    /**
     * Sends a request: gives it a new hop-by-hop id (and an end-to-end id unless it has one), adds
     * Origin-Host and Origin-Realm when missing, and routes it. Completes with the answer on the
     * node's loop.
     */
    public CompletableFuture<DiameterMessage> send(DiameterMessage request, Duration timeout) {
        if (!request.isRequest()) throw new IllegalArgumentException("not a request: " + request);
        CompletableFuture<DiameterMessage> f = new CompletableFuture<>();
        onLoop(() -> doSend(request, timeout, f));
        return f;
    }

    private void doSend(DiameterMessage request, Duration timeout, CompletableFuture<DiameterMessage> f) {
        if (closing) {
            f.completeExceptionally(new IllegalStateException("node " + config.originHost() + " is closed"));
            return;
        }
        DiameterMessage m = withOrigin(request).withHopByHop(nextHopByHop++)
                .withEndToEnd(request.endToEnd() != 0 ? request.endToEnd() : nextEndToEnd++);
        PeerConnection c = route(m, null);
        if (c == null) {
            f.complete(localAnswer(m, ResultCodes.DIAMETER_UNABLE_TO_DELIVER, "no route for "
                    + m.text(BaseAvps.DESTINATION_HOST).orElse("") + " " + m.text(BaseAvps.DESTINATION_REALM).orElse("")));
            return;
        }
        Pending p = new Pending(m, f, c);
        pending.put(m.hopByHop(), p);
        p.timeout = loop.schedule(() -> {
            if (pending.remove(m.hopByHop()) == p) {
                f.completeExceptionally(new AnswerTimeoutException("no answer to " + config.dictionary().abbreviation(m)
                        + " (hop-by-hop 0x" + Integer.toHexString(m.hopByHop()) + ") within " + timeout.toMillis() + " ms"));
            }
        }, Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        c.send(m);
    }

    private DiameterMessage withOrigin(DiameterMessage m) {
        int at = !m.avps().isEmpty() && m.avps().get(0).code() == BaseAvps.SESSION_ID.code() ? 1 : 0;
        if (m.avp(BaseAvps.ORIGIN_REALM).isEmpty()) m = m.withAvp(at, BaseAvps.ORIGIN_REALM.of(config.originRealm()));
        if (m.avp(BaseAvps.ORIGIN_HOST).isEmpty()) m = m.withAvp(at, BaseAvps.ORIGIN_HOST.of(config.originHost()));
        return m;
    }

    /** Destination-Host if that peer is open, else the realm's routes, else any open peer of that realm, else "*". */
    private PeerConnection route(DiameterMessage m, PeerConnection exclude) {
        long app = m.applicationId();
        Optional<String> host = m.text(BaseAvps.DESTINATION_HOST);
        if (host.isPresent()) {
            PeerConnection c = open.get(host.get().toLowerCase());
            if (usable(c, exclude, app)) return c;
        }
        Optional<String> realm = m.text(BaseAvps.DESTINATION_REALM);
        if (realm.isPresent()) {
            for (String h : routes.getOrDefault(realm.get().toLowerCase(), List.of())) {
                PeerConnection c = open.get(h.toLowerCase());
                if (usable(c, exclude, app)) return c;
            }
            for (PeerConnection c : open.values()) {
                if (c.info().originRealm().equalsIgnoreCase(realm.get()) && usable(c, exclude, app)) return c;
            }
        }
        for (String h : routes.getOrDefault("*", List.of())) {
            PeerConnection c = open.get(h.toLowerCase());
            if (usable(c, exclude, app)) return c;
        }
        return null;
    }

    private static boolean usable(PeerConnection c, PeerConnection exclude, long app) {
        return c != null && c != exclude && c.usable() && c.info().supports(app);
    }

    // ---- called by PeerConnection, on the loop ----

    DiameterMessage stamp(DiameterMessage m) {
        return m.withHopByHop(nextHopByHop++).withEndToEnd(nextEndToEnd++);
    }

    void observe(DiameterObserver.Direction d, Channel ch, byte[] bytes) {
        try {
            config.observer().onMessage(d, (InetSocketAddress) ch.localAddress(), (InetSocketAddress) ch.remoteAddress(), bytes);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Diameter observer failed", e);
        }
    }

    boolean acceptsPeer(String host, String realm, InetSocketAddress remote) {
        for (PeerConfig p : config.peers()) if (p.host().equalsIgnoreCase(host)) return true;
        return config.peerPolicy().accept(host, realm, remote);
    }

    boolean isOpen(String host) {
        return open.containsKey(host.toLowerCase());
    }

    void peerUp(PeerConnection c) {
        String key = c.info().originHost().toLowerCase();
        open.put(key, c);
        updateView();
        LOG.log(System.Logger.Level.INFO, () -> config.originHost() + ": peer " + c.info().originHost() + " open (" + c.state() + ")");
        for (PeerListener l : listeners) l.onPeerUp(c.info());
        List<CompletableFuture<PeerInfo>> waiting = openWaiters.remove(key);
        if (waiting != null) waiting.forEach(f -> f.complete(c.info()));
    }

    void peerClosing(PeerConnection c, long cause) {
        if (cause == BaseAvps.DISCONNECT_DO_NOT_WANT_TO_TALK_TO_YOU && c.configured() != null) stopped.add(c.configured());
        peerDown(c, "disconnecting (DPR)");
    }

    private void peerDown(PeerConnection c, String reason) {
        if (c.info() == null || open.get(c.info().originHost().toLowerCase()) != c) return;
        open.remove(c.info().originHost().toLowerCase());
        updateView();
        LOG.log(System.Logger.Level.INFO, () -> config.originHost() + ": peer " + c.info().originHost() + " down: " + reason);
        for (PeerListener l : listeners) l.onPeerDown(c.info(), reason);
    }

    void connectionClosed(PeerConnection c, boolean wasOpen, String reason) {
        connections.remove(c);
        peerDown(c, reason);
        failover(c);
        PeerConfig pc = c.configured();
        if (pc != null && !closing && !stopped.contains(pc)) scheduleReconnect(pc);
    }

    /** Moves the requests pending on {@code c} to another peer (T bit set), or fails them. */
    void failover(PeerConnection c) {
        List<Pending> moved = new ArrayList<>();
        for (Pending p : pending.values()) if (p.connection == c) moved.add(p);
        for (Pending p : moved) {
            PeerConnection alt = route(p.request, c);
            if (alt != null) {
                p.connection = alt;
                p.request = p.request.withFlag(DiameterMessage.FLAG_T, true);
                alt.send(p.request);
            } else {
                pending.remove(p.request.hopByHop());
                p.timeout.cancel(false);
                p.future.completeExceptionally(new PeerDownException("peer " + c + " went down before answering "
                        + config.dictionary().abbreviation(p.request) + " and no other peer can take it"));
            }
        }
    }

    void onAnswer(PeerConnection c, DiameterMessage answer) {
        Pending p = pending.remove(answer.hopByHop());
        if (p == null) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Dropping unmatched answer " + answer + " from " + c);
            return;
        }
        p.timeout.cancel(false);
        p.future.complete(answer);
    }

    void onRequest(PeerConnection c, DiameterMessage request) {
        String key = request.text(BaseAvps.ORIGIN_HOST).orElse("") + "/" + request.endToEnd();
        if (duplicates.contains(key)) {
            // a retransmission (RFC 6733 §5.5.4): answer again, without serving it twice
            DiameterMessage earlier = duplicates.get(key);
            if (earlier != null) c.send(earlier.withHopByHop(request.hopByHop()));
            return;
        }
        Map<Integer, RequestHandler> app = handlers.get(request.applicationId());
        RequestHandler h = app == null ? null : app.get(request.commandCode());
        if (h == null) {
            long rc = app == null ? ResultCodes.DIAMETER_APPLICATION_UNSUPPORTED : ResultCodes.DIAMETER_COMMAND_UNSUPPORTED;
            c.send(errorAnswer(request, rc, "no handler for command " + request.commandCode() + " of application " + request.applicationId(), null));
            return;
        }
        duplicates.start(key);
        CompletionStage<DiameterMessage> stage;
        try {
            stage = h.onRequest(request, c.info());
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((answer, error) -> onLoop(() -> finish(c, request, key, answer, error)));
    }

    private void finish(PeerConnection c, DiameterMessage request, String key, DiameterMessage answer, Throwable error) {
        DiameterMessage a;
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof DiameterException de) {
            a = errorAnswer(request, de.resultCode(), de.getMessage(), de.failedAvp().orElse(null));
        } else if (cause != null || answer == null) {
            LOG.log(System.Logger.Level.WARNING, "Handler failed on " + request, cause);
            a = errorAnswer(request, ResultCodes.DIAMETER_UNABLE_TO_COMPLY, "handler failed: " + cause, null);
        } else {
            a = withOrigin(answer.withFlag(DiameterMessage.FLAG_R, false)).withHopByHop(request.hopByHop()).withEndToEnd(request.endToEnd());
        }
        duplicates.put(key, a);
        if (c.state().isOpen() || c.state() == PeerState.CLOSING) c.send(a);
    }

    /** An error answer to a decoded request (E bit for 3xxx, RFC 6733 §7.2). */
    DiameterMessage errorAnswer(DiameterMessage request, long resultCode, String text, Avp failed) {
        DiameterMessage.Builder b = DiameterMessage.answer(request).error(ResultCodes.isProtocolError(resultCode));
        return errorAvps(b, resultCode, text, failed);
    }

    /** An error answer to a request that could not be decoded: header fields, and Session-Id if it could be found. */
    DiameterMessage errorAnswer(DiameterHeader h, String sessionId, DiameterException e) {
        DiameterMessage.Builder b = DiameterMessage.request(h.commandCode(), h.applicationId()).flag(DiameterMessage.FLAG_R, false)
                .proxiable((h.flags() & DiameterMessage.FLAG_P) != 0).error(ResultCodes.isProtocolError(e.resultCode()))
                .hopByHop(h.hopByHop()).endToEnd(h.endToEnd());
        if (sessionId != null) b.add(BaseAvps.SESSION_ID.of(sessionId));
        return errorAvps(b, e.resultCode(), e.getMessage(), e.failedAvp().orElse(null));
    }

    private DiameterMessage errorAvps(DiameterMessage.Builder b, long resultCode, String text, Avp failed) {
        b.add(BaseAvps.ORIGIN_HOST.of(config.originHost()), BaseAvps.ORIGIN_REALM.of(config.originRealm()))
                .resultCode(resultCode).add(BaseAvps.ERROR_MESSAGE.of(text));
        if (failed != null) b.add(BaseAvps.FAILED_AVP.of(failed));
        return b.build();
    }

    /** The answer this node gives in place of a peer it cannot reach (as a relay would). */
    private DiameterMessage localAnswer(DiameterMessage request, long resultCode, String text) {
        return DiameterMessage.answer(request).error(ResultCodes.isProtocolError(resultCode)).resultCode(resultCode)
                .add(BaseAvps.ORIGIN_HOST.of(config.originHost()), BaseAvps.ORIGIN_REALM.of(config.originRealm()),
                        BaseAvps.ERROR_MESSAGE.of(text), BaseAvps.ERROR_REPORTING_HOST.of(config.originHost())).build();
    }

    /** Session-Id of an undecodable message, read leniently, or null. */
    static String scanSessionId(byte[] frame) {
        int off = DiameterHeader.SIZE;
        while (off + 8 <= frame.length) {
            int code = ((frame[off] & 0xff) << 24) | ((frame[off + 1] & 0xff) << 16) | ((frame[off + 2] & 0xff) << 8) | (frame[off + 3] & 0xff);
            int flags = frame[off + 4] & 0xff;
            int len = ((frame[off + 5] & 0xff) << 16) | ((frame[off + 6] & 0xff) << 8) | (frame[off + 7] & 0xff);
            int hdr = (flags & Avp.FLAG_V) != 0 ? 12 : 8;
            if (len < hdr || off + len > frame.length) return null;
            if (code == BaseAvps.SESSION_ID.code() && hdr == 8) {
                return new String(frame, off + 8, len - 8, java.nio.charset.StandardCharsets.UTF_8);
            }
            off += (len + 3) & ~3;
        }
        return null;
    }

    // ---- connections ----

    private ChannelInitializer<Channel> initializer(PeerConfig peer) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                PeerConnection c = new PeerConnection(DiameterNode.this, peer);
                connections.add(c);
                ch.pipeline().addLast(new FrameDecoder(), c);
            }
        };
    }

    private void connect(PeerConfig peer) {
        if (closing) return;
        Bootstrap b = new Bootstrap().group(loop).channel(Channels.socketChannelClass(loop))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, Math.max(1000, config.watchdogInterval().toMillis())))
                .handler(initializer(peer));
        InetSocketAddress listen = config.listenAddress();
        if (listen != null && !listen.getAddress().isAnyLocalAddress()) {
            // connect from this node's own address: each emulated host has its own IP
            b.localAddress(new InetSocketAddress(listen.getAddress(), 0));
        }
        b.connect(peer.address()).addListener(f -> {
            if (!f.isSuccess()) {
                LOG.log(System.Logger.Level.DEBUG, () -> config.originHost() + ": cannot connect to " + peer + ": " + f.cause());
                if (!closing && !stopped.contains(peer)) scheduleReconnect(peer);
            }
        });
    }

    private void scheduleReconnect(PeerConfig peer) {
        reconnects.removeIf(ScheduledFuture::isDone);
        reconnects.add(loop.schedule(() -> connect(peer), Math.max(1, config.reconnectInterval().toMillis()), TimeUnit.MILLISECONDS));
    }

    private void updateView() {
        Map<String, PeerInfo> v = new LinkedHashMap<>();
        open.forEach((k, c) -> v.put(k, c.info()));
        openView = Map.copyOf(v);
    }

    private void onLoop(Runnable r) {
        if (loop.inEventLoop()) r.run();
        else loop.execute(r);
    }

    /**
     * Sends DPR to every open peer, waits (at most Tw, capped at 5 s) for the connections to close,
     * then closes what is left and stops listening.
     */
    @Override
    public void close() {
        CompletableFuture<CompletableFuture<Void>> all = new CompletableFuture<>();
        onLoop(() -> {
            closing = true;
            reconnects.forEach(r -> r.cancel(false));
            List<CompletableFuture<Void>> closed = new ArrayList<>();
            for (PeerConnection c : new ArrayList<>(connections)) closed.add(c.disconnect(BaseAvps.DISCONNECT_REBOOTING));
            all.complete(CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new)));
        });
        long wait = Math.min(5000, config.watchdogInterval().toMillis()) + 500;
        try {
            all.get(wait, TimeUnit.MILLISECONDS).get(wait, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> config.originHost() + ": peers did not all close in time");
        }
        onLoop(() -> new ArrayList<>(connections).forEach(c -> c.close("node closed")));
        if (server != null) server.close().syncUninterruptibly();
    }

    /** Recently answered requests by Origin-Host and end-to-end id; null value while being served. */
    private static final class DuplicateCache {
        private final Map<String, DiameterMessage> entries;
        private final Set<String> inProgress = new HashSet<>();

        DuplicateCache(int max) {
            entries = new LinkedHashMap<>(256, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, DiameterMessage> eldest) {
                    return size() > max;
                }
            };
        }

        boolean contains(String key) {
            return inProgress.contains(key) || entries.containsKey(key);
        }

        DiameterMessage get(String key) {
            return entries.get(key);
        }

        void start(String key) {
            inProgress.add(key);
        }

        void put(String key, DiameterMessage answer) {
            inProgress.remove(key);
            entries.put(key, answer);
        }
    }
}
