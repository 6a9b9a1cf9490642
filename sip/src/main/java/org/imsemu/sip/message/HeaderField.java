package org.imsemu.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * One header field line. A field read from the wire keeps a slice of the original bytes and is written
 * back byte for byte (the RFC says proxies should not reformat what they do not change); its value
 * string and its typed form are decoded only when asked for, then cached. Immutable as seen from
 * outside: the caches are idempotent, so racing threads at worst decode twice.
 */
public final class HeaderField {
    private final String name;
    private final String key;
    private final byte[] raw;
    private final int lineStart;
    private final int valueStart;
    private final int lineEnd;
    private String value;
    private Object typed;

    private HeaderField(String name, String key, byte[] raw, int lineStart, int valueStart, int lineEnd, String value) {
        this.name = name;
        this.key = key;
        this.raw = raw;
        this.lineStart = lineStart;
        this.valueStart = valueStart;
        this.lineEnd = lineEnd;
        this.value = value;
    }

    public static HeaderField of(String name, String value) {
        return new HeaderField(name, HeaderNames.key(name), null, 0, 0, 0, value);
    }

    /** A field over {@code raw[lineStart, lineEnd)}; the value starts at {@code valueStart}. */
    public static HeaderField wire(String name, byte[] raw, int lineStart, int valueStart, int lineEnd) {
        return new HeaderField(name, HeaderNames.key(name), raw, lineStart, valueStart, lineEnd, null);
    }

    /** The name as written (possibly compact). */
    public String name() {
        return name;
    }

    /** The long name in lower case, for comparisons. */
    public String key() {
        return key;
    }

    public boolean is(String headerName) {
        return key.equals(HeaderNames.key(headerName));
    }

    /** The value with folding replaced by single spaces and surrounding whitespace removed. */
    public String value() {
        String v = value;
        if (v == null) {
            int s = valueStart;
            int e = lineEnd;
            while (s < e && (raw[s] == ' ' || raw[s] == '\t')) s++;
            while (e > s && (raw[e - 1] == ' ' || raw[e - 1] == '\t' || raw[e - 1] == '\r' || raw[e - 1] == '\n')) e--;
            v = new String(raw, s, e - s, StandardCharsets.UTF_8);
            if (v.indexOf('\n') >= 0) v = v.replaceAll("[ \t]*\r?\n[ \t]+", " ").strip();
            value = v;
        }
        return v;
    }

    /** The typed value, parsed once with {@code parser} (which must always be the same for a given type). */
    @SuppressWarnings("unchecked")
    public <T> T typed(Class<T> type, Function<String, T> parser) {
        Object t = typed;
        if (type.isInstance(t)) return (T) t;
        T parsed = parser.apply(value());
        typed = parsed;
        return parsed;
    }

    /**
     * Forgets the decoded value and typed form (a field from the wire decodes them again when asked).
     * For messages kept long but rarely read, like those of lingering transactions.
     */
    void releaseDecoded() {
        typed = null;
        if (raw != null) value = null;
    }

    boolean isVerbatim() {
        return raw != null;
    }

    /** The bytes {@link #writeTo} writes. */
    int encodedLength() {
        if (raw != null) return lineEnd - lineStart + 2;
        return SipMessage.utf8Length(name) + 2 + SipMessage.utf8Length(value) + 2;
    }

    /** Writes the field and its CRLF. */
    void writeTo(ByteSink out) {
        if (raw != null) {
            out.write(raw, lineStart, lineEnd - lineStart);
        } else {
            out.writeAscii(name);
            out.writeAscii(": ");
            out.writeUtf8(value);
        }
        out.writeCrlf();
    }

    @Override
    public String toString() {
        return name + ": " + value();
    }
}
