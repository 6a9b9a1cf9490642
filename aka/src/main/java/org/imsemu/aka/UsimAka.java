package org.imsemu.aka;

import java.security.MessageDigest;

/**
 * The UE side of AKA (the USIM/ISIM of TS 33.102 6.3.3) with MILENAGE: given RAND and AUTN it recovers SQN
 * with AK, checks MAC-A, checks SQN freshness against its {@link UsimSqnState}, and answers with RES, CK,
 * IK, or with AUTS on a synchronisation failure, or refuses on a MAC failure. Thread-safe.
 */
public final class UsimAka {
    private static final byte[] RESYNC_AMF = new byte[Milenage.AMF_LENGTH];

    private final Milenage milenage;
    private final UsimSqnState sqnState;

    public UsimAka(AkaKeys keys) {
        this(keys, new UsimSqnState());
    }

    public UsimAka(AkaKeys keys, UsimSqnState sqnState) {
        this.milenage = keys.milenage();
        this.sqnState = sqnState;
    }

    public UsimSqnState sqnState() {
        return sqnState;
    }

    public AkaOutcome authenticate(byte[] rand, byte[] autn) {
        Octets.require(rand, Milenage.RAND_LENGTH, "RAND");
        Octets.require(autn, AuthenticationVector.AUTN_LENGTH, "AUTN");
        Milenage.F2345 f = milenage.f2345(rand);
        byte[] sqnBytes = Octets.xor(Octets.slice(autn, 0, 6), f.ak());
        byte[] amf = Octets.slice(autn, 6, 2);
        byte[] xmac = milenage.f1(rand, sqnBytes, amf);
        if (!MessageDigest.isEqual(xmac, Octets.slice(autn, 8, 8))) return new AkaOutcome.MacFailure();
        if (!sqnState.acceptIfFresh(SequenceNumbers.fromBytes(sqnBytes))) {
            return new AkaOutcome.SyncFailure(auts(rand, sqnState.highestAccepted()));
        }
        return new AkaOutcome.Success(f.res(), f.ck(), f.ik());
    }

    /** The challenge as carried in an RFC 3310 nonce. */
    public AkaOutcome authenticate(AkaNonce nonce) {
        return authenticate(nonce.rand(), nonce.autn());
    }

    /** AUTS = SQN_MS XOR f5*(RAND) || f1*(RAND, SQN_MS, AMF = 0000) (TS 33.102 6.3.3). */
    private byte[] auts(byte[] rand, long sqnMs) {
        byte[] sqnMsBytes = SequenceNumbers.toBytes(sqnMs);
        return Octets.concat(Octets.xor(sqnMsBytes, milenage.f5star(rand)), milenage.f1star(rand, sqnMsBytes, RESYNC_AMF));
    }
}
