package org.imsemu.sip.ua;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.imsemu.sip.header.AuthHeader;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.junit.jupiter.api.Test;

class DigestTest {
    // RFC 2617 section 3.5
    static final String RFC_CHALLENGE = "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
            + "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
    static final DigestCredentials MUFASA = new DigestCredentials("Mufasa", "Circle Of Life");

    static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    static SipRequest register() {
        return (SipRequest) SipParser.parse(("REGISTER sip:example.com SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKabc\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:alice@example.com>;tag=1\r\n"
                + "To: <sip:alice@example.com>\r\n"
                + "Call-ID: reg1@127.0.0.1\r\n"
                + "CSeq: 1 REGISTER\r\n"
                + "Contact: <sip:alice@127.0.0.1:5070>\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void calculatorReproducesRfc2617Example() {
        String r = DigestCredentialsCalculator.response("Mufasa", "testrealm@host.com", "Circle Of Life", "GET",
                "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth");
        assertThat(r).isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void clientAnswersRfc2617ChallengeWithQopAuth() {
        DigestClient client = new DigestClient(MUFASA, List.of(DigestAlgorithm.MD5), () -> "0a4f113b");
        AuthHeader challenge = AuthHeader.parse(RFC_CHALLENGE, "WWW-Authenticate");
        AuthHeader a = client.answer(challenge, "GET", "/dir/index.html", null);

        assertThat(a.scheme()).isEqualTo("Digest");
        assertThat(a.param("response")).isEqualTo("6629fae49393a05397450978507c4ef1");
        assertThat(a.param("username")).isEqualTo("Mufasa");
        assertThat(a.param("realm")).isEqualTo("testrealm@host.com");
        assertThat(a.param("uri")).isEqualTo("/dir/index.html");
        assertThat(a.param("qop")).isEqualTo("auth");
        assertThat(a.param("nc")).isEqualTo("00000001");
        assertThat(a.param("cnonce")).isEqualTo("0a4f113b");
        assertThat(a.param("opaque")).isEqualTo("5ccc069c403ebaf9f0171e9517f40e41");
        // qop and nc are tokens in credentials, the rest quoted (RFC 3261 section 25.1)
        assertThat(a.toString()).contains("qop=auth,").contains("nc=00000001").contains("username=\"Mufasa\"")
                .contains("response=\"6629fae49393a05397450978507c4ef1\"");
        // the header survives a parse round trip
        assertThat(AuthHeader.parse(a.toString(), "Authorization").param("response")).isEqualTo(a.param("response"));
    }

    @Test
    void nonceCountGrowsPerNonce() {
        DigestClient client = new DigestClient(MUFASA, List.of(DigestAlgorithm.MD5), () -> "0a4f113b");
        AuthHeader challenge = AuthHeader.parse(RFC_CHALLENGE, "WWW-Authenticate");
        client.answer(challenge, "GET", "/dir/index.html", null);
        AuthHeader second = client.answer(challenge, "GET", "/dir/index.html", null);
        assertThat(second.param("nc")).isEqualTo("00000002");
        assertThat(second.param("response")).isNotEqualTo("6629fae49393a05397450978507c4ef1");
        assertThat(DigestVerifier.verify(second, "GET", null, "Circle Of Life")).isTrue();
    }

    @Test
    void withoutQopUsesRfc2069Form() throws Exception {
        DigestClient client = new DigestClient(MUFASA);
        AuthHeader challenge = AuthHeader.parse("Digest realm=\"r\", nonce=\"n1\", algorithm=MD5", "WWW-Authenticate");
        AuthHeader a = client.answer(challenge, "REGISTER", "sip:example.com", null);
        String expected = md5(md5("Mufasa:r:Circle Of Life") + ":n1:" + md5("REGISTER:sip:example.com"));
        assertThat(a.param("response")).isEqualTo(expected);
        assertThat(a.param("qop")).isNull();
        assertThat(a.param("nc")).isNull();
        assertThat(a.param("cnonce")).isNull();
        assertThat(a.param("algorithm")).isEqualTo("MD5");
    }

    @Test
    void authIntHashesTheBody() throws Exception {
        DigestClient client = new DigestClient(MUFASA, List.of(DigestAlgorithm.MD5), () -> "c1");
        AuthHeader challenge = AuthHeader.parse("Digest realm=\"r\", nonce=\"n1\", qop=\"auth-int\"", "WWW-Authenticate");
        byte[] body = "v=0\r\n".getBytes(StandardCharsets.UTF_8);
        AuthHeader a = client.answer(challenge, "INVITE", "sip:bob@b.example", body);
        String ha2 = md5("INVITE:sip:bob@b.example:" + md5("v=0\r\n"));
        assertThat(a.param("qop")).isEqualTo("auth-int");
        assertThat(a.param("response")).isEqualTo(md5(md5("Mufasa:r:Circle Of Life") + ":n1:00000001:c1:auth-int:" + ha2));
        assertThat(DigestVerifier.verify(a, "INVITE", body, "Circle Of Life")).isTrue();
        assertThat(DigestVerifier.verify(a, "INVITE", new byte[0], "Circle Of Life")).isFalse();
    }

    @Test
    void md5SessRoundTrip() {
        DigestClient client = new DigestClient(MUFASA);
        AuthHeader challenge = DigestVerifier.challenge("r", "abc", "op", true, "MD5-sess", false);
        AuthHeader a = client.answer(challenge, "REGISTER", "sip:r", null);
        assertThat(a.param("algorithm")).isEqualTo("MD5-sess");
        assertThat(a.param("opaque")).isEqualTo("op");
        assertThat(DigestVerifier.verify(a, "REGISTER", null, "Circle Of Life")).isTrue();
        assertThat(DigestVerifier.verify(a, "REGISTER", null, "circle of life")).isFalse();
    }

    @Test
    void unsupportedAlgorithmOrQopIsNotAnswered() {
        DigestClient client = new DigestClient(MUFASA);
        assertThat(client.answer(AuthHeader.parse("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256", "x"), "REGISTER", "sip:r", null)).isNull();
        assertThat(client.answer(AuthHeader.parse("Digest realm=\"r\", nonce=\"n\", qop=\"auth-conf\"", "x"), "REGISTER", "sip:r", null)).isNull();
        assertThat(client.answer(AuthHeader.parse("Basic realm=\"r\"", "x"), "REGISTER", "sip:r", null)).isNull();
    }

    @Test
    void authorizeAddsAuthorizationForA401AndVerifierAcceptsIt() {
        DigestClient client = new DigestClient(new DigestCredentials("alice@example.com", "secret"));
        SipRequest req = register();
        String nonce = DigestVerifier.newNonce();
        SipResponse r401 = req.createResponse(401).withHeader(HeaderNames.WWW_AUTHENTICATE,
                DigestVerifier.challenge("example.com", nonce).toString());

        SipRequest authorized = client.authorize(req, r401);
        AuthHeader creds = authorized.authHeader(HeaderNames.AUTHORIZATION);
        assertThat(creds).isNotNull();
        assertThat(authorized.hasHeader(HeaderNames.PROXY_AUTHORIZATION)).isFalse();
        assertThat(creds.param("uri")).isEqualTo("sip:example.com");
        assertThat(creds.param("nonce")).isEqualTo(nonce);
        assertThat(DigestVerifier.verify(creds, "REGISTER", null, "secret")).isTrue();
        assertThat(DigestVerifier.verify(creds, "REGISTER", null, "wrong")).isFalse();
        assertThat(DigestVerifier.verify(creds, "INVITE", null, "secret")).isFalse();
        assertThat(DigestVerifier.expectedResponseFromHa1(creds, "REGISTER", null,
                DigestCredentialsCalculator.ha1("alice@example.com", "example.com", "secret"))).isEqualTo(creds.param("response"));

        // a second challenge for the same realm replaces the credentials instead of adding more
        SipResponse again = req.createResponse(401).withHeader(HeaderNames.WWW_AUTHENTICATE,
                DigestVerifier.challenge("example.com", "n2", null, true, "MD5", true).toString());
        SipRequest twice = client.authorize(authorized, again);
        assertThat(twice.authHeaders(HeaderNames.AUTHORIZATION)).hasSize(1);
        assertThat(twice.authHeader(HeaderNames.AUTHORIZATION).param("nonce")).isEqualTo("n2");
    }

    @Test
    void authorizeAnswers407WithProxyAuthorizationKeepingOtherRealms() {
        DigestClient client = new DigestClient(new DigestCredentials("alice", "pw"));
        SipRequest req = register().withHeader(HeaderNames.PROXY_AUTHORIZATION,
                "Digest username=\"alice\",realm=\"first\",nonce=\"x\",uri=\"sip:example.com\",response=\"00\"");
        SipResponse r407 = req.createResponse(407).withHeader(HeaderNames.PROXY_AUTHENTICATE,
                DigestVerifier.challenge("second", "n").toString());
        SipRequest out = client.authorize(req, r407);
        assertThat(out.hasHeader(HeaderNames.AUTHORIZATION)).isFalse();
        assertThat(out.authHeaders(HeaderNames.PROXY_AUTHORIZATION)).extracting(h -> h.param("realm"))
                .containsExactly("first", "second");
        assertThat(client.authorize(req, req.createResponse(403))).isNull();
    }

    @Test
    void pluggableAlgorithmSuppliesPasswordFromNonce() {
        // Stand-in for AKAv1-MD5: the password octets are derived from the nonce (RES in RFC 3310).
        DigestAlgorithm fakeAka = new DigestAlgorithm() {
            @Override
            public String name() {
                return "AKAv1-MD5";
            }

            @Override
            public byte[] password(AuthHeader challenge, DigestCredentials credentials) {
                return res(challenge.param("nonce"));
            }
        };
        DigestClient client = new DigestClient(new DigestCredentials("user@ims.example", null), List.of(fakeAka), () -> "cn");
        AuthHeader challenge = DigestVerifier.challenge("ims.example", "bm9uY2U=", null, true, "AKAv1-MD5", false);
        assertThat(client.canAnswer(challenge)).isTrue();
        AuthHeader a = client.answer(challenge, "REGISTER", "sip:ims.example", null);
        assertThat(a.param("algorithm")).isEqualTo("AKAv1-MD5");
        assertThat(DigestVerifier.verify(a, "REGISTER", null, res("bm9uY2U="))).isTrue();
        assertThat(DigestVerifier.verify(a, "REGISTER", null, res("other"))).isFalse();
        // plain MD5 challenges are not answered by a client configured for AKA only
        assertThat(client.canAnswer(DigestVerifier.challenge("ims.example", "n"))).isFalse();
    }

    static byte[] res(String nonce) {
        byte[] n = nonce.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[8];
        for (int i = 0; i < out.length; i++) out[i] = (byte) (n[i % n.length] ^ 0x5a ^ i);
        return out;
    }
}
