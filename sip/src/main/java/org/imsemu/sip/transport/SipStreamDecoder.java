package org.imsemu.sip.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.imsemu.sip.message.SipParser;

/**
 * Cuts a TCP byte stream into SIP messages (RFC 3261 section 18.3): the header section ends at the
 * first empty line, the body is exactly Content-Length bytes. Between messages, RFC 5626 keep-alive
 * pings (CRLFCRLF) are reported as {@link KeepAlive#PING} and lone CRLFs are skipped (RFC 3261 section
 * 7.5). Once framing is lost (no usable Content-Length, a header section or body over the limits) the
 * decoder emits one {@link FramingError} and discards the rest of the stream: the connection must be
 * closed, as nothing after that point can be trusted to start a message.
 */
final class SipStreamDecoder extends ByteToMessageDecoder {
    /** Largest body accepted on a stream; beyond it the peer is broken or hostile. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    /** One whole message: header section, empty line and body. */
    record Frame(byte[] bytes) {
    }

    /** An RFC 5626 double-CRLF ping, to be answered with a single CRLF pong. */
    enum KeepAlive { PING }

    /**
     * The stream can no longer be framed. {@code headerSection} is the offending header section when it
     * was complete (so a 400 can be built from it), otherwise null.
     */
    record FramingError(String reason, byte[] headerSection) {
    }

    private enum State { BETWEEN_MESSAGES, HEADERS, BODY, BROKEN }

    private State state = State.BETWEEN_MESSAGES;
    private int searched;      // bytes of the current header section already searched for its end
    private int headerLength;  // set in BODY
    private int bodyLength;    // set in BODY

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            switch (state) {
                case BROKEN -> {
                    in.skipBytes(in.readableBytes());
                    return;
                }
                case BETWEEN_MESSAGES -> {
                    if (!skipKeepAlive(in, out)) return;
                }
                case HEADERS -> {
                    if (!readHeaderSection(in, out)) return;
                }
                case BODY -> {
                    if (in.readableBytes() < headerLength + bodyLength) return;
                    byte[] message = new byte[headerLength + bodyLength];
                    in.readBytes(message);
                    out.add(new Frame(message));
                    state = State.BETWEEN_MESSAGES;
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    /** Consumes CRLFs before a message; false when more bytes are needed to decide. */
    private boolean skipKeepAlive(ByteBuf in, List<Object> out) {
        int r = in.readerIndex();
        int n = in.readableBytes();
        byte first = in.getByte(r);
        if (first != '\r' && first != '\n') {
            state = State.HEADERS;
            searched = 0;
            return true;
        }
        if (first == '\n') { // a stray LF: tolerate it like a CRLF
            in.skipBytes(1);
            return true;
        }
        if (n < 2) return false;
        if (in.getByte(r + 1) != '\n') { // a lone CR is junk before a message
            in.skipBytes(1);
            return true;
        }
        // CRLF: a ping if another CRLF follows, a pong or padding otherwise. Wait until we can tell.
        if (n == 2 || (n == 3 && in.getByte(r + 2) == '\r')) return false;
        if (n >= 4 && in.getByte(r + 2) == '\r' && in.getByte(r + 3) == '\n') {
            in.skipBytes(4);
            out.add(KeepAlive.PING);
        } else {
            in.skipBytes(2);
        }
        return true;
    }

    /** Finds the end of the header section and the Content-Length; false when more bytes are needed. */
    private boolean readHeaderSection(ByteBuf in, List<Object> out) {
        int end = findHeaderEnd(in);
        if (end < 0) {
            if (in.readableBytes() > SipParser.MAX_HEADER_BYTES) fail(in, out, "Header section too large", null);
            return false;
        }
        int length = end - in.readerIndex();
        if (length > SipParser.MAX_HEADER_BYTES) {
            fail(in, out, "Header section too large", null);
            return false;
        }
        byte[] header = ByteBufUtil.getBytes(in, in.readerIndex(), length);
        long contentLength;
        try {
            contentLength = contentLength(header);
        } catch (IllegalArgumentException e) {
            fail(in, out, e.getMessage(), header);
            return false;
        }
        if (contentLength > MAX_BODY_BYTES) {
            fail(in, out, "Body too large (" + contentLength + " bytes)", null);
            return false;
        }
        headerLength = length;
        bodyLength = (int) contentLength;
        state = State.BODY;
        return true;
    }

    /** Index just after the empty line ending the header section, or -1 when it has not arrived yet. */
    private int findHeaderEnd(ByteBuf in) {
        int start = in.readerIndex();
        int limit = in.writerIndex();
        // Give up searching a little past the limit: the caller reports the oversized section.
        int stop = Math.min(limit, start + SipParser.MAX_HEADER_BYTES + 4);
        for (int i = start + searched; i < stop; i++) {
            if (in.getByte(i) != '\n') continue;
            if (i + 1 >= limit) break;
            byte next = in.getByte(i + 1);
            if (next == '\n') return i + 2;
            if (next == '\r') {
                if (i + 2 >= limit) break;
                if (in.getByte(i + 2) == '\n') return i + 3;
            }
        }
        // Resume a few bytes back next time so an end split across reads is still seen.
        searched = Math.max(0, Math.min(stop, limit) - start - 2);
        return -1;
    }

    /**
     * The Content-Length of a header section (long or compact form "l"). Mandatory on streams
     * (RFC 3261 section 18.3); missing, malformed or conflicting values lose the framing.
     */
    static long contentLength(byte[] header) {
        long found = -1;
        int p = indexOf(header, 0, header.length, (byte) '\n') + 1; // skip the start line
        while (p > 0 && p < header.length) {
            int eol = indexOf(header, p, header.length, (byte) '\n');
            if (eol < 0) eol = header.length;
            int colon = indexOf(header, p, eol, (byte) ':');
            if (colon > p && header[p] != ' ' && header[p] != '\t') {
                String name = new String(header, p, colon - p, StandardCharsets.US_ASCII).strip();
                if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("l")) {
                    String value = new String(header, colon + 1, eol - colon - 1, StandardCharsets.US_ASCII).strip();
                    long n = parseLength(value);
                    if (found >= 0 && found != n) throw new IllegalArgumentException("Conflicting Content-Length");
                    found = n;
                }
            }
            p = eol + 1;
        }
        if (found < 0) throw new IllegalArgumentException("Missing Content-Length");
        return found;
    }

    private static long parseLength(String v) {
        if (v.length() > 10 || !org.imsemu.sip.codec.Chars.isDigits(v)) {
            throw new IllegalArgumentException("Bad Content-Length '" + (v.length() > 20 ? v.substring(0, 20) : v) + "'");
        }
        return Long.parseLong(v);
    }

    private static int indexOf(byte[] a, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) return i;
        }
        return -1;
    }

    private void fail(ByteBuf in, List<Object> out, String reason, byte[] headerSection) {
        state = State.BROKEN;
        in.skipBytes(in.readableBytes());
        out.add(new FramingError(reason, headerSection));
    }
}
