package org.imsemu.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * A t= line and the r= lines that belong to it. Repeat lines are kept verbatim: IMS never uses them
 * and interpreting their compact time units would only add ways to fail.
 */
public record Timing(long start, long stop, List<String> repeats) {

    /** The "t=0 0" every SIP session uses: permanent, unbounded. */
    public static final Timing PERMANENT = new Timing(0, 0, List.of());

    public Timing {
        if (start < 0 || stop < 0) {
            throw new IllegalArgumentException("negative time in t= line");
        }
        repeats = Syntax.texts(repeats, "r= line");
    }

    Timing withRepeat(String repeat) {
        List<String> r = new ArrayList<>(repeats);
        r.add(repeat);
        return new Timing(start, stop, r);
    }

    static Timing parse(String value) {
        List<String> f = Syntax.fields(value, "t= line");
        if (f.size() != 2) {
            throw new IllegalArgumentException("t= line needs 2 fields '<start> <stop>' but has " + f.size());
        }
        return new Timing(Syntax.parseLong(f.get(0), "start time in t= line"),
                Syntax.parseLong(f.get(1), "stop time in t= line"), List.of());
    }

    void appendTo(StringBuilder sb) {
        sb.append("t=").append(start).append(' ').append(stop).append("\r\n");
        for (String r : repeats) {
            sb.append("r=").append(r).append("\r\n");
        }
    }

    /** The t= line and its r= lines, CRLF terminated. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(32);
        appendTo(sb);
        return sb.toString();
    }
}
