package org.imsemu.hss;

/**
 * A 3GPP outcome (TS 29.229 §6.2, TS 29.329 §6.2) that ends a request: answered with an
 * Experimental-Result (Vendor-Id 10415) instead of a Result-Code.
 */
final class ExperimentalResultException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long code;

    ExperimentalResultException(long code, String message) {
        super(message);
        this.code = code;
    }

    long code() {
        return code;
    }
}
