package org.imsemu.aka;

import java.util.Base64;

/**
 * The Digest AKA nonce of RFC 3310 section 3.2: base64(RAND || AUTN || optional server-specific data).
 * Immutable; accessors return copies.
 */
public final class AkaNonce {
    private final byte[] rand;
    private final byte[] autn;
    private final byte[] serverData;

    private AkaNonce(byte[] rand, byte[] autn, byte[] serverData) {
        this.rand = Octets.require(rand, Milenage.RAND_LENGTH, "RAND");
        this.autn = Octets.require(autn, AuthenticationVector.AUTN_LENGTH, "AUTN");
        this.serverData = serverData == null ? new byte[0] : serverData.clone();
    }

    public static AkaNonce of(byte[] rand, byte[] autn, byte[] serverData) {
        return new AkaNonce(rand, autn, serverData);
    }

    /** base64(RAND || AUTN), the nonce an S-CSCF puts in its 401 challenge. */
    public static String encode(byte[] rand, byte[] autn) {
        return of(rand, autn, null).encoded();
    }

    /** base64(RAND || AUTN || serverData); server data lets a server make the nonce unique or stateless. */
    public static String encode(byte[] rand, byte[] autn, byte[] serverData) {
        return of(rand, autn, serverData).encoded();
    }

    /**
     * Parses a nonce parameter value (quotes already removed). Accepts padded or unpadded base64.
     *
     * @throws IllegalArgumentException when it is not base64 or shorter than RAND || AUTN (32 octets)
     */
    public static AkaNonce decode(String nonce) {
        if (nonce == null) throw new IllegalArgumentException("AKA nonce is missing");
        byte[] b;
        try {
            b = Base64.getDecoder().decode(nonce.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("AKA nonce is not base64: '" + nonce + "'", e);
        }
        int min = Milenage.RAND_LENGTH + AuthenticationVector.AUTN_LENGTH;
        if (b.length < min) {
            throw new IllegalArgumentException("AKA nonce holds " + b.length + " octets, fewer than RAND || AUTN (" + min + ")");
        }
        return new AkaNonce(Octets.slice(b, 0, 16), Octets.slice(b, 16, 16), Octets.slice(b, min, b.length - min));
    }

    public byte[] rand() {
        return rand.clone();
    }

    public byte[] autn() {
        return autn.clone();
    }

    public byte[] serverData() {
        return serverData.clone();
    }

    public String encoded() {
        return Base64.getEncoder().encodeToString(Octets.concat(rand, autn, serverData));
    }

    @Override
    public String toString() {
        return encoded();
    }
}
