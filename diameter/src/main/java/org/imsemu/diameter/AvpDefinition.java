package org.imsemu.diameter;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A dictionary entry for one AVP: name, code, vendor, data type and M-bit rule (the V bit follows the
 * vendor). Its {@code of} factories build AVPs of the right type with the M bit set when the rule is
 * MUST, and refuse values of another type.
 */
public record AvpDefinition(String name, int code, int vendorId, AvpType type, MandatoryRule mandatory) {

    /** The RFC 6733 §4.5 "M-bit" column. */
    public enum MandatoryRule { MUST, MAY, MUST_NOT }

    public AvpDefinition {
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        Objects.requireNonNull(mandatory);
    }

    /** True for an AVP with this definition's code and vendor. */
    public boolean matches(Avp avp) {
        return avp.code() == code && avp.vendorId() == vendorId;
    }

    private boolean m() {
        return mandatory == MandatoryRule.MUST;
    }

    private void expect(AvpType... allowed) {
        for (AvpType t : allowed) if (t == type) return;
        throw new IllegalArgumentException(name + " is " + type + ", not " + List.of(allowed));
    }

    /** Text types (UTF8String, DiameterIdentity, DiameterURI, IPFilterRule, QoSFilterRule). */
    public Avp of(String value) {
        return switch (type) {
            case UTF8_STRING, IP_FILTER_RULE, QOS_FILTER_RULE -> Avp.utf8String(code, vendorId, m(), value);
            case DIAMETER_IDENTITY -> Avp.diameterIdentity(code, vendorId, m(), value);
            case DIAMETER_URI -> Avp.diameterUri(code, vendorId, m(), value);
            default -> throw new IllegalArgumentException(name + " is " + type + ", not text");
        };
    }

    /** Integer32, Integer64, Unsigned32, Unsigned64 and Enumerated (range-checked for 32-bit types). */
    public Avp of(long value) {
        return switch (type) {
            case INTEGER32, ENUMERATED -> {
                if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) throw new IllegalArgumentException(name + " out of range: " + value);
                yield Avp.integer32(code, vendorId, m(), (int) value);
            }
            case UNSIGNED32 -> Avp.unsigned32(code, vendorId, m(), value);
            case INTEGER64 -> Avp.integer64(code, vendorId, m(), value);
            case UNSIGNED64 -> Avp.unsigned64(code, vendorId, m(), value);
            default -> throw new IllegalArgumentException(name + " is " + type + ", not an integer");
        };
    }

    public Avp of(float value) {
        expect(AvpType.FLOAT32);
        return Avp.float32(code, vendorId, m(), value);
    }

    public Avp of(double value) {
        expect(AvpType.FLOAT64);
        return Avp.float64(code, vendorId, m(), value);
    }

    public Avp of(byte[] value) {
        expect(AvpType.OCTET_STRING);
        return Avp.octetString(code, vendorId, m(), value);
    }

    public Avp of(InetAddress value) {
        expect(AvpType.ADDRESS);
        return Avp.address(code, vendorId, m(), value);
    }

    public Avp of(Instant value) {
        expect(AvpType.TIME);
        return Avp.time(code, vendorId, m(), value);
    }

    public Avp of(Avp... members) {
        return of(List.of(members));
    }

    public Avp of(List<Avp> members) {
        expect(AvpType.GROUPED);
        return Avp.grouped(code, vendorId, m(), members);
    }

    /** An AVP of this kind with a zero-filled payload of the type's minimum size, for Failed-AVP of a missing AVP (RFC 6733 §7.5). */
    public Avp placeholder() {
        int n = type == AvpType.ADDRESS ? 6 : Math.max(0, type.fixedLength());
        return Avp.raw(code, m() ? Avp.FLAG_M : 0, vendorId, new byte[n]);
    }

    @Override
    public String toString() {
        return name + "(" + code + (vendorId != 0 ? "/" + vendorId : "") + ")";
    }
}
