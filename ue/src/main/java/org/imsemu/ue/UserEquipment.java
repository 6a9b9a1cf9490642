package org.imsemu.ue;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.imsemu.rtp.RtpSession;
import org.imsemu.rtp.ToneGenerator;
import org.imsemu.sip.event.RegInfo;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.stack.SipStack;
import org.imsemu.sip.transaction.SipTimer;
import org.imsemu.sip.transport.CapturedMessage;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.transport.Transports;
import org.imsemu.sip.ua.DigestClient;
import org.imsemu.sip.ua.DigestCredentials;
import org.imsemu.sip.ua.Dialog;
import org.imsemu.sip.ua.ServerRequest;
import org.imsemu.sip.ua.UserAgent;
import org.imsemu.sip.ua.UserAgentConfig;
import org.imsemu.sip.ua.UserAgentListener;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;

/**
 * An IMS user equipment (TS 24.229 clause 5.1): one host with its own SIP stack (UDP and TCP on its
 * address) and RTP sessions, which registers through its P-CSCF with Digest, keeps the registration
 * fresh, makes and takes calls with SDP and a real G.711 tone over RTP.
 *
 * <p>Originating requests carry the preloaded Route set of TS 24.229 5.1.2A.1: the P-CSCF (;lr)
 * followed by the Service-Route learned at registration (RFC 3608), and go to the P-CSCF.
 *
 * <p>Threading: everything runs on the stack's event loop, RTP included. Methods may be called from
 * any thread except {@link #close()}, which must not be called on the stack thread (from a listener).
 */
