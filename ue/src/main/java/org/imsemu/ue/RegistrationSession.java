package org.imsemu.ue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.imsemu.sip.header.AuthHeader;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transaction.Branches;
import org.imsemu.sip.transaction.SipTimer;
import org.imsemu.sip.ua.DigestClient;
import org.imsemu.sip.ua.Refresh;
import org.imsemu.sip.ua.UserAgent;
import org.imsemu.sip.uri.SipUri;

/**
 * The UE's registration procedures (TS 24.229 5.1.1): initial registration with the IMPI in an empty
 * Authorization (5.1.1.2.1), the 401 challenge answered with Digest, refresh before expiry (5.1.1.4.1),
 * de-registration (5.1.1.6). One Call-ID and growing CSeq for all of them (RFC 3261 10.2).
 *
 * <p>The last challenge is kept: later REGISTERs carry credentials for it at once, with the nonce-count
 * incremented (RFC 7616 3.4), and normally get their 200 without a new 401. When the registrar refuses
 * (a 401 with a new or stale nonce) the new challenge is answered once. The UA core is built without
 * credentials, so the 401 reaches this class. Which Digest algorithms are answered (MD5 today,
 * AKAv1-MD5) is the {@link DigestClient}'s business; the RFC 3329 security agreement, when configured,
 * the {@link SecurityAgreementClient}'s. Runs on the stack thread only.
 */
final class RegistrationSession {
    private final UserAgent ua;
    private final UeConfig config;
    private final DigestClient digest;
    private final Consumer<Registration> onDone;
    private final SipUri registrar;
    private final NameAddress aor;
    private final String callId;
    private final SecurityAgreementClient secAgree; // null when not configured

    private long cseq;
    private int generation;
    private AuthHeader lastChallenge;
    private Registration current;
    private long expiresAsked;
    private SipTimer.Timeout refresh;

    /** One procedure: its REGISTERs, the challenges answered, the future of its result. */
    private static final class Attempt {
        final long expires;
        final int generation;
        final CompletableFuture<Registration> result = new CompletableFuture<>();
        int sent;
        int challenges;
        boolean intervalRetried;
        /** The last REGISTER answered a challenge with an AUTS (RFC 3310 3.4): a fresh challenge follows. */
        boolean resynchronising;

        Attempt(long expires, int generation) {
            this.expires = expires;
            this.generation = generation;
        }
    }

    RegistrationSession(UserAgent ua, UeConfig config, DigestClient digest, Consumer<Registration> onDone) {
        this.ua = ua;
        this.config = config;
        this.digest = digest;
        this.onDone = onDone;
        this.registrar = SipUri.of(null, config.homeDomain());
        this.aor = NameAddress.of(config.impu());
        this.callId = Branches.newCallId(ua.config().host());
        this.expiresAsked = config.registrationExpires();
        this.secAgree = config.securityAgreement() ? new SecurityAgreementClient(ua.config().port()) : null;
    }

    /** The security agreement of the current registration, or null. Any thread. */
    SecurityAgreement securityAgreement() {
        return secAgree == null ? null : secAgree.established();
    }

    /** The last completed procedure's result, or null. */
    Registration current() {
        return current;
    }

    boolean isRegistered() {
        return current != null && current.isRegistered();
    }

    CompletableFuture<Registration> register() {
        cancelRefresh();
        Attempt a = new Attempt(expiresAsked, ++generation);
        send(a);
        return a.result;
    }

    CompletableFuture<Registration> unregister() {
        cancelRefresh();
        Attempt a = new Attempt(0, ++generation);
        send(a);
        return a.result;
    }

    /** The network ended the registration (reg event): no longer registered, no refresh. */
    void deregisteredByNetwork(String why) {
        stop();
        if (current != null) {
            current = new Registration(current.status(), "de-registered by the network (" + why + ")", 0, List.of(), List.of(),
                    0, 0, current.response());
        }
    }

    /** Stops refreshing; answers still in flight are ignored. */
    void stop() {
        cancelRefresh();
        generation++;
    }

