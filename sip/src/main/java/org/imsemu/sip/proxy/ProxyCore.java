package org.imsemu.sip.proxy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;
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
import org.imsemu.sip.transport.TargetResolver;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;

/**
 * The stateful proxy of RFC 3261 section 16, on top of the transaction layer: request validation (16.3),
 * route preprocessing (16.4), forwarding to one or many targets (16.6), response selection (16.7),
 * CANCEL (16.10), ACK for 2xx and stray 2xx forwarded statelessly. What to do with a request is the
 * {@link ProxyLogic}'s decision. All methods run on the stack thread.
 */
public final class ProxyCore implements TransactionUser {
    private static final System.Logger LOG = System.getLogger(ProxyCore.class.getName());

    private final ProxyConfig config;
    private final ProxyLogic logic;
    private final TargetResolver resolver;
    private final SipTimer timer;
    private final Executor stackThread;
    private final Map<ServerTransaction, ResponseContext> contexts = new HashMap<>();
    private TransactionLayer layer;

    public ProxyCore(ProxyConfig config, ProxyLogic logic, TargetResolver resolver, SipTimer timer, Executor stackThread) {
        this.config = config;
        this.logic = logic;
        this.resolver = resolver;
        this.timer = timer;
        this.stackThread = stackThread;
    }

    public void attach(TransactionLayer transactionLayer) {
        this.layer = transactionLayer;
    }

    public ProxyConfig config() {
        return config;
    }

    Executor stackThread() {
        return stackThread;
    }

    /** Requests whose branches are still open, for tests and leak checks. */
    public int pendingRequests() {
        return contexts.size();
    }

    // ---- 16.3 and 16.4: a new request ----

    @Override
    public void onRequest(ServerTransaction tx) {
        SipRequest req = tx.request();
        if (req.maxForwards() == 0) { // 16.3 step 3
            respondLocally(tx, req.createResponse(483));
            return;
        }
        if (hasOwnLoop(req)) { // 16.3 step 4
            respondLocally(tx, req.createResponse(482));
            return;
        }
        dispatch(tx, tx.inbound(), req);
    }

    private void dispatch(ServerTransaction tx, InboundMessage inbound, SipRequest req) {
        SipRequest prepared = preprocess(req);
        NameAddress consumed = null;
        List<NameAddress> before = req.routes();
        if (!before.isEmpty() && prepared.routes().size() < before.size()) consumed = before.get(0);
        logic.onRequest(new ProxyRequest(this, tx, inbound, prepared, consumed));
    }

    /**
     * Decrements Max-Forwards (16.6 step 3, done once for every copy) and consumes what 16.4 says: the
     * strict-router fix-up, then our own top Route entry.
     */
    private SipRequest preprocess(SipRequest req) {
        int mf = req.maxForwards();
        req = req.withHeader(HeaderNames.MAX_FORWARDS, Integer.toString(mf < 0 ? 70 : mf - 1));
        List<NameAddress> routes = req.routes();
        if (!routes.isEmpty() && req.requestUri() instanceof SipUri s && isOwnRecordRoute(s)) {
            // The previous hop is a strict router: our Record-Route URI came as Request-URI and the real
            // one is the last Route entry.
            NameAddress last = routes.get(routes.size() - 1);
            req = withRoutes(req.withRequestUri(last.uri()), routes.subList(0, routes.size() - 1));
            routes = req.routes();
        }
        // Only the first value (16.4): a second entry naming us is a deliberate spiral through this proxy.
        if (!routes.isEmpty() && routes.get(0).uri() instanceof SipUri r && isMe(r)) {
            req = req.withoutFirstValue(HeaderNames.ROUTE);
        }
        return req;
    }

    /** A URI this proxy puts in Record-Route: no user part, lr, and our host and port. */
    private boolean isOwnRecordRoute(SipUri uri) {
        return uri.user() == null && uri.hasLr() && isMe(uri);
    }

