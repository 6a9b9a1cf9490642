package org.imsemu.ue;

import org.imsemu.rtp.RtpStatistics;

/**
 * How a call ended.
 *
 * @param status the INVITE's final status (200 for a call that was established, 487 when cancelled...)
 * @param rtp    the media statistics at the end (empty when no RTP session was started)
 */
public record CallEnd(Cause cause, int status, String reason, RtpStatistics rtp) {

    public enum Cause {
        /** We sent BYE. */
        LOCAL_BYE,
        /** The peer sent BYE. */
        REMOTE_BYE,
        /** The INVITE was cancelled, by us (outgoing) or by the caller (incoming). */
        CANCELLED,
        /** The INVITE got (or we answered it with) a final failure. */
        REJECTED,
        /** Something else went wrong: no RTP port, unusable SDP, a request in the dialog failed, no ACK. */
        FAILED,
        /** The UE was closed while the call was up. */
        CLOSED
    }

    public boolean wasEstablished() {
        return status >= 200 && status < 300;
    }
}
