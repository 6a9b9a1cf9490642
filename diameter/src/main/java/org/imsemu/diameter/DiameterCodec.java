package org.imsemu.diameter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Wire format of messages and AVPs (RFC 6733 §3, §4). Decoding checks the structure (version, lengths,
 * reserved bits, AVP framing) and, given an {@link AvpCatalog}, the AVPs: unknown ones with the M bit,
 * known ones whose payload does not fit their type. Errors are {@link DiameterException}s carrying the
 * Result-Code to answer with and the Failed-AVP.
 */
public final class DiameterCodec {
    private DiameterCodec() {
    }

    public static byte[] encode(DiameterMessage m) {
        int length = DiameterHeader.SIZE;
        for (Avp a : m.avps()) length += a.paddedLength();
        byte[] out = new byte[length];
        out[0] = 1;
        put24(out, 1, length);
        out[4] = (byte) m.flags();
        put24(out, 5, m.commandCode());
        put32(out, 8, (int) m.applicationId());
        put32(out, 12, m.hopByHop());
        put32(out, 16, m.endToEnd());
        int off = DiameterHeader.SIZE;
        for (Avp a : m.avps()) off = writeAvp(out, off, a);
        return out;
    }

    static byte[] encodeAvps(List<Avp> avps) {
        int length = 0;
        for (Avp a : avps) length += a.paddedLength();
        byte[] out = new byte[length];
        int off = 0;
        for (Avp a : avps) off = writeAvp(out, off, a);
        return out;
    }

    private static int writeAvp(byte[] out, int off, Avp a) {
        put32(out, off, a.code());
        out[off + 4] = (byte) a.flags();
        put24(out, off + 5, a.length());
        int p = off + 8;
        if (a.isVendorSpecific()) {
            put32(out, p, a.vendorId());
            p += 4;
        }
        byte[] d = a.rawData();
        System.arraycopy(d, 0, out, p, d.length);
        return off + a.paddedLength(); // padding bytes stay zero
    }

    /** Decodes one whole message, checking structure only (unknown AVPs are kept whatever their M bit). */
    public static DiameterMessage decode(byte[] bytes) {
        return decode(bytes, null);
    }

    /** Decodes one whole message; with a catalog, also rejects unknown M-bit AVPs (5001) and ill-sized known ones (5014). */
    public static DiameterMessage decode(byte[] bytes, AvpCatalog catalog) {
        if (bytes.length < DiameterHeader.SIZE) {
            throw new DiameterException(ResultCodes.DIAMETER_INVALID_MESSAGE_LENGTH, "message of " + bytes.length + " bytes is shorter than a header");
        }
        DiameterHeader h = DiameterHeader.read(bytes);
        if (h.version() != 1) throw new DiameterException(ResultCodes.DIAMETER_UNSUPPORTED_VERSION, "version " + h.version());
        if (h.length() != bytes.length || h.length() % 4 != 0) {
            throw new DiameterException(ResultCodes.DIAMETER_INVALID_MESSAGE_LENGTH,
                    "Message Length " + h.length() + " for " + bytes.length + " bytes");
        }
        if ((h.flags() & DiameterMessage.RESERVED_FLAGS) != 0) {
            throw new DiameterException(ResultCodes.DIAMETER_INVALID_HDR_BITS, "reserved header bits set: 0x" + Integer.toHexString(h.flags()));
        }
        if (h.isRequest() && (h.flags() & DiameterMessage.FLAG_E) != 0) {
            throw new DiameterException(ResultCodes.DIAMETER_INVALID_HDR_BITS, "E bit set in a request");
        }
        List<Avp> avps = decodeAvps(bytes, DiameterHeader.SIZE, bytes.length);
        if (catalog != null) validate(avps, catalog);
        return new DiameterMessage(h.flags(), h.commandCode(), h.applicationId(), h.hopByHop(), h.endToEnd(), avps);
    }

    static List<Avp> decodeAvps(byte[] b, int off, int end) {
        List<Avp> out = new ArrayList<>();
        while (off < end) {
            int remaining = end - off;
            if (remaining < 8) {
                throw new DiameterException(ResultCodes.DIAMETER_INVALID_AVP_LENGTH, remaining + " trailing bytes are not an AVP",
                        remaining >= 4 ? Avp.decoded((int) DiameterHeader.u32(b, off), 0, 0, new byte[0]) : null);
            }
            int code = (int) DiameterHeader.u32(b, off);
            int flags = b[off + 4] & 0xff;
            int length = DiameterHeader.u24(b, off + 5);
            boolean v = (flags & Avp.FLAG_V) != 0;
            int headerSize = v ? 12 : 8;
            int vendor = v && remaining >= 12 ? (int) DiameterHeader.u32(b, off + 8) : 0;
            if (length < headerSize || length > remaining || remaining < headerSize) {
                // Failed-AVP: the header with the bytes that are there (RFC 6733 §7.5)
                byte[] avail = Arrays.copyOfRange(b, Math.min(off + headerSize, end), Math.min(off + Math.max(length, headerSize), end));
                throw new DiameterException(ResultCodes.DIAMETER_INVALID_AVP_LENGTH,
                        "AVP " + code + " has length " + length + " with " + remaining + " bytes left",
                        Avp.decoded(code, flags, vendor, avail));
            }
            byte[] data = Arrays.copyOfRange(b, off + headerSize, off + length);
            Avp avp = Avp.decoded(code, flags, vendor, data);
            if ((flags & Avp.RESERVED_FLAGS) != 0) {
                throw new DiameterException(ResultCodes.DIAMETER_INVALID_AVP_BITS, "reserved flag bits set in AVP " + code, avp);
            }
            out.add(avp);
            int padded = (length + 3) & ~3;
            off += Math.min(padded, remaining); // a missing pad after the last AVP is tolerated
        }
        return Collections.unmodifiableList(out);
    }

    private static void validate(List<Avp> avps, AvpCatalog catalog) {
        for (Avp a : avps) {
            AvpDefinition def = catalog.find(a.code(), a.vendorId());
            if (def == null) {
                if (a.isMandatory()) throw new DiameterException(ResultCodes.DIAMETER_AVP_UNSUPPORTED, "unknown AVP " + a.code() + " with the M bit", a);
                continue;
            }
            int fixed = def.type().fixedLength();
            if (fixed >= 0 && a.dataLength() != fixed) {
                throw new DiameterException(ResultCodes.DIAMETER_INVALID_AVP_LENGTH, def + " has " + a.dataLength() + " bytes", a);
            }
            if (def.type() == AvpType.GROUPED) {
                try {
                    validate(a.asGrouped(), catalog);
                } catch (DiameterException e) {
                    Avp inner = e.failedAvp().orElse(null);
                    // Failed-AVP of a nested error: the enclosing AVP holding only the culprit
                    Avp failed = inner == null ? a
                            : inner.code() == a.code() && inner.vendorId() == a.vendorId() ? inner // already wrapped
                            : a.withData(encodeAvps(List.of(inner)));
                    throw new DiameterException(e.resultCode(), e.getMessage(), failed);
                }
            }
        }
    }

    private static void put24(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 16);
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) v;
    }

    private static void put32(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }
}
