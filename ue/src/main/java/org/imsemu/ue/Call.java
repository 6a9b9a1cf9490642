package org.imsemu.ue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.imsemu.rtp.RtpSession;
import org.imsemu.rtp.RtpStatistics;
import org.imsemu.sdp.Direction;
import org.imsemu.sdp.SdpParseException;
import org.imsemu.sdp.SessionDescription;
import org.imsemu.sip.header.CSeq;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transaction.SipTimer;
import org.imsemu.sip.ua.ClientInvite;
import org.imsemu.sip.ua.Dialog;
import org.imsemu.sip.ua.ServerRequest;
import org.imsemu.sip.ua.UserAgentListener;
import org.imsemu.sip.uri.Uri;

/**
 * One call of a {@link UserEquipment}, outgoing or incoming: the INVITE transaction, the dialog, the SDP
 * offer/answer and the RTP session. Public methods may be called from any thread (they hop onto the
 * UE's stack thread); getters read the latest state; futures complete on the stack thread.
 */
public final class Call {
    private final UserEquipment ue;
    private final boolean incoming;
    private final Uri remoteUri;
    private final long sessionId = ThreadLocalRandom.current().nextLong(1, 1L << 40);
    private final CompletableFuture<Call> answered = new CompletableFuture<>();
    private final CompletableFuture<CallEnd> ended = new CompletableFuture<>();

    private volatile CallState state = CallState.CALLING;
    private volatile int finalStatus;
    private volatile String finalReason;
    private volatile String callId;
    private volatile RtpSession rtp;

    // stack thread only
    private long sdpVersion = sessionId;
    private ClientInvite invite;
    private boolean authRetried;
    private boolean cancelRequested;
    private ServerRequest serverInvite;
    private SessionDescription remoteOffer;
    private boolean answerInAck;
    private Dialog dialog;
    private SipTimer.Timeout answerTimer;

    Call(UserEquipment ue, boolean incoming, Uri remoteUri) {
        this.ue = ue;
        this.incoming = incoming;
        this.remoteUri = remoteUri;
    }

    // ---- what applications see ----

    public boolean isIncoming() {
        return incoming;
    }

    /** The called party (outgoing) or the caller's From URI (incoming). */
    public Uri remoteUri() {
        return remoteUri;
    }

    public CallState state() {
        return state;
    }

    /** Final status of the INVITE (200, 404, 486, 487...), 0 while there is none. */
    public int finalStatus() {
        return finalStatus;
    }

    public String finalReason() {
        return finalReason;
    }

    /** Call-ID of the INVITE, null until it has been built. */
    public String callId() {
        return callId;
    }

    /** Completes when the call is established; fails with {@link CallFailedException} when it ends first. */
    public CompletableFuture<Call> answered() {
        return answered;
    }

    /** Completes (never exceptionally) when the call is over, however it ended. */
    public CompletableFuture<CallEnd> ended() {
        return ended;
    }

    /** Our RTP session's statistics: what we sent and what reached us. */
    public RtpStatistics rtpStatistics() {
        RtpSession s = rtp;
        return s == null ? RtpStatistics.EMPTY : s.statistics();
    }

    /** The RTP session, or null before it was opened. */
    public RtpSession rtpSession() {
        return rtp;
    }

    /** Ends the call whatever its state: BYE when established, CANCEL before (outgoing), 603 (incoming). */
    public CompletableFuture<CallEnd> hangUp() {
        ue.onStack(() -> {
            switch (state) {
                case ESTABLISHED -> sendBye();
                case CALLING, RINGING -> {
                    if (incoming) rejectNow(603);
                    else cancelNow();
                }
                case ENDED -> { }
            }
        });
        return ended;
    }

    /** CANCELs an outgoing call that has not been answered; the caller then sees 487. */
    public CompletableFuture<CallEnd> cancel() {
        if (incoming) throw new IllegalStateException("only the caller can CANCEL; use reject() for an incoming call");
        ue.onStack(this::cancelNow);
        return ended;
    }