public final class UserEquipment implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UserEquipment.class.getName());

    private static final int MAX_UNCLAIMED = 64;

    private final UeConfig config;
    private final EventLoopGroup ownGroup;
    private final SipStack stack;
    private final UserAgent ua;
    private final DigestClient digest;
    private final RegistrationSession registration;
    private final RegEventSubscription regEvent;
    private final List<UeListener> listeners = new CopyOnWriteArrayList<>();

    // stack thread only
    private final List<Call> calls = new ArrayList<>();
    private final Map<ServerRequest, Call> ringing = new IdentityHashMap<>();
    private final Map<String, SignallingLog> signalling = new HashMap<>();
    private int nextRtpPort;

    // any thread, under the lock
    private final Object incomingLock = new Object();
    private final Deque<Call> unclaimedIncoming = new ArrayDeque<>();
    private final Deque<CompletableFuture<Call>> incomingWaiters = new ArrayDeque<>();
    private final Deque<IncomingMessage> unclaimedMessages = new ArrayDeque<>();
    private final Deque<CompletableFuture<IncomingMessage>> messageWaiters = new ArrayDeque<>();

    private UserEquipment(UeConfig config) {
        this.config = config;
        this.ownGroup = config.eventLoopGroup() == null ? Transports.newEventLoopGroup(1) : null;
        EventLoopGroup group = ownGroup != null ? ownGroup : config.eventLoopGroup();
        this.digest = new DigestClient(new DigestCredentials(config.impi(), config.password()), config.digestAlgorithms(),
                () -> Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE));
        SipStack.Config sc = new SipStack.Config(config.localHost(), config.sipPort(),
                EnumSet.of(TransportType.UDP, TransportType.TCP), config.timers(), this::capture);
        UserAgent[] made = new UserAgent[1];
        try {
            this.stack = SipStack.start(sc, group, s -> {
                int port = s.localAddress(config.transport()).getPort();
                // No credentials in the UA core: REGISTER challenges come back to RegistrationSession.
                UserAgentConfig uac = UserAgentConfig.builder(config.localHost(), port)
                        .transport(config.transport())
                        .contactUser(config.impu().user())
                        .outboundProxy(config.pcscfUri())
                        .resolver(config.resolver())
                        .executor(s.eventLoop())
                        .timers(config.timers())
                        .userAgentHeader(config.userAgentHeader())
                        .supported(config.optionTags())
                        .build();
                UserAgent u = new UserAgent(uac, s.timer());
                u.attach(s.transactions());
                u.setListener(new Dispatcher());
                made[0] = u;
                return u;
            });
        } catch (RuntimeException e) {
            if (ownGroup != null) ownGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot start UE " + config.impu() + " on " + config.localHost() + ":" + config.sipPort()
                    + ": " + e.getMessage(), e);
        }
        this.ua = made[0];
        this.registration = new RegistrationSession(ua, config, digest, this::registrationDone);
        this.regEvent = new RegEventSubscription(this, ua, config, this::deregisteredByNetwork);
        this.nextRtpPort = config.rtpPortMin() + (config.rtpPortMin() & 1);
    }

    /** Starts the UE: binds its SIP sockets (UDP and TCP). Nothing is sent until {@link #register()} or {@link #call}. */
    public static UserEquipment start(UeConfig config) {
        return new UserEquipment(config);
    }

    public UeConfig config() {
        return config;
    }

    /** Where the UE's SIP stack listens (the real port when configured with 0). */
    public InetSocketAddress sipAddress() {
        return stack.localAddress(config.transport());
    }

    public NameAddress contact() {
        return ua.localContact();
    }

    public void addListener(UeListener l) {
        listeners.add(l);
    }

    public void removeListener(UeListener l) {
        listeners.remove(l);
    }

    // ---- registration ----

    /**
     * The security agreement (RFC 3329, ipsec-3gpp) the current registration reached with the P-CSCF, or
     * null (not configured, not registered, or the P-CSCF offered none). Any thread.
     */
    public SecurityAgreement securityAgreement() {
        return registration.securityAgreement();
    }

    /** Registers (or refreshes now). Completes with the outcome, also a failure status; refreshes follow by themselves. */
    public CompletableFuture<Registration> register() {
        return onStackFuture(registration::register);
    }

    /** De-registers (Expires: 0) with the credentials of the last challenge, and stops refreshing. */
    public CompletableFuture<Registration> unregister() {
        return onStackFuture(() -> {
            regEvent.endWithDeregistration(); // our own doing: what the notifier says next is no news
            return registration.unregister();
        });
    }

    /** The last registration state document (RFC 3680) a reg event NOTIFY brought, or null. Any thread. */
    public RegInfo lastRegInfo() {
        return regEvent.last();
    }

    /** Whether the reg event subscription is established. Any thread. */
    public boolean isSubscribedToRegEvent() {
        return regEvent.isActive();
    }

    /** The last registration outcome, or null. */
    public Registration registration() {
        return stack.call(registration::current);
    }

    public boolean isRegistered() {
        Registration r = registration();
        return r != null && r.isRegistered();
    }

    // ---- calls ----

    /** Calls {@code target} (a SIP or tel URI). The returned call's futures tell how it goes. */
    public Call call(String target) {
        return call(targetUri(target, "call"));
    }

    private static Uri targetUri(String target, String what) {
        Uri uri;
        try {
            uri = Uri.parse(target);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a SIP or tel URI: " + target + " (" + e.getMessage() + ")", e);
        }
        if (!(uri instanceof SipUri) && !(uri instanceof org.imsemu.sip.uri.TelUri)) {
            throw new IllegalArgumentException("can only " + what + " a sip:, sips: or tel: URI, not " + target);
        }
        return uri;
    }

    public Call call(Uri target) {
        return call(target, Map.of());
    }

    /**
     * An anonymous call (RFC 3323, TS 24.229 5.1.2A): From is {@code "Anonymous" <sip:anonymous@anonymous.invalid>}
     * and {@code Privacy: id} asks the network to withhold the identity it asserts for us (P-Asserted-Identity)
     * from the callee. Our own identity still goes to the P-CSCF, as P-Preferred-Identity.
     */
    public Call callAnonymously(String target) {
        return call(targetUri(target, "call"), Map.of(HeaderNames.PRIVACY, "id"), ANONYMOUS);
    }

    /** RFC 3323 4.1.1: the From of a request that must not reveal who sends it. */
    private static final NameAddress ANONYMOUS = NameAddress.parse("\"Anonymous\" <sip:anonymous@anonymous.invalid>", "From");

    /** A call whose INVITE carries these extra headers (Referred-By, Replaces when carrying out a REFER). */
    Call call(Uri target, Map<String, String> headers) {
        return call(target, headers, NameAddress.of(config.impu()));
    }

    private Call call(Uri target, Map<String, String> headers, NameAddress from) {
        Call c = new Call(this, false, target);
        onStack(() -> {
            calls.add(c);
            SipRequest invite = originating(ua.createRequest("INVITE", target, from, NameAddress.of(target)));
            for (Map.Entry<String, String> h : headers.entrySet()) invite = invite.withHeader(h.getKey(), h.getValue());
            c.startOutgoing(invite);
        });
        return c;
    }

    /** The established call whose dialog {@code r} names (RFC 3891), or null. Stack thread. */
    Call establishedCall(Replaces r) {
        for (Call c : calls) if (c.isDialog(r)) return c;
        return null;
    }

    /** Calls, keeps the call up for the configured call duration once answered, hangs up (demos). */
    public CompletableFuture<CallEnd> callForDuration(String target) {
        Call c = call(target);
        c.answered().thenRun(() -> timer().schedule(config.callDuration().toMillis(), c::hangUp));
        return c.ended();
    }

    /**
     * The next incoming call not yet handed out: one that arrived already (perhaps ended since, e.g.
     * rejected by the answer policy), or the next one.
     */
    public CompletableFuture<Call> nextIncomingCall() {
        synchronized (incomingLock) {
            Call c = unclaimedIncoming.poll();
            if (c != null) return CompletableFuture.completedFuture(c);
            CompletableFuture<Call> f = new CompletableFuture<>();
            incomingWaiters.add(f);
            return f;
        }
    }

    // ---- page-mode messages (RFC 3428) ----

    /**
     * Sends a page-mode MESSAGE to {@code targetUri} through the P-CSCF, routed like an INVITE
     * (TS 24.229 5.1.2A.1), without Contact (RFC 3428 4: MESSAGE creates no dialog). Completes with
     * the final response: 200/202 when delivered, else the failure (e.g. 480 when the target is not
     * registered: there is no store-and-forward), a made-up 408 on timeout, 503 on transport error.
     */
    public CompletableFuture<SipResponse> sendMessage(String targetUri, String contentType, String text) {
        Uri target = targetUri(targetUri, "send a MESSAGE to");
        if (contentType == null || contentType.isBlank()) throw new IllegalArgumentException("a MESSAGE needs a Content-Type");
        if (text == null) throw new IllegalArgumentException("a MESSAGE needs a body");
        CompletableFuture<SipResponse> out = new CompletableFuture<>();
        onStack(() -> {
            try {
                SipRequest message = originating(ua.createRequest("MESSAGE", target, NameAddress.of(config.impu()), NameAddress.of(target)))
                        .withBody(contentType, text);
                sendFollowingRedirects(message, config.followRedirects() ? new Redirection(target, config.maxRedirects()) : null, out);
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        });
        return out;
    }

    /** Sends {@code request}; a 3xx is followed as {@link Redirection} allows, the last response completes {@code out}. */
    private void sendFollowingRedirects(SipRequest request, Redirection redirection, CompletableFuture<SipResponse> out) {
        ua.sendRequest(request).whenComplete((r, e) -> {
            if (e != null) {
                out.completeExceptionally(e);
                return;
            }
            SipRequest next = redirection == null ? null : redirection.next(request, r);
            if (next != null) sendFollowingRedirects(next, redirection, out);
            else out.complete(r);
        });
    }

    /** The next received MESSAGE not yet handed out: one that arrived already, or the next one. */
    public CompletableFuture<IncomingMessage> nextIncomingMessage() {
        synchronized (incomingLock) {
            IncomingMessage m = unclaimedMessages.poll();
            if (m != null) return CompletableFuture.completedFuture(m);
            CompletableFuture<IncomingMessage> f = new CompletableFuture<>();
            messageWaiters.add(f);
            return f;
        }
    }

    /** Calls not yet ended. */
    public List<Call> activeCalls() {
        return stack.call(() -> List.copyOf(calls));
    }

    /**
     * Adds what TS 24.229 5.1.2A.1 asks of an originating request: Route with the P-CSCF then the
     * Service-Route, and the IMPU in P-Preferred-Identity (RFC 3325).
     */
    SipRequest originating(SipRequest request) {
        SipRequest r = request.withoutHeader(HeaderNames.ROUTE);
        r = r.withHeaderLast(HeaderNames.ROUTE, NameAddress.of(config.pcscfUri()).toString());
        Registration reg = registration.current();
        if (reg != null && reg.isRegistered()) {
            for (NameAddress sr : reg.serviceRoutes()) r = r.withHeaderLast(HeaderNames.ROUTE, sr.toString());
        }
        return r.withHeader(HeaderNames.P_PREFERRED_IDENTITY, NameAddress.of(config.impu()).toString());
    }

    // ---- for Call and RegistrationSession, on the stack thread ----

    UserAgent ua() {
        return ua;
    }

    DigestClient digest() {
        return digest;
    }

    SipTimer timer() {
        return stack.timer();
    }

    void onStack(Runnable r) {
        if (stack.eventLoop().inEventLoop()) r.run();
        else stack.eventLoop().execute(r);
    }

    private <T> CompletableFuture<T> onStackFuture(java.util.function.Supplier<CompletableFuture<T>> s) {
        CompletableFuture<T> out = new CompletableFuture<>();
        onStack(() -> {
            try {
                s.get().whenComplete((v, e) -> {
                    if (e != null) out.completeExceptionally(e);
                    else out.complete(v);
                });
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        });
        return out;
    }

    /** An RTP session on the next free even port of the configured range, on the stack's loop. */
    CompletableFuture<RtpSession> openRtp() {
        int span = (config.rtpPortMax() - config.rtpPortMin()) / 2 + 1;
        CompletableFuture<RtpSession> result = new CompletableFuture<>();
        tryRtpPort(span, result);
        return result;
    }

    private void tryRtpPort(int attemptsLeft, CompletableFuture<RtpSession> result) {
        if (attemptsLeft == 0) {
            result.completeExceptionally(new IllegalStateException("no free RTP port in " + config.rtpPortMin() + "-" + config.rtpPortMax()));
            return;
        }
        int port = nextRtpPort;
        nextRtpPort += 2;
        if (nextRtpPort > config.rtpPortMax()) nextRtpPort = config.rtpPortMin() + (config.rtpPortMin() & 1);
        RtpSession.open(new InetSocketAddress(config.localHost(), port), stack.eventLoop(), new ToneGenerator(config.toneFrequency()))
                .whenComplete((s, e) -> onStack(() -> {
                    if (e == null) result.complete(s);
                    else tryRtpPort(attemptsLeft - 1, result);
                }));
    }

    /** A video stream on the next free even port of the RTP range, on the stack's loop. */
    CompletableFuture<VideoStream> openVideo() {
        CompletableFuture<VideoStream> result = new CompletableFuture<>();
        tryVideoPort((config.rtpPortMax() - config.rtpPortMin()) / 2 + 1, result);
        return result;
    }

    private void tryVideoPort(int attemptsLeft, CompletableFuture<VideoStream> result) {
        if (attemptsLeft == 0) {
            result.completeExceptionally(new IllegalStateException("no free RTP port for video in " + config.rtpPortMin() + "-" + config.rtpPortMax()));
            return;
        }
        int port = nextRtpPort;
        nextRtpPort += 2;
        if (nextRtpPort > config.rtpPortMax()) nextRtpPort = config.rtpPortMin() + (config.rtpPortMin() & 1);
        VideoStream.open(new InetSocketAddress(config.localHost(), port), stack.eventLoop())
                .whenComplete((v, e) -> onStack(() -> {
                    if (e == null) result.complete(v);
                    else tryVideoPort(attemptsLeft - 1, result);
                }));
    }

    void incomingCall(Call c) {
        CompletableFuture<Call> waiter;
        synchronized (incomingLock) {
            waiter = incomingWaiters.poll();
            if (waiter == null) {
                unclaimedIncoming.add(c);
                if (unclaimedIncoming.size() > MAX_UNCLAIMED) unclaimedIncoming.poll(); // nobody is asking: keep the latest
            }
        }
        if (waiter != null) waiter.complete(c);
        for (UeListener l : listeners) safely(() -> l.onIncomingCall(c));
    }

    /** RFC 3428 7: a UAS accepting a MESSAGE answers 200 at once; the text goes to whoever waits for it. */
    private void incomingMessage(ServerRequest request) {
        if (config.answerPolicy() instanceof AnswerPolicy.Redirect redirect) { // the UE deflects everything
            SipResponse moved = request.createResponse(redirect.status());
            for (String c : redirect.contacts()) moved = moved.withHeaderLast(HeaderNames.CONTACT, c);
            request.respond(moved);
            return;
        }
        request.respond(200);
        IncomingMessage m = IncomingMessage.of(request.request());
        CompletableFuture<IncomingMessage> waiter;
        synchronized (incomingLock) {
            waiter = messageWaiters.poll();
            if (waiter == null) {
                unclaimedMessages.add(m);
                if (unclaimedMessages.size() > MAX_UNCLAIMED) unclaimedMessages.poll(); // nobody is asking: keep the latest
            }
        }
        if (waiter != null) waiter.complete(m);
        for (UeListener l : listeners) safely(() -> l.onMessage(m));
    }

    /** The capture hook: the configured observer first, then each call's signalling log. On the stack thread. */
    private void capture(CapturedMessage m) {
        config.observer().onMessage(m);
        SipMessage msg;
        String callId;
        try {
            msg = SipParser.parse(m.bytes().clone());
            callId = msg.callId();
        } catch (RuntimeException e) {
            return; // keep-alives, malformed input: no call's business
        }
        if (callId == null) return;
        SignallingLog log = signalling.get(callId);
        if (log == null) {
            if (!(msg instanceof SipRequest r && r.isMethod("INVITE") && r.toTag() == null)) return;
            log = new SignallingLog(); // an incoming INVITE is seen here before its Call exists
            signalling.put(callId, log);
            SignallingLog made = log;
            if (stack != null) { // an INVITE the core refuses (420, 481...) makes no Call: forget its log later
                stack.timer().schedule(2 * config.timers().timeout(), () -> {
                    if (!made.isClaimed()) signalling.remove(callId, made);
                });
            }
        }
        log.record(m.direction() == CapturedMessage.Direction.SENT, msg);
    }

    /** The signalling log of a call, made on first use. Stack thread. */
    SignallingLog signallingLog(String callId) {
        SignallingLog log = signalling.computeIfAbsent(callId, k -> new SignallingLog());
        log.claim();
        return log;
    }

    void callAnswered(Call c) {
        for (UeListener l : listeners) safely(() -> l.onCallAnswered(c));
    }

    void callEnded(Call c, CallEnd end) {
        calls.remove(c);
        String callId = c.callId();
        if (callId != null) { // the last BYE/200 or ACK may still come; then nobody needs the log here any more
            SignallingLog log = signalling.get(callId);
            timer().schedule(2 * config.timers().timeout(), () -> signalling.remove(callId, log));
        }
        if (c.serverInvite() != null) ringing.remove(c.serverInvite());
        for (UeListener l : listeners) safely(() -> l.onCallEnded(c, end));
    }

    private void deregisteredByNetwork(RegInfo.ContactEvent event, RegInfo info) {
        if (!registration.isRegistered()) return;
        registration.deregisteredByNetwork(event.name().toLowerCase(java.util.Locale.ROOT));
        regEvent.end();
        for (UeListener l : listeners) safely(() -> l.onNetworkDeregistration(event, info));
        // TS 24.229 5.1.1.7: "deactivated" asks the UE to register afresh; "rejected" does not
        if (event == RegInfo.ContactEvent.DEACTIVATED && config.reRegisterWhenDeactivated()) {
            registration.register();
        }
    }

    private void registrationDone(Registration r) {
        if (r.isRegistered() && config.regEventSubscription()) regEvent.ensure();
        for (UeListener l : listeners) safely(() -> l.onRegistration(r));
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "UE listener failed", e);
        }
    }

    /** Stops refreshing, ends every call without signalling, closes the RTP and SIP sockets. */
    @Override
    public void close() {
        if (stack.eventLoop().inEventLoop()) throw new IllegalStateException("close() must not run on the UE's own stack thread");
        try {
            stack.call(() -> {
                registration.stop();
                regEvent.end();
                for (Call c : List.copyOf(calls)) c.end(CallEnd.Cause.CLOSED, c.finalStatus(), "UE closed");
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing UE " + config.impu(), e);
        } finally {
            stack.close();
            if (ownGroup != null) ownGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Override
    public String toString() {
        return "UserEquipment[" + config.impu() + " at " + config.localHost() + "]";
    }

    /** The event package of an Event header value, without parameters (RFC 6665 8.2.1). */
    static String eventPackage(SipRequest r) {
        String e = r.header(HeaderNames.EVENT);
        if (e == null) return null;
        int semi = e.indexOf(';');
        return (semi < 0 ? e : e.substring(0, semi)).strip();
    }

    /** The UA core's events, dispatched to calls. On the stack thread. */
    private final class Dispatcher implements UserAgentListener {
        @Override
        public void onInvite(ServerRequest invite) {
            Call c = new Call(UserEquipment.this, true, invite.request().from().uri());
            calls.add(c);
            ringing.put(invite, c);
            c.startIncoming(invite);
        }

        @Override
        public void onRequest(ServerRequest request) {
            if (request.request().isMethod("MESSAGE")) incomingMessage(request);
            else UserAgentListener.super.onRequest(request);
        }

        @Override
        public void onCancel(ServerRequest invite) {
            Call c = ringing.remove(invite);
            if (c != null) c.onCancelled();
        }

        @Override
        public void onDialogRequest(Dialog dialog, ServerRequest request) {
            if (request.request().isMethod("INVITE") && dialog.applicationData() instanceof Call c) {
                c.onReinvite(request);
            } else if (request.request().isMethod("UPDATE") && dialog.applicationData() instanceof Call c) {
                c.onUpdate(request);
            } else if (request.request().isMethod("NOTIFY") && dialog.applicationData() instanceof RegEventSubscription s) {
                s.onNotify(request);
            } else if (request.request().isMethod("REFER") && dialog.applicationData() instanceof Call c) {
                c.onRefer(request);
            } else if (request.request().isMethod("NOTIFY") && "refer".equalsIgnoreCase(eventPackage(request.request()))
                    && dialog.applicationData() instanceof Call c) {
                c.onReferNotify(request);
            } else {
                UserAgentListener.super.onDialogRequest(dialog, request);
            }
        }

        @Override
        public void onAck(Dialog dialog, SipRequest ack) {
            if (dialog.applicationData() instanceof Call c) c.onAck(ack);
        }

        @Override
        public void onDialogTerminated(Dialog dialog, EndCause cause) {
            if (dialog.applicationData() instanceof Call c) c.onDialogTerminated(dialog, cause);
        }
    }
}
