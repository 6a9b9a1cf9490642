package org.imsemu.sip.ua;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.imsemu.sip.header.CSeq;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.header.Via;
import org.imsemu.sip.message.HeaderField;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transaction.Branches;
import org.imsemu.sip.transaction.ClientTransaction;
import org.imsemu.sip.transaction.ClientTransactionListener;
import org.imsemu.sip.transaction.ServerTransaction;
import org.imsemu.sip.transaction.SipTimer;
import org.imsemu.sip.transaction.TransactionLayer;
import org.imsemu.sip.transaction.TransactionUser;
import org.imsemu.sip.transport.InboundMessage;
import org.imsemu.sip.transport.NextHop;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.transport.UnresolvableTargetException;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;

/**
 * The user-agent core (RFC 3261 sections 8, 12 to 15): the {@link TransactionUser} of one emulated UA.
 * Client side: out-of-dialog and in-dialog requests with one Digest retry on 401/407
 * ({@link #sendRequest}), INVITE with forking, ACK for 2xx, CANCEL and BYE ({@link #invite},
 * {@link ClientInvite}). Server side: requests go to a {@link UserAgentListener}; the core matches
 * in-dialog requests to their dialog (481 when none, 500 when out of order), answers BYE, answers a
 * cancelled INVITE with 487, and retransmits its 2xx to INVITE until the ACK arrives (13.3.1.4).
 *
 * <p>Wiring: {@code ua = new UserAgent(config, timer); layer = new TransactionLayer(transport, timer,
 * settings, ua); ua.attach(layer);}. Everything runs on the stack thread, futures complete there.
 * Next hops are found by the configured {@link org.imsemu.sip.transport.TargetResolver}; when its future
 * is not complete at once, the core resumes on {@link UserAgentConfig#executor()} (the stack thread).
 */
public final class UserAgent implements TransactionUser {
    private static final System.Logger LOG = System.getLogger(UserAgent.class.getName());

    /** The methods this core handles, for Allow. */
    public static final String ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, INFO, PRACK, UPDATE, MESSAGE, NOTIFY, REFER, SUBSCRIBE";

    /** A request ready to go: with its Via, and where to. */
    record Outbound(SipRequest request, NextHop hop) {
    }

    /** An ACK we sent for a 2xx, kept to answer that 2xx's retransmissions. */
    private static final class SentAck {
        final long cseq;
        final SipRequest ack;
        final NextHop hop;
        SipTimer.Timeout expiry;

        SentAck(long cseq, SipRequest ack, NextHop hop) {
            this.cseq = cseq;
            this.ack = ack;
            this.hop = hop;
        }
    }

    /** Our 2xx to an INVITE, retransmitted until its ACK (13.3.1.4). */
    private final class AwaitingAck {
        final ServerRequest request;
        final Dialog dialog;
        final SipResponse response;
        final long cseq;
        long interval;
        SipTimer.Timeout retransmit;
        SipTimer.Timeout giveUp;

        AwaitingAck(ServerRequest request, Dialog dialog, SipResponse response) {
            this.request = request;
            this.dialog = dialog;
            this.response = response;
            this.cseq = request.request().cseq().number();
        }

        void start() {
            interval = config.timers().t1();
            retransmit = timer.schedule(interval, this::retransmit);
            giveUp = timer.schedule(config.timers().timeout(), this::giveUp);
        }

        void retransmit() {
            interval = Math.min(2 * interval, config.timers().t2());
            retransmit = timer.schedule(interval, this::retransmit);
            try {
                request.transaction().respond(response); // a 2xx retransmission passes in the Accepted state
            } catch (IllegalStateException e) {
                InboundMessage in = request.inbound();
                layer.sendStateless(response, in.transport(), in.remote());
            }
        }

        void giveUp() {
            stop();
            awaitingAcks.remove(dialog.id(), this);
            LOG.log(System.Logger.Level.DEBUG, "no ACK for 2xx in {0}: ending the dialog", dialog.id());
            if (!dialog.isTerminated()) bye(dialog, UserAgentListener.EndCause.ACK_TIMEOUT);
        }

        void stop() {
            retransmit.cancel();
            giveUp.cancel();
        }
    }

    private final UserAgentConfig config;
    private final SipTimer timer;
    private final Executor stackThread;
    private final DigestClient digest;
    private TransactionLayer layer;
    private UserAgentListener listener = new UserAgentListener() { };

