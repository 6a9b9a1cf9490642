package org.imsemu.sip.ua;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.imsemu.sip.header.RAck;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transaction.ClientTransaction;
import org.imsemu.sip.transaction.ClientTransactionListener;
import org.imsemu.sip.transaction.SipTimer;
import org.imsemu.sip.transaction.TransactionLayer;
import org.imsemu.sip.uri.Uri;

/**
 * An INVITE we sent, initial or re-INVITE, and what came of it (RFC 3261 section 13.2): one early dialog
 * per To tag in the provisionals (forking), the dialog the first 2xx confirms, the ACK the UAC core
 * sends for each 2xx and each retransmission of it (13.2.2.4), CANCEL (9.1, deferred until a provisional
 * arrived), one Digest retry on 401/407. A second fork's 2xx is acknowledged and hung up with BYE.
 * Used on the stack thread only.
 */
public final class ClientInvite implements ClientTransactionListener {

    public enum State { CALLING, PROCEEDING, ANSWERED, FAILED }

    /** What happens to the INVITE, on the stack thread. */
    public interface Listener {
        /** Every provisional; {@code earlyDialog} is the dialog it created or belongs to, null without To tag. */
        default void onProvisional(ClientInvite invite, Dialog earlyDialog, SipResponse response) {
        }

        /** The first 2xx: the dialog is confirmed and the ACK has gone out (or could not: no next hop). */
        default void onAnswered(ClientInvite invite, Dialog dialog, SipResponse response) {
        }

        /** A final failure, also a made-up 408 (timeout) or 503 (transport error, no route). */
        default void onFailed(ClientInvite invite, SipResponse response) {
        }

        /**
         * The PRACK the core is about to send for the reliable provisional {@code reliable} (RFC 3262 4),
         * already passed to {@link #onProvisional}; return it as is or with a body (the SDP answer when the
         * provisional carried an offer).
         */
        default SipRequest prack(ClientInvite invite, Dialog earlyDialog, SipResponse reliable, SipRequest prack) {
            return prack;
        }

        /** The final response to the PRACK sent for {@code reliable}. */
        default void onPrackResponse(ClientInvite invite, Dialog earlyDialog, SipResponse reliable, SipResponse prackResponse) {
        }
    }

    private final UserAgent ua;
    private final Listener listener;
    private final Dialog reinviteOf;
    private final Map<String, Dialog> dialogs = new LinkedHashMap<>();
    private final CompletableFuture<SipResponse> result = new CompletableFuture<>();
    private SipRequest request;
    private ClientTransaction transaction;
    private State state = State.CALLING;
    private Dialog dialog;
    private SipResponse finalResponse;
    private boolean cancelRequested;
    private boolean cancelSent;
    private boolean authRetried;
    private boolean resolving;
    private SipTimer.Timeout earlyCleanup;
    /** Per remote tag, the RSeq of the last in-order reliable provisional (RFC 3262 4). */
    private final Map<String, Long> lastRSeq = new HashMap<>();
    private final List<SipRequest> pracksSent = new ArrayList<>();

    ClientInvite(UserAgent ua, Dialog reinviteOf, Listener listener) {
        this.ua = ua;
        this.reinviteOf = reinviteOf;
        this.listener = listener == null ? new Listener() { } : listener;
        this.dialog = reinviteOf;
    }

    // ---- what the application sees ----

    /**
     * The INVITE as last sent (after a Digest retry, the retry), with its Via; null while the first
     * INVITE's next hop is still being resolved.
     */
    public SipRequest request() {
        return request;
    }

    public State state() {
        return state;
    }

    public boolean isReinvite() {
        return reinviteOf != null;
    }

    /** The confirmed dialog (the re-INVITE's dialog from the start), or null. */
    public Dialog dialog() {
        return dialog;
    }

    /** Every dialog the INVITE created, early or confirmed, in the order their first response came. */
    public Collection<Dialog> dialogs() {
        return Collections.unmodifiableCollection(dialogs.values());
    }

    /** The dialog of this remote (To) tag, or null. */
    public Dialog dialog(String remoteTag) {
        return dialogs.get(remoteTag);
    }

    public List<Dialog> earlyDialogs() {
        List<Dialog> out = new ArrayList<>();
        for (Dialog d : dialogs.values()) if (d.isEarly()) out.add(d);
        return out;
    }

    public SipResponse finalResponse() {
        return finalResponse;
    }

    /** Completes with the final response (the first 2xx, or the failure) on the stack thread. */
    public CompletableFuture<SipResponse> result() {
        return result;
    }

    public boolean isCancelRequested() {
        return cancelRequested;
    }

    public boolean isCancelSent() {
        return cancelSent;
    }

