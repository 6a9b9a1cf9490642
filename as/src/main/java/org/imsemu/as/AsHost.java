package org.imsemu.as;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.imsemu.as.sh.ShClient;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.proxy.ProxyConfig;
import org.imsemu.sip.proxy.ProxyRequest;
import org.imsemu.sip.stack.ProxyAndUserAgent;
import org.imsemu.sip.stack.SipStack;
import org.imsemu.sip.transaction.ServerTransaction;
import org.imsemu.sip.ua.Dialog;
import org.imsemu.sip.ua.ServerRequest;
import org.imsemu.sip.ua.UserAgent;
import org.imsemu.sip.ua.UserAgentListener;
import org.imsemu.sip.transaction.SipTimer;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.uri.SipUri;

/**
 * One application-server host: a SIP stack running a stateful proxy core (RFC 3261 §16) whose routing
 * decision is the {@link ApplicationServer}, plus, when configured, an Sh client connected to the HSS.
 * The proxy core does the SIP work (transactions, Via, Record-Route, CANCEL, best response, the
 * no-answer timer); the service sees each request once as an {@link AsRequest}.
 *
 * <p>On the same address and port runs a user agent, for the calls the service takes over as a
 * back-to-back user agent ({@link AsRequest#actAsB2bua}).
 *
 * <p>ACKs for 2xx go on along their Route without bothering the service; an OPTIONS addressed to the
 * AS itself (an S-CSCF's keep-alive) is answered 200 here.
 */
public final class AsHost implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AsHost.class.getName());

    private final AsHostConfig config;
    private final ApplicationServer service;
    private final ShClient sh;
    /** The user part of the Contact the host's UA puts in B2BUA legs. */
    static final String B2BUA_CONTACT_USER = "b2bua";

    private SipStack stack;
    private SipUri uri;
    private UserAgent userAgent;
    private final Map<ServerTransaction, B2bua> b2buaInvites = new IdentityHashMap<>(); // leg A INVITEs not answered yet: CANCEL may come

    private AsHost(AsHostConfig config, ApplicationServer service, ShClient sh) {
        this.config = config;
        this.service = service;
        this.sh = sh;
    }

    /** Binds the SIP sockets, starts connecting to the HSS (if configured), then calls {@link ApplicationServer#onStart}. */
    public static AsHost start(AsHostConfig config, EventLoopGroup group, ApplicationServer service) {
        Objects.requireNonNull(service, "service");
        ShClient sh = config.sh() == null ? null : ShClient.start(config.sh(), config.address(), group);
        AsHost host = new AsHost(config, service, sh);
        try {
            SipStack.Config sc = new SipStack.Config(config.address(), config.port(), config.transports(), null, config.observer());
            // A proxy and, on the same address and port, a UA for the calls the service bridges as a B2BUA.
            host.stack = SipStack.startProxyWithUserAgent(sc, group, host::onRequest, config.resolver(),
                    pc -> new ProxyConfig(config.fqdn(), pc.port(), Set.of(config.address()), config.noAnswerTimeout().toMillis()),
                    ua -> ua.contactUser(B2BUA_CONTACT_USER));
            host.userAgent = ((ProxyAndUserAgent) host.stack.user()).userAgent();
            host.userAgent.setListener(host.new B2buaEvents());
            int port = host.stack.localAddress(config.transports().iterator().next()).getPort();
            host.uri = SipUri.of(null, config.fqdn(), port).withParameter("lr", null);
            service.onStart(host);
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
        return host;
    }

    private void onRequest(ProxyRequest pr) {
        if (pr.request().isMethod("ACK")) { // the ACK of a 2xx: no transaction, nothing to decide
            pr.forwardToRequestUri();
            return;
        }
        if (pr.request().isMethod("OPTIONS") && pr.request().routes().isEmpty()
                && pr.request().requestUri() instanceof SipUri s && pr.isLocal(s)) {
            pr.respond(pr.request().createResponse(200).withHeader(HeaderNames.ALLOW, "INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, MESSAGE"));
            return;
        }
        AsRequest r = new AsRequest(pr, this);
        try {
            service.onRequest(r);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "application server failed on " + pr.request().startLine(), e);
            if (!r.isDecided()) r.respond(500, "Server Internal Error (application server)");
        }
    }

    void b2buaStarted(ServerTransaction legA, B2bua call) {
        b2buaInvites.put(legA, call);
    }

    void b2buaAnswered(ServerTransaction legA) {
        b2buaInvites.remove(legA);
    }

    /** Events of the host's UA, for the B2BUA calls they belong to. */
    private final class B2buaEvents implements UserAgentListener {
        @Override
        public void onCancel(ServerRequest invite) {
            B2bua call = b2buaInvites.get(invite.transaction());
            if (call != null) call.onCancelA();
        }

        @Override
        public void onDialogTerminated(Dialog dialog, EndCause cause) {
            if (dialog.applicationData() instanceof B2bua call) call.onDialogEnded(dialog, cause);
        }

        @Override
        public void onDialogRequest(Dialog dialog, ServerRequest request) {
            if (dialog.applicationData() instanceof B2bua call) call.onDialogRequest(dialog, request);
            else UserAgentListener.answerByDefault(request);
        }
    }

    public AsHostConfig config() {
        return config;
    }

    /** The AS's SIP URI, {@code sip:fqdn:port;lr}: what an iFC's ServerName and the S-CSCF's Route name. */
    public SipUri uri() {
        return uri;
    }

    public InetSocketAddress localAddress(TransportType t) {
        return stack.localAddress(t);
    }

    /** The Sh client; {@link IllegalStateException} when this host was configured without Sh. */
    public ShClient sh() {
        if (sh == null) throw new IllegalStateException("AS " + config.fqdn() + " has no Sh connection configured");
        return sh;
    }

    public Optional<ShClient> shIfConfigured() {
        return Optional.ofNullable(sh);
    }

    /**
     * The host's user agent (same address and port as the proxy, Contact user {@code b2bua}): the UA of
     * {@link B2bua} legs. Use on the SIP thread.
     */
    public UserAgent userAgent() {
        return userAgent;
    }

    public SipStack stack() {
        return stack;
    }

    /** The SIP thread: everything that touches this host's SIP state runs here. */
    public EventLoop eventLoop() {
        return stack.eventLoop();
    }

    /** The host's timer (callbacks run on the SIP thread). */
    public SipTimer timer() {
        return stack.timer();
    }

    /** Stops the service, closes the SIP sockets (the port is free when this returns) and the Sh connection. */
    @Override
    public void close() {
        try {
            if (stack != null) service.onStop();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "application server failed to stop", e);
        } finally {
            try {
                if (stack != null) stack.close();
            } finally {
                if (sh != null) sh.close();
            }
        }
    }
}
