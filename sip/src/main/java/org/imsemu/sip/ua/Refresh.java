package org.imsemu.sip.ua;

/**
 * When to refresh a registration or a subscription before it runs out: 600 s before its expiry when it
 * was granted for more than 1200 s, else when half of it has passed. This is the rule of 3GPP TS 24.229
 * (5.1.1.4.1 for the UE's registration, 5.1.1.3 and 5.2.3 for reg event subscriptions), and a sound
 * default for any user agent: long grants are refreshed well ahead, short ones at half time.
 */
public final class Refresh {
    private Refresh() {
    }

    /** Milliseconds from the grant to the refresh, for an expiry of {@code grantedSeconds} (at least 1 s). */
    public static long delayMillis(long grantedSeconds) {
        long seconds = grantedSeconds > 1200 ? grantedSeconds - 600 : Math.max(1, grantedSeconds / 2);
        return seconds * 1000;
    }
}
