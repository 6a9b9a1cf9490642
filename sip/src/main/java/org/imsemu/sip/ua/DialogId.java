package org.imsemu.sip.ua;

import java.util.Objects;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;

/**
 * A dialog's identity from this side (RFC 3261 section 12): Call-ID, local tag, remote tag. The same
 * dialog has local and remote swapped at the other end. Compared exactly (case-sensitively).
 */
public record DialogId(String callId, String localTag, String remoteTag) {
    public DialogId {
        Objects.requireNonNull(callId, "callId");
    }

    /** The dialog a request we received belongs to: our tag is in To, the peer's in From. */
    public static DialogId ofIncomingRequest(SipRequest request) {
        return new DialogId(request.callId(), request.toTag(), request.fromTag());
    }

    /** The dialog a response to our request belongs to: our tag is in From, the peer's in To. */
    public static DialogId ofIncomingResponse(SipResponse response) {
        return new DialogId(response.callId(), response.fromTag(), response.toTag());
    }

    @Override
    public String toString() {
        return callId + ";local=" + localTag + ";remote=" + remoteTag;
    }
}
