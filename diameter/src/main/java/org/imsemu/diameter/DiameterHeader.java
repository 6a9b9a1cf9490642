package org.imsemu.diameter;

/**
 * The 20-byte message header (RFC 6733 §3) read without any check, so that a message whose body cannot
 * be decoded can still be answered (its hop-by-hop and end-to-end ids, command and application).
 */
public record DiameterHeader(int version, int length, int flags, int commandCode, long applicationId,
                             int hopByHop, int endToEnd) {
    public static final int SIZE = 20;

    /** Reads the header at the start of {@code b}, which must hold at least 20 bytes. */
    public static DiameterHeader read(byte[] b) {
        if (b.length < SIZE) throw new IllegalArgumentException("need 20 bytes, have " + b.length);
        return new DiameterHeader(b[0] & 0xff, u24(b, 1), b[4] & 0xff, u24(b, 5), u32(b, 8) & 0xffff_ffffL,
                (int) u32(b, 12), (int) u32(b, 16));
    }

    public boolean isRequest() {
        return (flags & DiameterMessage.FLAG_R) != 0;
    }

    static int u24(byte[] b, int off) {
        return ((b[off] & 0xff) << 16) | ((b[off + 1] & 0xff) << 8) | (b[off + 2] & 0xff);
    }

    static long u32(byte[] b, int off) {
        return ((b[off] & 0xffL) << 24) | ((b[off + 1] & 0xffL) << 16) | ((b[off + 2] & 0xffL) << 8) | (b[off + 3] & 0xffL);
    }
}
