package org.imsemu.conformance;

import java.util.Locale;
import java.util.Objects;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;

/**
 * Which message a step expects: a request method ("INVITE"), a status code ("180") or a status class
 * ("2xx"), optionally narrowed to the method in CSeq ("200" answering "BYE").
 *
 * @param cseqMethod the method the CSeq must name, or null for any
 */
public record MessagePattern(String message, String cseqMethod) {
    public MessagePattern {
        Objects.requireNonNull(message, "message");
        message = message.strip();
        if (message.isEmpty()) throw new IllegalArgumentException("empty message pattern");
        if (isStatus(message)) {
            message = message.toLowerCase(Locale.ROOT);
        } else if (!message.matches("[A-Z][A-Z-]*")) {
            // Methods are case-sensitive (RFC 3261 7.1); upper case only, so that a typo cannot match nothing.
            throw new IllegalArgumentException("not a SIP method (upper case), status code or class like 2xx: \"" + message + "\"");
        }
        if (cseqMethod != null) {
            cseqMethod = cseqMethod.strip();
            if (!cseqMethod.matches("[A-Z][A-Z-]*")) throw new IllegalArgumentException("cseq must name a method in upper case: \"" + cseqMethod + "\"");
        }
    }

    public static MessagePattern of(String message) {
        return new MessagePattern(message, null);
    }

    private static boolean isStatus(String s) {
        return s.matches("[1-6]([0-9][0-9]|xx|XX)");
    }

    public boolean isResponse() {
        return isStatus(message);
    }

    public boolean matches(SipMessage m) {
        if (m instanceof SipRequest r) {
            return !isResponse() && r.method().equals(message) && cseqMatches(m);
        }
        SipResponse r = (SipResponse) m;
        if (!isResponse()) return false;
        boolean statusMatches = message.endsWith("xx")
                ? r.status() / 100 == message.charAt(0) - '0'
                : Integer.toString(r.status()).equals(message);
        return statusMatches && cseqMatches(m);
    }

    private boolean cseqMatches(SipMessage m) {
        if (cseqMethod == null) return true;
        try {
            return m.cseq() != null && m.cseq().method().equals(cseqMethod);
        } catch (RuntimeException e) {
            return false; // an unreadable CSeq names no method
        }
    }

    @Override
    public String toString() {
        return cseqMethod == null ? message : message + " (" + cseqMethod + ")";
    }
}
