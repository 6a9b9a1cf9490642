package org.imsemu.as.samples;

import java.time.Duration;
import java.time.Instant;
import org.imsemu.as.SessionCase;

/**
 * One line of the {@link CallLoggerAs} log.
 *
 * @param kind what happened
 * @param time when the AS saw it
 * @param callId the call's Call-ID (the key that ties the lines of one call together)
 * @param method the request that caused the line (INVITE, BYE), or the INVITE for ANSWERED/FAILED
 * @param servedUser the served user from P-Served-User (for BYE: the one of the call's INVITE), or null
 * @param sessionCase the session case of the call's INVITE
 * @param caller P-Asserted-Identity or From of the INVITE
 * @param callee the INVITE's Request-URI
 * @param status the final status for ANSWERED and FAILED, else 0
 * @param duration for ENDED: from the 2xx to the BYE (zero if the AS saw no 2xx), else null
 */
public record CallEvent(Kind kind, Instant time, String callId, String method, String servedUser, SessionCase sessionCase,
                        String caller, String callee, int status, Duration duration) {

    public enum Kind {
        /** A session-initiating request (initial INVITE) passed the AS. */
        STARTED,
        /** The INVITE got its 2xx. */
        ANSWERED,
        /** The INVITE got a final failure. */
        FAILED,
        /** A BYE ended the call. */
        ENDED
    }

    /** One human-readable line, as the logger prints it. */
    public String line() {
        StringBuilder sb = new StringBuilder().append(time).append(' ').append(kind).append(' ').append(method)
                .append(" call-id=").append(callId).append(" served=").append(servedUser)
                .append(" sescase=").append(sessionCase.token()).append(" from=").append(caller).append(" to=").append(callee);
        if (status != 0) sb.append(" status=").append(status);
        if (duration != null) sb.append(" duration=").append(duration.toMillis()).append("ms");
        return sb.toString();
    }
}
