package org.imsemu.sip.codec;

/**
 * A SIP message, header or URI that does not follow the RFC 3261 grammar.
 * The message is the reason phrase a 400 response carries, so keep it short and specific.
 */
public class SipParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SipParseException(String message) {
        super(message, null, false, false); // no stack trace: malformed input is an expected event, not a bug
    }
}