    private static SipRequest withRoutes(SipRequest req, List<NameAddress> routes) {
        SipRequest r = req.withoutHeader(HeaderNames.ROUTE);
        if (routes.isEmpty()) return r;
        return r.withHeaderLast(HeaderNames.ROUTE, NameAddress.join(routes));
    }

    /** Whether a URI designates this proxy (host or alias, and our port; no port means the default one). */
    public boolean isMe(SipUri uri) {
        int port = uri.port() >= 0 ? uri.port() : uri.isSecure() ? 5061 : 5060;
        return port == config.port() && config.isLocalHost(uri.host());
    }

    private boolean isOwnVia(Via v) {
        return config.isLocalHost(v.host()) && (v.port() < 0 ? 5060 : v.port()) == config.port();
    }

    /** Loop detection (16.3 step 4): one of our Vias carries the hash this very request would get again. */
    private boolean hasOwnLoop(SipRequest req) {
        List<Via> vias = req.vias();
        for (int i = 0; i < vias.size(); i++) {
            Via v = vias.get(i);
            String b = v.branch();
            if (b == null || !b.startsWith(Via.MAGIC_COOKIE) || !isOwnVia(v)) continue;
            int dot = b.indexOf('.');
            if (dot < 0) continue;
            Via below = i + 1 < vias.size() ? vias.get(i + 1) : null;
            if (b.substring(Via.MAGIC_COOKIE.length(), dot).equals(loopHash(req, below))) return true;
        }
        return false;
    }

    /**
     * Hash of the fields that stay the same when a request comes back unchanged (16.6 step 8): a spiral
     * (new Request-URI, or new Route set as when an application server sends it back) hashes differently.
     */
    static String loopHash(SipRequest req, Via topViaAsReceived) {
        StringBuilder sb = new StringBuilder(256)
                .append(req.requestUri()).append('|')
                .append(req.toTag()).append('|')
                .append(req.fromTag()).append('|')
                .append(req.callId()).append('|')
                .append(req.cseq().number()).append('|')
                .append(topViaAsReceived).append('|');
        for (String name : List.of(HeaderNames.ROUTE, HeaderNames.PROXY_REQUIRE, HeaderNames.PROXY_AUTHORIZATION)) {
            for (HeaderField f : req.fields(name)) sb.append(f.value().trim()).append(',');
            sb.append('|');
        }
        String s = sb.toString();
        // Two independent 32-bit hashes: a spiral taken for a loop would fail the call.
        int h2 = 0;
        for (int i = s.length() - 1; i >= 0; i--) h2 = 131 * h2 + s.charAt(i);
        return Integer.toHexString(s.hashCode()) + Integer.toHexString(h2);
    }

    // ---- responding locally ----

    void respondLocally(ServerTransaction tx, SipResponse response) {
        if (tx == null) return; // an ACK has nobody to answer
        if (response.status() > 100 && response.toTag() == null) response = response.withToTag(Branches.newTag());
        if (canRespond(tx, response)) tx.respond(response);
        else LOG.log(System.Logger.Level.DEBUG, "{0} already answered, dropping {1}", tx, response.startLine());
    }

    /** Whether the server transaction still takes this response (not once it has a final, but for 2xx after 2xx). */
    private static boolean canRespond(ServerTransaction st, SipResponse r) {
        return switch (st.state()) {
            case TRYING, PROCEEDING -> true;
            case ACCEPTED -> r.isSuccess();
            default -> false;
        };
    }

    // ---- 16.6: forwarding ----

    void forward(ProxyRequest pr, List<Uri> targets) {
        ServerTransaction st = pr.transaction();
        SipRequest base = pr.request();
        if (st == null) { // the ACK for a 2xx: no transaction, no response context
            if (!targets.isEmpty()) forwardStateless(base, targets.get(0));
            return;
        }
        SipRequest original = st.request();
        if (!canRespond(st, original.createResponse(100))) return; // e.g. CANCELled while the logic decided
        if (targets.isEmpty()) {
            respondLocally(st, original.createResponse(480));
            return;
        }
        ResponseContext ctx = new ResponseContext(st, pr);
        contexts.put(st, ctx);
        if (st.isInvite()) respondLocally(st, original.createResponse(100)); // stop upstream retransmissions early
        startBranches(ctx, targets);
    }

