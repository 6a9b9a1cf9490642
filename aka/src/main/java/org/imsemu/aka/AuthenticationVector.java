package org.imsemu.aka;

/**
 * One UMTS/IMS authentication vector (TS 33.102 6.3.2): RAND, XRES, CK, IK and AUTN = SQN XOR AK || AMF ||
 * MAC-A, plus the SQN it was made with (the HSS records it; it is not sent). Immutable; accessors return
 * copies.
 */
public final class AuthenticationVector {
    public static final int AUTN_LENGTH = 16;

    private final byte[] rand;
    private final byte[] xres;
    private final byte[] ck;
    private final byte[] ik;
    private final byte[] autn;
    private final long sqn;

    public AuthenticationVector(byte[] rand, byte[] xres, byte[] ck, byte[] ik, byte[] autn, long sqn) {
        this.rand = Octets.require(rand, Milenage.RAND_LENGTH, "RAND");
        if (xres == null || xres.length < 4 || xres.length > 16) throw new IllegalArgumentException("XRES must be 4 to 16 octets");
        this.xres = xres.clone();
        this.ck = Octets.require(ck, 16, "CK");
        this.ik = Octets.require(ik, 16, "IK");
        this.autn = Octets.require(autn, AUTN_LENGTH, "AUTN");
        SequenceNumbers.toBytes(sqn); // range check
        this.sqn = sqn;
    }

    public byte[] rand() {
        return rand.clone();
    }

    public byte[] xres() {
        return xres.clone();
    }

    public byte[] ck() {
        return ck.clone();
    }

    public byte[] ik() {
        return ik.clone();
    }

    public byte[] autn() {
        return autn.clone();
    }

    public long sqn() {
        return sqn;
    }

    /** AMF as carried in AUTN. */
    public byte[] amf() {
        return Octets.slice(autn, 6, 2);
    }

    /** RAND || AUTN: the Cx SIP-Authenticate AVP value (TS 29.229 6.3.9) and the RFC 3310 nonce payload. */
    public byte[] sipAuthenticate() {
        return Octets.concat(rand, autn);
    }

    /** The RFC 3310 nonce for this vector: base64(RAND || AUTN). */
    public String nonce() {
        return AkaNonce.encode(rand, autn);
    }

    @Override
    public String toString() {
        return "AuthenticationVector[rand=" + Hex.encode(rand) + ", autn=" + Hex.encode(autn) + ", sqn=" + sqn + "]";
    }
}
