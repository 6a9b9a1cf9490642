package org.imsemu.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte array for serialising messages without intermediate strings. */
final class ByteSink {
    private byte[] buf;
    private int len;

    ByteSink(int capacity) {
        buf = new byte[capacity];
    }

    private void ensure(int extra) {
        if (len + extra > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }

    void write(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    void writeAscii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                writeUtf8From(s, i);
                return;
            }
            buf[len++] = (byte) c;
        }
    }

    private void writeUtf8From(String s, int from) {
        byte[] b = s.substring(from).getBytes(StandardCharsets.UTF_8);
        write(b, 0, b.length);
    }

    void writeUtf8(String s) {
        writeAscii(s);
    }

    void writeInt(long v) {
        writeAscii(Long.toString(v));
    }

    void writeCrlf() {
        ensure(2);
        buf[len++] = '\r';
        buf[len++] = '\n';
    }

    byte[] toByteArray() {
        return len == buf.length ? buf : Arrays.copyOf(buf, len);
    }
}