    /** New branches of a context, one per target (16.6); also used when the logic recurses (16.7 step 6). */
    private void startBranches(ResponseContext ctx, List<Uri> targets) {
        SipRequest base = ctx.pr.request();
        List<Branch> added = new ArrayList<>(targets.size());
        for (Uri target : targets) {
            SipRequest out = base.withRequestUri(target);
            if (ctx.pr.recordRouteWanted() && createsDialog(out)) {
                out = out.withHeaderFirst(HeaderNames.RECORD_ROUTE, "<" + recordRouteUri(TransportType.UDP) + ">");
            }
            Branch b = new Branch(ctx, out);
            ctx.branches.add(b);
            added.add(b);
        }
        // Every branch exists before the first starts: one that fails at once must not end the context
        // while the others have not been tried.
        SipRequest original = ctx.st.request();
        String hash = loopHash(original, original.topVia());
        for (Branch b : added) startBranch(b, hash);
    }

    private static boolean createsDialog(SipRequest r) {
        return r.isMethod("INVITE") || r.isMethod("SUBSCRIBE") || r.isMethod("REFER") || r.isMethod("NOTIFY");
    }

    private SipUri recordRouteUri(TransportType t) {
        SipUri u = SipUri.of(null, config.host(), config.port()).withParameter("lr", null);
        return t == TransportType.TCP ? u.withParameter("transport", "tcp") : u;
    }

    private void startBranch(Branch branch, String hash) {
        // 16.6 step 7: the next hop is the first Route or the Request-URI, taken before the strict-router
        // fix-up of step 6 (which moves that very Route into the Request-URI).
        SipUri next = nextHopUri(branch.request);
        if (next == null) {
            branch.finish(branch.ctx.synthetic(416));
            return;
        }
        branch.request = strictRouteFixup(branch.request);
        resolver.resolve(next).whenComplete((hop, err) -> stackThread.execute(() -> {
            if (branch.done) return;
            if (err != null || hop == null) {
                LOG.log(System.Logger.Level.DEBUG, "cannot resolve {0}: {1}", next, err);
                branch.finish(branch.ctx.synthetic(503, "Cannot Resolve Next Hop"));
                return;
            }
            if (branch.ctx.cancelled) {
                branch.finish(branch.ctx.synthetic(487));
                return;
            }
            Via via = Via.of(hop.transport().name(), config.host(), config.port(), Via.MAGIC_COOKIE + hash + "." + Branches.newTag())
                    .withParameter("rport", null);
            SipRequest withVia = branch.request.withHeaderFirst(HeaderNames.VIA, via.toString());
            // Timer C before the send: a send that fails at once finishes the branch and disarms it.
            // A request too large for UDP goes over TCP, or UDP after all: the transaction sees to it (18.1.1).
            if (branch.isInvite()) branch.armTimerC();
            ClientTransaction tx = layer.sendRequest(withVia, hop.transport(), hop.address(), branch);
            if (branch.transaction == null) branch.transaction = tx;
            branch.request = null; // the client transaction has the request now
        }));
    }

    /** 16.6 step 6: a next hop that is a strict router gets the Request-URI at the end of the Route set. */
    private static SipRequest strictRouteFixup(SipRequest req) {
        List<NameAddress> routes = req.routes();
        if (routes.isEmpty() || !(routes.get(0).uri() instanceof SipUri first) || first.hasLr()) return req;
        List<NameAddress> rest = new ArrayList<>(routes.subList(1, routes.size()));
        rest.add(NameAddress.of(req.requestUri()));
        return withRoutes(req.withRequestUri(first), rest);
    }

