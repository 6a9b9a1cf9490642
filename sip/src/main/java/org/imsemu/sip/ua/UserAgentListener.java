package org.imsemu.sip.ua;

import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;

/**
 * The server side of a {@link UserAgent}: what it receives, on the stack thread. Every method has a
 * default, so an application overrides what it handles. A request passed here must be answered (now or
 * later) through its {@link ServerRequest}.
 */
public interface UserAgentListener {

    /** Why a dialog ended. */
    enum EndCause {
        /** We sent BYE. */
        LOCAL_BYE,
        /** The peer sent BYE. */
        REMOTE_BYE,
        /** Our 2xx to INVITE got no ACK within 64*T1 (13.3.1.4); we sent BYE. */
        ACK_TIMEOUT,
        /** The INVITE was cancelled. */
        CANCELLED,
        /** The INVITE got (or we answered it with) a final failure. */
        REJECTED,
        /** A request in the dialog got 481 or 408, or timed out (12.2.1.2). */
        REQUEST_FAILED,
        /** An early dialog that another fork's 2xx made useless (13.2.2.4), or a second fork's answer we hung up. */
        NOT_CHOSEN,
        /** A subscription's dialog was ended by its user ({@link UserAgent#terminateDialog}), e.g. after NOTIFY "terminated". */
        SUBSCRIPTION_TERMINATED
    }

    /** A new INVITE outside any dialog. The default declines it with 480. */
    default void onInvite(ServerRequest invite) {
        invite.respond(480);
    }

    /**
     * Any other request outside a dialog (OPTIONS, MESSAGE, REGISTER, SUBSCRIBE...). The default answers
     * OPTIONS with 200 and the rest with 405, both with Allow.
     */
    default void onRequest(ServerRequest request) {
        int status = request.request().isMethod("OPTIONS") ? 200 : 405;
        request.respond(request.createResponse(status).withHeader(HeaderNames.ALLOW, UserAgent.ALLOW));
    }

    /**
     * A request inside a dialog other than BYE, ACK and CANCEL, which the UA handles (re-INVITE, UPDATE,
     * INFO, MESSAGE, NOTIFY, OPTIONS, REFER...). Its CSeq has been checked. The default accepts INFO,
     * MESSAGE, NOTIFY, OPTIONS and a bodiless UPDATE or re-INVITE (a session refresh) with 200, and answers
     * anything else with 501.
     */
    default void onDialogRequest(Dialog dialog, ServerRequest request) {
        answerByDefault(request);
    }

    /** The default answer to a request inside a dialog (see {@link #onDialogRequest}), for listeners that pass. */
    static void answerByDefault(ServerRequest request) {
        SipRequest r = request.request();
        boolean refresh = (r.isMethod("INVITE") || r.isMethod("UPDATE")) && r.bodyLength() == 0;
        boolean plain = r.isMethod("INFO") || r.isMethod("MESSAGE") || r.isMethod("NOTIFY") || r.isMethod("OPTIONS");
        request.respond(refresh || plain ? 200 : 501);
    }

    /** The ACK for our 2xx to an INVITE arrived (it may carry the SDP answer). */
    default void onAck(Dialog dialog, SipRequest ack) {
    }

    /** The caller cancelled this INVITE; the UA has answered it with 487 already. */
    default void onCancel(ServerRequest invite) {
    }

    /** A dialog ended (either side, either role). */
    default void onDialogTerminated(Dialog dialog, EndCause cause) {
    }
}