    private final Map<DialogId, Dialog> dialogs = new HashMap<>();
    private final Map<ServerTransaction, ServerRequest> pendingServerInvites = new IdentityHashMap<>();
    private final Map<DialogId, AwaitingAck> awaitingAcks = new HashMap<>();
    private final Map<DialogId, SentAck> sentAcks = new HashMap<>();
    private final Map<DialogId, ClientInvite> pendingReinvites = new HashMap<>();
    /** UPDATEs with an offer we sent and that have no final response yet (RFC 3311 5.2 glare). */
    private final Map<DialogId, Integer> pendingUpdates = new HashMap<>();
    private final ReliableProvisionals reliable = new ReliableProvisionals(this);
    /** SUBSCRIBEs outside a dialog whose dialog is not formed yet, by Call-ID and From tag (RFC 6665 4.1.2.4). */
    private final Map<String, Consumer<Dialog>> pendingSubscribes = new HashMap<>();

    public UserAgent(UserAgentConfig config, SipTimer timer) {
        this.config = Objects.requireNonNull(config, "config");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.stackThread = config.executor();
        this.digest = config.credentials() == null ? null
                : new DigestClient(config.credentials(), config.digestAlgorithms(), DigestClient::randomCnonce);
    }

    /** Connects the core to the transaction layer that has it as its TU. Once, before anything is sent. */
    public void attach(TransactionLayer transactionLayer) {
        if (this.layer != null) throw new IllegalStateException("Already attached");
        this.layer = Objects.requireNonNull(transactionLayer);
    }

    public TransactionLayer layer() {
        if (layer == null) throw new IllegalStateException("No transaction layer attached");
        return layer;
    }

    public UserAgentConfig config() {
        return config;
    }

    public SipTimer timer() {
        return timer;
    }

    public void setListener(UserAgentListener l) {
        this.listener = l == null ? new UserAgentListener() { } : l;
    }

    /** Our Contact header value. */
    public NameAddress localContact() {
        return config.contact();
    }

    /** The Digest client answering challenges, or null without credentials. */
    public DigestClient digestClient() {
        return digest;
    }

    /** Live dialogs (early and confirmed). */
    public Collection<Dialog> dialogs() {
        return Collections.unmodifiableCollection(new ArrayList<>(dialogs.values()));
    }

    public Dialog dialog(DialogId id) {
        return dialogs.get(id);
    }

    // ---- building requests ----

    /**
     * A new out-of-dialog request (8.1.1): new Call-ID, From tag, CSeq 1, Max-Forwards 70, our Contact
     * for methods that establish something (INVITE, SUBSCRIBE, REFER, OPTIONS). No Via: it is added when
     * the request is sent.
     */
    public SipRequest createRequest(String method, Uri requestUri, NameAddress from, NameAddress to) {
        SipRequest.Builder b = SipRequest.builder(method, requestUri)
                .maxForwards(70)
                .from(from.tag() == null ? from.withTag(Branches.newTag()) : from)
                .to(to)
                .callId(Branches.newCallId(config.host()))
                .cseq(1);
        if (method.equals("INVITE") || method.equals("SUBSCRIBE") || method.equals("REFER") || method.equals("OPTIONS")) {
            b.contact(localContact());
        }
        if (config.userAgentHeader() != null) b.header(HeaderNames.USER_AGENT, config.userAgentHeader());
        return b.build();
    }

    // ---- client side ----

    /**
     * Sends a non-INVITE request outside any dialog (REGISTER, OPTIONS, MESSAGE...) to the first Route,
     * the outbound proxy or the Request-URI. A 401/407 is answered once with Digest credentials when
     * configured (a new transaction with CSeq + 1). The future completes with the final response, a
     * made-up 408 on timeout, or 503 on transport error or unresolvable next hop.
     */
    public CompletableFuture<SipResponse> sendRequest(SipRequest request) {
        if (request.isMethod("INVITE")) throw new IllegalArgumentException("Use invite() for INVITE");
        if (request.isMethod("ACK") || request.isMethod("CANCEL")) throw new IllegalArgumentException(request.method() + " is sent by the core itself");
        layer(); // fail here, not later on the stack thread
        OutgoingRequest o = new OutgoingRequest(null);
        o.send(request);
        return o.future;
    }

