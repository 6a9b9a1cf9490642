package org.imsemu.sip.registrar;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.imsemu.sip.header.AuthHeader;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.ua.DigestVerifier;

/**
 * The server side of HTTP Digest MD5 for a registrar (RFC 3261 22.4, RFC 2617 with qop=auth): issues
 * nonces, verifies answers and lets a client reuse a nonce with a growing nonce-count, so that a UE's
 * re-registration and de-registration need no new challenge (what TS 24.229 expects of a registered UE).
 * Not thread-safe: one instance per stack thread.
 */
public final class DigestAuthenticator {

    /** What to do with a request: go on as {@code username}, or send {@code response} (401 or 403). */
    public record Outcome(String username, SipResponse response) {
        public boolean authenticated() {
            return username != null;
        }
    }

    private static final int MAX_NONCES = 100_000;

    private final String realm;
    private final Function<String, String> passwords;
    /** Nonces issued and still usable, with the highest nonce-count seen; oldest dropped first. */
    private final Map<String, Long> nonces = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_NONCES;
        }
    };

    /** @param passwords user name (IMPI) to password, null for an unknown user */
    public DigestAuthenticator(String realm, Function<String, String> passwords) {
        this.realm = realm;
        this.passwords = passwords;
    }

    public String realm() {
        return realm;
    }

    public Outcome authenticate(SipRequest req) {
        AuthHeader creds = credentials(req);
        if (creds == null) return challenge(req, false);
        String username = creds.param("username");
        String password = username == null ? null : passwords.apply(username);
        if (password == null) return new Outcome(null, req.createResponse(403, "Forbidden: Unknown User"));
        String nonce = creds.param("nonce");
        Long lastCount = nonce == null ? null : nonces.get(nonce);
        // A nonce we never issued or no longer remember: the answer may be right, the nonce is stale.
        if (lastCount == null) return challenge(req, true);
        if (!DigestVerifier.verify(creds, req.method(), req.body(), password)) {
            return new Outcome(null, req.createResponse(403, "Forbidden: Wrong Credentials"));
        }
        long count = nonceCount(creds);
        if (count <= lastCount) return challenge(req, true); // a replayed nonce-count (RFC 2617 3.2.2)
        nonces.put(nonce, count);
        return new Outcome(username, null);
    }

    private Outcome challenge(SipRequest req, boolean stale) {
        String nonce = DigestVerifier.newNonce();
        nonces.put(nonce, 0L);
        AuthHeader challenge = DigestVerifier.challenge(realm, nonce, null, true, "MD5", stale);
        return new Outcome(null, req.createResponse(401).withHeader(HeaderNames.WWW_AUTHENTICATE, challenge.toString()));
    }

    private AuthHeader credentials(SipRequest req) {
        for (AuthHeader a : req.authHeaders(HeaderNames.AUTHORIZATION)) {
            if (a.isDigest() && realm.equalsIgnoreCase(a.param("realm")) && a.param("response") != null
                    && !a.param("response").isEmpty()) {
                return a;
            }
        }
        return null;
    }

    /** The nc parameter (hex); without qop there is none and every use counts as the first. */
    private static long nonceCount(AuthHeader creds) {
        String nc = creds.param("nc");
        if (nc == null) return 1;
        try {
            return Long.parseLong(nc, 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public int outstandingNonces() {
        return nonces.size();
    }
}