    private static SipUri nextHopUri(SipRequest req) {
        List<NameAddress> routes = req.routes();
        Uri u = routes.isEmpty() ? req.requestUri() : routes.get(0).uri();
        return u instanceof SipUri s ? s : null;
    }

    private void forwardStateless(SipRequest req, Uri target) {
        SipRequest routed = req.withRequestUri(target);
        SipUri next = nextHopUri(routed);
        if (next == null) return;
        SipRequest out = strictRouteFixup(routed);
        resolver.resolve(next).whenComplete((hop, err) -> stackThread.execute(() -> {
            if (err != null || hop == null) return;
            // A stateless ACK needs a branch that is the same for retransmissions: derive it from the request.
            Via via = Via.of(hop.transport().name(), config.host(), config.port(),
                    Via.MAGIC_COOKIE + "a" + Integer.toHexString((out.callId() + out.cseq() + out.topVia()).hashCode()));
            layer.sendStateless(out.withHeaderFirst(HeaderNames.VIA, via.toString()), hop.transport(), hop.address());
        }));
    }

    // ---- 16.7: responses ----

    private void onBranchResponse(Branch branch, SipResponse response) {
        ResponseContext ctx = branch.ctx;
        int status = response.status();
        SipResponse up = withoutTopVia(response);
        if (status < 200) {
            if (status > 100 && branch.isInvite()) branch.armTimerC(); // 16.7 step 2: 101-199 only
            if (branch.cancelPending) sendCancel(branch); // 9.1: the CANCEL waited for this provisional
            if (status > 100 && !ctx.finalSent) ctx.forward(up);
            return;
        }
        branch.done = true;
        branch.disarmTimerC();
        if (!ctx.closed) ctx.finals.add(up); // later ones (2xx retransmissions, other forks) choose nothing
        if (status < 300) {
            // Every 2xx goes upstream at once (16.7 step 5); then the other branches are cancelled (step 10).
            ctx.forward2xx(up);
            cancelPendingBranches(ctx);
        } else {
            if (status >= 600) cancelPendingBranches(ctx); // step 5: a 6xx ends the search
            ctx.consider(up);
        }
        ctx.maybeFinish();
    }

    private static SipResponse withoutTopVia(SipResponse r) {
        return r.withoutFirstValue(HeaderNames.VIA);
    }

    /**
     * Cancels every branch still waiting (16.10): a CANCEL where a provisional has come; a branch with no
     * provisional cannot be cancelled on the wire yet (9.1), so it counts as 487 now and its CANCEL
     * follows its first provisional.
     */
    private void cancelPendingBranches(ResponseContext ctx) {
        for (Branch b : ctx.branches) {
            if (b.done || !b.isInvite()) continue;
            if (b.transaction != null && b.transaction.hasProvisional()) {
                sendCancel(b);
            } else {
                b.cancelPending = true;
                b.complete(ctx.synthetic(487));
            }
        }
    }

    private void sendCancel(Branch b) {
        if (b.cancelSent || b.transaction == null || !b.isInvite()) return;
        b.cancelSent = true;
        b.cancelPending = false;
        SipRequest cancel = TransactionLayer.createCancel(b.transaction.request());
        layer.sendRequest(cancel, b.transaction.transport(), b.transaction.destination(), ClientTransactionListener.IGNORE);
    }

    @Override
    public void onCancel(ServerTransaction invite) {
        ResponseContext ctx = contexts.get(invite);
        if (ctx == null) {
            // Not forwarded yet (the logic is still deciding) or already answered: answer 487 if possible.
            respondLocally(invite, invite.request().createResponse(487));
            return;
        }
        ctx.cancelled = true;
        cancelPendingBranches(ctx);
        ctx.maybeFinish();
    }

