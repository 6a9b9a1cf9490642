package org.imsemu.hss.store;

import java.util.HexFormat;
import java.util.Objects;

/** How a private identity authenticates: a Digest password, or IMS AKA keys (TS 33.203). */
public sealed interface Credentials {

    /** SIP Digest (RFC 2617) with a clear-text password, for clients without AKA. */
    record DigestPassword(String password) implements Credentials {
        public DigestPassword {
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "DigestPassword[***]";
        }
    }

    /**
     * IMS AKA: the subscriber key K and operator variant OP or OPc (16 bytes each) and the AMF (2 bytes),
     * as lower-case hex. Exactly one of op and opc is given.
     */
    record Aka(String k, String op, String opc, String amf) implements Credentials {
        public Aka {
            k = hex(k, 16, "K");
            op = op == null ? null : hex(op, 16, "OP");
            opc = opc == null ? null : hex(opc, 16, "OPc");
            amf = hex(amf, 2, "AMF");
            if ((op == null) == (opc == null)) throw new IllegalArgumentException("give exactly one of OP and OPc");
        }

        private static String hex(String value, int bytes, String what) {
            Objects.requireNonNull(value, what);
            String v = value.toLowerCase(java.util.Locale.ROOT);
            byte[] b;
            try {
                b = HexFormat.of().parseHex(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(what + " is not hex: " + value);
            }
            if (b.length != bytes) throw new IllegalArgumentException(what + " must be " + bytes + " bytes, not " + b.length);
            return v;
        }

        @Override
        public String toString() {
            return "Aka[K=***, " + (op != null ? "OP" : "OPc") + "=***, AMF=" + amf + "]";
        }
    }

    /** "digest" or "aka": the column value and the CLI's word. */
    default String scheme() {
        return this instanceof Aka ? "aka" : "digest";
    }
}
