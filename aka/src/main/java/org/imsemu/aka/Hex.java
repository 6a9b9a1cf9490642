package org.imsemu.aka;

import java.util.Locale;

/** Lower-case hex rendering and strict parsing of octet strings (keys and vectors are written in hex). */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    public static String encode(byte[] bytes) {
        char[] c = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            c[2 * i] = DIGITS[(bytes[i] >> 4) & 0xF];
            c[2 * i + 1] = DIGITS[bytes[i] & 0xF];
        }
        return new String(c);
    }

    /** Parses hex digits (either case; an optional "0x" prefix and embedded spaces are allowed). */
    public static byte[] decode(String hex) {
        String s = hex.replace(" ", "");
        if (s.startsWith("0x") || s.startsWith("0X")) s = s.substring(2);
        if (s.length() % 2 != 0) throw new IllegalArgumentException("Odd number of hex digits in '" + hex + "'");
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(s.charAt(2 * i), 16);
            int lo = Character.digit(s.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) throw new IllegalArgumentException("Not a hex string: '" + hex + "'");
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    /** Parses exactly {@code length} octets of hex, naming {@code what} in the error. */
    public static byte[] decode(String hex, int length, String what) {
        byte[] b = decode(hex);
        if (b.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " octets (" + 2 * length
                    + " hex digits), got " + b.length + ": '" + hex.toLowerCase(Locale.ROOT) + "'");
        }
        return b;
    }
}
