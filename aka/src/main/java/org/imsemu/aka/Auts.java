package org.imsemu.aka;

import java.util.Base64;

/**
 * AUTS (TS 33.102 6.3.3: SQN_MS XOR AK* || MAC-S, 14 octets) as it travels: in the Digest "auts"
 * parameter as base64 (RFC 3310 section 3.4) and, on Cx, inside SIP-Authorization as RAND || AUTS
 * (TS 29.229 6.3.10).
 */
public final class Auts {
    public static final int LENGTH = 14;

    private Auts() {
    }

    /** The value of the Digest auts parameter: base64(AUTS). */
    public static String encode(byte[] auts) {
        return Base64.getEncoder().encodeToString(Octets.require(auts, LENGTH, "AUTS"));
    }

    /**
     * Parses the auts parameter (quotes removed): base64 as RFC 3310 specifies, or 28 hex digits, the form
     * some clients (recent SIPp) send. The two never collide: base64 of 14 octets is 20 characters.
     */
    public static byte[] decode(String auts) {
        if (auts == null) throw new IllegalArgumentException("auts is missing");
        String s = auts.strip();
        if (s.length() == 2 * LENGTH && s.chars().allMatch(c -> Character.digit(c, 16) >= 0)) return Hex.decode(s);
        byte[] b;
        try {
            b = Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("auts is neither base64 nor hex: '" + auts + "'", e);
        }
        if (b.length != LENGTH) throw new IllegalArgumentException("auts holds " + b.length + " octets, not " + LENGTH);
        return b;
    }

    /** RAND || AUTS, the Cx SIP-Authorization AVP value of a resynchronisation MAR. */
    public static byte[] sipAuthorization(byte[] rand, byte[] auts) {
        return Octets.concat(Octets.require(rand, Milenage.RAND_LENGTH, "RAND"), Octets.require(auts, LENGTH, "AUTS"));
    }

    /** Splits a resynchronisation SIP-Authorization (RAND || AUTS, 30 octets). */
    public static Resync fromSipAuthorization(byte[] sipAuthorization) {
        Octets.require(sipAuthorization, Milenage.RAND_LENGTH + LENGTH, "SIP-Authorization (RAND || AUTS)");
        return new Resync(Octets.slice(sipAuthorization, 0, 16), Octets.slice(sipAuthorization, 16, LENGTH));
    }

    /** The RAND of the failed challenge and the AUTS the UE answered it with. */
    public record Resync(byte[] rand, byte[] auts) {
        public Resync {
            rand = Octets.require(rand, Milenage.RAND_LENGTH, "RAND");
            auts = Octets.require(auts, LENGTH, "AUTS");
        }

        @Override
        public byte[] rand() {
            return rand.clone();
        }

        @Override
        public byte[] auts() {
            return auts.clone();
        }
    }
}
