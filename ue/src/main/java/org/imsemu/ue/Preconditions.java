package org.imsemu.ue;

import java.util.ArrayList;
import java.util.List;
import org.imsemu.sdp.MediaDescription;
import org.imsemu.sdp.PreconditionAttribute;
import org.imsemu.sdp.PreconditionAttribute.StatusDirection;
import org.imsemu.sdp.PreconditionAttribute.StatusType;
import org.imsemu.sdp.PreconditionAttribute.Strength;
import org.imsemu.sdp.SessionDescription;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipMessage;

/**
 * QoS preconditions with the segmented status type (RFC 3312, RFC 4032, TS 24.229 6.1.2): each end
 * reports its own access segment as "local" and what it knows of the peer's as "remote"; both segments
 * are desired mandatory in both directions. A UE's "resources" are ready as soon as it says so (the
 * emulator reserves nothing). Stateless helpers.
 */
final class Preconditions {
    static final String OPTION_TAG = "precondition";

    private Preconditions() {
    }

    /**
     * {@code sdp} with, on every active audio or video m-line, our current status ({@code localReady}:
     * our segment; {@code remoteReady}: the peer's segment as we know it), the desired status (mandatory,
     * sendrecv, both segments) and, when {@code askConfirmation}, a request to be told when the peer's
     * segment is ready (a=conf, RFC 3312 5.1).
     */
    static SessionDescription withStatus(SessionDescription sdp, boolean localReady, boolean remoteReady, boolean askConfirmation) {
        List<MediaDescription> media = new ArrayList<>();
        for (MediaDescription m : sdp.media()) {
            if (m.port() == 0) {
                media.add(m);
                continue;
            }
            MediaDescription out = m.withoutAttribute("curr").withoutAttribute("des").withoutAttribute("conf")
                    .withAttribute(PreconditionAttribute.curr(PreconditionAttribute.QOS, StatusType.LOCAL, status(localReady)).toAttribute())
                    .withAttribute(PreconditionAttribute.curr(PreconditionAttribute.QOS, StatusType.REMOTE, status(remoteReady)).toAttribute())
                    .withAttribute(PreconditionAttribute.des(PreconditionAttribute.QOS, Strength.MANDATORY, StatusType.LOCAL, StatusDirection.SENDRECV).toAttribute())
                    .withAttribute(PreconditionAttribute.des(PreconditionAttribute.QOS, Strength.MANDATORY, StatusType.REMOTE, StatusDirection.SENDRECV).toAttribute());
            if (askConfirmation) {
                out = out.withAttribute(PreconditionAttribute.conf(PreconditionAttribute.QOS, StatusType.REMOTE, StatusDirection.SENDRECV).toAttribute());
            }
            media.add(out);
        }
        return sdp.withMedia(media);
    }

    private static StatusDirection status(boolean ready) {
        return ready ? StatusDirection.SENDRECV : StatusDirection.NONE;
    }

    /** Whether the description carries a desired qos status on some active m-line. */
    static boolean present(SessionDescription sdp) {
        for (MediaDescription m : sdp.media()) {
            if (m.port() == 0) continue;
            for (PreconditionAttribute p : safe(m)) {
                if (p.kind() == PreconditionAttribute.Kind.DES && p.preconditionType().equals(PreconditionAttribute.QOS)) return true;
            }
        }
        return false;
    }

    /**
     * Whether the sender of {@code sdp} reports its own segment ready in both directions on every active
     * m-line that has preconditions (its a=curr:qos local sendrecv).
     */
    static boolean senderReady(SessionDescription sdp) {
        boolean any = false;
        for (MediaDescription m : sdp.media()) {
            if (m.port() == 0) continue;
            for (PreconditionAttribute p : safe(m)) {
                if (p.kind() == PreconditionAttribute.Kind.CURR && p.statusType() == StatusType.LOCAL) {
                    if (p.direction() != StatusDirection.SENDRECV) return false;
                    any = true;
                }
            }
        }
        return any;
    }

    /** Whether {@code m}, a SIP request or response, names precondition in the header. */
    static boolean named(SipMessage m, String header) {
        for (String t : m.optionTags(header)) if (t.equalsIgnoreCase(OPTION_TAG)) return true;
        return false;
    }

    private static List<PreconditionAttribute> safe(MediaDescription m) {
        try {
            return m.preconditions();
        } catch (IllegalArgumentException e) {
            return List.of(); // a malformed precondition is no precondition
        }
    }
}