    /**
     * Sends a request inside {@code dialog}, built by {@link Dialog#createRequest} (and perhaps given a
     * body). BYE ends the dialog at once (15.1.1). The response to a target refresh updates the remote
     * target; 481 and 408 end the dialog.
     */
    public CompletableFuture<SipResponse> sendRequest(Dialog dialog, SipRequest request) {
        if (request.isMethod("INVITE")) throw new IllegalArgumentException("Use reinvite() for INVITE");
        if (dialog.isTerminated()) throw new IllegalStateException("Dialog " + dialog.id() + " is terminated");
        layer();
        if (request.isMethod("BYE")) endDialog(dialog, UserAgentListener.EndCause.LOCAL_BYE);
        OutgoingRequest o = new OutgoingRequest(dialog);
        o.send(request);
        return o.future;
    }

    /** A new request of this method in the dialog, sent. */
    public CompletableFuture<SipResponse> sendRequest(Dialog dialog, String method) {
        return sendRequest(dialog, dialog.createRequest(method));
    }

    /** Ends the dialog with BYE. */
    public CompletableFuture<SipResponse> bye(Dialog dialog) {
        return bye(dialog, UserAgentListener.EndCause.LOCAL_BYE);
    }

    CompletableFuture<SipResponse> bye(Dialog dialog, UserAgentListener.EndCause cause) {
        SipRequest bye = dialog.createRequest("BYE");
        endDialog(dialog, cause);
        OutgoingRequest o = new OutgoingRequest(dialog);
        o.send(bye);
        return o.future;
    }

    /**
     * Sends an initial INVITE, built by the caller (for instance with {@link #createRequest} and an SDP
     * offer). Our Contact is added when missing.
     */
    public ClientInvite invite(SipRequest invite, ClientInvite.Listener listener) {
        if (!invite.isMethod("INVITE")) throw new IllegalArgumentException("Not an INVITE: " + invite.startLine());
        if (invite.toTag() != null) throw new IllegalArgumentException("An initial INVITE has no To tag; use reinvite()");
        if (!invite.hasHeader(HeaderNames.CONTACT)) invite = invite.withHeader(HeaderNames.CONTACT, localContact().toString());
        layer();
        ClientInvite ci = new ClientInvite(this, null, listener);
        ci.start(invite);
        return ci;
    }

    /** An INVITE from {@code from} to {@code to} with an optional body (the SDP offer). */
    public ClientInvite invite(NameAddress from, NameAddress to, String contentType, byte[] body, ClientInvite.Listener listener) {
        SipRequest inv = createRequest("INVITE", to.uri(), from, to);
        if (body != null && body.length > 0) inv = inv.withBody(contentType, body);
        return invite(inv, listener);
    }

    /** A re-INVITE in a confirmed dialog (14.1), with an optional body. 491 when one is pending already. */
    public ClientInvite reinvite(Dialog dialog, String contentType, byte[] body, ClientInvite.Listener listener) {
        if (!dialog.isConfirmed()) throw new IllegalStateException("re-INVITE needs a confirmed dialog: " + dialog);
        if (pendingReinvites.containsKey(dialog.id())) throw new IllegalStateException("A re-INVITE is pending in " + dialog.id());
        layer();
        if (dialog.localContact() == null) dialog.localContact(localContact());
        SipRequest inv = dialog.createRequest("INVITE");
        if (body != null && body.length > 0) inv = inv.withBody(contentType, body);
        ClientInvite ci = new ClientInvite(this, dialog, listener);
        pendingReinvites.put(dialog.id(), ci);
        ci.start(inv);
        return ci;
    }

    /**
     * Sends UPDATE (RFC 3311) in an early or confirmed dialog, with an optional body (an SDP offer). While
     * an UPDATE with an offer is pending, an UPDATE or re-INVITE with an offer from the peer gets 491.
     * The future completes with the final response (491 when the peer saw glare: retry later).
     */
    public CompletableFuture<SipResponse> update(Dialog dialog, String contentType, byte[] body) {
        if (dialog.isTerminated()) throw new IllegalStateException("Dialog " + dialog.id() + " is terminated");
        if (dialog.localContact() == null) dialog.localContact(localContact());
        SipRequest update = dialog.createRequest("UPDATE");
        boolean offer = body != null && body.length > 0;
        if (offer) update = update.withBody(contentType, body);
        if (!offer) return sendRequest(dialog, update);
        DialogId id = dialog.id();
        pendingUpdates.merge(id, 1, Integer::sum);
        return sendRequest(dialog, update).whenComplete((r, e) -> pendingUpdates.computeIfPresent(id, (k, n) -> n > 1 ? n - 1 : null));
    }

