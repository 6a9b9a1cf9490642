package org.imsemu.sip.transaction;

/**
 * Schedules the RFC 3261 timers. Tasks run on the stack thread, never concurrently with message
 * handling. Production uses {@link WheelTimer}; tests use {@link ManualTimer} and move time by hand.
 */
public interface SipTimer {

    /** A scheduled task that can be cancelled; cancelling a task that ran is harmless. */
    interface Timeout {
        void cancel();
    }

    Timeout schedule(long delayMillis, Runnable task);

    /** Milliseconds on this timer's clock. */
    long now();
}
