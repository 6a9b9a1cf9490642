package org.imsemu.nodes.scscf.ifc;

/** The session cases of TS 29.228 annex B (the SessionCase values of a service point trigger). */
public enum SessionCase {
    ORIGINATING(0), TERMINATING_REGISTERED(1), TERMINATING_UNREGISTERED(2), ORIGINATING_UNREGISTERED(3), ORIGINATING_CDIV(4);

    private final int code;

    SessionCase(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean isOriginating() {
        return this == ORIGINATING || this == ORIGINATING_UNREGISTERED || this == ORIGINATING_CDIV;
    }

    public static SessionCase of(int code) {
        for (SessionCase c : values()) {
            if (c.code == code) return c;
        }
        throw new IllegalArgumentException("unknown SessionCase " + code + " (0 to 4)");
    }
}
