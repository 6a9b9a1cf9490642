package org.imsemu.as;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderField;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transaction.ServerTransaction;
import org.imsemu.sip.ua.ClientInvite;
import org.imsemu.sip.ua.Dialog;
import org.imsemu.sip.ua.ServerRequest;
import org.imsemu.sip.ua.UserAgent;
import org.imsemu.sip.ua.UserAgentListener;
import org.imsemu.sip.ua.UserAgentListener.EndCause;
import org.imsemu.sip.uri.Uri;

/**
 * One call the AS bridges as a back-to-back user agent (RFC 7092 §3, TS 24.229 §5.7.5): leg A is the
 * caller's INVITE, answered by the host's UA as a UAS; leg B is a new INVITE from the host's UA (new
 * Call-ID, new From tag, the caller's SDP offer) to the target, sent along the route the AS received
 * (the S-CSCF's ODI route), so the S-CSCF continues with the next filter criterion. Leg B's provisionals
 * and final response are relayed to leg A with their SDP; BYE on one leg is answered there and sent on
 * the other; CANCEL on leg A cancels leg B. Once both legs are confirmed, other requests inside either
 * dialog (re-INVITE and UPDATE with an offer: hold, codec or media changes; INFO, MESSAGE, NOTIFY,
 * OPTIONS, REFER) go on in the other leg's dialog with their body and meaning-bearing headers, and the
 * final answer comes back with its body. Made by {@link AsRequest#actAsB2bua}; runs on the host's SIP
 * thread.
 */
public final class B2bua {

    /** What becomes of the bridged call, on the SIP thread. */
    public interface Listener {
        /** Leg B answered and leg A got the 200 with its SDP answer. */
        default void onAnswered(B2bua call) {
        }

        /** Both legs are over (rejected, cancelled or hung up). */
        default void onEnded(B2bua call) {
        }
    }

    private final AsHost host;
    private final UserAgent ua;
    private final Uri target;
    private final UnaryOperator<SipRequest> legBChange;
    private final Listener listener;
    private volatile ServerRequest legA;
    private volatile ClientInvite legB;
    private volatile Dialog dialogA;
    private volatile Dialog dialogB;
    private volatile boolean answered;
    private volatile boolean ended;

    B2bua(AsHost host, Uri target, UnaryOperator<SipRequest> legBChange, Listener listener) {
        this.host = host;
        this.ua = host.userAgent();
        this.target = target;
        this.legBChange = legBChange == null ? UnaryOperator.identity() : legBChange;
        this.listener = listener == null ? new Listener() { } : listener;
    }

    /** Adopts the INVITE as leg A and sends leg B. {@code route}: where leg B goes first (the ODI route). */
    void start(ServerTransaction tx, List<NameAddress> route) {
        if (tx.state() != ServerTransaction.State.TRYING && tx.state() != ServerTransaction.State.PROCEEDING) {
            finish(); // cancelled (and answered 487) while the service was deciding
            return;
        }
        legA = ua.adopt(tx);
        host.b2buaStarted(tx, this);
        legA.respond(100);
        SipRequest b;
        try {
            b = legBChange.apply(legBInvite(legA.request(), route));
        } catch (RuntimeException e) {
            respondA(legA.createResponse(500));
            finish();
            throw e;
        }
        legB = ua.invite(b, new LegB());
    }

    /** Leg B's INVITE: the caller's From (new tag) and identity, the target, a new Call-ID, the same offer. */
    private SipRequest legBInvite(SipRequest a, List<NameAddress> route) {
        NameAddress f = a.from();
        NameAddress from = new NameAddress(f.displayName(), f.uri(), f.parameters().without("tag"), f.angleBrackets());
        SipRequest b = ua.createRequest("INVITE", target, from, NameAddress.of(target));
        if (!route.isEmpty()) b = b.withHeaderLast(HeaderNames.ROUTE, NameAddress.join(route));
        for (HeaderField pai : a.fields(HeaderNames.P_ASSERTED_IDENTITY)) b = b.withHeaderLast(HeaderNames.P_ASSERTED_IDENTITY, pai.value());
        if (a.bodyLength() > 0) b = b.withBody(a.contentType(), a.body());
        return b;
    }

    private final class LegB implements ClientInvite.Listener {
        @Override
        public void onProvisional(ClientInvite invite, Dialog early, SipResponse r) {
            if (early != null) early.applicationData(B2bua.this);
            if (r.status() == 100 || legA.hasFinalResponse()) return;
            respondA(relayed(r));
            if (legA.dialog() != null) legA.dialog().applicationData(B2bua.this);
        }

        @Override
        public void onAnswered(ClientInvite invite, Dialog d, SipResponse r) {
            d.applicationData(B2bua.this);
            dialogB = d;
            if (legA.hasFinalResponse()) { // the caller cancelled or hung up meanwhile: B goes too
                if (!d.isTerminated()) ua.bye(d);
                checkEnded();
                return;
            }
            respondA(relayed(r));
            dialogA = legA.dialog();
            dialogA.applicationData(B2bua.this);
            answered = true;
            listener.onAnswered(B2bua.this);
        }

        @Override
        public void onFailed(ClientInvite invite, SipResponse r) {
            if (!legA.hasFinalResponse()) respondA(legA.createResponse(r.status(), r.reason()));
            checkEnded();
        }
    }

