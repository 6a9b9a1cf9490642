package org.imsemu.sdp;

/**
 * An a= line. {@code value} is null for flag attributes such as {@code a=sendonly}; an empty value is
 * not allowed because RFC 4566 has no way to write it distinctly.
 *
 * <p>Attributes whose syntax the offer/answer and precondition code relies on (rtpmap, fmtp, the
 * direction flags, curr/des/conf) are checked here, so a malformed one is rejected at parse time with
 * its line number instead of failing later deep inside call handling.
 */
public record Attribute(String name, String value) {

    public Attribute {
        Syntax.token(name, "attribute name");
        if (value != null) {
            Syntax.text(value, "value of attribute '" + name + "'");
        }
        checkKnown(name, value);
    }

    public static Attribute flag(String name) {
        return new Attribute(name, null);
    }

    public static Attribute of(String name, String value) {
        return new Attribute(name, value);
    }

    public boolean isFlag() {
        return value == null;
    }

    private static void checkKnown(String name, String value) {
        switch (name) {
            case "rtpmap":
                RtpMap.parse(requireValue(name, value));
                break;
            case "fmtp": {
                String v = requireValue(name, value);
                int sp = v.indexOf(' ');
                if (sp <= 0 || sp == v.length() - 1) {
                    throw new IllegalArgumentException("a=fmtp needs '<format> <parameters>' but was '" + v + "'");
                }
                Syntax.token(v.substring(0, sp), "fmtp format");
                break;
            }
            case "sendrecv":
            case "sendonly":
            case "recvonly":
            case "inactive":
                if (value != null) {
                    throw new IllegalArgumentException("a=" + name + " is a flag and takes no value");
                }
                break;
            case "curr":
            case "des":
            case "conf":
                PreconditionAttribute.parse(name, requireValue(name, value));
                break;
            default:
                break;
        }
    }

    private static String requireValue(String name, String value) {
        if (value == null) {
            throw new IllegalArgumentException("a=" + name + " needs a value");
        }
        return value;
    }

    static Attribute parse(String line) {
        int colon = line.indexOf(':');
        if (colon < 0) {
            return new Attribute(line, null);
        }
        if (colon == line.length() - 1) {
            throw new IllegalArgumentException("empty value for attribute '" + line.substring(0, colon) + "'");
        }
        return new Attribute(line.substring(0, colon), line.substring(colon + 1));
    }

    void appendTo(StringBuilder sb) {
        sb.append("a=").append(name);
        if (value != null) {
            sb.append(':').append(value);
        }
    }

    /** The a= line without line ending. */
    @Override
    public String toString() {
        return value == null ? "a=" + name : "a=" + name + ':' + value;
    }
}
