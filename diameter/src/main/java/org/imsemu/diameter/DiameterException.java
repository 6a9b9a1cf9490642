package org.imsemu.diameter;

import java.util.Optional;

/**
 * A protocol error with the Result-Code (RFC 6733 §7.1) the peer must be answered with, and the AVP to
 * report in Failed-AVP (§7.5) when one is to blame. Unchecked: request handlers may let it escape, and
 * the node then answers with it.
 */
public class DiameterException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long resultCode;
    private final transient Avp failedAvp;

    public DiameterException(long resultCode, String message) {
        this(resultCode, message, null);
    }

    public DiameterException(long resultCode, String message, Avp failedAvp) {
        super(ResultCodes.name(resultCode) + " (" + resultCode + "): " + message);
        this.resultCode = resultCode;
        this.failedAvp = failedAvp;
    }

    public long resultCode() {
        return resultCode;
    }

    /** The offending AVP, to be wrapped in a Failed-AVP of the error answer. */
    public Optional<Avp> failedAvp() {
        return Optional.ofNullable(failedAvp);
    }
}