    /** Answers an incoming call now (200 with the SDP answer). */
    public CompletableFuture<Call> answer() {
        if (!incoming) throw new IllegalStateException("an outgoing call is answered by the far end");
        ue.onStack(this::answerNow);
        return answered;
    }

    /** Rejects an incoming call with this final status. */
    public CompletableFuture<CallEnd> reject(int status) {
        if (!incoming) throw new IllegalStateException("an outgoing call cannot be rejected; use hangUp()");
        if (status < 300 || status > 699) throw new IllegalArgumentException("a rejection needs a 3xx-6xx status, not " + status);
        ue.onStack(() -> rejectNow(status));
        return ended;
    }

    @Override
    public String toString() {
        return "Call[" + (incoming ? "from " : "to ") + remoteUri + " " + state + (finalStatus > 0 ? " " + finalStatus : "") + "]";
    }

    // ---- outgoing, on the stack thread ----

    void startOutgoing(SipRequest inviteWithoutBody) {
        callId = inviteWithoutBody.callId();
        ue.openRtp().whenComplete((session, e) -> ue.onStack(() -> {
            if (e != null) {
                end(CallEnd.Cause.FAILED, 500, "Server Internal Error (no RTP port: " + e.getMessage() + ")");
                return;
            }
            rtp = session;
            if (cancelRequested || state == CallState.ENDED) { // cancelled before anything was sent
                end(CallEnd.Cause.CANCELLED, 487, "Request Terminated");
                return;
            }
            SessionDescription offer = MediaNegotiation.offer(ue.config().impu().user(), sessionId, sdpVersion,
                    ue.config().localHost(), session.localAddress().getPort(), Direction.SENDRECV);
            invite = ue.ua().invite(inviteWithoutBody.withBody(MediaNegotiation.CONTENT_TYPE, offer.toBytes()), new InviteListener());
        }));
    }

    private final class InviteListener implements ClientInvite.Listener {
        @Override
        public void onProvisional(ClientInvite ci, Dialog early, SipResponse r) {
            if (ci != invite) return;
            if (early != null) early.applicationData(Call.this);
            if (r.status() >= 180 && state == CallState.CALLING) state = CallState.RINGING;
        }

        @Override
        public void onAnswered(ClientInvite ci, Dialog d, SipResponse r) {
            if (ci != invite) return;
            dialog = d;
            d.applicationData(Call.this);
            finalStatus = r.status();
            finalReason = r.reason();
            if (state == CallState.ENDED) return;
            try {
                applyRemote(parseSdp(r));
            } catch (MediaNegotiation.NotAcceptable e) {
                // RFC 3261 13.2.2.4 has us ACK the 2xx first (the core did); then the call cannot go on
                ue.ua().bye(d).whenComplete((x, err) -> ue.onStack(() -> end(CallEnd.Cause.FAILED, r.status(), "unusable SDP answer: " + e.getMessage())));
                return;
            }
            established();
        }

        @Override
        public void onFailed(ClientInvite ci, SipResponse r) {
            if (ci != invite) return;
            if ((r.status() == 401 || r.status() == 407) && !authRetried && !cancelRequested) {
                SipRequest again = ue.digest().authorize(ci.request(), r);
                if (again != null) { // one retry with credentials, same Call-ID and From tag, CSeq + 1 (RFC 3261 22.2)
                    authRetried = true;
                    long next = ci.request().cseq().number() + 1;
                    invite = ue.ua().invite(again.withHeader(HeaderNames.CSEQ, new CSeq(next, "INVITE").toString()), this);
                    return;
                }
            }
            finalStatus = r.status();
            finalReason = r.reason();
            boolean cancelled = cancelRequested && r.status() == 487;
            end(cancelled ? CallEnd.Cause.CANCELLED : CallEnd.Cause.REJECTED, r.status(), r.reason());
        }
    }

    private void cancelNow() {
        if (state == CallState.ESTABLISHED || state == CallState.ENDED || cancelRequested) return;
        cancelRequested = true;
        if (invite != null) invite.cancel(); // sent when the first provisional is in (RFC 3261 9.1)
    }