    /**
     * Sends an initial SUBSCRIBE (RFC 6665 4.1.2.1). Its dialog is formed by the 2xx or by a NOTIFY that
     * arrives first (4.1.2.4, route set from the NOTIFY's Record-Route); {@code onDialog} gets it once, on the
     * stack thread, before that NOTIFY goes to the listener and before the returned future completes. Refresh
     * with {@code dialog.createRequest("SUBSCRIBE")} and {@link #sendRequest(Dialog, SipRequest)}.
     */
    public CompletableFuture<SipResponse> subscribe(SipRequest subscribe, Consumer<Dialog> onDialog) {
        if (!subscribe.isMethod("SUBSCRIBE") || subscribe.toTag() != null) {
            throw new IllegalArgumentException("Not an initial SUBSCRIBE: " + subscribe.startLine());
        }
        if (!subscribe.hasHeader(HeaderNames.CONTACT)) subscribe = subscribe.withHeader(HeaderNames.CONTACT, localContact().toString());
        SipRequest sent = subscribe;
        String key = sent.callId() + ";" + sent.fromTag();
        pendingSubscribes.put(key, onDialog);
        return sendRequest(sent).whenComplete((r, e) -> {
            Consumer<Dialog> waiting = pendingSubscribes.remove(key);
            if (r == null || !r.isSuccess() || r.toTag() == null) return;
            if (dialogs.containsKey(DialogId.ofIncomingResponse(r))) return; // a NOTIFY formed it already
            Dialog d = Dialog.asUac(sent, r);
            addDialog(d);
            if (waiting != null) waiting.accept(d);
        });
    }

    /** Ends a dialog without BYE (a subscription's, RFC 6665 4.4.1); the listener hears SUBSCRIPTION_TERMINATED. */
    public void terminateDialog(Dialog dialog) {
        endDialog(dialog, UserAgentListener.EndCause.SUBSCRIPTION_TERMINATED);
    }

    /** Whether an UPDATE with an offer we sent in this dialog still waits for its final response. */
    public boolean hasPendingUpdate(Dialog dialog) {
        return pendingUpdates.containsKey(dialog.id());
    }

    /** Whether a re-INVITE we sent in this dialog still waits for its final response. */
    public boolean hasPendingReinvite(Dialog dialog) {
        return pendingReinvites.containsKey(dialog.id());
    }

    // ---- plumbing for ClientInvite and OutgoingRequest ----

    /** 8.1.2: the first Route if it is a loose router, else the outbound proxy, else the Request-URI. */
    Uri nextHopFor(SipRequest r) {
        List<NameAddress> routes = r.routes();
        if (!routes.isEmpty()) return Dialog.isLooseRoute(routes.get(0)) ? routes.get(0).uri() : r.requestUri();
        if (config.outboundProxy() != null) return config.outboundProxy();
        return r.requestUri();
    }

