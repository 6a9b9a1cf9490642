package org.imsemu.sip.header;

/** Quoted-string helpers (RFC 3261 section 25.1: quoted-pair is a backslash and any character). */
public final class Quoting {
    private Quoting() {
    }

    public static String unquote(String s) {
        if (s.length() < 2 || s.charAt(0) != '"' || s.charAt(s.length() - 1) != '"') return s;
        StringBuilder sb = null;
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() - 1) {
                if (sb == null) sb = new StringBuilder(s.substring(1, i));
                sb.append(s.charAt(++i));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s.substring(1, s.length() - 1) : sb.toString();
    }

    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\');
            sb.append(c);
        }
        return sb.append('"').toString();
    }
}
