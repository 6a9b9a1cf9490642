package org.imsemu.aka;

import java.nio.charset.StandardCharsets;

/**
 * SIPp 3.6.1 takes aka_K, aka_OP and aka_AMF as the raw octets of the text written in the scenario (16,
 * 16 and 2 characters), not as hex, and OP is OP (not OPc). So a subscriber meant for SIPp has K, OP and
 * AMF whose octets are printable ASCII; in the HSS they are the hex of those characters (K text
 * "0123456789abcdef" is K 30313233343536373839616263646566). This class converts both ways.
 */
public final class SippAkaText {
    private SippAkaText() {
    }

    /** The octets SIPp uses for this text (K or OP: 16 characters; AMF: 2). */
    public static byte[] octets(String text, int length, String what) {
        if (text == null || text.length() != length) {
            throw new IllegalArgumentException(what + " for SIPp must be " + length + " characters, got "
                    + (text == null ? "none" : text.length()));
        }
        for (char c : text.toCharArray()) {
            if (c < 0x21 || c > 0x7E || c == '"' || c == '\\') {
                throw new IllegalArgumentException(what + " for SIPp must be printable ASCII without quotes or backslash");
            }
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** The text to write in a SIPp scenario for these octets, or an error when they are not printable. */
    public static String text(byte[] octets, String what) {
        String s = new String(octets, StandardCharsets.ISO_8859_1);
        octets(s, octets.length, what); // same printable check
        return s;
    }

    /** The hex a scenario/HSS stores for SIPp text, e.g. "0123456789abcdef" -> "3031...6566". */
    public static String hexOf(String text, int length, String what) {
        return Hex.encode(octets(text, length, what));
    }

    /** The keys SIPp derives from its aka_K and aka_OP text. */
    public static AkaKeys keys(String kText, String opText) {
        return AkaKeys.ofOp(octets(kText, 16, "aka_K"), octets(opText, 16, "aka_OP"));
    }
}