    /** RFC 3263 through the configured resolver; a failed future (never a throw) when {@code hop} leads nowhere. */
    CompletableFuture<NextHop> resolve(Uri hop) {
        if (!(hop instanceof SipUri s)) {
            return CompletableFuture.failedFuture(new UnresolvableTargetException("Cannot route to a " + hop.scheme() + " URI: " + hop));
        }
        try {
            CompletableFuture<NextHop> f = config.resolver().resolve(s);
            return f != null ? f : CompletableFuture.failedFuture(new UnresolvableTargetException("No next hop for " + s));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Resolves {@code hop}, then gives {@code send} the request with a fresh top Via for the transport
     * the next hop needs, or gives {@code unresolvable} the reason there is none. Either runs on the stack
     * thread: at once when the resolution is already complete (as with numeric URIs), else later through
     * the configured executor, so that the UA's state is never touched from a resolver's thread.
     */
    void prepare(SipRequest request, Uri hop, Consumer<Outbound> send, Consumer<String> unresolvable) {
        CompletableFuture<NextHop> f = resolve(hop);
        if (f.isDone()) {
            prepared(request, f, send, unresolvable);
        } else {
            f.whenComplete((h, e) -> stackThread.execute(() -> {
                try {
                    prepared(request, f, send, unresolvable);
                } catch (RuntimeException ex) { // nobody up the stack to throw to
                    LOG.log(System.Logger.Level.WARNING, "sending " + request.startLine() + " failed", ex);
                }
            }));
        }
    }

    private void prepared(SipRequest request, CompletableFuture<NextHop> f, Consumer<Outbound> send, Consumer<String> unresolvable) {
        NextHop h;
        try {
            h = f.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            unresolvable.accept(cause.getMessage() != null ? cause.getMessage() : cause.toString());
            return;
        }
        if (h == null) {
            unresolvable.accept("no next hop");
            return;
        }
        // a large request goes over TCP, or UDP after all: the transaction layer sees to it (18.1.1)
        send.accept(new Outbound(Requests.withOnlyVia(request, newVia(h.transport())), h));
    }

    private Via newVia(TransportType transport) {
        return Via.of(transport.name(), config.host(), config.port(), Branches.newBranch()).withParameter("rport", null);
    }

    /**
     * The retry of {@code sent} with credentials for the challenge in {@code challenge} (22.2): CSeq + 1
     * (or the dialog's next number); null when there are no credentials or the challenge is unanswerable.
     */
    SipRequest authorizedRetry(SipRequest sent, SipResponse challenge, Dialog dialog) {
        if (digest == null) return null;
        SipRequest authorized = digest.authorize(sent, challenge);
        if (authorized == null) return null;
        long seq = dialog != null ? dialog.nextLocalSeq() : sent.cseq().number() + 1;
        return authorized.withHeader(HeaderNames.CSEQ, new CSeq(seq, sent.method()).toString());
    }

    void addDialog(Dialog d) {
        if (d.localContact() == null) d.localContact(localContact());
        dialogs.put(d.id(), d);
    }

    /** Ends a dialog once: forgets it, stops waiting for its ACK, tells the listener. */
    void endDialog(Dialog d, UserAgentListener.EndCause cause) {
        boolean removed = dialogs.remove(d.id(), d);
        boolean wasLive = !d.isTerminated();
        d.terminate();
        AwaitingAck a = awaitingAcks.remove(d.id());
        if (a != null) a.stop();
        if (removed || wasLive) listener.onDialogTerminated(d, cause);
    }

    void onDialogResponse(Dialog d, SipRequest request, SipResponse response) {
        if (!response.isFinal()) return;
        d.onResponse(request, response);
        if (d.isTerminated()) endDialog(d, UserAgentListener.EndCause.REQUEST_FAILED);
    }

    void reinviteDone(ClientInvite ci) {
        if (ci.isReinvite()) pendingReinvites.remove(ci.dialog().id(), ci);
    }

    /**
     * Sends the ACK for a 2xx outside any transaction (13.2.2.4) and keeps it for retransmitted 2xx.
     * {@code then} runs once the ACK has gone out (or could not, its next hop being unresolvable), so that
     * whatever the caller does next in the dialog (tell the application, BYE) follows the ACK.
     */
    void sendAck(Dialog d, SipRequest ack, long inviteSeq, Runnable then) {
        prepare(ack, d.nextHop(), out -> {
            SentAck s = new SentAck(inviteSeq, out.request(), out.hop());
            SentAck old = sentAcks.put(d.id(), s);
            if (old != null) old.expiry.cancel();
            // The 2xx may be retransmitted for 64*T1 after it was first sent; keep the ACK a while longer.
            s.expiry = timer.schedule(2 * config.timers().timeout(), () -> sentAcks.remove(d.id(), s));
            layer().sendStateless(s.ack, s.hop.transport(), s.hop.address());
            then.run();
        }, reason -> {
            LOG.log(System.Logger.Level.WARNING, "cannot send ACK in {0}: {1}", d.id(), reason);
            then.run();
        });
    }

    /** A 2xx came again: the same ACK again. False when we have none for it. */
    boolean resendAck(DialogId id, long inviteSeq) {
        SentAck s = sentAcks.get(id);
        if (s == null || s.cseq != inviteSeq) return false;
        layer().sendStateless(s.ack, s.hop.transport(), s.hop.address());
        return true;
    }

    /** A non-INVITE request and its one Digest retry. */
    private final class OutgoingRequest implements ClientTransactionListener {
        final Dialog dialog;
        final CompletableFuture<SipResponse> future = new CompletableFuture<>();
        SipRequest current;
        boolean retried;

        OutgoingRequest(Dialog dialog) {
            this.dialog = dialog;
        }

        void send(SipRequest request) {
            current = null; // while the next hop resolves, no transaction is ours (not even a replaced one)
            prepare(request, dialog != null ? dialog.nextHop() : nextHopFor(request), out -> {
                current = out.request();
                layer().sendRequest(out.request(), out.hop().transport(), out.hop().address(), this);
            }, reason -> finish(request, Requests.synthesized(request, 503, "Service Unavailable (" + reason + ")")));
        }

        @Override
        public void onResponse(ClientTransaction tx, SipResponse r) {
            if (!isCurrent(tx) || r.isProvisional()) return;
            if ((r.status() == 401 || r.status() == 407) && !retried) {
                SipRequest again = authorizedRetry(current, r, dialog);
                if (again != null) {
                    retried = true;
                    send(again);
                    return;
                }
            }
            finish(current, r);
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
            if (isCurrent(tx)) finish(current, Requests.synthesized(current, 408, "Request Timeout"));
        }

        @Override
        public void onTransportError(ClientTransaction tx, Throwable cause) {
            if (isCurrent(tx)) finish(current, Requests.synthesized(current, 503, "Service Unavailable (transport error)"));
        }

        private boolean isCurrent(ClientTransaction tx) {
            return current != null && tx.branch().equals(current.topVia().branch());
        }

        private void finish(SipRequest request, SipResponse r) {
            if (future.isDone()) return;
            if (dialog != null) onDialogResponse(dialog, request, r);
            future.complete(r);
        }
    }

    // ---- server side: TransactionUser ----

    @Override
    public void onRequest(ServerTransaction tx) {
        SipRequest r = tx.request();
        try {
            if (r.toTag() != null) onDialogRequest(tx, r);
            else onNewRequest(tx, r);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "request handling failed: " + r.startLine(), e);
            answerIfPending(tx, 500);
        }
    }

    private void onDialogRequest(ServerTransaction tx, SipRequest r) {
        Dialog d = dialogs.get(DialogId.ofIncomingRequest(r));
        Consumer<Dialog> subscriber = d == null && r.isMethod("NOTIFY") ? pendingSubscribes.remove(r.callId() + ";" + r.toTag()) : null;
        if (subscriber != null) { // RFC 6665 4.1.2.4: the NOTIFY came before the 2xx and forms the dialog
            d = Dialog.asUas(r, r.toTag(), localContact(), false);
            d.onRequest(r);
            dialogs.put(d.id(), d);
            subscriber.accept(d);
            ServerRequest sr = new ServerRequest(this, tx, d, d.id().localTag());
            listener.onDialogRequest(d, sr);
            return;
        }
        if (d == null) {
            tx.respond(withTag(r.createResponse(481)));
            return;
        }
        if (!d.onRequest(r)) {
            tx.respond(withTag(r.createResponse(500, "Server Internal Error (CSeq out of order)")));
            return;
        }
        ServerRequest sr = new ServerRequest(this, tx, d, d.id().localTag());
        if (r.isMethod("BYE")) {
            ServerRequest pending = pendingInviteOf(d);
            sr.respond(200);
            endDialog(d, UserAgentListener.EndCause.REMOTE_BYE);
            if (pending != null) pending.respond(487); // 15.1.2: the INVITE still needs its answer
            return;
        }
        if (r.isMethod("PRACK")) {
            reliable.onPrack(d, sr);
            return;
        }
        if (r.isMethod("UPDATE") && r.bodyLength() > 0 && (pendingUpdates.containsKey(d.id()) || pendingReinvites.containsKey(d.id()))) {
            sr.respond(491); // RFC 3311 5.2: our own offer is outstanding
            return;
        }
        if (r.isMethod("INVITE")) {
            if (pendingInviteOf(d) != null) { // 14.2: one INVITE at a time in each direction
                sr.respond(sr.createResponse(500).withHeader(HeaderNames.RETRY_AFTER, Integer.toString(java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 11))));
                return;
            }
            if (pendingReinvites.containsKey(d.id()) || (r.bodyLength() > 0 && pendingUpdates.containsKey(d.id()))) { // glare
                sr.respond(491);
                return;
            }
            pendingServerInvites.put(tx, sr);
        }
        listener.onDialogRequest(d, sr);
    }

