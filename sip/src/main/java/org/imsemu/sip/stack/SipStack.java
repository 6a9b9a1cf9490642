package org.imsemu.sip.stack;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.imsemu.sip.proxy.ProxyConfig;
import org.imsemu.sip.proxy.ProxyCore;
import org.imsemu.sip.proxy.ProxyLogic;
import org.imsemu.sip.transaction.ServerTransaction;
import org.imsemu.sip.transaction.TimerSettings;
import org.imsemu.sip.transaction.TransactionLayer;
import org.imsemu.sip.transaction.TransactionUser;
import org.imsemu.sip.transaction.WheelTimer;
import org.imsemu.sip.transport.InboundMessage;
import org.imsemu.sip.transport.MessageObserver;
import org.imsemu.sip.transport.NettySipTransport;
import org.imsemu.sip.transport.TargetResolver;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.ua.UserAgent;
import org.imsemu.sip.ua.UserAgentConfig;

/**
 * One host's SIP stack: its transports, its timer and its transaction layer, all confined to one event
 * loop taken from a shared group, with a transaction user (a proxy core or a user agent) on top.
 * See docs/architecture.md, "Threading".
 */
public final class SipStack implements AutoCloseable {

    /**
     * @param host IP literal to bind (IPv4, or IPv6 with or without brackets)
     * @param port SIP port for every transport (0 = ephemeral, the same for UDP and TCP)
     * @param observer sees every message sent and received (the capture hook)
     */
    public record Config(String host, int port, Set<TransportType> transports, TimerSettings timers, MessageObserver observer) {
        public Config {
            Objects.requireNonNull(host);
            transports = Set.copyOf(transports);
            timers = timers == null ? TimerSettings.DEFAULT : timers;
            observer = observer == null ? MessageObserver.NONE : observer;
        }

        public static Config of(String host, int port) {
            return new Config(host, port, EnumSet.of(TransportType.UDP, TransportType.TCP), TimerSettings.DEFAULT, MessageObserver.NONE);
        }

        public Config withObserver(MessageObserver o) {
            return new Config(host, port, transports, timers, o);
        }

        public Config withTransports(Set<TransportType> t) {
            return new Config(host, port, t, timers, observer);
        }
    }

    private final Config config;
    private final EventLoop loop;
    private final WheelTimer timer;
    private final NettySipTransport transport;
    private final TransactionLayer transactions;
    private final ForwardingUser user = new ForwardingUser();

    private SipStack(Config config, EventLoop loop) {
        this.config = config;
        this.loop = loop;
        this.timer = new WheelTimer(loop);
        this.transactions = new TransactionLayer(new LazyTransport(), timer, config.timers(), user);
        this.transport = new NettySipTransport(config.host(), config.port(), config.transports(), loop,
                this::onInbound, config.observer());
    }

