package org.imsemu.sip.ua;

/** The next hop's URI could not be resolved to an address; the request fails as with a 503 (8.1.3.1). */
public final class UnresolvableTargetException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnresolvableTargetException(String message) {
        super(message);
    }
}
