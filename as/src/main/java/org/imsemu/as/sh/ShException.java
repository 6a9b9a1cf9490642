package org.imsemu.as.sh;

import org.imsemu.diameter.ResultCodes;

/**
 * An Sh request failed: the HSS answered with an error Result-Code or Experimental-Result-Code (TS 29.329
 * §6.2), or no answer came. {@link #resultCode()} is 0 when there was no answer at all.
 */
public final class ShException extends RuntimeException {
    /** TS 29.329 §6.2.2: Experimental-Result-Codes of Sh (vendor 10415). */
    public static final long USER_UNKNOWN = 5001;
    public static final long USER_DATA_NOT_RECOGNIZED = 5100;
    public static final long OPERATION_NOT_ALLOWED = 5101;
    public static final long USER_DATA_CANNOT_BE_READ = 5102;
    public static final long USER_DATA_CANNOT_BE_MODIFIED = 5103;
    public static final long USER_DATA_CANNOT_BE_NOTIFIED = 5104;
    public static final long TRANSPARENT_DATA_OUT_OF_SYNC = 5105;
    public static final long USER_DATA_NOT_AVAILABLE = 4100;
    public static final long PRIOR_UPDATE_IN_PROGRESS = 4101;

    private final long resultCode;
    private final boolean experimental;

    public ShException(String message, long resultCode, boolean experimental) {
        super(message);
        this.resultCode = resultCode;
        this.experimental = experimental;
    }

    public ShException(String message, Throwable cause) {
        super(message, cause);
        this.resultCode = 0;
        this.experimental = false;
    }

    public long resultCode() {
        return resultCode;
    }

    /** Whether {@link #resultCode()} is an Experimental-Result-Code (3GPP) rather than a base Result-Code. */
    public boolean isExperimental() {
        return experimental;
    }

    /** The HSS's repository data has moved on (someone else updated it): read again, then retry. */
    public boolean isOutOfSync() {
        return experimental && resultCode == TRANSPARENT_DATA_OUT_OF_SYNC;
    }

    static String describe(long code, boolean experimental) {
        if (!experimental) return ResultCodes.name(code) + " (" + code + ")";
        String name = code == USER_UNKNOWN ? "DIAMETER_ERROR_USER_UNKNOWN"
                : code == TRANSPARENT_DATA_OUT_OF_SYNC ? "DIAMETER_ERROR_TRANSPARENT_DATA_OUT_OF_SYNC"
                : code == USER_DATA_NOT_AVAILABLE ? "DIAMETER_USER_DATA_NOT_AVAILABLE"
                : "Experimental-Result-Code";
        return name + " (" + code + ")";
    }
}
