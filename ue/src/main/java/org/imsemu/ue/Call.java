package org.imsemu.ue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import org.imsemu.rtp.RtpSession;
import org.imsemu.rtp.RtpStatistics;
import org.imsemu.sdp.Direction;
import org.imsemu.sdp.MediaDescription;
import org.imsemu.sdp.SdpParseException;
import org.imsemu.sdp.SessionDescription;
import java.util.Map;
import org.imsemu.sip.header.CSeq;
import org.imsemu.sip.header.NameAddress;
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
    private Redirection redirection;
    private boolean cancelRequested;
    private ServerRequest serverInvite;
    private volatile SessionDescription remoteOffer;
    private boolean answerInAck;
    private Dialog dialog;
    private SipTimer.Timeout answerTimer;
    private volatile SignallingLog log;
    // preconditions (RFC 3312) and reliable provisionals (RFC 3262)
    private volatile boolean preconditionFlow; // both ends use preconditions in this call
    private boolean localReady;             // our access segment's "resources"
    private boolean remoteReady;            // the peer's segment, as it told us
    private SessionDescription earlyAnswer; // caller: the answer that came in a reliable provisional
    private boolean answerSentEarly;        // callee: our answer went in the reliable 183
    private boolean reliableAlerting;       // callee: provisionals go reliably
    private boolean alerted;
    private boolean answerWanted;           // callee: answer() came before alerting
    private boolean awaitingPrack;          // callee: the 200 waits for the PRACK of the last reliable provisional
    private CompletableFuture<?> lastReliable = CompletableFuture.completedFuture(null);
    // what we want of the session (RFC 3264 8); stack thread, volatile where getters read them
    private volatile boolean localHold;
    private boolean wantVideo;
    private boolean videoLine;              // the session has a video m-line (kept, with port 0, once added)
    private boolean videoRefused;           // no port for video: offer/answer it disabled
    private int audioCodec = 0;
    private boolean offering;               // a re-INVITE/UPDATE of ours is pending
    private volatile VideoStream video;
    private volatile long videoSentBefore;
    private volatile long videoReceivedBefore;
    // transfer (RFC 3515, 3892, 3891)
    private CompletableFuture<Integer> transferOutcome;       // transferor: the final sipfrag status
    private final java.util.List<String> transferProgress = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CompletableFuture<Call> referredCall = new CompletableFuture<>(); // transferee: the call it made
    private volatile String referredBy;                       // the Referred-By of the INVITE that made this call
    private volatile Call replaced;                           // target: the call this one replaced

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

    /** The targets an outgoing call tried, in order: the called party, then each redirect's Contact it followed. */
    public java.util.List<org.imsemu.sip.uri.Uri> triedTargets() {
        CompletableFuture<java.util.List<org.imsemu.sip.uri.Uri>> f = new CompletableFuture<>();
        ue.onStack(() -> f.complete(redirection == null ? java.util.List.of(remoteUri) : redirection.tried()));
        return f.join();
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

    /**
     * The SIP messages of this call as they crossed the UE's socket, retransmissions left out, in order:
     * {@code "> INVITE"} (sent), {@code "< 100 INVITE"}, {@code "< 183 INVITE"} (received, with the CSeq
     * method), {@code "> PRACK"}, {@code "< 200 PRACK"}, ... A snapshot; any thread.
     */
    public java.util.List<String> signalling() {
        SignallingLog l = log;
        return l == null ? java.util.List.of() : l.entries();
    }

    /** Whether this call went through the QoS precondition flow (RFC 3312) rather than the plain one. */
    public boolean usedPreconditions() {
        return preconditionFlow;
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
        log = ue.signallingLog(callId);
        UeConfig cfg = ue.config();
        if (cfg.preconditions()) { // TS 24.229 5.1.3.1: the UE offers (or insists on) preconditions and 100rel
            inviteWithoutBody = inviteWithoutBody.withHeader(cfg.requirePreconditions() ? HeaderNames.REQUIRE : HeaderNames.SUPPORTED,
                    Preconditions.OPTION_TAG + ", 100rel");
        }
        SipRequest prepared = inviteWithoutBody;
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
            if (cfg.preconditions()) offer = Preconditions.withStatus(offer, false, false, false);
            invite = ue.ua().invite(prepared.withBody(MediaNegotiation.CONTENT_TYPE, offer.toBytes()), new InviteListener());
        }));
    }

    private final class InviteListener implements ClientInvite.Listener {
        @Override
        public void onProvisional(ClientInvite ci, Dialog early, SipResponse r) {
            if (ci != invite) return;
            if (early != null) early.applicationData(Call.this);
            if (r.status() >= 180 && r.status() < 183 && state == CallState.CALLING) state = CallState.RINGING; // 183 is progress, not alerting
            // RFC 3261 13.3.1.1 / RFC 3262: an answer in a reliable provisional is the answer
            if (early != null && earlyAnswer == null && r.bodyLength() > 0 && isReliable(r)) {
                try {
                    SessionDescription answer = parseSdp(r);
                    applyRemote(answer);
                    earlyAnswer = answer;
                    if (ue.config().preconditions() && Preconditions.present(answer)) {
                        preconditionFlow = true;
                        remoteReady = Preconditions.senderReady(answer);
                    }
                } catch (MediaNegotiation.NotAcceptable e) {
                    ci.cancel(); // nothing sensible to do with this session
                }
            }
        }

        @Override
        public void onPrackResponse(ClientInvite ci, Dialog early, SipResponse reliable, SipResponse prackResponse) {
            if (ci != invite || !preconditionFlow || localReady || !prackResponse.isSuccess() || early.isTerminated()) return;
            // TS 24.228 7.2: our resources are reserved now; tell the callee with UPDATE (RFC 3311)
            localReady = true;
            SessionDescription offer = Preconditions.withStatus(MediaNegotiation.offer(ue.config().impu().user(), sessionId, ++sdpVersion,
                    ue.config().localHost(), rtp.localAddress().getPort(), Direction.SENDRECV), true, remoteReady, false);
            ue.ua().update(early, MediaNegotiation.CONTENT_TYPE, offer.toBytes()).thenAccept(r -> ue.onStack(() -> {
                if (!r.isSuccess() || r.bodyLength() == 0 || state == CallState.ENDED) return;
                try {
                    SessionDescription answer = parseSdp(r);
                    applyRemote(answer);
                    remoteReady = Preconditions.senderReady(answer);
                } catch (MediaNegotiation.NotAcceptable e) {
                    ci.cancel();
                }
            }));
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
                if (r.bodyLength() > 0 || earlyAnswer == null) applyRemote(parseSdp(r)); // else the early answer stands
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
            if (r.status() >= 300 && r.status() < 400 && ue.config().followRedirects() && !cancelRequested) {
                if (redirection == null) redirection = new Redirection(remoteUri, ue.config().maxRedirects());
                SipRequest next = redirection.next(ci.request(), r);
                if (next != null) { // RFC 3261 8.1.3.4: the next Contact, same Call-ID, From and To
                    earlyAnswer = null;
                    invite = ue.ua().invite(next, this);
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
        log = ue.signallingLog(callId);
        referredBy = sr.request().header(HeaderNames.REFERRED_BY);
        String replacesValue = sr.request().header(HeaderNames.REPLACES);
        if (replacesValue != null) { // RFC 3891 3: only a confirmed dialog of ours can be replaced
            Replaces target = Replaces.parse(replacesValue);
            replaced = target == null ? null : ue.establishedCall(target);
            if (replaced == null) {
                rejectNow(target == null ? 400 : 481, target == null ? "Bad Request (malformed Replaces)" : null);
                return;
            }
        }
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
            if (policy instanceof AnswerPolicy.Redirect r) {
                ue.incomingCall(this);
                if (serverInvite.hasFinalResponse()) return;
                SipResponse moved = serverInvite.createResponse(r.status());
                for (String c : r.contacts()) moved = moved.withHeaderLast(HeaderNames.CONTACT, c);
                finalStatus = r.status();
                finalReason = moved.reason();
                serverInvite.respond(moved);
                end(CallEnd.Cause.REJECTED, r.status(), moved.reason());
                return;
            }
            SipRequest inv = sr.request();
            UeConfig cfg = ue.config();
            boolean offeredPreconditions = Preconditions.named(inv, HeaderNames.REQUIRE) || Preconditions.named(inv, HeaderNames.SUPPORTED);
            preconditionFlow = cfg.preconditions() && offeredPreconditions && sr.canRespondReliably()
                    && remoteOffer != null && Preconditions.present(remoteOffer);
            // RFC 3262: provisionals go reliably when the caller insists, or when preconditions need it
            reliableAlerting = cfg.reliableProvisionals() && (preconditionFlow || requires100rel(inv));
            if (replaced != null) { // RFC 3891: the user already agreed to talk; answer at once, no alerting
                alerted = true;
                ue.incomingCall(this);
                answerNow();
                return;
            }
            if (preconditionFlow) sessionProgress();
            else alert();
            ue.incomingCall(this);
        }));
    }

    private static boolean requires100rel(SipRequest r) {
        for (String t : r.optionTags(HeaderNames.REQUIRE)) if (t.equalsIgnoreCase("100rel")) return true;
        return false;
    }

    private static boolean isReliable(SipResponse r) {
        for (String t : r.optionTags(HeaderNames.REQUIRE)) if (t.equalsIgnoreCase("100rel")) return r.rseq() >= 0;
        return false;
    }

    /**
     * TS 24.228 7.2, terminating side: 183 Session Progress, reliably, with our SDP answer and the
     * precondition status (nothing reserved yet; please confirm yours). Our own resources count as
     * reserved once the 183 is acknowledged; alerting waits for both segments.
     */
    private void sessionProgress() {
        SessionDescription answer;
        try {
            answer = MediaNegotiation.answer(remoteOffer, ue.config().impu().user(), sessionId, sdpVersion, ue.config().localHost(),
                    rtp.localAddress().getPort());
            applyRemote(remoteOffer);
        } catch (MediaNegotiation.NotAcceptable e) {
            rejectNow(488, "Not Acceptable Here (" + e.getMessage() + ")");
            return;
        }
        remoteReady = Preconditions.senderReady(remoteOffer);
        answer = Preconditions.withStatus(answer, false, remoteReady, true);
        answerSentEarly = true;
        CompletableFuture<SipRequest> prack = serverInvite.respondReliably(
                serverInvite.createResponse(183).withBody(MediaNegotiation.CONTENT_TYPE, answer.toBytes()));
        lastReliable = prack;
        dialog = serverInvite.dialog();
        if (dialog != null) dialog.applicationData(this);
        prack.thenAccept(p -> ue.onStack(() -> {
            localReady = true;
            if (remoteReady) alert();
        }));
    }

    /** 180 Ringing (reliably when so negotiated), then the answer policy. */
    private void alert() {
        if (alerted || state == CallState.ENDED || serverInvite.hasFinalResponse()) return;
        alerted = true;
        if (reliableAlerting) lastReliable = serverInvite.respondReliably(180);
        else serverInvite.respond(180);
        dialog = serverInvite.dialog();
        if (dialog != null) dialog.applicationData(this);
        state = CallState.RINGING;
        if (ue.config().answerPolicy() instanceof AnswerPolicy.AutoAnswer a) {
            answerTimer = ue.timer().schedule(a.delay().toMillis(), this::answerNow);
        }
        if (answerWanted) answerNow();
    }

    private void answerNow() {
        if (state == CallState.ENDED || state == CallState.ESTABLISHED || serverInvite.hasFinalResponse() || rtp == null) return;
        if (!alerted) { // RFC 3312: no answer before the preconditions are met
            answerWanted = true;
            return;
        }
        if (serverInvite.hasUnacknowledgedReliable()) { // RFC 3262 3: the 200 waits for the last PRACK
            if (!awaitingPrack) {
                awaitingPrack = true;
                lastReliable.whenComplete((x, e) -> ue.onStack(() -> {
                    awaitingPrack = false;
                    answerNow();
                }));
            }
            return;
        }
        if (answerSentEarly) { // the session was agreed in the 183 (and UPDATE): a 200 without SDP
            finalStatus = 200;
            finalReason = "OK";
            serverInvite.respond(200);
            dialog = serverInvite.dialog();
            dialog.applicationData(this);
            established();
            return;
        }
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

    /** A re-INVITE from the far end (hold, resume, video, codec...): answer its offer and follow it. */
    void onReinvite(ServerRequest sr) {
        onOffer(sr);
    }

    /**
     * An UPDATE from the far end (RFC 3311), early or confirmed: its offer is answered; in the precondition
     * flow it carries the caller's status, and once both segments are ready the callee alerts.
     */
    void onUpdate(ServerRequest sr) {
        if (sr.request().bodyLength() == 0) {
            sr.respond(200);
            return;
        }
        onOffer(sr);
    }

    /**
     * Answers the offer in a re-INVITE or UPDATE (RFC 3264 8): our answer keeps our own wishes (on hold we
     * never go beyond sendonly), accepts video on a stream of our own (opened first when needed), and RTP
     * follows the answer at once. A re-INVITE without SDP gets our offer; its answer comes in the ACK.
     */
    private void onOffer(ServerRequest sr) {
        SipRequest r = sr.request();
        String user = ue.config().impu().user();
        if (r.bodyLength() == 0) { // only a re-INVITE gets here without body
            sr.accept(MediaNegotiation.CONTENT_TYPE, localOffer().toBytes());
            answerInAck = true;
            return;
        }
        SessionDescription offer;
        try {
            offer = SessionDescription.parse(r.body());
        } catch (SdpParseException | IllegalArgumentException e) {
            sr.respond(sr.createResponse(488, "Not Acceptable Here (" + e.getMessage() + ")"));
            return;
        }
        boolean videoOffered = MediaNegotiation.video(offer).map(m -> m.port() > 0).orElse(false);
        if (videoOffered && video == null && rtp != null) { // a stream of our own first, then the answer
            ue.openVideo().whenComplete((v, e) -> ue.onStack(() -> {
                if (state == CallState.ENDED || sr.hasFinalResponse()) {
                    if (v != null) v.close();
                    return;
                }
                if (v != null) video = v;
                else videoRefused = true;
                onOffer(sr);
            }));
            return;
        }
        int port = rtp == null ? 9 : rtp.localAddress().getPort();
        int videoPort = videoOffered && video != null ? video.localAddress().getPort() : 0;
        videoRefused = false;
        SessionDescription sdp;
        try {
            sdp = MediaNegotiation.answer(offer, user, sessionId, ++sdpVersion, ue.config().localHost(), port,
                    localHold ? Direction.SENDONLY : Direction.SENDRECV, videoPort);
            applySession(offer, sdp);
        } catch (MediaNegotiation.NotAcceptable e) {
            sr.respond(sr.createResponse(488, "Not Acceptable Here (" + e.getMessage() + ")"));
            return;
        }
        if (MediaNegotiation.video(offer).isPresent()) {
            videoLine = true;
            wantVideo = videoPort > 0;
        }
        MediaNegotiation.audio(sdp).ifPresent(a -> audioCodec = Integer.parseInt(a.formats().get(0)));
        if (preconditionFlow && Preconditions.present(offer)) {
            remoteReady = Preconditions.senderReady(offer);
            sdp = Preconditions.withStatus(sdp, localReady, remoteReady, false);
        }
        sr.accept(MediaNegotiation.CONTENT_TYPE, sdp.toBytes());
        if (incoming && preconditionFlow && localReady && remoteReady) alert();
    }

    // ---- transfer (RFC 3515 REFER, RFC 3892 Referred-By, RFC 3891 Replaces) ----

    /**
     * Blind transfer: asks the peer (the transferee) with REFER to call {@code targetUri}. Completes with
     * the status the transferee reports in its final NOTIFY (200 when it reached the target, whereupon this
     * call is hung up), or with the REFER's failure status when the peer refused the REFER.
     */
    public CompletableFuture<Integer> transferTo(String targetUri) {
        org.imsemu.sip.uri.Uri target = org.imsemu.sip.uri.Uri.parse(targetUri);
        return refer(NameAddress.of(target).toString());
    }

    /**
     * Attended transfer: asks the peer of this call to call the peer of {@code consultation} (another call
     * of this UE), replacing that call (Refer-To with Replaces). Completes like {@link #transferTo(String)};
     * the consultation call is ended by its peer, with BYE, once replaced.
     */
    public CompletableFuture<Integer> transferTo(Call consultation) {
        if (consultation == this) throw new IllegalArgumentException("a call cannot replace itself");
        CompletableFuture<String> referTo = new CompletableFuture<>();
        consultation.ue.onStack(() -> {
            Dialog d = consultation.dialog;
            if (d == null || consultation.state != CallState.ESTABLISHED) {
                referTo.completeExceptionally(new IllegalStateException("the consultation call is not established"));
                return;
            }
            referTo.complete("<" + consultation.remoteUri + "?" + HeaderNames.REPLACES + "=" + Replaces.forPeerOf(d).escaped() + ">");
        });
        return referTo.thenCompose(this::refer);
    }

    /** The sipfrag status lines the transferee reported so far ({@code "SIP/2.0 100 Trying"}, ...). */
    public java.util.List<String> transferProgress() {
        return java.util.List.copyOf(transferProgress);
    }

    /** Transferee: completes with the call this UE made because the peer REFERred it. */
    public CompletableFuture<Call> referredCall() {
        return referredCall;
    }

    /** The Referred-By of the INVITE that made this call (RFC 3892), or null. */
    public String referredBy() {
        return referredBy;
    }

    /** Target of an attended transfer: the call this one replaced (RFC 3891), or null. */
    public Call replacedCall() {
        return replaced;
    }

    private CompletableFuture<Integer> refer(String referTo) {
        CompletableFuture<Integer> out = new CompletableFuture<>();
        ue.onStack(() -> {
            if (state != CallState.ESTABLISHED || dialog == null || dialog.isTerminated()) {
                out.completeExceptionally(new IllegalStateException("the call is not established: " + state));
                return;
            }
            if (transferOutcome != null && !transferOutcome.isDone()) {
                out.completeExceptionally(new IllegalStateException("a transfer is in progress"));
                return;
            }
            transferOutcome = out;
            transferProgress.clear();
            SipRequest refer = dialog.createRequest("REFER")
                    .withHeader(HeaderNames.REFER_TO, referTo)
                    .withHeader(HeaderNames.REFERRED_BY, NameAddress.of(ue.config().impu()).toString());
            ue.ua().sendRequest(dialog, refer).whenComplete((r, e) -> ue.onStack(() -> {
                if (e != null) out.completeExceptionally(e);
                else if (!r.isSuccess()) out.complete(r.status()); // no subscription: the REFER's answer is the outcome
            }));
        });
        return out;
    }

    /** Transferor: a NOTIFY of the implicit refer subscription (RFC 3515 2.4.4). */
    void onReferNotify(ServerRequest sr) {
        sr.respond(200);
        String frag = sr.request().bodyAsString().strip();
        String statusLine = frag.lines().findFirst().orElse("");
        transferProgress.add(statusLine);
        int status = 0;
        String[] parts = statusLine.split(" ", 3);
        if (parts.length >= 2 && parts[0].startsWith("SIP/")) {
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException ignored) {
                // not a status line: nothing learnt
            }
        }
        CompletableFuture<Integer> out = transferOutcome;
        if (status >= 200 && out != null && !out.isDone()) {
            out.complete(status);
            if (status < 300) sendBye(); // RFC 5589: the transferor leaves once the transfer succeeded
        }
    }

    /**
     * Transferee: a REFER in this call. Accepted (202), reported with NOTIFY (100 Trying), carried out as a
     * new call to the Refer-To URI with Referred-By (and Replaces when the URI has one), whose outcome the
     * final NOTIFY reports (Subscription-State terminated).
     */
    void onRefer(ServerRequest sr) {
        SipRequest r = sr.request();
        NameAddress referTo;
        try {
            referTo = r.referTo();
        } catch (RuntimeException e) {
            referTo = null;
        }
        if (referTo == null || !(referTo.uri() instanceof org.imsemu.sip.uri.SipUri uri)) {
            sr.respond(sr.createResponse(400, "Bad Request (no usable Refer-To)"));
            return;
        }
        sr.respond(202);
        notifyRefer("SIP/2.0 100 Trying", "active;expires=60");
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        String by = r.header(HeaderNames.REFERRED_BY);
        headers.put(HeaderNames.REFERRED_BY, by != null ? by : NameAddress.of(r.from().uri()).toString());
        if (uri.headers() != null) {
            for (String h : uri.headers().split("&")) {
                String[] kv = h.split("=", 2);
                if (kv.length == 2 && kv[0].equalsIgnoreCase(HeaderNames.REPLACES)) {
                    headers.put(HeaderNames.REPLACES, org.imsemu.sip.uri.SipUri.unescape(kv[1]));
                }
            }
        }
        Call next = ue.call(uri.withoutHeaders(), headers);
        referredCall.complete(next);
        next.answered().whenComplete((c, e) -> ue.onStack(() -> {
            if (e == null) {
                notifyRefer("SIP/2.0 200 OK", "terminated;reason=noresource");
            } else {
                int st = next.finalStatus() > 0 ? next.finalStatus() : 500;
                String reason = next.finalReason() != null ? next.finalReason() : "Failed";
                notifyRefer("SIP/2.0 " + st + " " + reason, "terminated;reason=noresource");
            }
        }));
    }

    private void notifyRefer(String statusLine, String subscriptionState) {
        if (dialog == null || dialog.isTerminated()) return; // the transferor already left: nobody to tell
        SipRequest notify = dialog.createRequest("NOTIFY")
                .withHeader(HeaderNames.EVENT, "refer")
                .withHeader(HeaderNames.SUBSCRIPTION_STATE, subscriptionState)
                .withBody("message/sipfrag;version=2.0", statusLine + "\r\n");
        ue.ua().sendRequest(dialog, (SipRequest) notify);
    }

    // ---- re-negotiation from this side (RFC 3264 8, RFC 3311) ----

    /** How a change of the session is offered: re-INVITE (RFC 3261 14) or UPDATE (RFC 3311). */
    public enum OfferMethod { INVITE, UPDATE }

    /** Puts the peer on hold (RFC 3264 8.4: our offer says sendonly; we keep sending, the peer stops). */
    public CompletableFuture<SipResponse> hold() {
        return hold(OfferMethod.INVITE);
    }

    public CompletableFuture<SipResponse> hold(OfferMethod method) {
        return renegotiate(method, () -> localHold = true);
    }

    /** Takes the peer off hold (sendrecv again). */
    public CompletableFuture<SipResponse> resume() {
        return resume(OfferMethod.INVITE);
    }

    public CompletableFuture<SipResponse> resume(OfferMethod method) {
        return renegotiate(method, () -> localHold = false);
    }

    /** Adds a video stream (a second m-line, H264 payload type 96 with dummy frames). */
    public CompletableFuture<SipResponse> addVideo() {
        return addVideo(OfferMethod.INVITE);
    }

    public CompletableFuture<SipResponse> addVideo(OfferMethod method) {
        return renegotiate(method, () -> {
            wantVideo = true;
            videoLine = true;
        });
    }

    /** Removes the video stream (its m-line stays, with port 0: RFC 3264 8.2). */
    public CompletableFuture<SipResponse> removeVideo() {
        return removeVideo(OfferMethod.INVITE);
    }

    public CompletableFuture<SipResponse> removeVideo(OfferMethod method) {
        return renegotiate(method, () -> wantVideo = false);
    }

    /** Offers only this audio codec: 0 (PCMU) or 8 (PCMA); RTP switches once the answer accepts it. */
    public CompletableFuture<SipResponse> changeCodec(int payloadType) {
        return changeCodec(payloadType, OfferMethod.INVITE);
    }

    public CompletableFuture<SipResponse> changeCodec(int payloadType, OfferMethod method) {
        if (payloadType != 0 && payloadType != 8) throw new IllegalArgumentException("the UE speaks PCMU (0) or PCMA (8), not " + payloadType);
        return renegotiate(method, () -> audioCodec = payloadType);
    }

    /** Whether we hold the peer (our last agreed offer said sendonly or inactive). */
    public boolean isHolding() {
        return localHold;
    }

    /** The direction our audio RTP currently has (what the last offer/answer left). */
    public org.imsemu.rtp.MediaDirection audioDirection() {
        RtpSession s = rtp;
        return s == null ? org.imsemu.rtp.MediaDirection.INACTIVE : s.direction();
    }

    /** The payload type our audio RTP sends (0 PCMU, 8 PCMA). */
    public int audioPayloadType() {
        RtpSession s = rtp;
        return s == null ? -1 : s.payloadType();
    }

    public long audioPacketsSent() {
        return rtpStatistics().packetsSent();
    }

    public long audioPacketsReceived() {
        return rtpStatistics().packetsReceived();
    }

    /** Whether a video stream is up (negotiated and not removed). */
    public boolean hasVideo() {
        VideoStream v = video;
        return v != null && !v.isClosed();
    }

    /** Video packets sent over the whole call (every video stream it had). */
    public long videoPacketsSent() {
        VideoStream v = video;
        return videoSentBefore + (v == null ? 0 : v.packetsSent());
    }

    /** Video packets received over the whole call. */
    public long videoPacketsReceived() {
        VideoStream v = video;
        return videoReceivedBefore + (v == null ? 0 : v.packetsReceived());
    }

    /**
     * Runs {@code change} on what we want, then offers it in the dialog. Completes with the final
     * response of the re-INVITE/UPDATE (after one retry on 491, RFC 3261 14.1); on a failure what we
     * wanted goes back to what was agreed. Fails at once when the call is not established or another
     * offer of ours is pending.
     */
    private CompletableFuture<SipResponse> renegotiate(OfferMethod method, Runnable change) {
        CompletableFuture<SipResponse> out = new CompletableFuture<>();
        ue.onStack(() -> {
            if (state != CallState.ESTABLISHED || dialog == null || dialog.isTerminated()) {
                out.completeExceptionally(new IllegalStateException("the call is not established: " + state));
                return;
            }
            if (offering) {
                out.completeExceptionally(new IllegalStateException("an offer of ours is pending"));
                return;
            }
            boolean[] before = {localHold, wantVideo, videoLine};
            int codecBefore = audioCodec;
            change.run();
            offering = true;
            sendOffer(method, out, before, codecBefore, false);
        });
        return out;
    }

    private void sendOffer(OfferMethod method, CompletableFuture<SipResponse> out, boolean[] before, int codecBefore, boolean retried) {
        if (wantVideo && video == null && !videoRefused) {
            ue.openVideo().whenComplete((v, e) -> ue.onStack(() -> {
                if (v != null && state != CallState.ENDED) video = v;
                else if (v != null) v.close();
                if (v == null) videoRefused = true;
                sendOffer(method, out, before, codecBefore, retried);
            }));
            return;
        }
        if (state == CallState.ENDED) {
            offering = false;
            out.completeExceptionally(new IllegalStateException("the call ended"));
            return;
        }
        videoRefused = false;
        byte[] body = localOffer().toBytes();
        CompletableFuture<SipResponse> sent;
        if (method == OfferMethod.UPDATE) {
            sent = ue.ua().update(dialog, MediaNegotiation.CONTENT_TYPE, body);
        } else {
            CompletableFuture<SipResponse> f = new CompletableFuture<>();
            ue.ua().reinvite(dialog, MediaNegotiation.CONTENT_TYPE, body, new ClientInvite.Listener() {
                @Override
                public void onAnswered(ClientInvite ci, Dialog d, SipResponse r) {
                    f.complete(r);
                }

                @Override
                public void onFailed(ClientInvite ci, SipResponse r) {
                    f.complete(r);
                }
            });
            sent = f;
        }
        sent.whenComplete((r, e) -> ue.onStack(() -> {
            if (r != null && r.status() == 491 && !retried && state == CallState.ESTABLISHED) {
                // RFC 3261 14.1: the Call-ID's owner waits 2.1-4 s, the other side 0-2 s, then tries again
                long wait = incoming ? ThreadLocalRandom.current().nextLong(0, 2001) : ThreadLocalRandom.current().nextLong(2100, 4001);
                ue.timer().schedule(wait, () -> sendOffer(method, out, before, codecBefore, true));
                return;
            }
            offering = false;
            if (r == null || !r.isSuccess()) {
                localHold = before[0];
                wantVideo = before[1];
                videoLine = before[2];
                audioCodec = codecBefore;
                if (!wantVideo) closeVideo();
                if (e != null) out.completeExceptionally(e);
                else out.complete(r);
                return;
            }
            try {
                if (r.bodyLength() > 0) applySession(parseSdp(r), null);
            } catch (MediaNegotiation.NotAcceptable ex) {
                // the answer is unusable: keep the media as it was, say so through the response
            }
            out.complete(r);
        }));
    }

    /** Our offer as we want the session now: hold, codec, video. */
    private SessionDescription localOffer() {
        int port = rtp == null ? 9 : rtp.localAddress().getPort();
        int videoPort = !videoLine ? MediaNegotiation.NO_VIDEO_LINE : wantVideo && video != null ? video.localAddress().getPort() : 0;
        return MediaNegotiation.offer(ue.config().impu().user(), sessionId, ++sdpVersion, ue.config().localHost(), port, audioCodec,
                localHold ? Direction.SENDONLY : Direction.SENDRECV, videoPort);
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
        applySession(remote, null);
    }

    /**
     * Makes RTP follow a finished offer/answer: the peer's addresses from {@code remote}; directions and
     * codec from our own answer when we answered ({@code ourAnswer}), else from the peer's answer.
     */
    private void applySession(SessionDescription remote, SessionDescription ourAnswer) throws MediaNegotiation.NotAcceptable {
        MediaNegotiation.Media m = MediaNegotiation.media(remote);
        RtpSession s = rtp;
        if (s == null) return;
        org.imsemu.rtp.MediaDirection dir = m.direction();
        int pt = m.payloadType();
        if (ourAnswer != null) {
            MediaNegotiation.Media mine = MediaNegotiation.media(ourAnswer);
            pt = mine.payloadType();
            dir = MediaNegotiation.toRtp(MediaNegotiation.audioDirection(ourAnswer));
            if (m.direction() == org.imsemu.rtp.MediaDirection.INACTIVE || m.direction() == org.imsemu.rtp.MediaDirection.RECV_ONLY) {
                dir = dir.receives() ? org.imsemu.rtp.MediaDirection.RECV_ONLY : org.imsemu.rtp.MediaDirection.INACTIVE; // port 0 or c=0.0.0.0
            }
        }
        s.payloadType(pt).direction(dir);
        if (m.remote().getPort() > 0) s.remote(m.remote());
        applyVideo(remote, ourAnswer);
    }

    private void applyVideo(SessionDescription remote, SessionDescription ourAnswer) {
        MediaNegotiation.Media vm = MediaNegotiation.videoMedia(remote).orElse(null);
        MediaDescription ours = ourAnswer == null ? null : MediaNegotiation.video(ourAnswer).orElse(null);
        boolean active = vm != null && vm.remote().getPort() > 0 && (ourAnswer == null || (ours != null && ours.port() > 0));
        if (!active || video == null || !wantVideo && ourAnswer == null) {
            closeVideo();
            return;
        }
        org.imsemu.rtp.MediaDirection dir = ours != null ? MediaNegotiation.toRtp(ourAnswer.effectiveDirection(ours)) : vm.direction();
        video.remote(vm.remote());
        video.direction(dir);
        if (state == CallState.ESTABLISHED) video.start();
    }

    private void closeVideo() {
        VideoStream v = video;
        if (v == null) return;
        videoSentBefore += v.packetsSent();
        videoReceivedBefore += v.packetsReceived();
        v.close();
        video = null;
    }

    private void established() {
        state = CallState.ESTABLISHED;
        if (rtp != null && !answerInAck) rtp.start();
        answered.complete(this);
        ue.callAnswered(this);
        Call old = replaced;
        if (old != null && incoming) old.sendBye(); // RFC 3891 3: the replaced dialog ends with BYE
    }

    /** Whether this call's confirmed dialog is the one {@code r} names. Stack thread. */
    boolean isDialog(Replaces r) {
        return state == CallState.ESTABLISHED && dialog != null && !dialog.isTerminated() && r.matches(dialog);
    }

    private void stopMedia() {
        RtpSession s = rtp;
        if (s != null) s.close();
        if (video != null) ue.onStack(this::closeVideo);
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
