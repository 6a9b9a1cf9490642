package org.imsemu.aka;

/** Octet-string helpers shared by the AKA classes. */
final class Octets {
    private Octets() {
    }

    static byte[] require(byte[] b, int length, String what) {
        if (b == null) throw new IllegalArgumentException(what + " is missing");
        if (b.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " octets, got " + b.length);
        }
        return b.clone();
    }

    static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) out[i] = (byte) (a[i] ^ b[i]);
        return out;
    }

    static byte[] slice(byte[] b, int from, int length) {
        byte[] out = new byte[length];
        System.arraycopy(b, from, out, 0, length);
        return out;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
