package org.imsemu.conformance;

import java.util.Locale;
import java.util.Objects;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;

/**
 * Which message a step expects: a SIP request method ("INVITE"), a status code ("180") or a status class
 * ("2xx"), optionally narrowed to the method in CSeq ("200" answering "BYE"); or a Diameter command by
 * its abbreviation ("MAR", "SAA"), optionally with the Result-Code or Experimental-Result-Code it must
 * carry.
 *
 * @param cseqMethod the method the CSeq must name, or null for any (SIP)
 * @param diameter   whether the message is a Diameter command
 * @param result     the result code a Diameter answer must carry, or null for any
 */
public record MessagePattern(String message, String cseqMethod, boolean diameter, Long result) {
    public MessagePattern(String message, String cseqMethod) {
        this(message, cseqMethod, false, null);
    }

    /** A Diameter command ("UAR", "UAA") and, for an answer, its expected result (or null). */
    public static MessagePattern diameter(String command, Long result) {
        return new MessagePattern(command, null, true, result);
    }

    public MessagePattern {
        Objects.requireNonNull(message, "message");
        message = message.strip();
        if (message.isEmpty()) throw new IllegalArgumentException("empty message pattern");
        if (diameter) {
            if (!message.matches("[A-Z]{2,4}")) throw new IllegalArgumentException("not a Diameter command abbreviation like MAR: \"" + message + "\"");
            if (cseqMethod != null) throw new IllegalArgumentException("cseq is for SIP steps");
        } else if (result != null) {
            throw new IllegalArgumentException("result is for Diameter steps");
        } else if (isStatus(message)) {
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

    /** Whether the observed message, SIP or Diameter, is this one. */
    public boolean matches(ObservedMessage m) {
        if (m.isDiameter()) {
            return diameter && m.diameter().command().equals(message) && (result == null || result.equals(m.diameter().result()));
        }
        return !diameter && matches(m.message());
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
        if (diameter) return "Diameter " + message + (result == null ? "" : " " + result);
        return cseqMethod == null ? message : message + " (" + cseqMethod + ")";
    }
}
