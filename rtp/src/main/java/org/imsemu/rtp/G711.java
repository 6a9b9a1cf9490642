package org.imsemu.rtp;

/**
 * ITU-T G.711 companding between 16-bit linear PCM and 8-bit µ-law (PCMU, RTP payload type 0) or
 * A-law (PCMA, payload type 8), RFC 3551 section 4.5.14. µ-law works on the 14-bit magnitude with the
 * usual bias of 132 (so 0 encodes to 0xFF); A-law on the 13-bit value with even bits inverted (0 encodes
 * to 0xD5). Decoding returns the middle of the quantisation interval.
 */
public final class G711 {
    public static final int PCMU = 0;
    public static final int PCMA = 8;

    private static final int ULAW_BIAS = 0x84;
    private static final int ULAW_CLIP = 32635;

    private G711() {
    }

    // ---- µ-law ----

    public static byte linearToUlaw(int sample) {
        int pcm = clamp16(sample);
        int sign = 0;
        if (pcm < 0) {
            sign = 0x80;
            pcm = -pcm;
        }
        if (pcm > ULAW_CLIP) pcm = ULAW_CLIP;
        pcm += ULAW_BIAS;
        // The segment is the position of the highest set bit above bit 7 (bits 7..14 give segments 0..7).
        int exponent = 31 - Integer.numberOfLeadingZeros(pcm) - 7;
        int mantissa = (pcm >> (exponent + 3)) & 0x0F;
        return (byte) ~(sign | exponent << 4 | mantissa);
    }

    public static short ulawToLinear(byte code) {
        int u = ~code & 0xFF;
        int exponent = (u >> 4) & 0x07;
        int magnitude = ((((u & 0x0F) << 3) + ULAW_BIAS) << exponent) - ULAW_BIAS;
        return (short) ((u & 0x80) != 0 ? -magnitude : magnitude);
    }

    // ---- A-law ----

    public static byte linearToAlaw(int sample) {
        int pcm = clamp16(sample) >> 3; // A-law quantises 13 bits
        int mask;
        if (pcm >= 0) {
            mask = 0xD5; // sign bit set for positive values, even bits inverted
        } else {
            mask = 0x55;
            pcm = -pcm - 1;
        }
        int segment = pcm < 0x20 ? 0 : 31 - Integer.numberOfLeadingZeros(pcm) - 4; // 0x20..0x3F is segment 1
        if (segment > 7) return (byte) (0x7F ^ mask);
        int mantissa = segment < 2 ? (pcm >> 1) & 0x0F : (pcm >> segment) & 0x0F;
        return (byte) ((segment << 4 | mantissa) ^ mask);
    }

    public static short alawToLinear(byte code) {
        int a = (code & 0xFF) ^ 0x55;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        if (segment == 0) {
            t += 8;
        } else {
            t = (t + 0x108) << (segment - 1);
        }
        return (short) ((a & 0x80) != 0 ? t : -t);
    }

    // ---- frames ----

    public static byte[] encode(int payloadType, short[] samples) {
        byte[] out = new byte[samples.length];
        boolean ulaw = isUlaw(payloadType);
        for (int i = 0; i < samples.length; i++) out[i] = ulaw ? linearToUlaw(samples[i]) : linearToAlaw(samples[i]);
        return out;
    }

    public static short[] decode(int payloadType, byte[] codes) {
        short[] out = new short[codes.length];
        boolean ulaw = isUlaw(payloadType);
        for (int i = 0; i < codes.length; i++) out[i] = ulaw ? ulawToLinear(codes[i]) : alawToLinear(codes[i]);
        return out;
    }

    /** Whether this RTP payload type is one of the two G.711 static types. */
    public static boolean isG711(int payloadType) {
        return payloadType == PCMU || payloadType == PCMA;
    }

    /** Root mean square of a frame, in linear 16-bit units (0 for silence, about 23170 for a full-scale sine). */
    public static double rms(short[] samples) {
        if (samples.length == 0) return 0;
        double sum = 0;
        for (short s : samples) sum += (double) s * s;
        return Math.sqrt(sum / samples.length);
    }

    private static boolean isUlaw(int payloadType) {
        if (payloadType == PCMU) return true;
        if (payloadType == PCMA) return false;
        throw new IllegalArgumentException("payload type " + payloadType + " is not G.711 (0 = PCMU, 8 = PCMA)");
    }

    private static int clamp16(int v) {
        return Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
    }
}
