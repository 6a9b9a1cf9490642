package org.imsemu.as;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.imsemu.as.sh.ShClient;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.proxy.ProxyRequest;
import org.imsemu.sip.uri.Uri;

/**
 * One request at the AS, with its IMS meaning (served user, session case) and the decisions an AS can
 * take on it (TS 24.229 §5.7.3 to §5.7.5): let it continue, change its target, answer it, redirect it,
 * or take it over as a B2BUA.
 *
 * <p>The request arrives with the S-CSCF's Route set minus the AS's own entry: what is left is the
 * S-CSCF's "original dialog identifier" route, so {@link #proceed()} and {@link #retarget} send it back
 * to the S-CSCF, which continues with the next filter criterion (or, after a retarget, routes to the
 * new Request-URI).
 *
 * <p>Threading: methods may be called from any thread (e.g. an Sh answer's continuation); they hop to
 * the host's SIP thread. Hooks run on the SIP thread. A request is decided exactly once; a second
 * decision throws {@link IllegalStateException} at once.
 */
public final class AsRequest {
    private final ProxyRequest proxyRequest;
    private final AsHost host;
    private final SipRequest received;
    private final AtomicBoolean decided = new AtomicBoolean();

    AsRequest(ProxyRequest proxyRequest, AsHost host) {
        this.proxyRequest = proxyRequest;
        this.host = host;
        this.received = proxyRequest.request();
    }

    /** The request as it arrived, minus the AS's own Route entry (later {@link #modify} changes are not shown here). */
    public SipRequest request() {
        return received;
    }

    public String method() {
        return received.method();
    }

    /** An initial request (no To tag), as opposed to one inside a dialog the AS record-routed. */
    public boolean isInitial() {
        return received.toTag() == null;
    }

    /** The P-Served-User the S-CSCF added (RFC 5502); empty when absent (requests inside a dialog have none). */
    public Optional<ServedUser> servedUser() {
        String v = received.header(ServedUser.HEADER);
        if (v == null) return Optional.empty();
        try {
            return Optional.of(ServedUser.parse(v));
        } catch (RuntimeException e) {
            return Optional.empty(); // a malformed header means no usable served user, not a failed call
        }
    }

    /** The session case from P-Served-User's sescase; {@link SessionCase#UNKNOWN} without one. */
    public SessionCase sessionCase() {
        return servedUser().map(ServedUser::sessionCase).orElse(SessionCase.UNKNOWN);
    }

    /** The Route entries still to visit: normally the S-CSCF's ODI route, to which the request returns. */
    public List<NameAddress> remainingRoute() {
        return received.routes();
    }

    /** The Route entry that brought the request to this AS (removed already), or null. */
    public NameAddress consumedRoute() {
        return proxyRequest.consumedRoute();
    }

    /** The caller: the first P-Asserted-Identity, else From. */
    public Uri caller() {
        List<NameAddress> pai = received.pAssertedIdentities();
        return pai.isEmpty() ? received.from().uri() : pai.get(0).uri();
    }

    /** The Sh client of the host; {@link IllegalStateException} when the host has no Sh connection. */
    public ShClient sh() {
        return host.sh();
    }

    public AsHost host() {
        return host;
    }

    /** The sip module's view, for what this class does not offer (use with care: decide through this class). */
    public ProxyRequest proxyRequest() {
        return proxyRequest;
    }

    public boolean isDecided() {
        return decided.get();
    }

    // ---- before deciding ----

    /** Stays in the dialog: the AS's URI goes into Record-Route, so BYE and re-INVITE come through it too. */
    public AsRequest recordRoute() {
        onSipThread(proxyRequest::recordRoute);
        return this;
    }

    /** Changes the request before it goes on (add or remove headers, change the body). */
    public AsRequest modify(UnaryOperator<SipRequest> change) {
        Objects.requireNonNull(change);
        onSipThread(() -> proxyRequest.modify(change));
        return this;
    }

    /**
     * Sees (and may replace; null drops) every response before it goes back upstream: provisionals and
     * the final response. A failure that {@link #onFailure} turned into a retarget is not seen.
     */
    public AsRequest onResponse(UnaryOperator<SipResponse> hook) {
        Objects.requireNonNull(hook);
        onSipThread(() -> proxyRequest.onResponse(hook));
        return this;
    }

    /** Like {@link #onResponse} for an AS that only watches. */
    public AsRequest observeResponses(Consumer<SipResponse> observer) {
        Objects.requireNonNull(observer);
        return onResponse(r -> {
            observer.accept(r);
            return r;
        });
    }

