package org.imsemu.sip.transport;

import java.util.Locale;

/** The transports the stack speaks. The name is what Via and the transport URI parameter carry. */
public enum TransportType {
    UDP(false), TCP(true);

    private final boolean reliable;

    TransportType(boolean reliable) {
        this.reliable = reliable;
    }

    /** Reliable transports need no retransmission timers (RFC 3261 section 17). */
    public boolean isReliable() {
        return reliable;
    }

    public static TransportType fromName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
