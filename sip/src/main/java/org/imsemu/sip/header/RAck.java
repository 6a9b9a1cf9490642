package org.imsemu.sip.header;

import org.imsemu.sip.codec.ValueScanner;

/** RAck (RFC 3262): response-num, CSeq-num and method of the reliable provisional response acknowledged. */
public record RAck(long responseNumber, long cseqNumber, String method) {

    public static RAck parse(String value) {
        String[] parts = value.strip().split("[ \t]+");
        ValueScanner sc = new ValueScanner(value, "RAck");
        if (parts.length != 3) throw sc.error("expected response-num CSeq-num method");
        try {
            return new RAck(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2]);
        } catch (NumberFormatException e) {
            throw sc.error("bad number");
        }
    }

    @Override
    public String toString() {
        return responseNumber + " " + cseqNumber + " " + method;
    }
}
