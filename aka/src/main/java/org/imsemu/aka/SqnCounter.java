package org.imsemu.aka;

import java.util.function.LongSupplier;

/**
 * An in-memory SQN_HE for one subscriber (the HSS persists the same value in its database): each
 * {@link #getAsLong()} advances it by one SEQ and returns the SQN for the next vector. Thread-safe.
 */
public final class SqnCounter implements LongSupplier {
    private long sqnHe;

    /** @param sqnHe the last SQN used (0 for a new subscriber: the first vector has SEQ 1) */
    public SqnCounter(long sqnHe) {
        SequenceNumbers.toBytes(sqnHe);
        this.sqnHe = sqnHe;
    }

    @Override
    public synchronized long getAsLong() {
        sqnHe = SequenceNumbers.next(sqnHe);
        return sqnHe;
    }

    public synchronized long current() {
        return sqnHe;
    }

    /** Sets SQN_HE after a resynchronisation ({@link VectorGenerator.ResyncOutcome.Resynchronised#newSqnHe()}). */
    public synchronized void reset(long newSqnHe) {
        SequenceNumbers.toBytes(newSqnHe);
        sqnHe = newSqnHe;
    }
}