    private void sendBye() {
        if (dialog == null || dialog.isTerminated()) return;
        stopMedia();
        ue.ua().bye(dialog).whenComplete((r, e) -> ue.onStack(() ->
                end(CallEnd.Cause.LOCAL_BYE, finalStatus, r == null ? "BYE failed" : "BYE answered " + r.status())));
    }

    // ---- incoming, on the stack thread ----

    void startIncoming(ServerRequest sr) {
        serverInvite = sr;
        callId = sr.request().callId();
        if (sr.request().bodyLength() > 0) {
            try {
                remoteOffer = SessionDescription.parse(sr.request().body());
                MediaNegotiation.media(remoteOffer); // acceptable at all?
            } catch (SdpParseException | IllegalArgumentException | MediaNegotiation.NotAcceptable e) {
                rejectNow(488, "Not Acceptable Here (" + e.getMessage() + ")");
                return;
            }
        }
        ue.openRtp().whenComplete((session, e) -> ue.onStack(() -> {
            if (e != null) {
                rejectNow(500, "Server Internal Error (no RTP port)");
                return;
            }
            rtp = session;
            if (state == CallState.ENDED || sr.hasFinalResponse()) { // cancelled meanwhile
                end(CallEnd.Cause.CANCELLED, 487, "Request Terminated");
                return;
            }
            AnswerPolicy policy = ue.config().answerPolicy();
            if (policy instanceof AnswerPolicy.Reject r) {
                ue.incomingCall(this);
                rejectNow(r.status());
                return;
            }
            ring();
            if (policy instanceof AnswerPolicy.AutoAnswer a) answerTimer = ue.timer().schedule(a.delay().toMillis(), this::answerNow);
            ue.incomingCall(this);
        }));
    }

    private void ring() {
        serverInvite.respond(180);
        dialog = serverInvite.dialog();
        if (dialog != null) dialog.applicationData(this);
        state = CallState.RINGING;
    }

    private void answerNow() {
        if (state == CallState.ENDED || state == CallState.ESTABLISHED || serverInvite.hasFinalResponse() || rtp == null) return;
        SessionDescription sdp;
        try {
            int port = rtp.localAddress().getPort();
            String user = ue.config().impu().user();
            if (remoteOffer != null) {
                sdp = MediaNegotiation.answer(remoteOffer, user, sessionId, sdpVersion, ue.config().localHost(), port);
                applyRemote(remoteOffer);
            } else { // no offer in the INVITE: ours goes in the 200, the answer comes in the ACK (RFC 3261 13.2.1)
                sdp = MediaNegotiation.offer(user, sessionId, sdpVersion, ue.config().localHost(), port, Direction.SENDRECV);
                answerInAck = true;
            }
        } catch (MediaNegotiation.NotAcceptable e) {
            rejectNow(488, "Not Acceptable Here (" + e.getMessage() + ")");
            return;
        }
        finalStatus = 200;
        finalReason = "OK";
        serverInvite.accept(MediaNegotiation.CONTENT_TYPE, sdp.toBytes());
        dialog = serverInvite.dialog();
        dialog.applicationData(this);
        established();
    }

    private void rejectNow(int status) {
        rejectNow(status, null);
    }

    private void rejectNow(int status, String reason) {
        if (serverInvite == null || serverInvite.hasFinalResponse() || state == CallState.ENDED) return;
        finalStatus = status;
        SipResponse r = serverInvite.createResponse(status, reason);
        finalReason = r.reason();
        serverInvite.respond(r);
        end(CallEnd.Cause.REJECTED, status, r.reason());
    }

    /** The caller CANCELled; the UA core has answered 487 already. */
    void onCancelled() {
        finalStatus = 487;
        finalReason = "Request Terminated";
        end(CallEnd.Cause.CANCELLED, 487, finalReason);
    }

