package org.imsemu.diameter;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * One AVP (RFC 6733 §4.1), immutable: code, flags, vendor id and the raw payload without padding.
 * Every AVP, known or not, keeps its payload bytes, so an AVP decoded and re-encoded is byte-exact;
 * typed accessors decode the payload on demand and throw {@link DiameterException} (5014 or 5004, with
 * this AVP as Failed-AVP) when it does not fit the type.
 */
public final class Avp implements AvpContainer {
    public static final int FLAG_V = 0x80;
    public static final int FLAG_M = 0x40;
    public static final int FLAG_P = 0x20;
    /** Bits RFC 6733 reserves; a sender must clear them. */
    public static final int RESERVED_FLAGS = 0x1f;

    /** Address families (IANA "Address Family Numbers") of the Address type, RFC 6733 §4.3.1. */
    public static final int FAMILY_IPV4 = 1;
    public static final int FAMILY_IPV6 = 2;

    private static final long NTP_ERA_OFFSET = 2_208_988_800L; // seconds from 1900-01-01 to 1970-01-01

    private final int code;
    private final int flags;
    private final int vendorId;
    private final byte[] data;
    private volatile List<Avp> children; // decoded Grouped payload, cached (idempotent)

    private Avp(int code, int flags, int vendorId, byte[] data) {
        this.code = code;
        this.flags = flags & 0xff;
        this.vendorId = vendorId;
        this.data = data;
    }

    /** An AVP from its raw parts; the V flag follows {@code vendorId != 0}. */
    public static Avp raw(int code, int flags, int vendorId, byte[] data) {
        int f = vendorId != 0 ? (flags | FLAG_V) : (flags & ~FLAG_V);
        return new Avp(code, f, vendorId, data.clone());
    }

    static Avp decoded(int code, int flags, int vendorId, byte[] data) {
        return new Avp(code, flags, vendorId, data);
    }

    private static Avp make(int code, int vendorId, boolean mandatory, byte[] data) {
        return new Avp(code, (vendorId != 0 ? FLAG_V : 0) | (mandatory ? FLAG_M : 0), vendorId, data);
    }

    public static Avp octetString(int code, int vendorId, boolean mandatory, byte[] value) {
        return make(code, vendorId, mandatory, value.clone());
    }

    public static Avp integer32(int code, int vendorId, boolean mandatory, int value) {
        return make(code, vendorId, mandatory, ByteBuffer.allocate(4).putInt(value).array());
    }

    public static Avp integer64(int code, int vendorId, boolean mandatory, long value) {
        return make(code, vendorId, mandatory, ByteBuffer.allocate(8).putLong(value).array());
    }

    /** @param value 0 .. 2^32-1 */
    public static Avp unsigned32(int code, int vendorId, boolean mandatory, long value) {
        if (value < 0 || value > 0xffff_ffffL) throw new IllegalArgumentException("Unsigned32 out of range: " + value);
        return make(code, vendorId, mandatory, ByteBuffer.allocate(4).putInt((int) value).array());
    }

    /** @param value the 64 bits of the unsigned value (values above 2^63-1 are negative longs) */
    public static Avp unsigned64(int code, int vendorId, boolean mandatory, long value) {
        return integer64(code, vendorId, mandatory, value);
    }

    public static Avp float32(int code, int vendorId, boolean mandatory, float value) {
        return make(code, vendorId, mandatory, ByteBuffer.allocate(4).putFloat(value).array());
    }

    public static Avp float64(int code, int vendorId, boolean mandatory, double value) {
        return make(code, vendorId, mandatory, ByteBuffer.allocate(8).putDouble(value).array());
    }

    public static Avp enumerated(int code, int vendorId, boolean mandatory, int value) {
        return integer32(code, vendorId, mandatory, value);
    }

    public static Avp utf8String(int code, int vendorId, boolean mandatory, String value) {
        return make(code, vendorId, mandatory, value.getBytes(StandardCharsets.UTF_8));
    }

    /** DiameterIdentity (RFC 6733 §4.3.1): an FQDN or realm, ASCII. */
    public static Avp diameterIdentity(int code, int vendorId, boolean mandatory, String value) {
        return make(code, vendorId, mandatory, ascii(value));
    }

    /** DiameterURI (RFC 6733 §4.3.1), e.g. {@code aaa://hss.example.net:3868;transport=tcp}. */
    public static Avp diameterUri(int code, int vendorId, boolean mandatory, String value) {
        return make(code, vendorId, mandatory, ascii(value));
    }

    /** Address: 2-byte address family (1 IPv4, 2 IPv6) then the address. */
    public static Avp address(int code, int vendorId, boolean mandatory, InetAddress value) {
        byte[] a = value.getAddress();
        return make(code, vendorId, mandatory, ByteBuffer.allocate(2 + a.length)
                .putShort((short) (value instanceof Inet4Address ? FAMILY_IPV4 : FAMILY_IPV6)).put(a).array());
    }

    /** Time: NTP seconds since 1900 (RFC 5905 era 0, and era 1 from 2036 as RFC 6733 §4.3.1 allows). */
    public static Avp time(int code, int vendorId, boolean mandatory, Instant value) {
        long ntp = value.getEpochSecond() + NTP_ERA_OFFSET;
        if (ntp < 0 || ntp >= 0x1_8000_0000L) throw new IllegalArgumentException("Time out of range: " + value);
        return make(code, vendorId, mandatory, ByteBuffer.allocate(4).putInt((int) ntp).array());
    }