    private void onNewRequest(ServerTransaction tx, SipRequest r) {
        String tag = Branches.newTag();
        List<String> unsupported = new ArrayList<>();
        if (!r.isMethod("CANCEL")) {
            for (String option : r.optionTags(HeaderNames.REQUIRE)) {
                if (!config.supported().contains(option)) unsupported.add(option);
            }
        }
        if (!unsupported.isEmpty()) { // 8.2.2.3
            tx.respond(r.createResponse(420).withToTag(tag).withHeader(HeaderNames.UNSUPPORTED, String.join(", ", unsupported)));
            return;
        }
        ServerRequest sr = new ServerRequest(this, tx, null, tag);
        if (r.isMethod("INVITE")) {
            pendingServerInvites.put(tx, sr);
            listener.onInvite(sr);
        } else {
            listener.onRequest(sr);
        }
    }

    /**
     * Takes over a new request another transaction user of this host received (a proxy logic deciding to
     * answer an INVITE as a UAS, as a B2BUA does): from now on the UA answers it through the returned
     * {@link ServerRequest}, and the dialog it forms, its CANCEL and its ACK are the UA's. The listener is
     * not called for it. Only on the stack thread, before anything answered the request with a To tag.
     */
    public ServerRequest adopt(ServerTransaction tx) {
        SipRequest r = tx.request();
        if (r.toTag() != null) throw new IllegalArgumentException("Only a request outside a dialog can be adopted: " + r.startLine());
        if (r.isMethod("ACK") || r.isMethod("CANCEL")) throw new IllegalArgumentException("Cannot adopt " + r.method());
        if (tx.state() != ServerTransaction.State.TRYING && tx.state() != ServerTransaction.State.PROCEEDING) {
            throw new IllegalStateException("Already answered: " + r.startLine());
        }
        ServerRequest sr = new ServerRequest(this, tx, null, Branches.newTag());
        if (r.isMethod("INVITE")) pendingServerInvites.put(tx, sr);
        return sr;
    }

