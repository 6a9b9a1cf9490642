package org.imsemu.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.imsemu.sip.codec.Chars;

/**
 * Bytes to {@link SipMessage}: one pass over the start line and the header section that records where
 * each header field lies, without decoding values (they are decoded when first used). Grammar checks
 * of individual headers belong to {@link org.imsemu.sip.codec.MessageValidator}.
 */
public final class SipParser {
    /** Largest header section accepted; a bigger one is an attack or a bug (RFC 3261 leaves it to us). */
    public static final int MAX_HEADER_BYTES = 64 * 1024;
    public static final int MAX_HEADER_FIELDS = 256;

    private SipParser() {
    }

    public static SipMessage parse(byte[] data) {
        return parse(data, 0, data.length);
    }

    /**
     * Parses one message occupying {@code data[off, off+len)}. The array is kept as the backing store of
     * the verbatim header fields, so the caller must not modify it afterwards. Bytes beyond the
     * Content-Length are ignored (RFC 3261 section 18.3); a Content-Length larger than what is there is
     * an error.
     */
    public static SipMessage parse(byte[] data, int off, int len) {
        int end = off + len;
        int p = off;
        while (p + 1 < end && data[p] == '\r' && data[p + 1] == '\n') p += 2; // leading CRLFs are ignored (7.5)
        int lineEnd = findLineEnd(data, p, end);
        if (lineEnd < 0) throw new MalformedMessageException("No start line", null);
        int startLineEnd = trimCr(data, p, lineEnd);
        byte[] startLine = Arrays.copyOfRange(data, p, startLineEnd);
        boolean response = startLine.length >= 4 && startLine[0] == 'S' && startLine[1] == 'I' && startLine[2] == 'P' && startLine[3] == '/';

        List<HeaderField> fields = new ArrayList<>(16);
        p = lineEnd + 1;
        String headerError = null;
        int bodyStart = -1;
        while (p < end) {
            if (data[p] == '\n') {
                bodyStart = p + 1;
                break;
            }
            if (data[p] == '\r' && p + 1 < end && data[p + 1] == '\n') {
                bodyStart = p + 2;
                break;
            }
            int fieldStart = p;
            int e = findLineEnd(data, p, end);
            // Folded continuation lines (starting with SP or HT) belong to this field.
            while (e >= 0 && e + 1 < end && (data[e + 1] == ' ' || data[e + 1] == '\t')) e = findLineEnd(data, e + 1, end);
            if (e < 0) {
                headerError = "Header section not terminated";
                break;
            }
            if (e - off > MAX_HEADER_BYTES) {
                headerError = "Header section too large";
                break;
            }
            int fieldEnd = trimCr(data, fieldStart, e);
            int nameEnd = fieldStart;
            while (nameEnd < fieldEnd && data[nameEnd] >= 0 && Chars.isToken((char) data[nameEnd])) nameEnd++;
            int colon = nameEnd;
            while (colon < fieldEnd && (data[colon] == ' ' || data[colon] == '\t')) colon++;
            if (nameEnd == fieldStart || colon >= fieldEnd || data[colon] != ':') {
                if (headerError == null) headerError = "Bad header line '" + printable(data, fieldStart, Math.min(fieldEnd, fieldStart + 40)) + "'";
            } else {
                if (fields.size() >= MAX_HEADER_FIELDS) {
                    headerError = "Too many header fields";
                    break;
                }
                String name = new String(data, fieldStart, nameEnd - fieldStart, StandardCharsets.US_ASCII);
                fields.add(HeaderField.wire(name, data, fieldStart, colon + 1, fieldEnd));
            }
            p = e + 1;
        }
        if (bodyStart < 0 && headerError == null) headerError = "Header section not terminated";

        List<HeaderField> headers = List.copyOf(fields);
        if (response) {
            if (headerError != null) throw new MalformedMessageException(headerError, null);
            return parseResponse(startLine, headers, body(data, bodyStart, end, headers, null));
        }
        if (headerError != null) throw new MalformedMessageException(headerError, partialRequest(startLine, headers));
        String[] parts = splitRequestLine(startLine);
        if (parts == null) throw new MalformedMessageException("Bad Request-Line", partialRequest(startLine, headers));
        if (!Chars.isToken(parts[0])) throw new MalformedMessageException("Bad method", partialRequest(startLine, headers));
        byte[] body;
        try {
            body = body(data, bodyStart, end, headers, null);
        } catch (MalformedMessageException e) {
            // Built only on this error path: a valid request pays nothing for it.
            throw new MalformedMessageException(e.getMessage(), partialRequest(startLine, headers));
        }
        return new SipRequest(parts[0], parts[1], null, parts[2], startLine, headers, body);
    }

