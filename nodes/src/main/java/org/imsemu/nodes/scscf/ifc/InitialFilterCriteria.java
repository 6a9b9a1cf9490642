package org.imsemu.nodes.scscf.ifc;

import java.util.Objects;
import org.imsemu.sip.message.SipRequest;

/**
 * One initial filter criterion of a service profile (TS 29.228 annex B.2.2): when the trigger point
 * matches, the S-CSCF routes the request to the application server. Lower priority values are
 * evaluated first.
 *
 * @param triggerPoint null: the criterion always matches (an unconditional AS)
 * @param registeredOnly the ProfilePartIndicator: true (0) applies only while registered, false (1)
 *                       only while unregistered, null always
 */
public record InitialFilterCriteria(int priority, TriggerPoint triggerPoint, ApplicationServer applicationServer,
                                    Boolean registeredOnly) {

    /**
     * The AS and what the S-CSCF does when it does not answer (DefaultHandling): go on with the next
     * criterion (SESSION_CONTINUED) or end the request (SESSION_TERMINATED).
     */
    public record ApplicationServer(String serverName, DefaultHandling defaultHandling, String serviceInfo) {
        public ApplicationServer {
            Objects.requireNonNull(serverName, "ServerName");
            Objects.requireNonNull(defaultHandling, "DefaultHandling");
        }
    }

    public enum DefaultHandling { SESSION_CONTINUED, SESSION_TERMINATED }

    public InitialFilterCriteria {
        Objects.requireNonNull(applicationServer, "ApplicationServer");
    }

    public boolean matches(SipRequest request, SessionCase sessionCase, boolean registered) {
        if (registeredOnly != null && registeredOnly != registered) return false;
        return triggerPoint == null || triggerPoint.matches(request, sessionCase);
    }
}