    /** Whether this INVITE server transaction is one the UA has not given its final response to yet. */
    public boolean isServing(ServerTransaction tx) {
        return pendingServerInvites.containsKey(tx);
    }

    private ServerRequest pendingInviteOf(Dialog d) {
        for (ServerRequest sr : pendingServerInvites.values()) {
            if (sr.dialog() == d && !sr.hasFinalResponse()) return sr;
        }
        return null;
    }

    private static SipResponse withTag(SipResponse r) {
        return r.toTag() == null ? r.withToTag(Branches.newTag()) : r;
    }

    private void answerIfPending(ServerTransaction tx, int status) {
        ServerRequest sr = pendingServerInvites.get(tx);
        try {
            if (sr != null) {
                if (!sr.hasFinalResponse()) sr.respond(status);
            } else if (tx.state() == ServerTransaction.State.TRYING || tx.state() == ServerTransaction.State.PROCEEDING) {
                tx.respond(withTag(tx.request().createResponse(status)));
            }
        } catch (RuntimeException ignored) {
            // the transaction moved on meanwhile
        }
    }

    /** What {@link ServerRequest#respond} does: tags, dialog creation, Contact, 2xx retransmission. Returns what was sent. */
    SipResponse respond(ServerRequest sr, SipResponse response) {
        if (sr.hasFinalResponse()) {
            throw new IllegalStateException("Already answered with " + sr.finalResponse().status() + ": " + sr.request().startLine());
        }
        SipRequest req = sr.request();
        SipResponse r = response;
        int status = r.status();
        if (status > 100 && r.toTag() == null) r = r.withToTag(sr.localTag());
        boolean invite = req.isMethod("INVITE");
        Dialog d = sr.dialog();
        if (invite && !sr.isInDialog() && status > 100 && status < 300) {
            // 12.1.1: the dialog-forming response carries our Contact and the request's Record-Route.
            if (!r.hasHeader(HeaderNames.CONTACT)) r = r.withHeader(HeaderNames.CONTACT, localContact().toString());
            if (!r.hasHeader(HeaderNames.RECORD_ROUTE)) {
                for (HeaderField f : req.fields(HeaderNames.RECORD_ROUTE)) r = r.withHeaderLast(HeaderNames.RECORD_ROUTE, f.value());
            }
            if (d == null) {
                d = Dialog.asUas(req, sr.localTag(), r.contacts().get(0), status < 200);
                sr.dialog(d);
                dialogs.put(d.id(), d);
            } else if (status >= 200) {
                d.confirm();
            }
        } else if (req.isMethod("SUBSCRIBE") && !sr.isInDialog() && r.isSuccess() && d == null) {
            // RFC 6665 4.2.1.1: the notifier's dialog is formed by its 2xx, as an INVITE's (12.1.1)
            if (!r.hasHeader(HeaderNames.CONTACT)) r = r.withHeader(HeaderNames.CONTACT, localContact().toString());
            if (!r.hasHeader(HeaderNames.RECORD_ROUTE)) {
                for (HeaderField f : req.fields(HeaderNames.RECORD_ROUTE)) r = r.withHeaderLast(HeaderNames.RECORD_ROUTE, f.value());
            }
            d = Dialog.asUas(req, sr.localTag(), r.contacts().get(0), false);
            sr.dialog(d);
            dialogs.put(d.id(), d);
        } else if (sr.isInDialog() && r.isSuccess() && Dialog.TARGET_REFRESH.contains(req.method())) {
            if (!r.hasHeader(HeaderNames.CONTACT)) {
                r = r.withHeader(HeaderNames.CONTACT, (d.localContact() != null ? d.localContact() : localContact()).toString());
            }
            d.refreshTarget(req); // 12.2.2
        }
        if (status >= 200) {
            sr.finalResponse(r);
            if (invite) {
                pendingServerInvites.remove(sr.transaction());
                reliable.onFinalResponse(sr);
            }
        }
        sr.transaction().respond(r);
        if (invite && r.isSuccess() && d != null) {
            AwaitingAck a = new AwaitingAck(sr, d, r);
            AwaitingAck old = awaitingAcks.put(d.id(), a);
            if (old != null) old.stop();
            a.start();
        }
        if (invite && !sr.isInDialog() && status >= 300 && d != null) {
            endDialog(d, sr.isCancelled() ? UserAgentListener.EndCause.CANCELLED : UserAgentListener.EndCause.REJECTED);
        }
        return r;
    }