    @Override
    public void onAck(InboundMessage ack) {
        // ACK for a 2xx: its own transaction, forwarded statelessly along its Route set (16.7/16.11).
        SipRequest req = (SipRequest) ack.message();
        if (req.maxForwards() == 0) return;
        if (hasOwnLoop(req)) return;
        dispatch(null, ack, req);
    }

    @Override
    public void onStrayResponse(InboundMessage inbound) {
        // A 2xx retransmission after the client transaction has gone: forward statelessly along the Vias.
        SipResponse r = (SipResponse) inbound.message();
        Via top = r.topVia();
        if (top == null || !isOwnVia(top)) return;
        SipResponse out = withoutTopVia(r);
        Via next = out.topVia();
        if (next == null) return; // it was meant for us (a response to our CANCEL)
        TransportType t;
        try {
            t = TransportType.fromName(next.transport());
        } catch (IllegalArgumentException e) {
            return;
        }
        layer.sendStateless(out, t, responseAddress(next));
    }

    /** 18.2.2 with RFC 3581: received and rport when the previous hop's Via has them, sent-by otherwise. */
    private static InetSocketAddress responseAddress(Via v) {
        String host = v.received() != null ? v.received() : v.host();
        if (host.startsWith("[")) host = host.substring(1, host.length() - 1);
        int port = v.rport() != null && !v.rport().isEmpty() ? Integer.parseInt(v.rport()) : v.port() < 0 ? 5060 : v.port();
        return new InetSocketAddress(host, port);
    }

    /** The server transaction's side: branches, best response so far, whether a final went upstream. */
    private final class ResponseContext {
        final ServerTransaction st;
        final ProxyRequest pr;
        final UnaryOperator<SipResponse> hook;
        final List<Branch> branches = new ArrayList<>(1);
        final List<SipResponse> finals = new ArrayList<>(1); // received ones, for 16.7 step 7
        SipResponse best;
        boolean finalSent;
        boolean cancelled;
        boolean closed;

        ResponseContext(ServerTransaction st, ProxyRequest pr) {
            this.st = st;
            this.pr = pr;
            this.hook = pr.responseHook();
        }

        /** A response made up by the proxy, built from the request as received (its Vias go upstream). */
        SipResponse synthetic(int status) {
            return synthetic(status, null);
        }

        SipResponse synthetic(int status, String reason) {
            return st.request().createResponse(status, reason);
        }

        void forward(SipResponse r) {
            SipResponse out = hook.apply(r);
            if (out == null) return;
            if (canRespond(st, out)) {
                st.respond(out);
            } else if (out.isSuccess() && st.isInvite()) {
                // A 2xx after a non-2xx final went upstream (say a 487 after CANCEL): 2xx always reach the
                // caller (16.7 step 5), here without the transaction, to where the request came from.
                layer.sendStateless(out, st.inbound().transport(), st.inbound().remote());
            }
        }

        void forward2xx(SipResponse r) {
            if (finalSent && !st.isInvite()) return; // only 2xx to INVITE pass once a final went (16.7 step 5)
            finalSent = true;
            forward(r);
        }

        /** 16.7 step 6: 6xx wins, else the lowest class; within 4xx, the ones that help a retry. */
        void consider(SipResponse r) {
            if (best == null || rank(r) < rank(best)) best = r;
        }

        private static int rank(SipResponse r) {
            int s = r.status();
            if (s >= 600) return 0;
            int within = switch (s) {
                case 401, 407, 415, 420, 484 -> 0; // "information affecting resubmission"
                case 408 -> 2;                     // nobody answered: the least telling
                default -> 1;
            };
            return (s / 100) * 10 + within;
        }

