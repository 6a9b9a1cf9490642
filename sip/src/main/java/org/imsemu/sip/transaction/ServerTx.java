package org.imsemu.sip.transaction;

import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transport.InboundMessage;

/**
 * The INVITE (17.2.1 with RFC 6026) and non-INVITE (17.2.2) server transactions. Confined to the stack
 * thread. Responses go back over the transport the request came in on, to the address it came from.
 */
final class ServerTx implements ServerTransaction {
    private final TransactionLayer layer;
    private final InboundMessage inbound;
    private final SipRequest request;
    private final String id;
    private final boolean invite;
    private final boolean reliable;

    private State state;
    private SipResponse lastResponse; // the response a retransmitted request gets again (null once Accepted)
    private String acceptedToTag;     // Accepted: the To tag of the 2xx, all that is left of lastResponse
    private boolean accepted;         // a 2xx went out: later 2xx from the TU pass through, even after Timer L
    private boolean cancelled;
    private SipTimer.Timeout trying;  // the automatic 100 (Trying)
    private SipTimer.Timeout timerG;
    private SipTimer.Timeout timerH;
    private SipTimer.Timeout ending;  // Timer I, J or L
    private long timerGInterval;

    ServerTx(TransactionLayer layer, InboundMessage inbound, String id) {
        this.layer = layer;
        this.inbound = inbound;
        this.request = (SipRequest) inbound.message();
        this.id = id;
        this.invite = request.isMethod("INVITE");
        this.reliable = inbound.transport().isReliable();
        this.state = invite ? State.PROCEEDING : State.TRYING;
    }

    void start() {
        // 17.2.1: a 100 if the TU will not answer within 200 ms, so the client stops retransmitting.
        if (invite) trying = layer.timer.schedule(TransactionLayer.TRYING_DELAY, this::autoTrying);
    }

    @Override
    public SipRequest request() {
        return request;
    }

    @Override
    public InboundMessage inbound() {
        return inbound;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public boolean isInvite() {
        return invite;
    }

    @Override
    public void respond(SipResponse response) {
        int status = response.status();
        if (status < 100 || status > 699) throw new IllegalArgumentException("Bad status " + status);
        if (invite) respondInvite(response);
        else respondNonInvite(response);
    }

    private void respondInvite(SipResponse r) {
        if (r.isSuccess() && accepted) {
            send(r); // a 2xx retransmission by the TU, or another 2xx a proxy forwards (RFC 6026)
            return;
        }
        if (state != State.PROCEEDING) throw refused(r);
        cancel(trying);
        lastResponse = r;
        if (r.isProvisional()) {
            send(r);
        } else if (r.isSuccess()) {
            accepted = true;
            state = State.ACCEPTED; // RFC 6026: the TU retransmits the 2xx; ACKs go to the TU
            ending = layer.timer.schedule(layer.settings.timeout(), this::terminate); // Timer L
            // Nothing is re-sent from Accepted: keep only the To tag, for a late CANCEL's 200.
            acceptedToTag = r.toTag();
            lastResponse = null;
            send(r);
            linger();
        } else {
            state = State.COMPLETED;
            if (!reliable) {
                timerGInterval = layer.settings.t1();
                timerG = layer.timer.schedule(timerGInterval, this::timerG);
            }
            timerH = layer.timer.schedule(layer.settings.timeout(), this::timerH);
            send(r);
            linger();
        }
    }

    private void respondNonInvite(SipResponse r) {
        if (state != State.TRYING && state != State.PROCEEDING) throw refused(r);
        lastResponse = r;
        if (r.isProvisional()) {
            state = State.PROCEEDING;
            send(r);
            return;
        }
        state = State.COMPLETED;
        send(r);
        if (reliable) terminate(); // Timer J is zero
        else if (state == State.COMPLETED) {
            ending = layer.timer.schedule(layer.settings.timeout(), this::terminate);
            linger();
        }
    }

    /**
     * A final response went out: the transaction now mostly waits (up to 32 s) for retransmissions.
     * Its messages stay, but not what was decoded from them, which a retransmission does not need.
     */
    private void linger() {
        request.releaseDecoded();
        if (lastResponse != null) lastResponse.releaseDecoded();
    }

    private IllegalStateException refused(SipResponse r) {
        return new IllegalStateException("Transaction " + id + " is " + state + ": cannot send " + r.startLine());
    }

    /** The same request again (17.2.1, 17.2.2): absorbed, the last response re-sent. */
    void onRetransmission() {
        switch (state) {
            case PROCEEDING -> {
                if (lastResponse != null) send(lastResponse);
                else if (invite) sendTrying(); // the client is retransmitting already: do not wait for the 200 ms
            }
            case COMPLETED -> send(lastResponse);
            default -> {
                // Trying: nothing to re-send yet. Accepted, Confirmed: absorbed (RFC 6026 section 7.1).
            }
        }
    }

    /** An ACK that matched this INVITE transaction. */
    void onAck(InboundMessage ack) {
        switch (state) {
            case COMPLETED -> {
                state = State.CONFIRMED;
                cancel(timerG);
                cancel(timerH);
                if (reliable) terminate(); // Timer I is zero
                else ending = layer.timer.schedule(layer.settings.t4(), this::terminate);
            }
            case ACCEPTED -> layer.user.onAck(ack); // the ACK for a 2xx belongs to the TU (RFC 6026 section 7.1)
            default -> {
                // Confirmed: a retransmitted ACK, absorbed. Proceeding: an ACK before any final means nothing.
            }
        }
    }

    /** A CANCEL matched this transaction; whether it still changes anything is the caller's business. */
    void markCancelled() {
        cancelled = true;
    }

    /** The To tag of the responses sent so far (the one the ACK of a non-2xx final carries), or null. */
    String responseToTag() {
        if (accepted) return acceptedToTag;
        return lastResponse == null ? null : lastResponse.toTag();
    }

    private void autoTrying() {
        trying = null;
        if (state == State.PROCEEDING && lastResponse == null) sendTrying();
    }

    private void sendTrying() {
        cancel(trying);
        lastResponse = request.createResponse(100);
        send(lastResponse);
    }

    private void timerG() {
        if (state != State.COMPLETED) return;
        timerGInterval = Math.min(2 * timerGInterval, layer.settings.t2());
        timerG = layer.timer.schedule(timerGInterval, this::timerG);
        send(lastResponse);
    }

    private void timerH() {
        // No ACK came: the RFC would tell the TU, which has nothing left to do about it.
        if (state == State.COMPLETED) terminate();
    }

    private void send(SipResponse r) {
        layer.transport.send(r, inbound.transport(), inbound.remote(), this::onTransportError);
    }

    private void onTransportError(Throwable cause) {
        if (state == State.TERMINATED) return;
        terminate();
        layer.user.onTransportError(this, cause);
    }

    void terminate() {
        if (state == State.TERMINATED) return;
        state = State.TERMINATED;
        cancel(trying);
        cancel(timerG);
        cancel(timerH);
        cancel(ending);
        layer.removed(this);
    }

    private static void cancel(SipTimer.Timeout t) {
        if (t != null) t.cancel();
    }

    @Override
    public String toString() {
        return "ServerTransaction[" + id + " " + state + "]";
    }
}
