package org.imsemu.sdp;

/** A b= line; the type is kept as a string because CT and AS are only the first of many registered types. */
public record Bandwidth(String type, long value) {

    public Bandwidth {
        Syntax.token(type, "bandwidth type");
        if (value < 0) {
            throw new IllegalArgumentException("negative bandwidth " + value);
        }
    }

    static Bandwidth parse(String v) {
        int colon = v.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("b= line needs '<bwtype>:<bandwidth>'");
        }
        return new Bandwidth(v.substring(0, colon), Syntax.parseLong(v.substring(colon + 1), "bandwidth in b= line"));
    }

    void appendTo(StringBuilder sb) {
        sb.append("b=").append(type).append(':').append(value);
    }

    /** The b= line without line ending. */
    @Override
    public String toString() {
        return "b=" + type + ':' + value;
    }
}
