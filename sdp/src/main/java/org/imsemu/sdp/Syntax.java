package org.imsemu.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Lexical checks from the RFC 4566 grammar, shared by the value types so that anything that can be
 * constructed can also be formatted and parsed back unchanged.
 */
final class Syntax {

    private Syntax() {
    }

    /** RFC 4566 token-char. */
    static boolean isTokenChar(char c) {
        return c == 0x21
                || (c >= 0x23 && c <= 0x27)
                || c == 0x2A || c == 0x2B
                || c == 0x2D || c == 0x2E
                || (c >= 0x30 && c <= 0x39)
                || (c >= 0x41 && c <= 0x5A)
                || (c >= 0x5E && c <= 0x7E);
    }

    static String token(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty " + what);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isTokenChar(c)) {
                throw new IllegalArgumentException(
                        "invalid character " + describe(c) + " in " + what + " '" + s + "'");
            }
        }
        return s;
    }

    /** RFC 4566 byte-string: anything but NUL, CR and LF, at least one character. */
    static String text(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty " + what);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c == '\r' || c == '\n') {
                throw new IllegalArgumentException("invalid character " + describe(c) + " in " + what);
            }
        }
        return s;
    }

    static String textOrNull(String s, String what) {
        return s == null ? null : text(s, what);
    }

    /** RFC 4566 non-ws-string: visible characters only. */
    static String nonWs(String s, String what) {
        Objects.requireNonNull(s, what);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty " + what);
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c == 0x7F) {
                throw new IllegalArgumentException(
                        "invalid character " + describe(c) + " in " + what + " '" + s + "'");
            }
        }
        return s;
    }

    static List<String> texts(List<String> list, String what) {
        List<String> copy = List.copyOf(list);
        for (String s : copy) {
            text(s, what);
        }
        return copy;
    }

    static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** Plain decimal digits only: Long.parseLong would also accept a sign. */
    static long parseLong(String s, String what) {
        if (!isDigits(s) || s.length() > 19) {
            throw new IllegalArgumentException("bad " + what + " '" + s + "'");
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + what + " '" + s + "' (too large)");
        }
    }

    /** Unsigned 64-bit, because o= session ids are often NTP timestamps. */
    static long parseUnsignedLong(String s, String what) {
        if (!isDigits(s) || s.length() > 20) {
            throw new IllegalArgumentException("bad " + what + " '" + s + "'");
        }
        try {
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad " + what + " '" + s + "' (too large)");
        }
    }

    static int parseInt(String s, String what, int min, int max) {
        if (!isDigits(s) || s.length() > 10) {
            throw new IllegalArgumentException("bad " + what + " '" + s + "'");
        }
        long v = Long.parseLong(s);
        if (v < min || v > max) {
            throw new IllegalArgumentException("bad " + what + " '" + s + "' (must be " + min + ".." + max + ")");
        }
        return (int) v;
    }

    static int checkRange(int v, String what, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + " " + v + " out of range " + min + ".." + max);
        }
        return v;
    }

    /** Splits on single spaces; an empty field means a double, leading or trailing space, which RFC 4566 forbids. */
    static List<String> fields(String value, String what) {
        List<String> out = new ArrayList<>(8);
        int start = 0;
        int len = value.length();
        for (int i = 0; i <= len; i++) {
            if (i == len || value.charAt(i) == ' ') {
                if (i == start) {
                    throw new IllegalArgumentException("empty field (stray space) in " + what);
                }
                out.add(value.substring(start, i));
                start = i + 1;
            }
        }
        return out;
    }

    static String describe(char c) {
        if (c > 0x20 && c < 0x7F) {
            return "'" + c + "'";
        }
        return String.format("0x%02X", (int) c);
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /**
     * Validates a unicast or multicast address for its address type. Host names are allowed (RFC 4566
     * permits FQDNs), but anything that looks like a literal must be a well-formed one.
     */
    static String address(AddressType type, String a, String what) {
        nonWs(a, what);
        if (a.indexOf('/') >= 0) {
            throw new IllegalArgumentException("invalid character '/' in " + what + " '" + a + "'");
        }
        boolean digitsAndDots = true;
        for (int i = 0; i < a.length(); i++) {
            char c = a.charAt(i);
            if (!(c == '.' || (c >= '0' && c <= '9'))) {
                digitsAndDots = false;
                break;
            }
        }
        if (type == AddressType.IP4) {
            if (a.indexOf(':') >= 0) {
                throw new IllegalArgumentException(what + " '" + a + "' is not an IP4 address");
            }
            if (digitsAndDots && !isDottedQuad(a)) {
                throw new IllegalArgumentException("malformed IP4 " + what + " '" + a + "'");
            }
        } else {
            if (digitsAndDots) {
                throw new IllegalArgumentException(what + " '" + a + "' is an IPv4 address but the address type is IP6");
            }
            if (a.indexOf(':') >= 0 && !isIp6Literal(a)) {
                throw new IllegalArgumentException("malformed IP6 " + what + " '" + a + "'");
            }
        }
        return a;
    }

    static boolean isDottedQuad(String a) {
        int parts = 0;
        int start = 0;
        for (int i = 0; i <= a.length(); i++) {
            if (i == a.length() || a.charAt(i) == '.') {
                String p = a.substring(start, i);
                if (p.isEmpty() || p.length() > 3 || !isDigits(p) || Integer.parseInt(p) > 255) {
                    return false;
                }
                parts++;
                start = i + 1;
            }
        }
        return parts == 4;
    }

    static boolean isIp6Literal(String a) {
        int dbl = a.indexOf("::");
        if (dbl >= 0) {
            if (a.indexOf("::", dbl + 1) >= 0) {
                return false;
            }
            String head = a.substring(0, dbl);
            String tail = a.substring(dbl + 2);
            int h = ip6Groups(head, tail.isEmpty());
            int t = ip6Groups(tail, true);
            return h >= 0 && t >= 0 && h + t <= 7;
        }
        return ip6Groups(a, true) == 8;
    }

    /** Counts 16-bit groups in a colon-separated run, or -1 if malformed. */
    private static int ip6Groups(String s, boolean mayEndWithIp4) {
        if (s.isEmpty()) {
            return 0;
        }
        int groups = 0;
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == ':') {
                String g = s.substring(start, i);
                if (i == s.length() && mayEndWithIp4 && g.indexOf('.') >= 0) {
                    if (!isDottedQuad(g)) {
                        return -1;
                    }
                    groups += 2;
                } else {
                    if (g.isEmpty() || g.length() > 4) {
                        return -1;
                    }
                    for (int k = 0; k < g.length(); k++) {
                        char c = g.charAt(k);
                        boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
                        if (!hex) {
                            return -1;
                        }
                    }
                    groups++;
                }
                start = i + 1;
            }
        }
        return groups;
    }
}
