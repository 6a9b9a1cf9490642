package org.imsemu.rtp;

/**
 * Receiver statistics of one RTP source, as RFC 3550 appendix A.1 (sequence number validation, extended
 * highest sequence number, expected and lost counts) and A.8 (interarrival jitter) compute them.
 * Mutable and single-threaded: the owner (an {@link RtpSession} on its event loop) feeds it packets.
 */
public final class ReceptionStatistics {
    private static final int RTP_SEQ_MOD = 1 << 16;
    private static final int MAX_DROPOUT = 3000;
    private static final int MAX_MISORDER = 100;

    private final int minSequential;
    private final int clockRate;

    private long ssrc = -1;
    private int maxSeq;          // highest sequence number seen
    private long cycles;         // shifted count of sequence number cycles
    private int baseSeq;
    private int badSeq = RTP_SEQ_MOD + 1; // "impossible" until a jump is seen
    private int probation;
    private long received;       // packets counted once the source is valid
    private boolean valid;

    private boolean haveTransit;
    private long transit;        // relative transit time of the previous packet, timestamp units
    private double jitter;       // in timestamp units (A.8 keeps it as a scaled integer; a double is simpler)

    /**
     * @param minSequential packets in sequence before a source counts as valid (A.1 suggests 2; 1 counts
     *                      from the very first packet, which keeps expected = received + lost exact)
     * @param clockRate     RTP timestamp rate of the payload (8000 for G.711), to report jitter in time
     */
    public ReceptionStatistics(int minSequential, int clockRate) {
        if (minSequential < 1) throw new IllegalArgumentException("minSequential must be at least 1");
        if (clockRate <= 0) throw new IllegalArgumentException("clock rate must be positive");
        this.minSequential = minSequential;
        this.clockRate = clockRate;
    }

    /**
     * Records a packet.
     *
     * @param arrival arrival time in RTP timestamp units (any origin; only differences matter)
     * @return whether the packet counts (false while on probation, for duplicates far out of order, or a
     *         large jump not yet confirmed by the next packet)
     */
    public boolean onPacket(long packetSsrc, int seq, long rtpTimestamp, long arrival) {
        if (packetSsrc != ssrc) { // a new source: statistics start again (A.1 init)
            ssrc = packetSsrc;
            valid = false;
            probation = minSequential;
            maxSeq = seq - 1;
            received = 0;
            haveTransit = false;
            jitter = 0;
        }
        if (!updateSeq(seq)) return false;
        updateJitter(rtpTimestamp, arrival);
        return true;
    }

    /** A.1 update_seq. */
    private boolean updateSeq(int seq) {
        int udelta = (seq - maxSeq) & 0xFFFF;
        if (probation > 0) {
            if (seq == ((maxSeq + 1) & 0xFFFF)) {
                probation--;
                maxSeq = seq;
                if (probation == 0) {
                    initSeq(seq);
                    received++;
                    return true;
                }
            } else {
                probation = minSequential - 1;
                maxSeq = seq;
            }
            return false;
        } else if (udelta < MAX_DROPOUT) {
            if (seq < maxSeq) cycles += RTP_SEQ_MOD; // wrapped
            maxSeq = seq;
        } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
            // a very large jump: accept it only if the next packet follows it (the sender restarted)
            if (seq == badSeq) {
                initSeq(seq);
            } else {
                badSeq = (seq + 1) & 0xFFFF;
                return false;
            }
        } else {
            // duplicate or reordered packet: counted, nothing else changes
        }
        received++;
        return true;
    }

    private void initSeq(int seq) {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = RTP_SEQ_MOD + 1;
        cycles = 0;
        received = 0;
        valid = true;
        haveTransit = false;
    }

    /** A.8: J(i) = J(i-1) + (|D(i-1,i)| - J(i-1))/16, D the difference of relative transit times. */
    private void updateJitter(long rtpTimestamp, long arrival) {
        long t = arrival - rtpTimestamp;
        if (haveTransit) {
            long d = Math.abs(t - transit);
            jitter += (d - jitter) / 16.0;
        }
        transit = t;
        haveTransit = true;
    }

    public boolean isValid() {
        return valid;
    }

    public long ssrc() {
        return ssrc;
    }

    /** Packets counted since the source became valid. */
    public long received() {
        return valid ? received : 0;
    }

    /** Cycles (high 16 bits) plus highest sequence number. */
    public long extendedHighestSequence() {
        return valid ? cycles + maxSeq : -1;
    }

    /** A.3: extended highest minus base plus one. */
    public long expected() {
        return valid ? cycles + maxSeq - baseSeq + 1 : 0;
    }

    /** Expected minus received; negative with duplicates, as A.3 allows. */
    public long cumulativeLost() {
        return expected() - received();
    }

    /** Lost over expected since the start (0 when nothing expected). */
    public double lossFraction() {
        long e = expected();
        return e <= 0 ? 0 : Math.max(0, cumulativeLost()) / (double) e;
    }

    /** Interarrival jitter in timestamp units. */
    public double jitterUnits() {
        return jitter;
    }

    public double jitterMillis() {
        return jitter * 1000.0 / clockRate;
    }

    public int clockRate() {
        return clockRate;
    }
}
