package org.imsemu.sip.codec;

/** Character classes of the RFC 3261 section 25 grammar, as lookup tables for speed. */
public final class Chars {
    private static final boolean[] TOKEN = new boolean[128];
    private static final boolean[] UNRESERVED = new boolean[128];
    private static final boolean[] USER_EXTRA = new boolean[128];
    private static final boolean[] PASSWORD_EXTRA = new boolean[128];
    private static final boolean[] PARAM_EXTRA = new boolean[128];
    private static final boolean[] HNV_EXTRA = new boolean[128];
    private static final boolean[] HOST = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) mark(c, TOKEN, UNRESERVED, HOST);
        for (char c = 'A'; c <= 'Z'; c++) mark(c, TOKEN, UNRESERVED, HOST);
        for (char c = '0'; c <= '9'; c++) mark(c, TOKEN, UNRESERVED, HOST);
        for (char c : "-.!%*_+`'~".toCharArray()) TOKEN[c] = true;
        for (char c : "-_.!~*'()".toCharArray()) UNRESERVED[c] = true;
        for (char c : "&=+$,;?/".toCharArray()) USER_EXTRA[c] = true;
        for (char c : "&=+$,".toCharArray()) PASSWORD_EXTRA[c] = true;
        for (char c : "[]/:&+$".toCharArray()) PARAM_EXTRA[c] = true;
        for (char c : "[]/?:+$".toCharArray()) HNV_EXTRA[c] = true;
        HOST['-'] = true;
        HOST['.'] = true;
    }

    private Chars() {
    }

    private static void mark(char c, boolean[]... tables) {
        for (boolean[] t : tables) t[c] = true;
    }

    public static boolean isToken(char c) {
        return c < 128 && TOKEN[c];
    }

    public static boolean isUnreserved(char c) {
        return c < 128 && UNRESERVED[c];
    }

    public static boolean isUserChar(char c) {
        return c < 128 && (UNRESERVED[c] || USER_EXTRA[c]);
    }

    public static boolean isPasswordChar(char c) {
        return c < 128 && (UNRESERVED[c] || PASSWORD_EXTRA[c]);
    }

    public static boolean isParamChar(char c) {
        return c < 128 && (UNRESERVED[c] || PARAM_EXTRA[c]);
    }

    public static boolean isHeaderNameValueChar(char c) {
        return c < 128 && (UNRESERVED[c] || HNV_EXTRA[c]);
    }

    public static boolean isHostChar(char c) {
        return c < 128 && HOST[c];
    }

    public static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    public static boolean isToken(CharSequence s) {
        if (s.length() == 0) return false;
        for (int i = 0; i < s.length(); i++) {
            if (!isToken(s.charAt(i))) return false;
        }
        return true;
    }

    /** Non-empty and only ASCII digits (no sign, no spaces). */
    public static boolean isDigits(CharSequence s) {
        if (s.length() == 0) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    public static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Checks that every character of {@code s} belongs to the class, allowing %HH escapes. */
    public static boolean isEscapedRun(String s, int from, int to, java.util.function.IntPredicate allowed) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= to || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) return false;
                i += 2;
            } else if (!allowed.test(c)) {
                return false;
            }
        }
        return true;
    }
}
