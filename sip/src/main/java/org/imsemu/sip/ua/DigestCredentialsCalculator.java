package org.imsemu.sip.ua;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The Digest arithmetic of RFC 2617 section 3.2.2 (used by SIP, RFC 3261 section 22.4), shared by the
 * client ({@link DigestClient}) and the server side ({@link DigestVerifier}). Hex digests are lower case.
 */
public final class DigestCredentialsCalculator {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private DigestCredentialsCalculator() {
    }

    /** H(A1) with A1 = username:realm:password, then (sess) H(A1):nonce:cnonce. */
    public static String ha1(String hash, String username, String realm, byte[] password, boolean session,
                             String nonce, String cnonce) {
        String h = hex(digest(hash, bytes(username + ":" + realm + ":"), password));
        if (!session) return h;
        return hex(digest(hash, bytes(h + ":" + nonce + ":" + cnonce)));
    }

    public static String ha1(String username, String realm, String password) {
        return ha1("MD5", username, realm, bytes(password), false, null, null);
    }

    /** H(A2) with A2 = method:digest-uri, or method:digest-uri:H(entity-body) for qop=auth-int. */
    public static String ha2(String hash, String method, String digestUri, String qop, byte[] body) {
        if ("auth-int".equalsIgnoreCase(qop)) {
            String hBody = hex(digest(hash, body == null ? new byte[0] : body));
            return hex(digest(hash, bytes(method + ":" + digestUri + ":" + hBody)));
        }
        return hex(digest(hash, bytes(method + ":" + digestUri)));
    }

    /**
     * request-digest: KD(H(A1), nonce:nc:cnonce:qop:H(A2)) with qop, KD(H(A1), nonce:H(A2)) without
     * (the RFC 2069 form).
     */
    public static String response(String hash, String ha1, String nonce, String nc, String cnonce, String qop, String ha2) {
        String data = qop == null || qop.isEmpty()
                ? ha1 + ":" + nonce + ":" + ha2
                : ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2;
        return hex(digest(hash, bytes(data)));
    }

    /** The whole computation for the usual MD5 case. */
    public static String response(String username, String realm, String password, String method, String digestUri,
                                  String nonce, String nc, String cnonce, String qop) {
        String ha1 = ha1(username, realm, password);
        String ha2 = ha2("MD5", method, digestUri, qop, null);
        return response("MD5", ha1, nonce, nc, cnonce, qop, ha2);
    }

    /** nonce-count as 8 lower-case hex digits. */
    public static String nc(long count) {
        String s = Long.toHexString(count);
        return "00000000".substring(s.length()) + s;
    }

    static byte[] digest(String hash, byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance(hash);
            for (byte[] p : parts) md.update(p);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException("Unsupported digest hash " + hash, e);
        }
    }

    static String hex(byte[] b) {
        char[] c = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            c[2 * i] = HEX[(b[i] >> 4) & 0xF];
            c[2 * i + 1] = HEX[b[i] & 0xF];
        }
        return new String(c);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
