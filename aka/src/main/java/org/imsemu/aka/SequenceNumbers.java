package org.imsemu.aka;

/**
 * SQN arithmetic of TS 33.102 Annex C (profile C.1.1.2/C.3): the 48-bit SQN is SEQ (43 bits) || IND (5
 * bits). The HSS counts SEQ up by one per vector and, in this emulator, always uses IND = 0 (one AuC, one
 * serving domain), so consecutive SQNs differ by 32. The UE keeps one SEQ_MS per IND value and accepts SQN
 * when SEQ > SEQ_MS(IND) and SEQ - SEQ_MS &lt;= delta, where SEQ_MS is the highest SEQ accepted so far
 * ({@link UsimSqnState}); the age limit L of C.2.2 is not applied.
 */
public final class SequenceNumbers {
    public static final int IND_BITS = 5;
    /** a = 2^IND_BITS entries in the UE's SEQ_MS array. */
    public static final int IND_COUNT = 1 << IND_BITS;
    public static final long MAX_SQN = (1L << 48) - 1;
    public static final long MAX_SEQ = MAX_SQN >>> IND_BITS;
    /** The window delta in SEQ units: 2^28, the value TS 33.102 C.3.2 suggests. */
    public static final long DEFAULT_DELTA = 1L << 28;
    /** The IND the HSS uses for every vector. */
    public static final int HSS_IND = 0;

    private SequenceNumbers() {
    }

    public static long seq(long sqn) {
        return check(sqn) >>> IND_BITS;
    }

    public static int ind(long sqn) {
        return (int) (check(sqn) & (IND_COUNT - 1));
    }

    public static long sqn(long seq, int ind) {
        if (seq < 0 || seq > MAX_SEQ) throw new IllegalArgumentException("SEQ out of range: " + seq);
        if (ind < 0 || ind >= IND_COUNT) throw new IllegalArgumentException("IND out of range: " + ind);
        return (seq << IND_BITS) | ind;
    }

    /** The SQN of the next vector after {@code sqnHe}: SEQ + 1 with IND = {@link #HSS_IND}. */
    public static long next(long sqnHe) {
        long seq = seq(sqnHe);
        if (seq == MAX_SEQ) throw new IllegalStateException("SQN space exhausted for this subscriber");
        return sqn(seq + 1, HSS_IND);
    }

    /** The 6-octet big-endian form used in AUTN and AUTS. */
    public static byte[] toBytes(long sqn) {
        check(sqn);
        byte[] b = new byte[Milenage.SQN_LENGTH];
        for (int i = 5; i >= 0; i--) {
            b[i] = (byte) sqn;
            sqn >>>= 8;
        }
        return b;
    }

    public static long fromBytes(byte[] b) {
        Octets.require(b, Milenage.SQN_LENGTH, "SQN");
        long v = 0;
        for (byte x : b) v = (v << 8) | (x & 0xFF);
        return v;
    }

    private static long check(long sqn) {
        if (sqn < 0 || sqn > MAX_SQN) throw new IllegalArgumentException("SQN must be 48 bits: " + sqn);
        return sqn;
    }
}
