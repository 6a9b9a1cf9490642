package org.imsemu.aka;

import java.util.Arrays;

/**
 * The USIM's sequence number memory of TS 33.102 Annex C.2: one SEQ_MS per IND value (32 of them) and the
 * window delta. An SQN is fresh when SEQ &gt; SEQ_MS(IND) (no replay within its IND slot) and
 * SEQ - SEQ_MS &lt;= delta (not implausibly far ahead of the highest SEQ accepted, SEQ_MS). Thread-safe.
 */
public final class UsimSqnState {
    private final long[] seqMs = new long[SequenceNumbers.IND_COUNT];
    private final long delta;
    private long highestSqn;

    /** A fresh USIM: nothing accepted yet, default delta. */
    public UsimSqnState() {
        this(0, SequenceNumbers.DEFAULT_DELTA);
    }

    /**
     * @param highestSqn the highest SQN accepted so far (SEQ_MS || its IND); every IND slot starts at its SEQ
     * @param delta      the window in SEQ units
     */
    public UsimSqnState(long highestSqn, long delta) {
        if (delta < 1) throw new IllegalArgumentException("delta must be positive: " + delta);
        this.delta = delta;
        this.highestSqn = highestSqn;
        Arrays.fill(seqMs, SequenceNumbers.seq(highestSqn));
    }

    /** Whether the SQN is fresh; when it is, records it as accepted. */
    public synchronized boolean acceptIfFresh(long sqn) {
        long seq = SequenceNumbers.seq(sqn);
        int ind = SequenceNumbers.ind(sqn);
        if (seq <= seqMs[ind]) return false;
        if (seq - SequenceNumbers.seq(highestSqn) > delta) return false;
        seqMs[ind] = seq;
        if (seq > SequenceNumbers.seq(highestSqn)) highestSqn = sqn;
        return true;
    }

    /** SQN_MS: the highest SQN accepted so far, the value an AUTS reports. */
    public synchronized long highestAccepted() {
        return highestSqn;
    }

    public long delta() {
        return delta;
    }
}
