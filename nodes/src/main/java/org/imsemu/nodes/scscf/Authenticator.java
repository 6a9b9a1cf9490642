package org.imsemu.nodes.scscf;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.imsemu.aka.Auts;
import org.imsemu.aka.DigestAka;
import org.imsemu.diameter.dictionary.CxValues;
import org.imsemu.nodes.common.cx.CxAnswers;
import org.imsemu.nodes.common.cx.CxClient;
import org.imsemu.sip.header.AuthHeader;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.ua.DigestVerifier;

/**
 * The S-CSCF's authentication of REGISTER (TS 24.229 5.4.1.2, TS 33.203): vectors from the HSS by MAR,
 * challenged in a 401 — Digest-AKAv1-MD5 (RFC 3310: nonce = base64(RAND||AUTN), XRES as the Digest
 * password, CK and IK handed to the P-CSCF in the challenge) or SIP Digest with the HA1 the HSS keeps —
 * and the answers checked. A challenge stays valid for the registration's life, so refreshes with a
 * growing nonce-count need no new vector. An AUTS (the UE's SQN is ahead) makes a resynchronising MAR.
 * Stack-thread only, except the futures of MAR, which the caller hops back from.
 */
final class Authenticator {

    /** What to do with a REGISTER: go on for {@code impi}, or answer {@code response} (401, 403, 480). */
    record Outcome(String impi, SipResponse response) {
        boolean authenticated() {
            return impi != null;
        }
    }

    private record Challenge(String impi, String impu, String scheme, byte[] rand, byte[] xres, String ha1, long lastNc) {
        Challenge withNc(long nc) {
            return new Challenge(impi, impu, scheme, rand, xres, ha1, nc);
        }
    }

    private static final int MAX_CHALLENGES = 200_000;