    private void respondA(SipResponse r) {
        legA.respond(r);
        if (r.isFinal()) host.b2buaAnswered(legA.transaction()); // no CANCEL to expect any more
    }

    /** Leg B's response as leg A's: same status and reason, same SDP. */
    private SipResponse relayed(SipResponse r) {
        return relayed(legA, r);
    }

    /** {@code r} as the answer to {@code to}: same status, reason and body. */
    private static SipResponse relayed(ServerRequest to, SipResponse r) {
        SipResponse out = to.createResponse(r.status(), r.reason());
        return r.bodyLength() > 0 ? out.withBody(r.contentType(), r.body()) : out;
    }

    /** Headers that give an in-dialog request its meaning and go on with it (the rest is per leg). */
    private static final List<String> RELAYED_HEADERS = List.of(HeaderNames.EVENT, HeaderNames.SUBSCRIPTION_STATE,
            "Info-Package", "Refer-To", "Referred-By");

    /**
     * A request inside one leg's dialog (not BYE, ACK, CANCEL or PRACK, which the UA handles): sent on in
     * the other leg's dialog, its final answer relayed back. Until both legs are confirmed, and for a
     * session refresh without a body, the UA's defaults answer.
     */
    void onDialogRequest(Dialog from, ServerRequest request) {
        Dialog to = from == dialogA ? dialogB : from == dialogB ? dialogA : null;
        SipRequest r = request.request();
        boolean offer = (r.isMethod("INVITE") || r.isMethod("UPDATE")) && r.bodyLength() > 0;
        if (to == null || !to.isConfirmed() || to.isTerminated() || (r.isMethod("INVITE") || r.isMethod("UPDATE")) && !offer) {
            UserAgentListener.answerByDefault(request);
            return;
        }
        if (r.isMethod("INVITE")) {
            if (ua.hasPendingReinvite(to)) {
                request.respond(491); // RFC 3261 14.2: glare on the other leg; the sender retries
                return;
            }
            ua.reinvite(to, r.contentType(), r.body(), new ClientInvite.Listener() {
                @Override
                public void onAnswered(ClientInvite invite, Dialog d, SipResponse response) {
                    request.respond(relayed(request, response));
                }

                @Override
                public void onFailed(ClientInvite invite, SipResponse response) {
                    request.respond(request.createResponse(response.status(), response.reason()));
                }
            });
            return;
        }
        CompletableFuture<SipResponse> answer;
        if (r.isMethod("UPDATE")) {
            answer = ua.update(to, r.contentType(), r.body());
        } else {
            SipRequest out = to.createRequest(r.method());
            for (String h : RELAYED_HEADERS) for (HeaderField f : r.fields(h)) out = out.withHeaderLast(f.name(), f.value());
            if (r.bodyLength() > 0) out = out.withBody(r.contentType(), r.body());
            answer = ua.sendRequest(to, out);
        }
        answer.whenComplete((response, err) -> request.respond(err != null || response == null
                ? request.createResponse(500, "Server Internal Error (relay failed)") : relayed(request, response)));
    }

    /** The caller's CANCEL reached leg A (the UA answered it 487 already). */
    void onCancelA() {
        host.b2buaAnswered(legA.transaction());
        if (legB != null) legB.hangUp();
        checkEnded();
    }

    /** A dialog of either leg ended (the UA already answered the BYE that ended it, if any). */
    void onDialogEnded(Dialog d, EndCause cause) {
        if (cause != EndCause.LOCAL_BYE) {
            if (d == legA.dialog() && legB != null) {
                legB.hangUp(); // BYE when answered, CANCEL before
            } else if (d == dialogB && dialogA != null && !dialogA.isTerminated()) {
                ua.bye(dialogA);
            }
        }
        checkEnded();
    }

    private void checkEnded() {
        if (ended || legA != null && !legA.hasFinalResponse()) return;
        if (dialogA != null && !dialogA.isTerminated()) return;
        ClientInvite b = legB;
        if (b != null && (b.state() == ClientInvite.State.CALLING || b.state() == ClientInvite.State.PROCEEDING)) return;
        if (b != null && b.dialog() != null && !b.dialog().isTerminated()) return;
        finish();
    }

    private void finish() {
        if (ended) return;
        ended = true;
        if (legA != null) host.b2buaAnswered(legA.transaction());
        listener.onEnded(this);
    }

    /** Where leg B goes. */
    public Uri target() {
        return target;
    }

    /** Leg A: the caller's INVITE, answered by the AS (null if the call ended before the AS took it). */
    public ServerRequest legA() {
        return legA;
    }

    /** Leg B: the INVITE the AS sent to the target (null until sent). */
    public ClientInvite legB() {
        return legB;
    }

    /** Leg A's confirmed dialog (with the caller), null until answered. */
    public Dialog dialogA() {
        return dialogA;
    }

    /** Leg B's confirmed dialog (with the callee), null until answered. */
    public Dialog dialogB() {
        return dialogB;
    }

    public boolean isAnswered() {
        return answered;
    }

    public boolean isEnded() {
        return ended;
    }

    @Override
    public String toString() {
        return "B2bua[A " + (dialogA != null ? dialogA.id() : legA) + ", B " + (dialogB != null ? dialogB.id() : legB) + (ended ? ", ended" : "") + "]";
    }
}