    /**
     * Cancels the INVITE (9.1). Without a provisional yet the CANCEL must not be sent: it goes out when
     * the first provisional arrives. An INVITE whose next hop is still being resolved is not sent at all
     * and fails with a made-up 487. False when there is nothing to cancel (final response already, or
     * cancelled before).
     */
    public boolean cancel() {
        if (state == State.ANSWERED || state == State.FAILED || cancelRequested) return false;
        cancelRequested = true;
        if (transaction != null && transaction.hasProvisional()) sendCancel();
        return true;
    }

    /** Ends the call: BYE on the confirmed dialog. */
    public CompletableFuture<SipResponse> bye() {
        if (dialog == null || dialog.isTerminated()) throw new IllegalStateException("No confirmed dialog to end");
        return ua.bye(dialog);
    }

    /** BYE when answered, CANCEL before. */
    public void hangUp() {
        if (dialog != null && !dialog.isTerminated() && state == State.ANSWERED) bye();
        else cancel();
    }

    // ---- sending ----

    void start(SipRequest invite) {
        Uri hop = reinviteOf != null ? reinviteOf.nextHop() : ua.nextHopFor(invite);
        // Until the next hop is known nothing is in flight: no transaction to CANCEL, and responses to
        // a transaction this one replaces (a Digest retry) are not ours any more.
        resolving = true;
        transaction = null;
        ua.prepare(invite, hop, out -> {
            resolving = false;
            if (state == State.ANSWERED || state == State.FAILED) return;
            if (cancelRequested) { // nothing went out, so there is nothing to CANCEL (9.1)
                request = invite;
                fail(Requests.synthesized(invite, 487, "Request Terminated (cancelled before it was sent)"));
                return;
            }
            request = out.request();
            transaction = ua.layer().sendRequest(out.request(), out.hop().transport(), out.hop().address(), this);
        }, reason -> {
            resolving = false;
            request = invite;
            fail(Requests.synthesized(invite, 503, "Service Unavailable (" + reason + ")"));
        });
    }

    /** Whether {@code tx} is the transaction of the INVITE last sent (not one a Digest retry replaced). */
    private boolean isCurrent(ClientTransaction tx) {
        return !resolving && request != null && request.topVia() != null && tx.branch().equals(request.topVia().branch());
    }

    private void sendCancel() {
        cancelSent = true;
        ClientTransaction tx = transaction;
        SipRequest cancel = TransactionLayer.createCancel(tx.request()); // as sent: its Via may have gone TCP (18.1.1)
        // The transaction layer guards the INVITE from here on: no final 64*T1 after this CANCEL ends it
        // with onTimeout (9.1).
        ua.layer().sendRequest(cancel, tx.transport(), tx.destination(), ClientTransactionListener.IGNORE);
    }

    // ---- ClientTransactionListener ----

    @Override
    public void onResponse(ClientTransaction tx, SipResponse r) {
        if (!isCurrent(tx)) return; // a transaction replaced by a Digest retry
        if (transaction == null) transaction = tx;
        if (r.isProvisional()) onProvisional(r);
        else if (r.isSuccess()) onSuccess(r);
        else onFailure(r);
    }

    @Override
    public void onTimeout(ClientTransaction tx) {
        if (!isCurrent(tx)) return;
        // After our CANCEL the only timeout is the layer's 9.1 guard (Timer B stops at the provisional that
        // let the CANCEL go): the INVITE counts as cancelled, which is what the application asked for.
        if (cancelSent) onFailure(Requests.synthesized(tx.request(), 487, "Request Terminated (no final response after CANCEL)"));
        else onFailure(Requests.synthesized(tx.request(), 408, "Request Timeout"));
    }

    @Override
    public void onTransportError(ClientTransaction tx, Throwable cause) {
        if (isCurrent(tx)) onFailure(Requests.synthesized(tx.request(), 503, "Service Unavailable (transport error)"));
    }

    private void onProvisional(SipResponse r) {
        if (state != State.CALLING && state != State.PROCEEDING) return;
        state = State.PROCEEDING;
        Dialog d = reinviteOf;
        if (reinviteOf == null && r.status() > 100 && r.toTag() != null) {
            d = dialogs.get(r.toTag());
            if (d == null) {
                d = Dialog.asUac(request, r);
                dialogs.put(r.toTag(), d);
                ua.addDialog(d);
            }
        }
        if (cancelRequested && !cancelSent) sendCancel();
        boolean reliable = d != null && r.toTag() != null && ReliableProvisionals.isReliable(r);
        if (reliable && !inOrder(r)) return; // a retransmission, or out of order: neither processed nor PRACKed
        listener.onProvisional(this, d, r);
        if (reliable && !d.isTerminated()) sendPrack(d, r);
    }

    /** 4: the first reliable provisional sets the sequence; after it only RSeq + 1 is taken. */
    private boolean inOrder(SipResponse r) {
        long rseq = r.rseq();
        Long last = lastRSeq.get(r.toTag());
        if (last != null && rseq != last + 1) return false;
        lastRSeq.put(r.toTag(), rseq);
        return true;
    }

