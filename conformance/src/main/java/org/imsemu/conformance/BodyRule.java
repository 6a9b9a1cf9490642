package org.imsemu.conformance;

import java.util.Locale;
import org.imsemu.sip.message.SipMessage;

/**
 * A condition on a message body: present with a given media type (compared without parameters, ignoring
 * case, e.g. "application/sdp") and, optionally, text found in it (an SDP direction attribute such as
 * a=sendonly, a sipfrag status line), or absent.
 *
 * @param contentType required media type when present, or null for any
 * @param pattern     a regular expression that must be found in the body (read as UTF-8), or null
 */
public record BodyRule(boolean present, String contentType, java.util.regex.Pattern pattern) {
    public BodyRule {
        if (!present && (contentType != null || pattern != null)) throw new IllegalArgumentException("an absent body has no content type or pattern");
    }

    public BodyRule(boolean present, String contentType) {
        this(present, contentType, null);
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
        if (contentType != null) {
            String ct = m.header("Content-Type");
            if (ct == null) return "body without Content-Type, " + contentType + " expected";
            String mediaType = ct.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
            if (!mediaType.equals(contentType.toLowerCase(Locale.ROOT))) return "body of type " + mediaType + ", " + contentType + " expected";
        }
        if (pattern != null) {
            String text = new String(m.body(), java.nio.charset.StandardCharsets.UTF_8);
            if (!pattern.matcher(text).find()) return "body does not contain /" + pattern.pattern() + "/";
        }
        return null;
    }

    @Override
    public String toString() {
        if (!present) return "no body";
        return "body " + (contentType == null ? "present" : contentType) + (pattern == null ? "" : " ~ /" + pattern.pattern() + "/");
    }
}