    /**
     * Binds the sockets and installs the transaction user made by {@code userFactory} (which may use the
     * stack, e.g. its transaction layer and timer). Returns once the host listens.
     */
    public static SipStack start(Config config, EventLoopGroup group, Function<SipStack, TransactionUser> userFactory) {
        SipStack stack = new SipStack(config, group.next());
        try {
            stack.transport.start(); // first, so that the user sees the real (possibly ephemeral) port
            stack.user.target = Objects.requireNonNull(userFactory.apply(stack));
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    /** A stateful proxy host: a {@link ProxyCore} running {@code logic}, named by its own address. */
    public static SipStack startProxy(Config config, EventLoopGroup group, ProxyLogic logic, TargetResolver resolver,
                                      Function<ProxyConfig, ProxyConfig> customise) {
        return start(config, group, stack -> stack.newProxyCore(logic, resolver, customise));
    }

    /**
     * A proxy host that is also a user agent on the same address and port (an application server that
     * may act as a B2BUA): a {@link ProxyAndUserAgent} whose {@link ProxyCore} gets new requests and
     * whose {@link UserAgent} gets what belongs to its own dialogs and transactions. The UA's config
     * starts as host address, bound port, {@code resolver}, the stack thread and the stack's timers;
     * {@code customiseUa} may change the rest (Contact user, User-Agent header...).
     */
    public static SipStack startProxyWithUserAgent(Config config, EventLoopGroup group, ProxyLogic logic, TargetResolver resolver,
                                                   Function<ProxyConfig, ProxyConfig> customise,
                                                   UnaryOperator<UserAgentConfig.Builder> customiseUa) {
        return start(config, group, stack -> {
            ProxyCore core = stack.newProxyCore(logic, resolver, customise);
            TransportType t = config.transports().contains(TransportType.UDP) ? TransportType.UDP : config.transports().iterator().next();
            UserAgentConfig.Builder b = UserAgentConfig.builder(config.host(), stack.localAddress(t).getPort())
                    .transport(t).resolver(resolver).executor(stack.loop).timers(config.timers());
            UserAgent ua = new UserAgent(customiseUa.apply(b).build(), stack.timer);
            ua.attach(stack.transactions);
            return new ProxyAndUserAgent(core, ua);
        });
    }

    private ProxyCore newProxyCore(ProxyLogic logic, TargetResolver resolver, Function<ProxyConfig, ProxyConfig> customise) {
        String host = config.host().contains(":") && !config.host().startsWith("[") ? "[" + config.host() + "]" : config.host();
        int port = localAddress(config.transports().iterator().next()).getPort();
        ProxyConfig pc = customise.apply(new ProxyConfig(host, port, Set.of(config.host()), 181_000));
        // The proxy writes its configured host (perhaps a DNS name) in Via: responses to it are ours.
        transport.addSentByAlias(pc.host());
        pc.aliases().forEach(transport::addSentByAlias);
        ProxyCore core = new ProxyCore(pc, logic, resolver, timer, loop);
        core.attach(transactions);
        return core;
    }

    private void onInbound(InboundMessage m) {
        transactions.onInbound(m);
    }

    public Config config() {
        return config;
    }

    /** The stack thread. Everything that touches this host's state runs here. */
    public EventLoop eventLoop() {
        return loop;
    }

    public WheelTimer timer() {
        return timer;
    }

    public TransactionLayer transactions() {
        return transactions;
    }

    public NettySipTransport transport() {
        return transport;
    }

    public TransactionUser user() {
        return user.target;
    }

    public InetSocketAddress localAddress(TransportType t) {
        return transport.localAddress(t);
    }

    /** Runs {@code task} on the stack thread and waits for it: for callers outside the stack (CLI, tests). */
    public <T> T call(java.util.concurrent.Callable<T> task) {
        if (loop.inEventLoop()) {
            try {
                return task.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Closes the sockets (ports are free when this returns) and stops the timer. */
    @Override
    public void close() {
        try {
            transport.close();
        } finally {
            timer.close();
        }
    }

    /** The transaction layer is built before the transport exists; this defers to it. */
    private final class LazyTransport implements org.imsemu.sip.transport.SipTransport {
        @Override
        public void send(org.imsemu.sip.message.SipMessage message, TransportType t, InetSocketAddress destination,
                         java.util.function.Consumer<Throwable> onError) {
            transport.send(message, t, destination, onError);
        }

        @Override
        public InetSocketAddress localAddress(TransportType t) {
            return transport.localAddress(t);
        }
    }

    /** Lets the user be created after the transaction layer that calls it. */
    private static final class ForwardingUser implements TransactionUser {
        volatile TransactionUser target;

        @Override
        public void onRequest(ServerTransaction transaction) {
            TransactionUser t = target;
            if (t != null) t.onRequest(transaction);
            else if (!transaction.request().isMethod("ACK")) transaction.respond(transaction.request().createResponse(503, "Starting Up"));
        }

        @Override
        public void onCancel(ServerTransaction invite) {
            TransactionUser t = target;
            if (t != null) t.onCancel(invite);
        }

        @Override
        public void onAck(InboundMessage ack) {
            TransactionUser t = target;
            if (t != null) t.onAck(ack);
        }

        @Override
        public void onStrayResponse(InboundMessage response) {
            TransactionUser t = target;
            if (t != null) t.onStrayResponse(response);
        }

        @Override
        public void onTransportError(ServerTransaction transaction, Throwable cause) {
            TransactionUser t = target;
            if (t != null) t.onTransportError(transaction, cause);
        }
    }
}
