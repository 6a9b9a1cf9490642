package org.imsemu.aka;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * The HSS/AuC side of AKA: makes authentication vectors (TS 33.102 6.3.2) and handles resynchronisation
 * (6.3.5). Stateless apart from the RAND source; the SQN_HE counter belongs to the caller (the HSS keeps
 * it per subscriber in its database; {@link SqnCounter} is an in-memory one).
 */
public final class VectorGenerator {
    private static final byte[] RESYNC_AMF = new byte[Milenage.AMF_LENGTH];

    private final RandomGenerator random;

    public VectorGenerator() {
        this(new SecureRandom());
    }

    /** @param random source of RAND (tests pass a seeded one) */
    public VectorGenerator(RandomGenerator random) {
        this.random = random;
    }

    /** A vector for SQN {@code sqn} with a fresh RAND. */
    public AuthenticationVector generate(AkaKeys keys, byte[] amf, long sqn) {
        byte[] rand = new byte[Milenage.RAND_LENGTH];
        random.nextBytes(rand);
        return generate(keys, amf, sqn, rand);
    }

    /** A vector for the next SQN the counter gives. */
    public AuthenticationVector generate(AkaKeys keys, byte[] amf, LongSupplier sqnSource) {
        return generate(keys, amf, sqnSource.getAsLong());
    }

    /** A vector for this SQN and RAND: AUTN = SQN XOR AK || AMF || f1(RAND, SQN, AMF). */
    public AuthenticationVector generate(AkaKeys keys, byte[] amf, long sqn, byte[] rand) {
        Octets.require(amf, Milenage.AMF_LENGTH, "AMF");
        Milenage m = keys.milenage();
        byte[] sqnBytes = SequenceNumbers.toBytes(sqn);
        Milenage.F2345 f = m.f2345(rand);
        byte[] mac = m.f1(rand, sqnBytes, amf);
        byte[] autn = Octets.concat(Octets.xor(sqnBytes, f.ak()), amf, mac);
        return new AuthenticationVector(rand, f.res(), f.ck(), f.ik(), autn, sqn);
    }

    /**
     * TS 33.102 6.3.5: checks MAC-S in AUTS = SQN_MS XOR AK* || MAC-S (f1* with AMF = 0000) and, when it
     * is right, says which SQN_HE to continue from: the current one when its successor would already be
     * accepted by the USIM, else SQN_MS.
     */
    public ResyncOutcome resynchronise(AkaKeys keys, byte[] rand, byte[] auts, long sqnHe) {
        return resynchronise(keys, rand, auts, sqnHe, SequenceNumbers.DEFAULT_DELTA);
    }

    public ResyncOutcome resynchronise(AkaKeys keys, byte[] rand, byte[] auts, long sqnHe, long delta) {
        Octets.require(auts, Auts.LENGTH, "AUTS");
        Milenage m = keys.milenage();
        byte[] sqnMsBytes = Octets.xor(Octets.slice(auts, 0, 6), m.f5star(rand));
        byte[] xmacS = m.f1star(rand, sqnMsBytes, RESYNC_AMF);
        if (!MessageDigest.isEqual(xmacS, Octets.slice(auts, 6, 8))) return new ResyncOutcome.InvalidAuts();
        long sqnMs = SequenceNumbers.fromBytes(sqnMsBytes);
        long nextSeq = SequenceNumbers.seq(sqnHe) + 1;
        long msSeq = SequenceNumbers.seq(sqnMs);
        boolean heStillFine = nextSeq > msSeq && nextSeq - msSeq <= delta;
        return new ResyncOutcome.Resynchronised(sqnMs, heStillFine ? sqnHe : sqnMs);
    }

    /** The result of checking an AUTS. */
    public sealed interface ResyncOutcome {
        /** MAC-S verified; continue with {@code SequenceNumbers.next(newSqnHe)}. */
        record Resynchronised(long sqnMs, long newSqnHe) implements ResyncOutcome {
        }

        /** MAC-S wrong: the AUTS is not from this subscriber's USIM (or not for this RAND). */
        record InvalidAuts() implements ResyncOutcome {
        }
    }
}