    /**
     * When the request fails (the best final response is not a 2xx — busy, no answer within the host's
     * no-answer timeout, which arrives as 408, rejected — and the caller did not cancel), {@code retarget}
     * may name a new target: the request goes back to the S-CSCF once more with that Request-URI, instead
     * of the failure going upstream. Null: the failure goes upstream. A target already tried for this
     * request is not tried again, so a forwarding loop ends with the last failure.
     */
    public AsRequest onFailure(Function<SipResponse, Uri> retarget) {
        Objects.requireNonNull(retarget);
        Set<String> tried = new HashSet<>();
        tried.add(received.requestUri().toString());
        onSipThread(() -> proxyRequest.onFailure(r -> {
            Uri next = retarget.apply(r);
            if (next == null || !tried.add(next.toString())) return List.of();
            return List.of(next);
        }));
        return this;
    }

    // ---- decisions ----

    /** Lets the request continue unchanged along its Route (back to the S-CSCF). */
    public void proceed() {
        decide("proceed");
        onSipThread(proxyRequest::forwardToRequestUri);
    }

    /** Sends the request back to the S-CSCF with a new Request-URI (call forwarding, number translation). */
    public void retarget(Uri newRequestUri) {
        Objects.requireNonNull(newRequestUri, "newRequestUri");
        decide("retarget");
        onSipThread(() -> proxyRequest.forward(newRequestUri));
    }

    /** Answers the request here (the AS acting as a terminating UA for it, or rejecting it). */
    public void respond(int status) {
        respond(status, null);
    }

    public void respond(int status, String reason) {
        if (status < 200 || status > 699) throw new IllegalArgumentException("not a final status: " + status);
        decide("respond " + status);
        onSipThread(() -> proxyRequest.respond(status, reason));
    }

    /** Answers with a response the AS built (from {@code request().createResponse(...)}). */
    public void respond(SipResponse response) {
        if (response.status() < 200) throw new IllegalArgumentException("not a final response: " + response.startLine());
        decide("respond " + response.status());
        onSipThread(() -> proxyRequest.respond(response));
    }

    /** A redirect server's answer: 302 with these contacts (TS 24.229 §5.7.4, RFC 3261 §8.3). */
    public void redirect(List<Uri> contacts) {
        if (contacts.isEmpty()) throw new IllegalArgumentException("a redirect needs at least one contact");
        List<String> values = new ArrayList<>();
        for (Uri u : contacts) values.add("<" + u + ">");
        SipResponse r = received.createResponse(302).withHeader(HeaderNames.CONTACT, String.join(", ", values));
        decide("redirect");
        onSipThread(() -> proxyRequest.respond(r));
    }

    /**
     * Takes the INVITE over as a back-to-back user agent (see {@link B2bua}): the AS answers the caller
     * itself (leg A) and calls {@code target} with a new INVITE (leg B) back through the S-CSCF along
     * {@link #remainingRoute()}, relaying responses, SDP, BYE and CANCEL between the legs.
     *
     * @param legBChange changes leg B's INVITE before it is sent (say, an anonymous From); null: none
     * @param listener told when the call is answered and when it is over; null: none
     */
    public B2bua actAsB2bua(Uri target, UnaryOperator<SipRequest> legBChange, B2bua.Listener listener) {
        Objects.requireNonNull(target, "target");
        if (!received.isMethod("INVITE") || !isInitial()) {
            throw new IllegalStateException("only an initial INVITE can be bridged: " + received.startLine());
        }
        decide("act as B2BUA");
        B2bua call = new B2bua(host, target, legBChange, listener);
        // The proxy core keeps nothing for a request it was not told to forward or answer: the UA takes it.
        onSipThread(() -> call.start(proxyRequest.transaction(), remainingRoute()));
        return call;
    }

    /** {@link #actAsB2bua(Uri, UnaryOperator, B2bua.Listener)} with leg B's INVITE unchanged and no listener. */
    public B2bua actAsB2bua(Uri target) {
        return actAsB2bua(target, null, null);
    }

    private void decide(String what) {
        if (!decided.compareAndSet(false, true)) {
            throw new IllegalStateException("request already decided (" + what + "): " + received.startLine());
        }
    }

    private void onSipThread(Runnable r) {
        if (host.eventLoop().inEventLoop()) r.run();
        else host.eventLoop().execute(r);
    }

    @Override
    public String toString() {
        return "AsRequest[" + received.startLine() + ", " + servedUser().map(ServedUser::toHeaderValue).orElse("no served user") + "]";
    }
}