    private static SipRequest partialRequest(byte[] startLine, List<HeaderField> headers) {
        String line = new String(startLine, StandardCharsets.UTF_8);
        int sp = line.indexOf(' ');
        String method = sp > 0 ? line.substring(0, sp) : "UNKNOWN";
        if (!Chars.isToken(method)) method = "UNKNOWN";
        return new SipRequest(method, "sip:invalid", null, SipMessage.VERSION, startLine, headers, null);
    }

    /** Method SP Request-URI SP SIP-Version, each separated by exactly one SP (RFC 3261 section 25.1). */
    private static String[] splitRequestLine(byte[] line) {
        String s = new String(line, StandardCharsets.UTF_8);
        int a = s.indexOf(' ');
        if (a <= 0) return null;
        int b = s.indexOf(' ', a + 1);
        if (b < 0 || b == a + 1 || s.indexOf(' ', b + 1) >= 0 || b == s.length() - 1) return null;
        String version = s.substring(b + 1);
        if (!isVersion(version)) return null;
        return new String[] {s.substring(0, a), s.substring(a + 1, b), version};
    }

    static boolean isVersion(String v) {
        if (!v.regionMatches(true, 0, "SIP/", 0, 4)) return false;
        int dot = v.indexOf('.', 4);
        if (dot <= 4 || dot == v.length() - 1) return false;
        for (int i = 4; i < v.length(); i++) {
            if (i != dot && !Character.isDigit(v.charAt(i))) return false;
        }
        return true;
    }

    private static SipResponse parseResponse(byte[] startLine, List<HeaderField> headers, byte[] body) {
        String s = new String(startLine, StandardCharsets.UTF_8);
        int a = s.indexOf(' ');
        if (a < 0) throw new MalformedMessageException("Bad Status-Line", null);
        String version = s.substring(0, a);
        if (!isVersion(version)) throw new MalformedMessageException("Bad SIP version in Status-Line", null);
        int b = s.indexOf(' ', a + 1);
        String code = b < 0 ? s.substring(a + 1) : s.substring(a + 1, b);
        if (code.length() != 3 || !Chars.isDigits(code)) throw new MalformedMessageException("Bad status code", null);
        int status = Integer.parseInt(code);
        if (status < 100 || status > 699) throw new MalformedMessageException("Status code out of range", null);
        String reason = b < 0 ? "" : s.substring(b + 1);
        return new SipResponse(version, status, reason, startLine, headers, body);
    }

    private static byte[] body(byte[] data, int bodyStart, int end, List<HeaderField> headers, SipRequest partial) {
        int available = end - bodyStart;
        HeaderField cl = null;
        for (HeaderField f : headers) {
            if (f.key().equals("content-length")) {
                if (cl != null && !cl.value().equals(f.value())) throw new MalformedMessageException("Conflicting Content-Length", partial);
                cl = f;
            }
        }
        if (cl == null) return Arrays.copyOfRange(data, bodyStart, end); // datagram: the body is the rest
        String v = cl.value();
        if (v.length() > 9 || !Chars.isDigits(v)) {
            throw new MalformedMessageException("Bad Content-Length '" + (v.length() > 20 ? v.substring(0, 20) : v) + "'", partial);
        }
        int n = Integer.parseInt(v);
        if (n > available) throw new MalformedMessageException("Content-Length " + n + " larger than the body (" + available + " bytes)", partial);
        return Arrays.copyOfRange(data, bodyStart, bodyStart + n);
    }

    private static int findLineEnd(byte[] data, int from, int end) {
        for (int i = from; i < end; i++) {
            if (data[i] == '\n') return i;
        }
        return -1;
    }

    private static int trimCr(byte[] data, int from, int lf) {
        return lf > from && data[lf - 1] == '\r' ? lf - 1 : lf;
    }

    private static String printable(byte[] data, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < to; i++) {
            int c = data[i] & 0xff;
            sb.append(c >= 32 && c < 127 ? String.valueOf((char) c) : "?");
        }
        return sb.toString();
    }
}