    public static Avp grouped(int code, int vendorId, boolean mandatory, List<Avp> members) {
        Avp avp = make(code, vendorId, mandatory, DiameterCodec.encodeAvps(members));
        avp.children = List.copyOf(members);
        return avp;
    }

    private static byte[] ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7e || s.charAt(i) < 0x20) throw new IllegalArgumentException("Not printable ASCII: " + s);
        }
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public int code() {
        return code;
    }

    public int flags() {
        return flags;
    }

    /** 0 when the V bit is clear. */
    public int vendorId() {
        return vendorId;
    }

    public boolean isVendorSpecific() {
        return (flags & FLAG_V) != 0;
    }

    public boolean isMandatory() {
        return (flags & FLAG_M) != 0;
    }

    public boolean isProtected() {
        return (flags & FLAG_P) != 0;
    }

    /** Payload length, without header and padding. */
    public int dataLength() {
        return data.length;
    }

    /** A copy of the payload. */
    public byte[] data() {
        return data.clone();
    }

    byte[] rawData() {
        return data;
    }

    /** Header (8 or 12 bytes) plus payload, without padding: the AVP Length field. */
    public int length() {
        return (isVendorSpecific() ? 12 : 8) + data.length;
    }

    /** Length on the wire, padded to a multiple of 4. */
    public int paddedLength() {
        return (length() + 3) & ~3;
    }

    public byte[] asOctetString() {
        return data.clone();
    }

    public int asInteger32() {
        need(4);
        return ByteBuffer.wrap(data).getInt();
    }

    public long asInteger64() {
        need(8);
        return ByteBuffer.wrap(data).getLong();
    }

    public long asUnsigned32() {
        return asInteger32() & 0xffff_ffffL;
    }

    /** The 64 bits of an Unsigned64 (use {@link Long#toUnsignedString} for values above 2^63-1). */
    public long asUnsigned64() {
        return asInteger64();
    }

    public float asFloat32() {
        need(4);
        return ByteBuffer.wrap(data).getFloat();
    }

    public double asFloat64() {
        need(8);
        return ByteBuffer.wrap(data).getDouble();
    }

    public int asEnumerated() {
        return asInteger32();
    }

    public String asUtf8String() {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            throw new DiameterException(ResultCodes.DIAMETER_INVALID_AVP_VALUE, "AVP " + code + " is not valid UTF-8", this);
        }
    }

    public String asDiameterIdentity() {
        return asUtf8String();
    }

    public String asDiameterUri() {
        return asUtf8String();
    }

    /** The address of an Address AVP of family IPv4 or IPv6. */
    public InetAddress asAddress() {
        if (data.length < 2) throw new DiameterException(ResultCodes.DIAMETER_INVALID_AVP_LENGTH, "Address AVP " + code + " too short", this);
        int family = addressFamily();
        int expected = family == FAMILY_IPV4 ? 6 : family == FAMILY_IPV6 ? 18 : -1;
        if (expected < 0) throw new DiameterException(ResultCodes.DIAMETER_INVALID_AVP_VALUE, "Address family " + family + " is not IP", this);
        if (data.length != expected) throw new DiameterException(ResultCodes.DIAMETER_INVALID_AVP_LENGTH, "Address AVP " + code + " has length " + data.length, this);
        try {
            byte[] a = Arrays.copyOfRange(data, 2, data.length);
            return family == FAMILY_IPV4 ? InetAddress.getByAddress(a) : Inet6Address.getByAddress(null, a, null);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: lengths checked above
        }
    }

    public int addressFamily() {
        if (data.length < 2) throw new DiameterException(ResultCodes.DIAMETER_INVALID_AVP_LENGTH, "Address AVP " + code + " too short", this);
        return ((data[0] & 0xff) << 8) | (data[1] & 0xff);
    }

    public Instant asTime() {
        long ntp = asUnsigned32();
        if (ntp < 0x8000_0000L) ntp += 0x1_0000_0000L; // era 1: 2036-02-07 onwards
        return Instant.ofEpochSecond(ntp - NTP_ERA_OFFSET);
    }

    /** The members of a Grouped AVP. */
    public List<Avp> asGrouped() {
        List<Avp> c = children;
        if (c == null) {
            try {
                c = DiameterCodec.decodeAvps(data, 0, data.length);
            } catch (DiameterException e) {
                // report the inner AVP inside this one, as RFC 6733 §7.5 asks for nested errors
                throw e.failedAvp().isPresent()
                        ? new DiameterException(e.resultCode(), e.getMessage(), withData(DiameterCodec.encodeAvps(List.of(e.failedAvp().get()))))
                        : e;
            }
            children = c;
        }
        return c;
    }

    @Override
    public List<Avp> avps() {
        return asGrouped();
    }

    /** The same AVP with another payload (e.g. a zero-filled one for a Failed-AVP). */
    public Avp withData(byte[] newData) {
        return new Avp(code, flags, vendorId, newData.clone());
    }

    private void need(int n) {
        if (data.length != n) {
            throw new DiameterException(ResultCodes.DIAMETER_INVALID_AVP_LENGTH,
                    "AVP " + code + " has " + data.length + " bytes of data, its type needs " + n, this);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Avp a && a.code == code && a.flags == flags && a.vendorId == vendorId && Arrays.equals(a.data, data);
    }

    @Override
    public int hashCode() {
        return (code * 31 + vendorId) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Avp(" + code + (vendorId != 0 ? "/" + vendorId : "") + " flags=" + Integer.toHexString(flags)
                + " " + HexFormat.of().formatHex(data) + ")";
    }
}
