package org.imsemu.as;

/**
 * On whose behalf the S-CSCF sent the request to the AS (TS 24.229 §5.4.3.2/§5.4.3.3), as the
 {@code sescase} parameter of P-Served-User says (RFC 5502).
 */
public enum SessionCase {
    /** The served user is the caller ("orig"). */
    ORIGINATING("orig"),
    /** The served user is the callee ("term"). */
    TERMINATING("term"),
    /** No P-Served-User, or no sescase in it (e.g. a request inside a dialog). */
    UNKNOWN(null);

    private final String token;

    SessionCase(String token) {
        this.token = token;
    }

    /** The sescase token, or null for {@link #UNKNOWN}. */
    public String token() {
        return token;
    }

    public static SessionCase fromToken(String t) {
        if (t == null) return UNKNOWN;
        for (SessionCase c : values()) if (t.equalsIgnoreCase(c.token == null ? "" : c.token)) return c;
        return UNKNOWN;
    }
}
