package org.imsemu.sip.codec;

import java.util.ArrayList;
import java.util.List;
import org.imsemu.sip.header.Parameters;

/**
 * A cursor over one header value (already unfolded), with the productions that all SIP headers share:
 * tokens, quoted strings, LWS and generic parameters. Every failure is a {@link SipParseException}.
 */
public final class ValueScanner {
    private final String s;
    private final String what;
    private int pos;

    public ValueScanner(String s, String what) {
        this.s = s;
        this.what = what;
    }

    public int position() {
        return pos;
    }

    public void position(int p) {
        pos = p;
    }

    public String source() {
        return s;
    }

    public boolean atEnd() {
        return pos >= s.length();
    }

    public char peek() {
        return pos < s.length() ? s.charAt(pos) : '\0';
    }

    public ValueScanner skipLws() {
        while (pos < s.length() && Chars.isWhitespace(s.charAt(pos))) pos++;
        return this;
    }

    public boolean consume(char c) {
        if (pos < s.length() && s.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    public void expect(char c) {
        if (!consume(c)) throw error("expected '" + c + "'");
    }

    public SipParseException error(String problem) {
        return new SipParseException("Bad " + what + ": " + problem);
    }

    public String token() {
        int start = pos;
        while (pos < s.length() && Chars.isToken(s.charAt(pos))) pos++;
        if (start == pos) throw error(atEnd() ? "value missing" : "unexpected '" + printable(s.charAt(pos)) + "'");
        return s.substring(start, pos);
    }

    /** A quoted-string, returned with its quotes and escapes as written. */
    public String quotedString() {
        int start = pos;
        expect('"');
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (c == '\\') {
                if (pos >= s.length()) break;
                pos++;
            } else if (c == '"') {
                return s.substring(start, pos);
            }
        }
        throw error("unterminated quoted string");
    }

    /** Reads *( SEMI generic-param ); stops at the first character that cannot continue. */
    public Parameters parameters() {
        List<Parameters.Param> list = null;
        while (true) {
            int mark = pos;
            skipLws();
            if (!consume(';')) {
                pos = mark;
                break;
            }
            skipLws();
            if (atEnd() || !Chars.isToken(peek())) throw error("empty parameter");
            String name = token();
            String value = null;
            int afterName = pos;
            skipLws();
            if (consume('=')) {
                skipLws();
                value = peek() == '"' ? quotedString() : paramValue();
            } else {
                pos = afterName;
            }
            if (list == null) list = new ArrayList<>(4);
            list.add(new Parameters.Param(name, value));
        }
        return list == null ? Parameters.EMPTY : Parameters.of(list);
    }

    /** gen-value = token / host: a token, or an IPv6 reference with its brackets. */
    private String paramValue() {
        int start = pos;
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (Chars.isToken(c) || c == '[' || c == ']' || c == ':') pos++;
            else break;
        }
        if (start == pos) throw error("parameter value missing");
        return s.substring(start, pos);
    }

    public String rest() {
        String r = s.substring(pos);
        pos = s.length();
        return r;
    }

    public void expectEnd() {
        skipLws();
        if (!atEnd()) throw error("unexpected '" + printable(peek()) + "'");
    }

    static String printable(char c) {
        return c < 32 || c > 126 ? String.format("\\x%02x", (int) c) : String.valueOf(c);
    }

    /**
     * Splits a comma-separated header value into its elements, ignoring commas inside quoted strings
     * and angle brackets. An empty element (",,") is a syntax error; an empty value gives an empty list.
     */
    public static List<String> splitList(String value, String what) {
        List<String> out = new ArrayList<>(2);
        int start = 0;
        boolean quoted = false;
        boolean angle = false;
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '\\') i++;
                else if (c == '"') quoted = false;
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') {
                angle = true;
            } else if (c == '>') {
                angle = false;
            } else if (c == ',' && !angle) {
                addElement(out, value, start, i, what);
                start = i + 1;
            }
        }
        if (quoted) throw new SipParseException("Bad " + what + ": unterminated quoted string");
        if (start == 0) {
            String only = value.strip();
            if (!only.isEmpty()) out.add(only);
        } else {
            addElement(out, value, start, n, what);
        }
        return out;
    }

    private static void addElement(List<String> out, String value, int from, int to, String what) {
        String e = value.substring(from, to).strip();
        if (e.isEmpty()) throw new SipParseException("Bad " + what + ": empty list element");
        out.add(e);
    }
}
