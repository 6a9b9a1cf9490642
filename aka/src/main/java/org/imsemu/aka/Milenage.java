package org.imsemu.aka;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The MILENAGE algorithm set (3GPP TS 35.206): f1, f1*, f2, f3, f4, f5, f5* for one subscriber key K and
 * operator variant OPc, with the kernel E_K = AES-128 (Rijndael, 128-bit block) from javax.crypto and the
 * constants r1..r5, c1..c5 of TS 35.206 section 4.1. Immutable and thread-safe: each call uses its own
 * Cipher instance.
 */
public final class Milenage {
    public static final int KEY_LENGTH = 16;
    public static final int RAND_LENGTH = 16;
    public static final int SQN_LENGTH = 6;
    public static final int AMF_LENGTH = 2;
    public static final int MAC_LENGTH = 8;
    public static final int RES_LENGTH = 8;
    public static final int AK_LENGTH = 6;

    /** Rotations r1..r5 in bits (TS 35.206 4.1); all are multiples of 8, so rotation is by whole octets. */
    private static final int[] R = {64, 0, 32, 64, 96};
    /** Last octet of c1..c5 (the other 15 octets are zero): 0, 1, 2, 4, 8. */
    private static final int[] C = {0x00, 0x01, 0x02, 0x04, 0x08};

    private final SecretKeySpec k;
    private final byte[] opc;

    private Milenage(byte[] k, byte[] opc) {
        this.k = new SecretKeySpec(Octets.require(k, KEY_LENGTH, "K"), "AES");
        this.opc = Octets.require(opc, KEY_LENGTH, "OPc");
    }

    /** MILENAGE for a subscriber whose operator variant is given as OPc. */
    public static Milenage withOpc(byte[] k, byte[] opc) {
        return new Milenage(k, opc);
    }

    /** MILENAGE for a subscriber whose operator variant is given as OP (OPc is derived). */
    public static Milenage withOp(byte[] k, byte[] op) {
        return new Milenage(k, opc(k, op));
    }

    /** OPc = OP XOR E_K(OP) (TS 35.206 section 4.1). */
    public static byte[] opc(byte[] k, byte[] op) {
        Octets.require(op, KEY_LENGTH, "OP");
        byte[] e = encrypt(cipher(new SecretKeySpec(Octets.require(k, KEY_LENGTH, "K"), "AES")), op);
        return Octets.xor(e, op);
    }

    public byte[] opc() {
        return opc.clone();
    }

    /** f1: the network authentication code MAC-A over SQN and AMF. */
    public byte[] f1(byte[] rand, byte[] sqn, byte[] amf) {
        return Octets.slice(out1(rand, sqn, amf), 0, MAC_LENGTH);
    }

    /** f1*: the resynchronisation authentication code MAC-S (AMF is 0000 for AUTS, TS 33.102 6.3.3). */
    public byte[] f1star(byte[] rand, byte[] sqn, byte[] amf) {
        return Octets.slice(out1(rand, sqn, amf), MAC_LENGTH, MAC_LENGTH);
    }

    /** f2: the response RES (64 bits). */
    public byte[] f2(byte[] rand) {
        return f2345(rand).res();
    }

    /** f3: the cipher key CK. */
    public byte[] f3(byte[] rand) {
        return f2345(rand).ck();
    }

    /** f4: the integrity key IK. */
    public byte[] f4(byte[] rand) {
        return f2345(rand).ik();
    }

    /** f5: the anonymity key AK that conceals SQN in AUTN. */
    public byte[] f5(byte[] rand) {
        Cipher c = cipher(k);
        return Octets.slice(out(c, temp(c, rand), 1), 0, AK_LENGTH);
    }

    /** f5*: the anonymity key AK that conceals SQN_MS in AUTS. */
    public byte[] f5star(byte[] rand) {
        Cipher c = cipher(k);
        return Octets.slice(out(c, temp(c, rand), 4), 0, AK_LENGTH);
    }

    /** f2, f3, f4 and f5 together, sharing TEMP = E_K(RAND XOR OPc). */
    public F2345 f2345(byte[] rand) {
        Cipher c = cipher(k);
        byte[] temp = temp(c, rand);
        byte[] out2 = out(c, temp, 1);
        return new F2345(Octets.slice(out2, 8, RES_LENGTH), out(c, temp, 2), out(c, temp, 3),
                Octets.slice(out2, 0, AK_LENGTH));
    }

    /** RES, CK, IK and AK for one RAND. */
    public record F2345(byte[] res, byte[] ck, byte[] ik, byte[] ak) {
        @Override
        public byte[] res() {
            return res.clone();
        }

        @Override
        public byte[] ck() {
            return ck.clone();
        }

        @Override
        public byte[] ik() {
            return ik.clone();
        }

        @Override
        public byte[] ak() {
            return ak.clone();
        }

        @Override
        public String toString() {
            return "F2345[res=" + Hex.encode(res) + "]"; // keys stay out of logs
        }
    }

    /** OUT1 = E_K(TEMP XOR rot(IN1 XOR OPc, r1) XOR c1) XOR OPc, with IN1 = SQN||AMF||SQN||AMF. */
    private byte[] out1(byte[] rand, byte[] sqn, byte[] amf) {
        Octets.require(sqn, SQN_LENGTH, "SQN");
        Octets.require(amf, AMF_LENGTH, "AMF");
        Cipher c = cipher(k);
        byte[] temp = temp(c, rand);
        byte[] in1 = new byte[16];
        System.arraycopy(sqn, 0, in1, 0, 6);
        System.arraycopy(amf, 0, in1, 6, 2);
        System.arraycopy(in1, 0, in1, 8, 8);
        byte[] x = rotate(Octets.xor(in1, opc), R[0]);
        for (int i = 0; i < 16; i++) x[i] ^= temp[i];
        x[15] ^= (byte) C[0];
        return Octets.xor(encrypt(c, x), opc);
    }

    /** OUTi = E_K(rot(TEMP XOR OPc, ri) XOR ci) XOR OPc for i = 2..5 (index 1..4). */
    private byte[] out(Cipher c, byte[] temp, int index) {
        byte[] x = rotate(Octets.xor(temp, opc), R[index]);
        x[15] ^= (byte) C[index];
        return Octets.xor(encrypt(c, x), opc);
    }

    private byte[] temp(Cipher c, byte[] rand) {
        return encrypt(c, Octets.xor(Octets.require(rand, RAND_LENGTH, "RAND"), opc));
    }

    /** Cyclic rotation of the 128-bit value by {@code bits} towards the most significant bit. */
    private static byte[] rotate(byte[] x, int bits) {
        int shift = bits / 8;
        byte[] out = new byte[16];
        for (int i = 0; i < 16; i++) out[i] = x[(i + shift) % 16];
        return out;
    }

    private static Cipher cipher(SecretKeySpec key) {
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128 (the MILENAGE kernel) is not available", e);
        }
    }

    private static byte[] encrypt(Cipher c, byte[] block) {
        try {
            return c.doFinal(block);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-128 encryption failed", e);
        }
    }

    @Override
    public String toString() {
        return "Milenage[K and OPc withheld]";
    }
}
