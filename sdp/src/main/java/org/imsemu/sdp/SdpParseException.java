package org.imsemu.sdp;

/**
 * Malformed SDP. Checked because SDP comes from the network: the caller has to decide what to answer
 * (typically 488 Not Acceptable Here) rather than let a peer's mistake crash call handling.
 */
public final class SdpParseException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int lineNumber;
    private final String reason;

    public SdpParseException(int lineNumber, String reason) {
        super("line " + lineNumber + ": " + reason);
        this.lineNumber = lineNumber;
        this.reason = reason;
    }

    /** 1-based; one past the last line when the problem is something missing at the end. */
    public int lineNumber() {
        return lineNumber;
    }

    /** The message without the line prefix, e.g. for a Warning header. */
    public String reason() {
        return reason;
    }
}
