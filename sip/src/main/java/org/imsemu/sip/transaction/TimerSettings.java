package org.imsemu.sip.transaction;

/** RFC 3261 timer base values (section 17.1.1.1 and table 4), in milliseconds. */
public record TimerSettings(long t1, long t2, long t4) {
    public static final TimerSettings DEFAULT = new TimerSettings(500, 4000, 5000);

    /** Timers B, F, H and J: 64*T1. */
    public long timeout() {
        return 64 * t1;
    }
}
