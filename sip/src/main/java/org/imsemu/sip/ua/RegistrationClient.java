package org.imsemu.sip.ua;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transaction.Branches;
import org.imsemu.sip.transaction.SipTimer;
import org.imsemu.sip.uri.SipUri;

/**
 * Keeps one contact registered for an address-of-record (RFC 3261 section 10.2): REGISTER with one
 * Call-ID and growing CSeq, the UA's one Digest retry on 401/407, 423 answered once with Min-Expires,
 * refresh at half the granted expiry (from our Contact's expires in the 200, else its Expires), and
 * unregistration with expires=0. Keeps what the 200 said for later: Service-Route (RFC 3608), Path
 * (RFC 3327) and P-Associated-URI. Used on the stack thread only.
 */
public final class RegistrationClient {

    public enum State { UNREGISTERED, REGISTERING, REGISTERED, UNREGISTERING, FAILED }

    /** What happens to the registration, on the stack thread. */
    public interface Listener {
        /** A 2xx with a non-zero expiry: first registration and each refresh. */
        default void onRegistered(RegistrationClient client, SipResponse response) {
        }

        /** Unregistration done (or the registrar granted zero). */
        default void onUnregistered(RegistrationClient client, SipResponse response) {
        }

        /** A final failure (also a made-up 408/503); no refresh is scheduled. */
        default void onFailed(RegistrationClient client, SipResponse response) {
        }
    }

    private final UserAgent ua;
    private final SipUri registrar;
    private final NameAddress aor;
    private final Listener listener;
    private final String callId;
    private long expires;
    private NameAddress contact;
    private UnaryOperator<SipRequest> decorator = UnaryOperator.identity();

    private State state = State.UNREGISTERED;
    private long cseq;
    private int generation;
    private long grantedExpires = -1;
    private SipResponse lastResponse;
    private List<NameAddress> serviceRoute = List.of();
    private List<NameAddress> path = List.of();
    private List<NameAddress> associatedUris = List.of();
    private SipTimer.Timeout refresh;

    /**
     * @param registrar the Request-URI of REGISTER (the domain, 10.2)
     * @param aor       our address-of-record (To and From)
     * @param expires   the expiry asked for, in seconds
     */
    public RegistrationClient(UserAgent ua, SipUri registrar, NameAddress aor, long expires, Listener listener) {
        this.ua = Objects.requireNonNull(ua);
        this.registrar = Objects.requireNonNull(registrar);
        this.aor = aor.tag() == null ? aor : new NameAddress(aor.displayName(), aor.uri(), aor.parameters().without("tag"), aor.angleBrackets());
        this.expires = expires;
        this.listener = listener == null ? new Listener() { } : listener;
        this.callId = Branches.newCallId(ua.config().host());
        this.contact = ua.localContact();
    }

    /** The Contact registered (the UA's contact unless set). */
    public void contact(NameAddress c) {
        this.contact = Objects.requireNonNull(c);
    }

    public NameAddress contact() {
        return contact;
    }

    /** Adds headers to each REGISTER before it is sent (Supported: path, IMS security headers...). */
    public void requestDecorator(UnaryOperator<SipRequest> d) {
        this.decorator = Objects.requireNonNull(d);
    }

    public State state() {
        return state;
    }

    public boolean isRegistered() {
        return state == State.REGISTERED;
    }

    /** The expiry the registrar granted, in seconds; -1 before any 2xx. */
    public long grantedExpires() {
        return grantedExpires;
    }

    public long requestedExpires() {
        return expires;
    }

    public String callId() {
        return callId;
    }

    public SipResponse lastResponse() {
        return lastResponse;
    }

    /** The Service-Route of the last 2xx: the route set to preload for requests (RFC 3608). */
    public List<NameAddress> getServiceRoute() {
        return serviceRoute;
    }

    /** The Path of the last 2xx (RFC 3327). */
    public List<NameAddress> getPath() {
        return path;
    }

    /** The P-Associated-URI of the last 2xx (RFC 7315). */
    public List<NameAddress> getAssociatedUris() {
        return associatedUris;
    }

