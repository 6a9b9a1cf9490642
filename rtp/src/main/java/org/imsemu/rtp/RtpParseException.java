package org.imsemu.rtp;

/** Bytes that are not a valid RTP packet (RFC 3550 section 5.1); the message says which rule failed. */
public final class RtpParseException extends IllegalArgumentException {
    public RtpParseException(String message) {
        super(message);
    }
}
