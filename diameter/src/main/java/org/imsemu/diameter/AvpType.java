package org.imsemu.diameter;

/**
 * The AVP data formats of RFC 6733 §4.2 (basic) and §4.3 (derived). Derived types that are octet
 * strings on the wire (IPFilterRule, QoSFilterRule) are text here, as their grammars are ASCII.
 */
public enum AvpType {
    OCTET_STRING, INTEGER32, INTEGER64, UNSIGNED32, UNSIGNED64, FLOAT32, FLOAT64, GROUPED,
    ADDRESS, TIME, UTF8_STRING, DIAMETER_IDENTITY, DIAMETER_URI, ENUMERATED, IP_FILTER_RULE, QOS_FILTER_RULE;

    /** True when the value is text (UTF-8 on the wire). */
    public boolean isText() {
        return this == UTF8_STRING || this == DIAMETER_IDENTITY || this == DIAMETER_URI
                || this == IP_FILTER_RULE || this == QOS_FILTER_RULE;
    }

    /** The fixed payload length of the type, or -1 when it varies. */
    public int fixedLength() {
        return switch (this) {
            case INTEGER32, UNSIGNED32, FLOAT32, ENUMERATED, TIME -> 4;
            case INTEGER64, UNSIGNED64, FLOAT64 -> 8;
            default -> -1;
        };
    }
}
