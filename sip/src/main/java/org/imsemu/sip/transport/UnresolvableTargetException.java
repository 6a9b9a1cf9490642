package org.imsemu.sip.transport;

/**
 * A URI leads nowhere a {@link TargetResolver} can send to (no such host, no supported transport). The
 * resolver's future fails with it; the request then fails as with a 503 (RFC 3261 section 8.1.3.1).
 */
public final class UnresolvableTargetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnresolvableTargetException(String message) {
        super(message);
    }
}