    private void sendPrack(Dialog d, SipResponse reliable) {
        SipRequest prack = d.createRequest("PRACK")
                .withHeader(HeaderNames.RACK, new RAck(reliable.rseq(), reliable.cseq().number(), reliable.cseq().method()).toString());
        prack = listener.prack(this, d, reliable, prack);
        pracksSent.add(prack);
        ua.sendRequest(d, prack).thenAccept(resp -> listener.onPrackResponse(this, d, reliable, resp));
    }

    /** The PRACKs sent so far (without Via), in order. */
    public List<SipRequest> pracksSent() {
        return Collections.unmodifiableList(pracksSent);
    }

    private void onSuccess(SipResponse r) {
        long seq = request.cseq().number();
        if (reinviteOf != null) {
            if (state == State.ANSWERED) {
                ua.resendAck(reinviteOf.id(), seq);
                return;
            }
            ua.onDialogResponse(reinviteOf, request, r);
            answered(reinviteOf, r);
            ua.sendAck(reinviteOf, ackFor(reinviteOf), seq, () -> notifyAnswered(reinviteOf, r));
            return;
        }
        String tag = r.toTag();
        if (tag == null) return; // no dialog can be formed; nothing sensible to ACK
        Dialog d = dialogs.get(tag);
        if (d != null && !d.isEarly()) {
            ua.resendAck(d.id(), seq); // a retransmission: the ACK was lost or is on its way
            return;
        }
        if (d == null) {
            d = Dialog.asUac(request, r);
            dialogs.put(tag, d);
            ua.addDialog(d);
        } else {
            d.confirm(r);
        }
        Dialog answered = d;
        // The state changes now (a second fork's 2xx must not answer again); what follows in the dialog
        // waits for the ACK, whose next hop may take a while to resolve.
        if (dialog == null) {
            answered(answered, r);
            // 13.2.2.4: 64*T1 after the first 2xx, early dialogs that did not get their own 2xx are over.
            earlyCleanup = ua.timer().schedule(ua.config().timers().timeout(), this::dropEarlyDialogs);
            ua.sendAck(answered, ackFor(answered), seq, () -> {
                notifyAnswered(answered, r);
                // the CANCEL lost the race (15)
                if (cancelRequested && !answered.isTerminated()) ua.bye(answered, UserAgentListener.EndCause.CANCELLED);
            });
        } else {
            ua.sendAck(answered, ackFor(answered), seq, () -> {
                // one call is enough: hang up the other fork
                if (!answered.isTerminated()) ua.bye(answered, UserAgentListener.EndCause.NOT_CHOSEN);
            });
        }
    }

    /** The INVITE is answered: its state, at once. The listener and the result wait for the ACK. */
    private void answered(Dialog d, SipResponse r) {
        dialog = d;
        state = State.ANSWERED;
        finalResponse = r;
        ua.reinviteDone(this);
    }

    private void notifyAnswered(Dialog d, SipResponse r) {
        listener.onAnswered(this, d, r);
        result.complete(r);
    }

    private SipRequest ackFor(Dialog d) {
        return Requests.withCredentialsOf(d.createAck(request.cseq().number()), request);
    }

    private void onFailure(SipResponse r) {
        if (state == State.ANSWERED || state == State.FAILED) return;
        if ((r.status() == 401 || r.status() == 407) && !authRetried && !cancelRequested) {
            SipRequest again = ua.authorizedRetry(request, r, reinviteOf);
            if (again != null) {
                authRetried = true;
                endEarlyDialogs(UserAgentListener.EndCause.REJECTED);
                dialogs.clear();
                state = State.CALLING;
                start(again);
                return;
            }
        }
        fail(r);
    }

    private void fail(SipResponse r) {
        if (state == State.ANSWERED || state == State.FAILED) return;
        state = State.FAILED;
        finalResponse = r;
        endEarlyDialogs(cancelRequested ? UserAgentListener.EndCause.CANCELLED : UserAgentListener.EndCause.REJECTED);
        if (reinviteOf != null) ua.onDialogResponse(reinviteOf, request, r);
        ua.reinviteDone(this);
        listener.onFailed(this, r);
        result.complete(r);
    }

    private void endEarlyDialogs(UserAgentListener.EndCause cause) {
        for (Dialog d : dialogs.values()) if (d.isEarly()) ua.endDialog(d, cause);
    }

    private void dropEarlyDialogs() {
        earlyCleanup = null;
        endEarlyDialogs(UserAgentListener.EndCause.NOT_CHOSEN);
    }

    @Override
    public String toString() {
        return "ClientInvite[" + (request == null ? "?" : request.callId()) + " " + state + "]";
    }
}
