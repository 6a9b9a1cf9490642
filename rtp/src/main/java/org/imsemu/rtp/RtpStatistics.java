package org.imsemu.rtp;

/**
 * A snapshot of one {@link RtpSession}'s counters. Sender side: what we sent (octets are payload octets,
 * as in an RTCP sender report). Receiver side: every well-formed packet that arrived
 * ({@code packetsReceived}, {@code bytesReceived}), and the RFC 3550 figures of the current remote
 * source (A.1 expected and lost, A.8 jitter). Audio: packets whose decoded G.711 payload had an RMS
 * level above {@link RtpSession#AUDIO_RMS_THRESHOLD}, the proof that a tone, not silence, arrived.
 *
 * @param expected             packets expected from the remote source (A.3), 0 before any
 * @param cumulativeLost       expected minus received (may be negative with duplicates)
 * @param lossFraction         lost / expected since the start, 0..1
 * @param jitterMs             interarrival jitter (A.8) in milliseconds
 * @param lastPayloadType      payload type of the last packet received, -1 before any
 * @param remoteSsrc           SSRC of the current remote source, -1 before any
 * @param lastAudioRms         RMS level of the last G.711 packet received (16-bit linear units)
 * @param malformedReceived    datagrams that were not valid RTP
 */
public record RtpStatistics(long localSsrc, long packetsSent, long bytesSent,
                            long packetsReceived, long bytesReceived, long expected, long cumulativeLost,
                            double lossFraction, double jitterMs, long extendedHighestSequence,
                            int lastPayloadType, long remoteSsrc, long audioPacketsReceived, double lastAudioRms,
                            long malformedReceived) {

    public static final RtpStatistics EMPTY = new RtpStatistics(-1, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, -1, 0, 0, 0);

    /** Whether audible audio (not silence) arrived. */
    public boolean audioDetected() {
        return audioPacketsReceived > 0;
    }

    /** One line for logs and the CLI. */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "sent %d packets (%d octets), received %d packets (%d octets), expected %d, lost %d (%.1f %%), jitter %.2f ms, last PT %s, audio %s",
                packetsSent, bytesSent, packetsReceived, bytesReceived, expected, cumulativeLost, lossFraction * 100, jitterMs,
                lastPayloadType < 0 ? "-" : Integer.toString(lastPayloadType),
                audioDetected() ? String.format(java.util.Locale.ROOT, "detected (RMS %.0f)", lastAudioRms) : "not detected");
    }
}