    private final String realm;
    private final String serverName;
    private final CxClient cx;
    private final Map<String, Challenge> challenges = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Challenge> eldest) {
            return size() > MAX_CHALLENGES;
        }
    };

    Authenticator(String realm, String serverName, CxClient cx) {
        this.realm = realm;
        this.serverName = serverName;
        this.cx = cx;
    }

    /** Decides at once when it can; asks the HSS otherwise. Complete on the Diameter thread then. */
    CompletableFuture<Outcome> authenticate(SipRequest req, String impi, String impu) {
        AuthHeader creds = credentials(req);
        Challenge ch = creds == null ? null : lookup(creds.param("nonce"));
        if (ch != null && ch.impi().equals(impi)) {
            String auts = creds.param(DigestAka.AUTS_PARAM);
            if (auts != null) {
                drop(creds.param("nonce"));
                byte[] resync;
                try {
                    resync = Auts.sipAuthorization(ch.rand(), Auts.decode(auts));
                } catch (RuntimeException e) {
                    return CompletableFuture.completedFuture(refuse(req, "Bad AUTS"));
                }
                return challenge(req, impi, impu, DigestAka.ALGORITHM, resync, false);
            }
            if (!correct(creds, req, ch)) {
                drop(creds.param("nonce"));
                return CompletableFuture.completedFuture(refuse(req, "Authentication Failed"));
            }
            long nc = nonceCount(creds);
            if (nc > ch.lastNc()) {
                remember(creds.param("nonce"), ch.withNc(nc));
                return CompletableFuture.completedFuture(new Outcome(impi, null));
            }
            // a replayed nonce-count: a fresh challenge (RFC 2617 3.2.2)
        }
        String algorithm = creds != null ? creds.param("algorithm") : algorithmHint(req);
        return challenge(req, impi, impu, algorithm, null, creds != null);
    }

    private CompletableFuture<Outcome> challenge(SipRequest req, String impi, String impu, String algorithm, byte[] resync,
                                                 boolean stale) {
        String scheme = DigestAka.ALGORITHM.equalsIgnoreCase(algorithm) ? CxValues.SCHEME_AKAV1_MD5
                : "MD5".equalsIgnoreCase(algorithm) ? CxValues.SCHEME_SIP_DIGEST : CxValues.SCHEME_UNKNOWN;
        return cx.multimediaAuth(impi, impu, serverName, scheme, resync).handle((maa, error) -> {
            if (error != null) return new Outcome(null, req.createResponse(480, "Temporarily Unavailable: HSS Not Reachable"));
            if (maa.result() == CxValues.DIAMETER_ERROR_USER_UNKNOWN || maa.result() == CxValues.DIAMETER_ERROR_IDENTITIES_DONT_MATCH
                    || maa.result() == CxValues.DIAMETER_ERROR_AUTH_SCHEME_NOT_SUPPORTED || !maa.isSuccess() || maa.items().isEmpty()) {
                return refuse(req, "Not Authorised (" + maa.result() + ")");
            }
            return new Outcome(null, challengeResponse(req, impi, impu, maa.items().get(0), stale));
        });
    }

    /** The 401 for one vector; remembers what the answer must be. */
    private SipResponse challengeResponse(SipRequest req, String impi, String impu, CxAnswers.AuthItem item, boolean stale) {
        Map<String, String> p = new LinkedHashMap<>();
        String nonce;
        if (CxValues.SCHEME_AKAV1_MD5.equalsIgnoreCase(item.scheme())) {
            nonce = Base64.getEncoder().encodeToString(item.authenticate());
            byte[] rand = Arrays.copyOf(item.authenticate(), 16);
            remember(nonce, new Challenge(impi, impu, item.scheme(), rand, item.authorization(), null, 0));
            p.put("realm", realm);
            p.put("nonce", nonce);
            p.put("algorithm", DigestAka.ALGORITHM);
            p.put("qop", "auth");
            // TS 33.203 7.1: the keys travel to the P-CSCF in the challenge, which strips them.
            if (item.ik() != null) p.put("ik", HexFormat.of().formatHex(item.ik()));
            if (item.ck() != null) p.put("ck", HexFormat.of().formatHex(item.ck()));
        } else {
            nonce = DigestVerifier.newNonce();
            remember(nonce, new Challenge(impi, impu, item.scheme(), null, null, item.digestHa1(), 0));
            p.put("realm", item.digestRealm() != null ? item.digestRealm() : realm);
            p.put("nonce", nonce);
            p.put("algorithm", "MD5");
            p.put("qop", "auth");
        }
        if (stale) p.put("stale", "TRUE");
        return req.createResponse(401).withHeader(HeaderNames.WWW_AUTHENTICATE, new AuthHeader("Digest", p).toString());
    }

    // The map is touched on the stack thread and, when a MAA arrives, on the Diameter thread.
    private void remember(String nonce, Challenge ch) {
        synchronized (challenges) {
            challenges.put(nonce, ch);
        }
    }

    private Challenge lookup(String nonce) {
        synchronized (challenges) {
            return nonce == null ? null : challenges.get(nonce);
        }
    }

    private void drop(String nonce) {
        synchronized (challenges) {
            challenges.remove(nonce);
        }
    }

    private boolean correct(AuthHeader creds, SipRequest req, Challenge ch) {
        if (ch.xres() != null) return DigestVerifier.verify(creds, req.method(), req.body(), ch.xres());
        if (ch.ha1() == null || creds.param("response") == null) return false;
        String expected = DigestVerifier.expectedResponseFromHa1(creds, req.method(), req.body(), ch.ha1());
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                creds.param("response").toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    /** Digest credentials for our realm that answer something (a response, or an AUTS). */
    private AuthHeader credentials(SipRequest req) {
        for (AuthHeader a : req.authHeaders(HeaderNames.AUTHORIZATION)) {
            if (!a.isDigest() || !realm.equalsIgnoreCase(a.param("realm"))) continue;
            String response = a.param("response");
            if ((response != null && !response.isEmpty()) || a.param(DigestAka.AUTS_PARAM) != null) return a;
        }
        return null;
    }

    /** The algorithm an initial REGISTER's empty Authorization asks for, if any. */
    private static String algorithmHint(SipRequest req) {
        for (AuthHeader a : req.authHeaders(HeaderNames.AUTHORIZATION)) {
            if (a.isDigest() && a.param("algorithm") != null) return a.param("algorithm");
        }
        return null;
    }

    private static Outcome refuse(SipRequest req, String why) {
        return new Outcome(null, req.createResponse(403, "Forbidden: " + why));
    }

    private static long nonceCount(AuthHeader creds) {
        String nc = creds.param("nc");
        if (nc == null) return 1;
        try {
            return Long.parseLong(nc, 16);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Forgets the challenges of a private identity (de-registration, network-initiated too). */
    void forget(String impi) {
        synchronized (challenges) {
            challenges.values().removeIf(c -> c.impi().equals(impi));
        }
    }
}