    /** {@link ServerRequest#respondReliably}. */
    CompletableFuture<SipRequest> respondReliably(ServerRequest sr, SipResponse provisional) {
        return reliable.send(sr, provisional);
    }

    boolean hasUnacknowledgedReliable(ServerRequest sr) {
        return reliable.isUnacknowledged(sr);
    }

    @Override
    public void onCancel(ServerTransaction invite) {
        ServerRequest sr = pendingServerInvites.get(invite);
        if (sr == null || sr.hasFinalResponse()) return;
        sr.respond(487); // 9.2
        listener.onCancel(sr);
    }

    @Override
    public void onTransportError(ServerTransaction tx, Throwable cause) {
        // The caller is unreachable: an INVITE still pending is over, and so is the dialog it was forming.
        ServerRequest sr = pendingServerInvites.remove(tx);
        if (sr != null && !sr.isInDialog() && sr.dialog() != null) endDialog(sr.dialog(), UserAgentListener.EndCause.REJECTED);
    }

    @Override
    public void onAck(InboundMessage m) {
        SipRequest ack = (SipRequest) m.message();
        DialogId id = DialogId.ofIncomingRequest(ack);
        AwaitingAck a = awaitingAcks.get(id);
        if (a == null || a.cseq != ack.cseq().number()) return; // a retransmitted or stray ACK: absorbed
        a.stop();
        awaitingAcks.remove(id);
        listener.onAck(a.dialog, ack);
    }

    @Override
    public void onStrayResponse(InboundMessage m) {
        SipResponse r = (SipResponse) m.message();
        // A 2xx to INVITE retransmitted after the client transaction ended: the ACK again (13.2.2.4).
        if (r.isSuccess() && r.cseq() != null && r.cseq().method().equals("INVITE") && r.toTag() != null) {
            resendAck(DialogId.ofIncomingResponse(r), r.cseq().number());
        }
    }

    @Override
    public String toString() {
        return "UserAgent[" + config.contactUri() + ", " + dialogs.size() + " dialogs]";
    }
}