    private void send(Attempt a) {
        NameAddress contact = ua.localContact();
        SipRequest.Builder b = SipRequest.builder("REGISTER", registrar)
                .maxForwards(70)
                .from(aor.withTag(Branches.newTag()))
                .to(aor)
                .callId(callId)
                .cseq(++cseq)
                .contact(a.expires == 0 ? contact.withParameter("expires", "0") : contact)
                .header(HeaderNames.EXPIRES, Long.toString(a.expires))
                .header(HeaderNames.SUPPORTED, "path"); // 5.1.1.2.1: the P-CSCF may add Path
        if (config.userAgentHeader() != null) b.header(HeaderNames.USER_AGENT, config.userAgentHeader());
        SipRequest request = b.build();
        if (secAgree != null) request = secAgree.decorate(request);
        AuthHeader credentials = credentials(request);
        a.resynchronising = credentials.param("auts") != null;
        request = request.withHeader(HeaderNames.AUTHORIZATION, credentials.toString());
        a.sent++;
        ua.sendRequest(request).whenComplete((r, e) -> {
            if (e != null) {
                a.result.completeExceptionally(e);
            } else {
                onResponse(a, r);
            }
        });
    }

    /** Credentials for the last challenge when we can answer it, else the empty ones of 5.1.1.2.1. */
    private AuthHeader credentials(SipRequest request) {
        if (lastChallenge != null) {
            AuthHeader answer = digest.answer(lastChallenge, request.method(), request.rawRequestUri(), request.body());
            if (answer != null) return answer;
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("username", config.impi());
        p.put("realm", config.homeDomain());
        p.put("uri", request.rawRequestUri());
        p.put("nonce", "");
        p.put("response", "");
        return new AuthHeader("Digest", p);
    }

    private void onResponse(Attempt a, SipResponse r) {
        if (r.cseq() != null) cseq = Math.max(cseq, r.cseq().number());
        if (a.generation != generation) { // a later register()/unregister() took over
            a.result.complete(toRegistration(a, r, 0));
            return;
        }
        // One challenge is answered; a second only after our AUTS, which asks the network for a new vector.
        if (r.status() == 401 && (a.challenges == 0 || (a.resynchronising && a.challenges == 1))) {
            AuthHeader challenge = answerable(r);
            if (challenge != null) {
                if (secAgree != null) secAgree.onChallenge(r);
                lastChallenge = challenge;
                a.challenges++;
                send(a);
                return;
            }
        }
        if (r.status() == 423 && a.expires > 0 && !a.intervalRetried && r.header(HeaderNames.MIN_EXPIRES) != null) {
            a.intervalRetried = true; // RFC 3261 10.2.8: ask again for at least Min-Expires
            expiresAsked = Math.max(expiresAsked, Long.parseLong(r.header(HeaderNames.MIN_EXPIRES).strip()));
            Attempt again = new Attempt(expiresAsked, a.generation);
            again.sent = a.sent;
            again.challenges = a.challenges;
            again.intervalRetried = true;
            again.result.whenComplete((reg, e) -> {
                if (e != null) a.result.completeExceptionally(e);
                else a.result.complete(reg);
            });
            send(again);
            return;
        }
        long granted = r.isSuccess() && a.expires > 0 ? granted(r, a.expires) : 0;
        if (r.status() == 401) lastChallenge = null; // our credentials were refused twice: start afresh next time
        Registration reg = toRegistration(a, r, granted);
        if (secAgree != null) secAgree.onFinal(r, a.expires == 0);
        current = reg;
        if (reg.isRegistered()) refresh = ua.timer().schedule(Refresh.delayMillis(granted), this::refresh); // TS 24.229 5.1.1.4.1
        onDone.accept(reg);
        a.result.complete(reg);
    }

    private Registration toRegistration(Attempt a, SipResponse r, long granted) {
        List<NameAddress> sr = r.isSuccess() ? r.serviceRoutes() : List.of();
        List<NameAddress> pau = r.isSuccess() ? r.nameAddresses(HeaderNames.P_ASSOCIATED_URI) : List.of();
        return new Registration(r.status(), r.reason(), granted, sr, pau, a.sent, a.challenges, r);
    }

    private AuthHeader answerable(SipResponse r) {
        for (AuthHeader c : r.authHeaders(HeaderNames.WWW_AUTHENTICATE)) {
            if (digest.canAnswer(c)) return c;
        }
        return null;
    }

    /** Our Contact's expires in the 200, else its Expires header, else what we asked for (RFC 3261 10.2.4). */
    private long granted(SipResponse r, long asked) {
        SipUri ours = ua.localContact().uri() instanceof SipUri s ? s : null;
        for (NameAddress c : r.contacts()) {
            if (ours != null && c.uri() instanceof SipUri u && u.equivalentTo(ours) && c.parameter("expires") != null) {
                return parse(c.parameter("expires"), asked);
            }
        }
        if (r.expires() >= 0) return r.expires();
        return asked;
    }

    private void refresh() {
        refresh = null;
        if (isRegistered()) register();
    }

    private void cancelRefresh() {
        if (refresh != null) refresh.cancel();
        refresh = null;
    }

    private static long parse(String v, long fallback) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
