package org.imsemu.rtp;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One RTP packet (RFC 3550 section 5.1): the fixed header, CSRC list, optional header extension
 * (5.3.1), payload and padding. Immutable; arrays are copied in and out. Version is always 2.
 */
public final class RtpPacket {
    public static final int VERSION = 2;
    /** Fixed header length without CSRCs. */
    public static final int FIXED_HEADER_LENGTH = 12;

    /** The header extension of 5.3.1: a profile-defined 16-bit value and data in 32-bit words. */
    public record HeaderExtension(int profile, byte[] data) {
        public HeaderExtension {
            if (profile < 0 || profile > 0xFFFF) throw new IllegalArgumentException("extension profile out of range: " + profile);
            Objects.requireNonNull(data, "data");
            if (data.length % 4 != 0) throw new IllegalArgumentException("extension data must be whole 32-bit words, got " + data.length + " octets");
            if (data.length / 4 > 0xFFFF) throw new IllegalArgumentException("extension too long");
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof HeaderExtension h && h.profile == profile && Arrays.equals(h.data, data);
        }

        @Override
        public int hashCode() {
            return 31 * profile + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "HeaderExtension[profile=0x" + Integer.toHexString(profile) + ", " + data.length + " octets]";
        }
    }

    private final boolean marker;
    private final int payloadType;
    private final int sequenceNumber;
    private final long timestamp;
    private final long ssrc;
    private final List<Long> csrcs;
    private final HeaderExtension extension;
    private final byte[] payload;
    private final int paddingLength;

    /**
     * @param paddingLength octets of padding after the payload, including the count octet itself (0 = no
     *                      padding, so the P bit is clear)
     * @param extension     null when the X bit is clear
     */
    public RtpPacket(boolean marker, int payloadType, int sequenceNumber, long timestamp, long ssrc,
                     List<Long> csrcs, HeaderExtension extension, byte[] payload, int paddingLength) {
        if (payloadType < 0 || payloadType > 127) throw new IllegalArgumentException("payload type out of range 0-127: " + payloadType);
        if (sequenceNumber < 0 || sequenceNumber > 0xFFFF) throw new IllegalArgumentException("sequence number out of range: " + sequenceNumber);
        checkU32(timestamp, "timestamp");
        checkU32(ssrc, "SSRC");
        this.csrcs = List.copyOf(csrcs);
        if (this.csrcs.size() > 15) throw new IllegalArgumentException("at most 15 CSRCs, got " + this.csrcs.size());
        for (long c : this.csrcs) checkU32(c, "CSRC");
        if (paddingLength < 0 || paddingLength > 255) throw new IllegalArgumentException("padding length out of range 0-255: " + paddingLength);
        this.marker = marker;
        this.payloadType = payloadType;
        this.sequenceNumber = sequenceNumber;
        this.timestamp = timestamp;
        this.ssrc = ssrc;
        this.extension = extension;
        this.payload = Objects.requireNonNull(payload, "payload").clone();
        this.paddingLength = paddingLength;
    }

    /** The usual packet: no CSRC, extension or padding. */
    public static RtpPacket of(boolean marker, int payloadType, int sequenceNumber, long timestamp, long ssrc, byte[] payload) {
        return new RtpPacket(marker, payloadType, sequenceNumber, timestamp, ssrc, List.of(), null, payload, 0);
    }

    private static void checkU32(long v, String what) {
        if (v < 0 || v > 0xFFFF_FFFFL) throw new IllegalArgumentException(what + " out of 32-bit range: " + v);
    }

    // ---- decoding ----

    public static RtpPacket parse(byte[] data) {
        return parse(data, 0, data.length);
    }

