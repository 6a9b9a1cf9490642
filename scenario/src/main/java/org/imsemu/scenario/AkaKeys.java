package org.imsemu.scenario;

import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A subscriber's secrets for IMS AKA (Milenage, TS 35.206): K, either OP or OPc, and AMF.
 * Kept as lower-case hex so the record stays immutable; the byte accessors return fresh arrays.
 */
public record AkaKeys(String k, Optional<String> op, Optional<String> opc, String amf) {

    /** AMF used when a scenario gives none: the separation bit set, as for E-UTRAN (TS 33.401 annex H). */
    public static final String DEFAULT_AMF = "8000";

    public AkaKeys {
        k = hex(k, 32, "K");
        op = op.map(v -> hex(v, 32, "OP"));
        opc = opc.map(v -> hex(v, 32, "OPc"));
        amf = hex(amf, 4, "AMF");
        if (op.isPresent() == opc.isPresent()) {
            throw new IllegalArgumentException("give either OP or OPc with K (exactly one of them)");
        }
    }

    public byte[] kBytes() {
        return HexFormat.of().parseHex(k);
    }

    public Optional<byte[]> opBytes() {
        return op.map(HexFormat.of()::parseHex);
    }

    public Optional<byte[]> opcBytes() {
        return opc.map(HexFormat.of()::parseHex);
    }

    public byte[] amfBytes() {
        return HexFormat.of().parseHex(amf);
    }

    private static String hex(String value, int digits, String what) {
        Objects.requireNonNull(value, what);
        if (value.length() != digits || !value.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException(what + " must be " + digits + " hex digits (" + digits * 4 + " bits)");
        }
        return value.toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return "AkaKeys[k=" + k + op.map(v -> ", op=" + v).orElse("") + opc.map(v -> ", opc=" + v).orElse("") + ", amf=" + amf + "]";
    }
}
