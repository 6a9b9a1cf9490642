package org.imsemu.sip.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.imsemu.sip.codec.SipParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CSeq, authentication headers, parameters and quoted strings. */
class HeaderValuesTest {

    @Test
    void cseqWithSurroundingWhitespace() {
        CSeq c = CSeq.parse("  4711   INVITE ");
        assertThat(c.number()).isEqualTo(4711);
        assertThat(c.method()).isEqualTo("INVITE");
        assertThat(c).hasToString("4711 INVITE");
    }

    @Test
    void cseqAtTheLimit() {
        assertThat(CSeq.parse("2147483647 ACK").number()).isEqualTo(CSeq.MAX);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "INVITE", "1", "1INVITE", "-1 INVITE", "2147483648 INVITE", "99999999999 INVITE", "1 INV ITE", "1 INV@TE"})
    void rejectsMalformedCseq(String value) {
        assertThatThrownBy(() -> CSeq.parse(value)).isInstanceOf(SipParseException.class);
    }

    @Test
    void digestCredentialsWithQuotedCommas() {
        AuthHeader a = AuthHeader.parse("Digest username=\"alice@ims.example.net\", realm=\"ims.example.net\","
                + " nonce=\"abc,def==\", uri=\"sip:ims.example.net\", response=\"6629fae49393a05397450978507c4ef1\","
                + " algorithm=AKAv1-MD5, qop=auth, nc=00000001, cnonce=\"0a4f113b\"", "Authorization");

        assertThat(a.isDigest()).isTrue();
        assertThat(a.isCredentials()).isTrue();
        assertThat(a.param("username")).isEqualTo("alice@ims.example.net");
        assertThat(a.param("Nonce")).isEqualTo("abc,def==");
        assertThat(a.param("algorithm")).isEqualTo("AKAv1-MD5");
        assertThat(a.param("qop")).isEqualTo("auth");
        assertThat(a.param("nc")).isEqualTo("00000001");
        // Reparsing the canonical form gives the same value.
        assertThat(AuthHeader.parse(a.toString(), "Authorization")).isEqualTo(a);
    }

    @Test
    void digestChallengeQuotesQop() {
        AuthHeader c = AuthHeader.parse("Digest realm=\"ims.example.net\",nonce=\"n1\",qop=\"auth,auth-int\",algorithm=MD5",
                "WWW-Authenticate");

        assertThat(c.isCredentials()).isFalse();
        assertThat(c.param("qop")).isEqualTo("auth,auth-int");
        assertThat(c).hasToString("Digest realm=\"ims.example.net\",nonce=\"n1\",qop=\"auth,auth-int\",algorithm=MD5");
    }

    @Test
    void rejectsBrokenAuthHeaders() {
        assertThatThrownBy(() -> AuthHeader.parse("Digest realm", "WWW-Authenticate")).isInstanceOf(SipParseException.class);
        assertThatThrownBy(() -> AuthHeader.parse("Digest realm=\"x", "WWW-Authenticate")).isInstanceOf(SipParseException.class);
        assertThatThrownBy(() -> AuthHeader.parse("Digest realm=x nonce=y", "WWW-Authenticate")).isInstanceOf(SipParseException.class);
    }

    @Test
    void quotingRoundTrip() {
        String raw = "say \"hi\" \\ bye";
        String quoted = Quoting.quote(raw);
        assertThat(quoted).isEqualTo("\"say \\\"hi\\\" \\\\ bye\"");
        assertThat(Quoting.unquote(quoted)).isEqualTo(raw);
        assertThat(Quoting.unquote("token")).isEqualTo("token");
        assertThat(Quoting.unquote("\"\"")).isEmpty();
    }

    @Test
    void parametersCompareNamesCaseInsensitivelyAndKeepOrder() {
        Parameters p = Parameters.EMPTY.with("Transport", "tcp").with("lr", null);

        assertThat(p.get("transport")).isEqualTo("tcp");
        assertThat(p.get("LR")).isEmpty();
        assertThat(p.get("maddr")).isNull();
        assertThat(p.with("TRANSPORT", "udp")).hasToString(";Transport=udp;lr");
        assertThat(p.without("lr")).hasToString(";Transport=tcp");
        assertThat(p.without("absent")).isSameAs(p);
        assertThat(p).hasToString(";Transport=tcp;lr");
    }
}
