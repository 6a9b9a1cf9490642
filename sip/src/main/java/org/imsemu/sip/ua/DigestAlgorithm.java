package org.imsemu.sip.ua;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.imsemu.sip.header.AuthHeader;

/**
 * One value of the Digest {@code algorithm} parameter. The hook lets IMS AKA (RFC 3310, AKAv1-MD5, where
 * the password is the RES computed from the nonce) plug in without touching {@link DigestClient} or its
 * callers: such an algorithm returns RES from {@link #password} and keeps the MD5 hash.
 */
public interface DigestAlgorithm {

    /** Plain MD5 (RFC 2617 section 3.2.2.2): A1 = username:realm:password. */
    DigestAlgorithm MD5 = plain("MD5");

    /** MD5-sess (RFC 2617): A1 = H(username:realm:password):nonce:cnonce. */
    DigestAlgorithm MD5_SESS = plain("MD5-sess");

    /** The token as challenges spell it ("MD5", "AKAv1-MD5"); matched case-insensitively. */
    String name();

    /**
     * The octets that stand for the password in A1 for this challenge, or null when the challenge cannot
     * be answered (an AKA nonce that fails authentication, for instance).
     */
    byte[] password(AuthHeader challenge, DigestCredentials credentials);

    /** The JCA name of the hash H() (RFC 2617 and RFC 3310 use MD5). */
    default String hash() {
        return "MD5";
    }

    /** Whether A1 takes the "-sess" form, which binds it to nonce and cnonce. */
    default boolean session() {
        return name().toLowerCase(Locale.ROOT).endsWith("-sess");
    }

    /** Extra auth-params to put in the credentials (AKA's auts on a resynchronisation); none by default. */
    default Map<String, String> extraParams(AuthHeader challenge) {
        return Map.of();
    }

    /** An algorithm whose password is the configured one, as is. */
    static DigestAlgorithm plain(String name) {
        return new DigestAlgorithm() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public byte[] password(AuthHeader challenge, DigestCredentials credentials) {
                return credentials.password() == null ? null : credentials.password().getBytes(StandardCharsets.UTF_8);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
