package org.imsemu.sip.proxy;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.transaction.ServerTransaction;
import org.imsemu.sip.transport.InboundMessage;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;

/**
 * One request waiting for its routing decision. Holds the request as the core prepared it (Max-Forwards
 * decremented, own Route entries removed); the logic may rewrite it, choose targets, ask for
 * Record-Route, and register a hook that sees every response before it is forwarded upstream.
 */
public final class ProxyRequest {
    private final ProxyCore core;
    private final ServerTransaction transaction;
    private final InboundMessage inbound;
    private final NameAddress consumedRoute;
    private SipRequest request;
    private boolean recordRoute;
    private UnaryOperator<SipResponse> responseHook = UnaryOperator.identity();
    private boolean decided;
    private java.util.function.Function<SipResponse, List<Uri>> recursion;

    ProxyRequest(ProxyCore core, ServerTransaction transaction, InboundMessage inbound, SipRequest request,
                 NameAddress consumedRoute) {
        this.core = core;
        this.transaction = transaction;
        this.inbound = inbound;
        this.request = request;
        this.consumedRoute = consumedRoute;
    }

    /**
     * The proxy's stack thread: a logic that waits for something asynchronous (a DNS answer, a Diameter
     * answer) continues there before touching this request again.
     */
    public java.util.concurrent.Executor stackThread() {
        return core.stackThread();
    }

    /** The request as it arrived: its transport and the address it came from. */
    public InboundMessage inbound() {
        return inbound;
    }

    /**
     * The top Route entry that designated this proxy and was removed (16.4), or null. Its user part tells
     * an IMS proxy why the request came (e.g. the "orig" of a Service-Route, the "term" of a Path).
     */
    public NameAddress consumedRoute() {
        return consumedRoute;
    }

    public SipRequest request() {
        return request;
    }

    /** Null for the ACK of a 2xx, which has no transaction (forwarded statelessly). */
    public ServerTransaction transaction() {
        return transaction;
    }

    /** A request inside a dialog (To tag present, RFC 3261 16.12): usually just follows its Route set. */
    public boolean isInDialog() {
        return request.toTag() != null;
    }

    /** Whether a URI designates this proxy (its address or an alias, and its port). */
    public boolean isLocal(SipUri uri) {
        return core.isMe(uri);
    }

    public ProxyRequest modify(UnaryOperator<SipRequest> change) {
        request = Objects.requireNonNull(change.apply(request));
        return this;
    }

    /** Inserts this proxy in Record-Route so that the dialog's later requests come through it (16.6 step 4). */
    public ProxyRequest recordRoute() {
        recordRoute = true;
        return this;
    }

    public ProxyRequest onResponse(UnaryOperator<SipResponse> hook) {
        UnaryOperator<SipResponse> previous = responseHook;
        responseHook = r -> hook.apply(previous.apply(r));
        return this;
    }

    /**
     * When every branch has failed (the best response is not a 2xx, and no CANCEL came), {@code retry}
     * sees that response and may return new targets to try instead of sending it upstream (RFC 3261
     * 16.7 step 6: recursing on a 3xx, serial forking, call forwarding on busy or no answer). Empty or
     * null: the failure goes upstream. The request may be changed with {@link #modify} first.
     */
    public ProxyRequest onFailure(java.util.function.Function<SipResponse, List<Uri>> retry) {
        this.recursion = retry;
        return this;
    }

    java.util.function.Function<SipResponse, List<Uri>> recursion() {
        return recursion;
    }

    /** Forwards to the Request-URI as it is (the Route set, if any, still decides the next hop). */
    public void forwardToRequestUri() {
        forward(List.of(request.requestUri()));
    }

    public void forward(Uri target) {
        forward(List.of(target));
    }

    /**
     * Forwards in parallel to every target (16.5, 16.6); the best response goes upstream (16.7). Does
     * nothing once the request has been answered (a CANCEL came while the logic was deciding).
     */
    public void forward(List<Uri> targets) {
        decide();
        core.forward(this, targets);
    }

    public void respond(int status) {
        respond(status, null);
    }

    public void respond(int status, String reason) {
        respond(request.createResponse(status, reason));
    }

    /** Answers the request itself (a registrar, a 404, ...). A To tag is added when needed. */
    public void respond(SipResponse response) {
        decide();
        core.respondLocally(transaction, response);
    }

    boolean recordRouteWanted() {
        return recordRoute;
    }

    UnaryOperator<SipResponse> responseHook() {
        return responseHook;
    }

    private void decide() {
        if (decided) throw new IllegalStateException("routing decision already taken for " + request.startLine());
        decided = true;
    }
}