    void onAck(SipRequest ack) {
        if (!answerInAck || ack.bodyLength() == 0) return;
        answerInAck = false;
        try {
            applyRemote(parseSdp(ack));
            if (rtp != null) rtp.start();
        } catch (MediaNegotiation.NotAcceptable e) {
            sendBye();
        }
    }

    /** A re-INVITE from the far end (hold, resume, new address): answer its offer and follow it. */
    void onReinvite(ServerRequest sr) {
        SipRequest r = sr.request();
        int port = rtp == null ? 9 : rtp.localAddress().getPort();
        String user = ue.config().impu().user();
        try {
            SessionDescription sdp;
            if (r.bodyLength() > 0) {
                SessionDescription offer = SessionDescription.parse(r.body());
                sdp = MediaNegotiation.answer(offer, user, sessionId, ++sdpVersion, ue.config().localHost(), port);
                applyRemote(offer);
            } else {
                sdp = MediaNegotiation.offer(user, sessionId, ++sdpVersion, ue.config().localHost(), port, Direction.SENDRECV);
                answerInAck = true;
            }
            sr.accept(MediaNegotiation.CONTENT_TYPE, sdp.toBytes());
        } catch (SdpParseException | IllegalArgumentException | MediaNegotiation.NotAcceptable e) {
            sr.respond(sr.createResponse(488, "Not Acceptable Here (" + e.getMessage() + ")"));
        }
    }

    // ---- both ----

    void onDialogTerminated(Dialog d, UserAgentListener.EndCause cause) {
        if (d != dialog) return; // an early dialog of another fork
        switch (cause) {
            case LOCAL_BYE -> { } // sendBye() ends the call once the BYE is answered
            case REMOTE_BYE -> end(CallEnd.Cause.REMOTE_BYE, finalStatus, "BYE received");
            case CANCELLED -> end(CallEnd.Cause.CANCELLED, state == CallState.ESTABLISHED ? finalStatus : 487, "cancelled");
            case REJECTED -> end(CallEnd.Cause.REJECTED, finalStatus, finalReason);
            default -> end(CallEnd.Cause.FAILED, finalStatus, "dialog ended: " + cause);
        }
    }

    private SessionDescription parseSdp(SipMessage m) throws MediaNegotiation.NotAcceptable {
        if (m.bodyLength() == 0) throw new MediaNegotiation.NotAcceptable("no SDP");
        try {
            return SessionDescription.parse(m.body());
        } catch (SdpParseException | IllegalArgumentException e) {
            throw new MediaNegotiation.NotAcceptable("bad SDP: " + e.getMessage() + " in " + new String(m.body(), StandardCharsets.UTF_8));
        }
    }

    private void applyRemote(SessionDescription remote) throws MediaNegotiation.NotAcceptable {
        MediaNegotiation.Media m = MediaNegotiation.media(remote);
        RtpSession s = rtp;
        if (s == null) return;
        s.payloadType(m.payloadType()).direction(m.direction());
        if (m.remote().getPort() > 0) s.remote(m.remote());
    }

    private void established() {
        state = CallState.ESTABLISHED;
        if (rtp != null && !answerInAck) rtp.start();
        answered.complete(this);
        ue.callAnswered(this);
    }

    private void stopMedia() {
        RtpSession s = rtp;
        if (s != null) s.close();
    }

    /** Ends the call once: media stopped, futures completed, the UE told. */
    void end(CallEnd.Cause cause, int status, String reason) {
        if (state == CallState.ENDED && ended.isDone()) return;
        state = CallState.ENDED;
        if (answerTimer != null) answerTimer.cancel();
        if (finalStatus == 0) {
            finalStatus = status;
            finalReason = reason;
        }
        stopMedia();
        RtpSession s = rtp;
        CallEnd end = new CallEnd(cause, finalStatus, reason, s == null ? RtpStatistics.EMPTY : s.statistics());
        if (!answered.isDone()) answered.completeExceptionally(new CallFailedException(finalStatus, finalReason));
        ended.complete(end);
        ue.callEnded(this, end);
    }

    ServerRequest serverInvite() {
        return serverInvite;
    }
}
