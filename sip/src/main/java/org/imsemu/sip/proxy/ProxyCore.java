package org.imsemu.sip.proxy;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.header.Via;
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
        if (!req.isMethod("ACK") && hasOwnLoop(req)) {
            respondLocally(tx, req.createResponse(482));
            return;
        }
        logic.onRequest(new ProxyRequest(this, tx, preprocess(req)));
    }

    /** Decrements Max-Forwards and consumes what 16.4 says: strict-route fix-up, own top Route. */
    private SipRequest preprocess(SipRequest req) {
        int mf = req.maxForwards();
        req = req.withHeader(HeaderNames.MAX_FORWARDS, Integer.toString(mf < 0 ? 69 : mf - 1));
        List<NameAddress> routes = req.routes();
        Uri ruri = req.requestUri();
        if (!routes.isEmpty() && ruri instanceof SipUri s && s.user() == null && isMe(s)) {
            // The previous hop is a strict router: our Record-Route URI came as Request-URI and the real
            // one is the last Route entry.
            NameAddress last = routes.get(routes.size() - 1);
            req = withRoutes(req.withRequestUri(last.uri()), routes.subList(0, routes.size() - 1));
            routes = req.routes();
        }
        int own = 0;
        while (own < routes.size() && routes.get(own).uri() instanceof SipUri r && isMe(r)) own++;
        if (own > 0) req = withRoutes(req, routes.subList(own, routes.size()));
        return req;
    }

    private static SipRequest withRoutes(SipRequest req, List<NameAddress> routes) {
        SipRequest r = req.withoutHeader(HeaderNames.ROUTE);
        if (routes.isEmpty()) return r;
        return r.withHeaderLast(HeaderNames.ROUTE, joinAddresses(routes));
    }

    private static String joinAddresses(List<NameAddress> list) {
        StringBuilder sb = new StringBuilder();
        for (NameAddress a : list) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(a);
        }
        return sb.toString();
    }

    /** Whether a URI designates this proxy (host or alias, and our port or none). */
    public boolean isMe(SipUri uri) {
        int port = uri.port() < 0 ? 5060 : uri.port();
        return port == config.port() && config.isLocalHost(uri.hostAddress()) || port == config.port() && config.isLocalHost(uri.host());
    }

    /** Loop detection (16.3 step 4): one of our Vias carries the hash this very request would get again. */
    private boolean hasOwnLoop(SipRequest req) {
        List<Via> vias = req.vias();
        for (int i = 0; i < vias.size(); i++) {
            Via v = vias.get(i);
            String b = v.branch();
            if (b == null || !config.isLocalHost(stripBrackets(v.host())) || (v.port() < 0 ? 5060 : v.port()) != config.port()) continue;
            int dot = b.indexOf('.');
            if (!b.startsWith(Via.MAGIC_COOKIE) || dot < 0) continue;
            Via below = i + 1 < vias.size() ? vias.get(i + 1) : null;
            if (b.substring(Via.MAGIC_COOKIE.length(), dot).equals(loopHash(req, below))) return true;
        }
        return false;
    }

    private static String stripBrackets(String h) {
        return h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
    }

    /** Hash of the fields that stay the same when a request comes back unchanged (16.6 step 8). */
    static String loopHash(SipRequest req, Via topViaAsReceived) {
        int h = 17;
        h = 31 * h + req.rawRequestUri().hashCode();
        h = 31 * h + String.valueOf(req.toTag()).hashCode();
        h = 31 * h + String.valueOf(req.fromTag()).hashCode();
        h = 31 * h + req.callId().hashCode();
        h = 31 * h + Long.hashCode(req.cseq().number());
        h = 31 * h + String.valueOf(topViaAsReceived).hashCode();
        h = 31 * h + String.valueOf(req.header(HeaderNames.PROXY_REQUIRE)).hashCode();
        return Integer.toHexString(h);
    }

    // ---- responding locally ----

    void respondLocally(ServerTransaction tx, SipResponse response) {
        if (response.status() > 100 && response.toTag() == null) response = response.withToTag(Branches.newTag());
        if (tx != null) tx.respond(response);
    }

    // ---- 16.6: forwarding ----

    void forward(ProxyRequest pr, List<Uri> targets) {
        ServerTransaction st = pr.transaction();
        SipRequest base = pr.request();
        if (base.isMethod("ACK")) {
            forwardStateless(base, targets.get(0));
            return;
        }
        if (targets.isEmpty()) {
            respondLocally(st, base.createResponse(480));
            return;
        }
        ResponseContext ctx = new ResponseContext(st, pr.responseHook());
        contexts.put(st, ctx);
        if (st.isInvite()) respondLocally(st, base.createResponse(100)); // stop upstream retransmissions early
        SipRequest original = st.request();
        Via topAsReceived = original.topVia();
        for (Uri target : targets) {
            SipRequest out = base.withRequestUri(target);
            if (pr.recordRouteWanted() && createsDialog(out)) {
                out = out.withHeaderFirst(HeaderNames.RECORD_ROUTE, "<" + recordRouteUri(TransportType.UDP) + ">");
            }
            Branch branch = new Branch(ctx, out);
            ctx.branches.add(branch);
            String hash = loopHash(original, topAsReceived);
            startBranch(branch, hash);
        }
    }

    private static boolean createsDialog(SipRequest r) {
        return r.isMethod("INVITE") || r.isMethod("SUBSCRIBE") || r.isMethod("REFER") || r.isMethod("NOTIFY");
    }

    private SipUri recordRouteUri(TransportType t) {
        SipUri u = SipUri.of(null, config.host(), config.port()).withParameter("lr", null);
        return t == TransportType.TCP ? u.withParameter("transport", "tcp") : u;
    }

    private void startBranch(Branch branch, String hash) {
        SipRequest out = strictRouteFixup(branch.request);
        branch.request = out;
        SipUri nextHopUri = nextHopUri(out);
        if (nextHopUri == null) {
            branch.finish(out.createResponse(416));
            return;
        }
        resolver.resolve(nextHopUri).whenComplete((hop, err) -> stackThread.execute(() -> {
            if (err != null || hop == null) {
                LOG.log(System.Logger.Level.DEBUG, "cannot resolve {0}: {1}", nextHopUri, err);
                branch.finish(branch.request.createResponse(503, "Cannot Resolve Next Hop"));
                return;
            }
            if (branch.ctx.cancelled) {
                branch.finish(branch.request.createResponse(487));
                return;
            }
            Via via = Via.of(hop.transport().name(), config.host(), config.port(), Via.MAGIC_COOKIE + hash + "." + Branches.newTag())
                    .withParameter("rport", null);
            SipRequest withVia = branch.request.withHeaderFirst(HeaderNames.VIA, via.toString());
            branch.transaction = layer.sendRequest(withVia, hop.transport(), hop.address(), branch);
            if (withVia.isMethod("INVITE")) branch.armTimerC();
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
        SipRequest out = strictRouteFixup(req.withRequestUri(target));
        SipUri next = nextHopUri(out);
        if (next == null) return;
        resolver.resolve(next).whenComplete((hop, err) -> stackThread.execute(() -> {
            if (err != null) return;
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
        if (status < 200) {
            if (branch.transaction != null && branch.transaction.request().isMethod("INVITE")) {
                branch.armTimerC();
                if (branch.cancelPending) sendCancel(branch);
            }
            if (status > 100 && !ctx.finalSent) ctx.forward(withoutTopVia(response));
            return;
        }
        branch.done = true;
        branch.disarmTimerC();
        if (status < 300) {
            // Every 2xx goes upstream at once (16.7 step 5), and the others branches are cancelled.
            if (!ctx.finalSent) cancelOthers(ctx, branch);
            ctx.forward2xx(withoutTopVia(response));
        } else {
            if (status >= 600) cancelOthers(ctx, branch);
            ctx.consider(withoutTopVia(response));
        }
        ctx.maybeFinish();
    }

    private SipResponse withoutTopVia(SipResponse r) {
        return r.withoutFirstValue(HeaderNames.VIA);
    }

    private void cancelOthers(ResponseContext ctx, Branch except) {
        for (Branch b : ctx.branches) {
            if (b != except && !b.done) cancelBranch(b);
        }
    }

    private void cancelBranch(Branch b) {
        if (b.transaction == null) {
            b.cancelPending = true;
            return;
        }
        if (!b.transaction.request().isMethod("INVITE")) return;
        if (b.transaction.hasProvisional()) sendCancel(b);
        else b.cancelPending = true; // 9.1: CANCEL only after a provisional; sent when one arrives
    }

    private void sendCancel(Branch b) {
        if (b.cancelSent) return;
        b.cancelSent = true;
        SipRequest cancel = TransactionLayer.createCancel(b.transaction.request());
        layer.sendRequest(cancel, b.transaction.transport(), b.transaction.destination(), IGNORE);
    }

    @Override
    public void onCancel(ServerTransaction invite) {
        ResponseContext ctx = contexts.get(invite);
        if (ctx == null) {
            // Not forwarded yet (the logic is still deciding) or already answered: answer 487 if possible.
            if (invite.state() == ServerTransaction.State.PROCEEDING || invite.state() == ServerTransaction.State.TRYING) {
                respondLocally(invite, invite.request().createResponse(487));
            }
            return;
        }
        ctx.cancelled = true;
        for (Branch b : ctx.branches) if (!b.done) cancelBranch(b);
        for (Branch b : ctx.branches) {
            // A branch that never got a provisional cannot be cancelled on the wire yet; count it as 487
            // now so the caller is answered (16.10), the CANCEL follows if a provisional comes.
            if (!b.done && (b.transaction == null || !b.transaction.hasProvisional())) {
                b.done = true;
                b.disarmTimerC();
                ctx.consider(b.request.createResponse(487));
            }
        }
        ctx.maybeFinish();
    }

    @Override
    public void onAck(InboundMessage ack) {
        // ACK for a 2xx: its own transaction, forwarded statelessly along its Route set (16.7/16.11).
        SipRequest req = (SipRequest) ack.message();
        if (req.maxForwards() == 0) return;
        if (hasOwnLoop(req)) return;
        logic.onRequest(new ProxyRequest(this, null, preprocess(req)));
    }

    @Override
    public void onStrayResponse(InboundMessage inbound) {
        // A 2xx retransmission after the client transaction has gone: forward statelessly along the Vias.
        SipResponse r = (SipResponse) inbound.message();
        Via top = r.topVia();
        if (top == null || !config.isLocalHost(stripBrackets(top.host()))) return;
        SipResponse out = withoutTopVia(r);
        Via next = out.topVia();
        if (next == null) return;
        String host = next.received() != null ? next.received() : stripBrackets(next.host());
        int port = next.rport() != null && !next.rport().isEmpty() ? Integer.parseInt(next.rport()) : next.port() < 0 ? 5060 : next.port();
        TransportType t;
        try {
            t = TransportType.fromName(next.transport());
        } catch (IllegalArgumentException e) {
            return;
        }
        layer.sendStateless(out, t, new InetSocketAddress(host, port));
    }

    private static final ClientTransactionListener IGNORE = new ClientTransactionListener() {
        @Override
        public void onResponse(ClientTransaction transaction, SipResponse response) {
        }

        @Override
        public void onTimeout(ClientTransaction transaction) {
        }

        @Override
        public void onTransportError(ClientTransaction transaction, Throwable cause) {
        }
    };

    /** The server transaction's side: branches, best response so far, whether a final went upstream. */
    private final class ResponseContext {
        final ServerTransaction st;
        final java.util.function.UnaryOperator<SipResponse> hook;
        final List<Branch> branches = new ArrayList<>(1);
        SipResponse best;
        boolean finalSent;
        boolean cancelled;

        ResponseContext(ServerTransaction st, java.util.function.UnaryOperator<SipResponse> hook) {
            this.st = st;
            this.hook = hook;
        }

        void forward(SipResponse r) {
            SipResponse out = hook.apply(r);
            if (out != null) st.respond(out);
        }

        void forward2xx(SipResponse r) {
            finalSent = true;
            forward(r);
        }

        /** 16.7 step 6: 6xx wins, else the lowest class, 4xx before 5xx; 503 becomes 500 upstream. */
        void consider(SipResponse r) {
            if (best == null || rank(r) < rank(best)) best = r;
        }

        private int rank(SipResponse r) {
            int s = r.status();
            if (s >= 600) return 0;
            if (s >= 300 && s < 400) return 1;
            if (s >= 400 && s < 500) return s == 408 ? 3 : 2;
            return 4;
        }

        void maybeFinish() {
            for (Branch b : branches) if (!b.done) return;
            contexts.remove(st);
            if (finalSent || best == null) return;
            finalSent = true;
            SipResponse out = best.status() == 503 ? best.withStatus(500, null) : best;
            if (out.toTag() == null) out = out.withToTag(Branches.newTag());
            forward(out);
        }
    }

    /** One forwarded copy of the request and its client transaction. */
    private final class Branch implements ClientTransactionListener {
        final ResponseContext ctx;
        SipRequest request; // as forwarded, without our Via: synthetic responses are built from it
        ClientTransaction transaction;
        boolean done;
        boolean cancelPending;
        boolean cancelSent;
        SipTimer.Timeout timerC;

        Branch(ResponseContext ctx, SipRequest request) {
            this.ctx = ctx;
            this.request = request;
        }

        /** A final response made up locally (no transaction answered): it still counts for 16.7. */
        void finish(SipResponse synthetic) {
            if (done) return;
            done = true;
            disarmTimerC();
            ctx.consider(synthetic);
            ctx.maybeFinish();
        }

        void armTimerC() {
            disarmTimerC();
            timerC = timer.schedule(config.timerCMillis(), () -> {
                // Timer C (16.8): the branch has been proceeding too long; cancel it and count a 408.
                if (done) return;
                cancelBranch(this);
                finish(request.createResponse(408));
            });
        }

        void disarmTimerC() {
            if (timerC != null) timerC.cancel();
            timerC = null;
        }

        @Override
        public void onResponse(ClientTransaction tx, SipResponse response) {
            if (done && response.status() >= 300) return;
            if (done && response.status() < 200) {
                if (cancelPending) sendCancel(this);
                return;
            }
            onBranchResponse(this, response);
        }

        @Override
        public void onTimeout(ClientTransaction tx) {
            finish(request.createResponse(408));
        }

        @Override
        public void onTransportError(ClientTransaction tx, Throwable cause) {
            finish(request.createResponse(503, "Transport Error"));
        }
    }
}
