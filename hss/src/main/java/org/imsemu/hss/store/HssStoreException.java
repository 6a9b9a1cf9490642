package org.imsemu.hss.store;

/** A database problem of the HSS, with the JDBC cause. */
public final class HssStoreException extends RuntimeException {
    public HssStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