        void maybeFinish() {
            if (closed) return;
            for (Branch b : branches) if (!b.done) return;
            closed = true;
            contexts.remove(st, this);
            // Branches in Accepted keep this context 32 s for late 2xx, which need only st and hook.
            SipResponse chosen = best;
            best = null;
            if (finalSent) {
                finals.clear();
                return;
            }
            if (!cancelled && pr.recursion() != null) {
                // 16.7 step 6: instead of the failure, the logic may try new targets (a redirect
                // followed, a call forwarded on busy or no answer).
                List<Uri> next = pr.recursion().apply(chosen != null ? chosen : synthetic(408));
                if (next != null && !next.isEmpty()) {
                    closed = false;
                    finals.clear();
                    contexts.put(st, this);
                    startBranches(this, next);
                    return;
                }
            }
            finalSent = true;
            SipResponse out = chosen != null ? withChallenges(chosen) : synthetic(408); // step 6: nothing at all is 408
            finals.clear();
            if (out.status() == 503) out = out.withStatus(500, null); // step 6: our next hop's trouble is not the caller's
            if (out.toTag() == null) out = out.withToTag(Branches.newTag());
            forward(out);
        }

        /** 16.7 step 7: a 401 or 407 carries the challenges of every 401 and 407 of the context. */
        private SipResponse withChallenges(SipResponse chosen) {
            if (chosen.status() != 401 && chosen.status() != 407) return chosen;
            SipResponse out = chosen;
            for (SipResponse r : finals) {
                if (r == chosen || (r.status() != 401 && r.status() != 407)) continue;
                for (String name : List.of(HeaderNames.WWW_AUTHENTICATE, HeaderNames.PROXY_AUTHENTICATE)) {
                    for (HeaderField f : r.fields(name)) out = out.withHeaderLast(name, f.value());
                }
            }
            return out;
        }
    }

    /** One forwarded copy of the request and its client transaction. */
    private final class Branch implements ClientTransactionListener {
        final ResponseContext ctx;
        final boolean invite;
        SipRequest request; // as forwarded, without our Via; null once its client transaction has it
        ClientTransaction transaction;
        boolean done;
        boolean cancelPending;
        boolean cancelSent;
        SipTimer.Timeout timerC;

        Branch(ResponseContext ctx, SipRequest request) {
            this.ctx = ctx;
            this.request = request;
            this.invite = request.isMethod("INVITE");
        }

        boolean isInvite() {
            return invite;
        }

        /** A final response made up locally (no transaction answered): it still counts for 16.7. */
        void finish(SipResponse synthetic) {
            if (done) return;
            complete(synthetic);
            ctx.maybeFinish();
        }

        /** Counts the branch as answered without finishing the context (the caller does that). */
        void complete(SipResponse synthetic) {
            if (done) return;
            done = true;
            disarmTimerC();
            ctx.consider(synthetic);
        }

        void armTimerC() {
            disarmTimerC();
            if (done) return;
            timerC = timer.schedule(config.timerCMillis(), () -> {
                // Timer C (16.8): proceeding too long. Cancel if a provisional allows it, and count a 408.
                timerC = null;
                if (done) return;
                if (transaction != null && transaction.hasProvisional()) sendCancel(this);
                else cancelPending = true;
                finish(ctx.synthetic(408));
            });
        }

        void disarmTimerC() {
            if (timerC != null) timerC.cancel();
            timerC = null;
        }

        @Override
        public void onResponse(ClientTransaction tx, SipResponse response) {
            if (transaction == null) transaction = tx;
            if (done) {
                // Already counted (a synthetic 487 or 408, or a 2xx). Provisionals only release a waiting
                // CANCEL; non-2xx finals are absorbed; a 2xx still goes upstream.
                if (response.isProvisional()) {
                    if (cancelPending) sendCancel(this);
                    return;
                }
                if (!response.isSuccess()) return;
            }
            onBranchResponse(this, response);
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
            // After our CANCEL the timeout is the layer's 9.1 guard: the branch counts as cancelled, so a
            // caller who sent CANCEL gets 487 rather than a 408 for a callee that merely ignored it.
            finish(ctx.synthetic(cancelSent ? 487 : 408));
        }

        @Override
        public void onTransportError(ClientTransaction tx, Throwable cause) {
            finish(ctx.synthetic(503, "Transport Error"));
        }
    }
}
