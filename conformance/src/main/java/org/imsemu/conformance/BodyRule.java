package org.imsemu.conformance;

import java.util.Locale;
import org.imsemu.sip.message.SipMessage;

/**
 * A condition on a message body: present with a given media type (compared without parameters, ignoring
 * case, e.g. "application/sdp"), or absent.
 *
 * @param contentType required media type when present, or null for any
 */
public record BodyRule(boolean present, String contentType) {
    public BodyRule {
        if (!present && contentType != null) throw new IllegalArgumentException("an absent body has no content type");
    }

    public static BodyRule of(String contentType) {
        return new BodyRule(true, contentType);
    }

    /** What is wrong with the body of {@code m}, or null when the rule holds. */
    public Problem check(SipMessage m) {
        String why = explain(m);
        return why == null ? null : new Problem(Difference.BODY_MISMATCH, why);
    }

    private String explain(SipMessage m) {
        boolean has = m.bodyLength() > 0;
        if (!present) return has ? "body present (" + m.bodyLength() + " bytes, " + m.contentType() + ") but must be absent" : null;
        if (!has) return "missing body" + (contentType == null ? "" : " (" + contentType + ")");
        if (contentType == null) return null;
        String ct = m.header("Content-Type");
        String mediaType = ct == null ? null : ct.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (ct == null) return "body without Content-Type, " + contentType + " expected";
        return mediaType.equals(contentType.toLowerCase(Locale.ROOT)) ? null
                : "body of type " + mediaType + ", " + contentType + " expected";
    }

    @Override
    public String toString() {
        return present ? "body " + (contentType == null ? "present" : contentType) : "no body";
    }
}
