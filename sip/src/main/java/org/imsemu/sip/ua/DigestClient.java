package org.imsemu.sip.ua;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.imsemu.sip.header.AuthHeader;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;

/**
 * Answers Digest challenges (RFC 3261 section 22.2 and 22.3, RFC 2617): for a 401 (WWW-Authenticate)
 * an Authorization header, for a 407 (Proxy-Authenticate) a Proxy-Authorization header. Prefers
 * qop=auth, falls back to auth-int, and to the RFC 2069 form when the challenge offers no qop. Keeps a
 * nonce-count per nonce. Not thread-safe: one per stack thread.
 */
public final class DigestClient {
    private static final int MAX_NONCES = 64;

    private final DigestCredentials credentials;
    private final List<DigestAlgorithm> algorithms;
    private final Supplier<String> cnonces;
    private final Map<String, Long> nonceCounts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_NONCES;
        }
    };

    public DigestClient(DigestCredentials credentials) {
        this(credentials, List.of(DigestAlgorithm.MD5, DigestAlgorithm.MD5_SESS), DigestClient::randomCnonce);
    }

    /**
     * @param algorithms the algorithms this client answers, matched against the challenge's algorithm
     *                   parameter (absent means MD5)
     * @param cnonces    source of client nonces (tests pass a fixed one)
     */
    public DigestClient(DigestCredentials credentials, List<DigestAlgorithm> algorithms, Supplier<String> cnonces) {
        this.credentials = credentials;
        this.algorithms = List.copyOf(algorithms);
        this.cnonces = cnonces;
    }

    public DigestCredentials credentials() {
        return credentials;
    }

    /** The algorithm that answers this challenge, or null. */
    public DigestAlgorithm algorithmFor(AuthHeader challenge) {
        if (!challenge.isDigest() || challenge.param("nonce") == null || challenge.param("realm") == null) return null;
        String name = challenge.param("algorithm");
        if (name == null) name = "MD5";
        for (DigestAlgorithm a : algorithms) {
            if (a.name().equalsIgnoreCase(name)) return a;
        }
        return null;
    }

    public boolean canAnswer(AuthHeader challenge) {
        return algorithmFor(challenge) != null && chooseQop(challenge.param("qop")) != null;
    }

    /**
     * Credentials answering {@code challenge} for a request with this method, digest-uri (the
     * Request-URI as written) and body (only hashed for qop=auth-int). Null when the challenge cannot be
     * answered (unknown algorithm or qop, or the algorithm refuses the nonce).
     */
    public AuthHeader answer(AuthHeader challenge, String method, String digestUri, byte[] body) {
        DigestAlgorithm alg = algorithmFor(challenge);
        if (alg == null) return null;
        String qop = chooseQop(challenge.param("qop"));
        if (qop == null) return null;
        byte[] password = alg.password(challenge, credentials);
        if (password == null) return null;
        String realm = challenge.param("realm");
        String nonce = challenge.param("nonce");
        String cnonce = null;
        String nc = null;
        if (!qop.isEmpty() || alg.session()) cnonce = cnonces.get();
        if (!qop.isEmpty()) nc = DigestCredentialsCalculator.nc(nonceCounts.merge(nonce, 1L, Long::sum));
        String ha1 = DigestCredentialsCalculator.ha1(alg.hash(), credentials.username(), realm, password,
                alg.session(), nonce, cnonce);
        String ha2 = DigestCredentialsCalculator.ha2(alg.hash(), method, digestUri, qop, body);
        String response = DigestCredentialsCalculator.response(alg.hash(), ha1, nonce, nc, cnonce, qop, ha2);

        Map<String, String> p = new LinkedHashMap<>();
        p.put("username", credentials.username());
        p.put("realm", realm);
        p.put("nonce", nonce);
        p.put("uri", digestUri);
        p.put("response", response);
        p.put("algorithm", challenge.param("algorithm") != null ? challenge.param("algorithm") : alg.name());
        if (cnonce != null) p.put("cnonce", cnonce);
        if (challenge.param("opaque") != null) p.put("opaque", challenge.param("opaque"));
        if (!qop.isEmpty()) {
            p.put("qop", qop);
            p.put("nc", nc);
        }
        p.putAll(alg.extraParams(challenge));
        return new AuthHeader("Digest", p);
    }

    /**
     * {@code request} with credentials for every challenge of a 401 or 407 that this client can answer,
     * replacing earlier credentials for the same realm; null when it can answer none. Via and CSeq are
     * left to the caller (a retry is a new transaction with a higher CSeq, 22.2).
     */
    public SipRequest authorize(SipRequest request, SipResponse challengeResponse) {
        String challengeName;
        String credentialsName;
        if (challengeResponse.status() == 401) {
            challengeName = HeaderNames.WWW_AUTHENTICATE;
            credentialsName = HeaderNames.AUTHORIZATION;
        } else if (challengeResponse.status() == 407) {
            challengeName = HeaderNames.PROXY_AUTHENTICATE;
            credentialsName = HeaderNames.PROXY_AUTHORIZATION;
        } else {
            return null;
        }
        List<AuthHeader> answers = new ArrayList<>(1);
        for (AuthHeader challenge : challengeResponse.authHeaders(challengeName)) {
            AuthHeader a = answer(challenge, request.method(), request.rawRequestUri(), request.body());
            if (a != null) answers.add(a);
        }
        if (answers.isEmpty()) return null;
        List<AuthHeader> kept = new ArrayList<>();
        for (AuthHeader old : request.authHeaders(credentialsName)) {
            boolean replaced = answers.stream().anyMatch(a -> a.param("realm").equals(old.param("realm")));
            if (!replaced) kept.add(old);
        }
        SipRequest out = request.withoutHeader(credentialsName);
        for (AuthHeader h : kept) out = out.withHeaderLast(credentialsName, h.toString());
        for (AuthHeader h : answers) out = out.withHeaderLast(credentialsName, h.toString());
        return out;
    }

    /** "auth" when offered, else "auth-int", "" for a challenge without qop, null when nothing fits. */
    static String chooseQop(String offered) {
        if (offered == null) return "";
        boolean authInt = false;
        for (String q : offered.split(",")) {
            String t = q.strip().toLowerCase(Locale.ROOT);
            if (t.equals("auth")) return "auth";
            if (t.equals("auth-int")) authInt = true;
        }
        return authInt ? "auth-int" : null;
    }

    static String randomCnonce() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    }
}