    /** Registers (or refreshes now). The future completes with the final response. */
    public CompletableFuture<SipResponse> register() {
        cancelRefresh();
        if (state != State.REGISTERED) state = State.REGISTERING;
        CompletableFuture<SipResponse> done = new CompletableFuture<>();
        send(expires, ++generation, false, done);
        return done;
    }

    /** Removes our contact (expires=0) and stops refreshing. */
    public CompletableFuture<SipResponse> unregister() {
        cancelRefresh();
        state = State.UNREGISTERING;
        CompletableFuture<SipResponse> done = new CompletableFuture<>();
        send(0, ++generation, false, done);
        return done;
    }

    /** Stops refreshing without unregistering; responses still on their way are ignored. */
    public void stop() {
        cancelRefresh();
        generation++;
    }

    private void send(long exp, int gen, boolean intervalRetried, CompletableFuture<SipResponse> done) {
        SipRequest.Builder b = SipRequest.builder("REGISTER", registrar)
                .maxForwards(70)
                .from(aor.withTag(Branches.newTag()))
                .to(aor)
                .callId(callId)
                .cseq(++cseq)
                .contact(exp == 0 ? contact.withParameter("expires", "0") : contact)
                .header(HeaderNames.EXPIRES, Long.toString(exp));
        if (ua.config().userAgentHeader() != null) b.header(HeaderNames.USER_AGENT, ua.config().userAgentHeader());
        SipRequest request = decorator.apply(b.build());
        ua.sendRequest(request).whenComplete((r, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
                return;
            }
            onResponse(exp, gen, intervalRetried, r, done);
        });
    }

    private void onResponse(long exp, int gen, boolean intervalRetried, SipResponse r, CompletableFuture<SipResponse> done) {
        if (r.cseq() != null) cseq = Math.max(cseq, r.cseq().number()); // the UA's Digest retry used CSeq + 1
        if (gen != generation) { // superseded by a later register() or unregister()
            done.complete(r);
            return;
        }
        lastResponse = r;
        if (r.status() == 423 && exp > 0 && !intervalRetried && r.header(HeaderNames.MIN_EXPIRES) != null) {
            expires = Math.max(expires, r.headerValues(HeaderNames.MIN_EXPIRES).stream().mapToLong(v -> Long.parseLong(v.strip())).max().orElse(expires));
            send(expires, gen, true, done); // 10.2.8
            return;
        }
        if (!r.isSuccess()) {
            state = State.FAILED;
            listener.onFailed(this, r);
            done.complete(r);
            return;
        }
        serviceRoute = r.serviceRoutes();
        path = r.paths();
        associatedUris = r.nameAddresses(HeaderNames.P_ASSOCIATED_URI);
        grantedExpires = exp == 0 ? 0 : granted(r, exp);
        if (grantedExpires <= 0) {
            state = State.UNREGISTERED;
            listener.onUnregistered(this, r);
        } else {
            state = State.REGISTERED;
            refresh = ua.timer().schedule(grantedExpires * 1000 / 2, this::refresh);
            listener.onRegistered(this, r);
        }
        done.complete(r);
    }

    private void refresh() {
        refresh = null;
        if (state == State.REGISTERED) register();
    }

    /** 10.2.4: our binding's expires in the 200, else its Expires header, else what we asked for. */
    long granted(SipResponse r, long asked) {
        List<NameAddress> contacts = r.contacts();
        SipUri ours = contact.uri() instanceof SipUri s ? s : null;
        for (NameAddress c : contacts) {
            if (ours != null && c.uri() instanceof SipUri u && u.equivalentTo(ours) && c.parameter("expires") != null) {
                return parseSeconds(c.parameter("expires"), asked);
            }
        }
        if (r.expires() >= 0) return r.expires();
        // A registrar that rewrote our contact (NAT, alias) and lists only it.
        if (contacts.size() == 1 && contacts.get(0).parameter("expires") != null) return parseSeconds(contacts.get(0).parameter("expires"), asked);
        return asked;
    }

    private static long parseSeconds(String v, long fallback) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private void cancelRefresh() {
        if (refresh != null) refresh.cancel();
        refresh = null;
    }

    @Override
    public String toString() {
        return "RegistrationClient[" + aor.uri() + " " + state + "]";
    }
}
