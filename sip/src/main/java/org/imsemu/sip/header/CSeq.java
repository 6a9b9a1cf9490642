package org.imsemu.sip.header;

import org.imsemu.sip.codec.ValueScanner;

/** CSeq: a sequence number below 2^31 and a method. */
public record CSeq(long number, String method) {
    public static final long MAX = 0x7FFFFFFFL;

    public static CSeq parse(String value) {
        ValueScanner sc = new ValueScanner(value, "CSeq");
        sc.skipLws();
        int start = sc.position();
        while (!sc.atEnd() && Character.isDigit(sc.peek())) sc.position(sc.position() + 1);
        int end = sc.position();
        if (start == end) throw sc.error("no sequence number");
        if (end - start > 10) throw sc.error("sequence number too large");
        long n = Long.parseLong(value, start, end, 10);
        if (n > MAX) throw sc.error("sequence number too large");
        if (!Character.isWhitespace(sc.peek())) throw sc.error("missing method");
        String method = sc.skipLws().token();
        sc.expectEnd();
        return new CSeq(n, method);
    }

    @Override
    public String toString() {
        return number + " " + method;
    }
}
