package org.imsemu.sip.ua;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.imsemu.sip.header.AuthHeader;

/**
 * The server side of Digest (registrars, proxies, RFC 3261 section 22.4): builds challenges and computes
 * the response a client holding the right password must have sent. Checking the nonce (freshness,
 * replay through nc) and the digest-uri against the Request-URI is the caller's business.
 */
public final class DigestVerifier {

    private DigestVerifier() {
    }

    /** A WWW-Authenticate / Proxy-Authenticate value; opaque may be null. */
    public static AuthHeader challenge(String realm, String nonce, String opaque, boolean qopAuth, String algorithm, boolean stale) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("realm", realm);
        p.put("nonce", nonce);
        if (opaque != null) p.put("opaque", opaque);
        if (stale) p.put("stale", "TRUE");
        p.put("algorithm", algorithm == null ? "MD5" : algorithm);
        if (qopAuth) p.put("qop", "auth");
        return new AuthHeader("Digest", p);
    }

    public static AuthHeader challenge(String realm, String nonce) {
        return challenge(realm, nonce, null, true, "MD5", false);
    }

    /** An unguessable nonce (128 random bits in hex). */
    public static String newNonce() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return DigestCredentialsCalculator.hex(java.nio.ByteBuffer.allocate(16).putLong(r.nextLong()).putLong(r.nextLong()).array());
    }

    /**
     * The response the client should have computed, from the parameters its credentials carry and the
     * password octets (XRES for AKA). The hash follows the credentials' algorithm: MD5, MD5-sess and
     * AKAv1-MD5 all hash with MD5.
     */
    public static String expectedResponse(AuthHeader credentials, String method, byte[] body, byte[] password) {
        String alg = credentials.param("algorithm");
        boolean session = alg != null && alg.toLowerCase(Locale.ROOT).endsWith("-sess");
        String ha1 = DigestCredentialsCalculator.ha1("MD5", credentials.param("username"), credentials.param("realm"),
                password, session, credentials.param("nonce"), credentials.param("cnonce"));
        return expectedResponseFromHa1(credentials, method, body, ha1);
    }

    /** Same, for registrars that store H(username:realm:password) instead of the password. */
    public static String expectedResponseFromHa1(AuthHeader credentials, String method, byte[] body, String ha1) {
        String qop = credentials.param("qop");
        String ha2 = DigestCredentialsCalculator.ha2("MD5", method, credentials.param("uri"), qop, body);
        return DigestCredentialsCalculator.response("MD5", ha1, credentials.param("nonce"), credentials.param("nc"),
                credentials.param("cnonce"), qop, ha2);
    }

    /** Whether the credentials carry the right response for this password (compared in constant time). */
    public static boolean verify(AuthHeader credentials, String method, byte[] body, String password) {
        return verify(credentials, method, body, password.getBytes(StandardCharsets.UTF_8));
    }

    public static boolean verify(AuthHeader credentials, String method, byte[] body, byte[] password) {
        if (!credentials.isDigest() || credentials.param("response") == null || credentials.param("nonce") == null
                || credentials.param("uri") == null || credentials.param("username") == null || credentials.param("realm") == null) {
            return false;
        }
        String qop = credentials.param("qop");
        if (qop != null && !qop.isEmpty() && (credentials.param("nc") == null || credentials.param("cnonce") == null)) return false;
        String expected = expectedResponse(credentials, method, body, password);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                credentials.param("response").toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