    /** Decodes one datagram. Throws {@link RtpParseException} naming the first violated rule. */
    public static RtpPacket parse(byte[] data, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, data.length);
        ByteBuffer b = ByteBuffer.wrap(data, offset, length);
        if (length < FIXED_HEADER_LENGTH) throw new RtpParseException("shorter than the 12-octet RTP header: " + length + " octets");
        int first = b.get() & 0xFF;
        int version = first >>> 6;
        if (version != VERSION) throw new RtpParseException("RTP version must be 2, got " + version);
        boolean padding = (first & 0x20) != 0;
        boolean extended = (first & 0x10) != 0;
        int cc = first & 0x0F;
        int second = b.get() & 0xFF;
        boolean marker = (second & 0x80) != 0;
        int pt = second & 0x7F;
        int seq = b.getShort() & 0xFFFF;
        long ts = b.getInt() & 0xFFFF_FFFFL;
        long ssrc = b.getInt() & 0xFFFF_FFFFL;
        if (b.remaining() < 4 * cc) throw new RtpParseException("CSRC count " + cc + " needs " + 4 * cc + " octets, only " + b.remaining() + " left");
        List<Long> csrcs = new ArrayList<>(cc);
        for (int i = 0; i < cc; i++) csrcs.add(b.getInt() & 0xFFFF_FFFFL);
        HeaderExtension ext = null;
        if (extended) {
            if (b.remaining() < 4) throw new RtpParseException("X bit set but no room for the extension header");
            int profile = b.getShort() & 0xFFFF;
            int words = b.getShort() & 0xFFFF;
            if (b.remaining() < 4 * words) throw new RtpParseException("header extension of " + words + " words overruns the packet");
            byte[] ext4 = new byte[4 * words];
            b.get(ext4);
            ext = new HeaderExtension(profile, ext4);
        }
        int pad = 0;
        if (padding) {
            if (!b.hasRemaining()) throw new RtpParseException("P bit set but no padding octets");
            pad = data[offset + length - 1] & 0xFF;
            if (pad == 0) throw new RtpParseException("P bit set but padding count is 0");
            if (pad > b.remaining()) throw new RtpParseException("padding count " + pad + " exceeds the " + b.remaining() + " octets after the header");
        }
        byte[] payload = new byte[b.remaining() - pad];
        b.get(payload);
        return new RtpPacket(marker, pt, seq, ts, ssrc, csrcs, ext, payload, pad);
    }

    // ---- encoding ----

    public int encodedLength() {
        return FIXED_HEADER_LENGTH + 4 * csrcs.size() + (extension == null ? 0 : 4 + extension.data.length) + payload.length + paddingLength;
    }

    public byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(encodedLength());
        writeTo(b);
        return b.array();
    }

    /** Writes the packet at the buffer's position; padding octets are zero with the count last. */
    public void writeTo(ByteBuffer b) {
        b.put((byte) (VERSION << 6 | (paddingLength > 0 ? 0x20 : 0) | (extension != null ? 0x10 : 0) | csrcs.size()));
        b.put((byte) ((marker ? 0x80 : 0) | payloadType));
        b.putShort((short) sequenceNumber);
        b.putInt((int) timestamp);
        b.putInt((int) ssrc);
        for (long c : csrcs) b.putInt((int) c);
        if (extension != null) {
            b.putShort((short) extension.profile);
            b.putShort((short) (extension.data.length / 4));
            b.put(extension.data);
        }
        b.put(payload);
        if (paddingLength > 0) {
            for (int i = 1; i < paddingLength; i++) b.put((byte) 0);
            b.put((byte) paddingLength);
        }
    }

    // ---- accessors ----

    public int version() {
        return VERSION;
    }

    public boolean padding() {
        return paddingLength > 0;
    }

    public int paddingLength() {
        return paddingLength;
    }

    public boolean hasExtension() {
        return extension != null;
    }

    /** The header extension, or null. */
    public HeaderExtension extension() {
        return extension;
    }

    public List<Long> csrcs() {
        return csrcs;
    }

    public boolean marker() {
        return marker;
    }

    public int payloadType() {
        return payloadType;
    }

    public int sequenceNumber() {
        return sequenceNumber;
    }

    public long timestamp() {
        return timestamp;
    }

    public long ssrc() {
        return ssrc;
    }

    public byte[] payload() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RtpPacket p && p.marker == marker && p.payloadType == payloadType
                && p.sequenceNumber == sequenceNumber && p.timestamp == timestamp && p.ssrc == ssrc
                && p.paddingLength == paddingLength && p.csrcs.equals(csrcs) && Objects.equals(p.extension, extension)
                && Arrays.equals(p.payload, payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(marker, payloadType, sequenceNumber, timestamp, ssrc, csrcs, extension, paddingLength) * 31
                + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "RtpPacket[PT=" + payloadType + " seq=" + sequenceNumber + " ts=" + timestamp + " ssrc=0x" + Long.toHexString(ssrc)
                + (marker ? " M" : "") + (csrcs.isEmpty() ? "" : " csrc=" + csrcs) + (extension == null ? "" : " " + extension)
                + " " + payload.length + " octets" + (paddingLength > 0 ? " +" + paddingLength + " padding" : "") + "]";
    }
}
