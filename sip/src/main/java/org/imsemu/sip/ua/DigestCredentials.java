package org.imsemu.sip.ua;

import java.util.Objects;

/**
 * What a UA authenticates with: the username (an IMS private identity, or a plain user name) and the
 * shared secret. AKA algorithms derive the digest password from the challenge instead, so for them
 * {@code password} may be unused.
 */
public record DigestCredentials(String username, String password) {
    public DigestCredentials {
        Objects.requireNonNull(username, "username");
    }

    @Override
    public String toString() {
        return "DigestCredentials[" + username + "]"; // never the secret in logs
    }
}
