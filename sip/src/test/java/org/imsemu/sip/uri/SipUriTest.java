package org.imsemu.sip.uri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.imsemu.sip.codec.SipParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SipUriTest {

    @Test
    void parsesUserPasswordHostPortAndParameters() {
        SipUri u = SipUri.parse("sip:alice:secretword@atlanta.com:5070;transport=tcp;lr");

        assertThat(u.isSecure()).isFalse();
        assertThat(u.scheme()).isEqualTo("sip");
        assertThat(u.user()).isEqualTo("alice");
        assertThat(u.password()).isEqualTo("secretword");
        assertThat(u.host()).isEqualTo("atlanta.com");
        assertThat(u.port()).isEqualTo(5070);
        assertThat(u.transport()).isEqualTo("tcp");
        assertThat(u.hasLr()).isTrue();
        assertThat(u.parameter("lr")).isEmpty();
        assertThat(u.headers()).isNull();
    }

    @Test
    void parsesSipsUriWithHeaders() {
        SipUri u = SipUri.parse("sips:alice@atlanta.com?subject=project%20x&priority=urgent");

        assertThat(u.isSecure()).isTrue();
        assertThat(u.scheme()).isEqualTo("sips");
        assertThat(u.port()).isEqualTo(-1);
        assertThat(u.parameters().isEmpty()).isTrue();
        assertThat(u.headers()).isEqualTo("subject=project%20x&priority=urgent");
    }

    @Test
    void parametersEndAtTheHeaders() {
        SipUri u = SipUri.parse("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com");

        assertThat(u.user()).isNull();
        assertThat(u.host()).isEqualTo("biloxi.com");
        assertThat(u.parameter("method")).isEqualTo("REGISTER");
        assertThat(u.transport()).isEqualTo("tcp");
        assertThat(u.headers()).isEqualTo("to=sip:bob%40biloxi.com");
    }

    @Test
    void userPartMayContainSemicolonsAndEscapes() {
        SipUri u = SipUri.parse("sip:alice;day=tuesday@atlanta.com");
        assertThat(u.user()).isEqualTo("alice;day=tuesday");
        assertThat(u.parameters().isEmpty()).isTrue();

        SipUri escaped = SipUri.parse("sip:%61lice@atlanta.com");
        assertThat(escaped.user()).isEqualTo("%61lice");
        assertThat(SipUri.unescape(escaped.user())).isEqualTo("alice");
    }

    @Test
    void parsesIpv6ReferenceWithAndWithoutUserAndPort() {
        SipUri withUser = SipUri.parse("sip:alice@[2001:db8::10]:5060;transport=udp");
        assertThat(withUser.user()).isEqualTo("alice");
        assertThat(withUser.host()).isEqualTo("[2001:db8::10]");
        assertThat(withUser.hostAddress()).isEqualTo("2001:db8::10");
        assertThat(withUser.port()).isEqualTo(5060);
        assertThat(withUser.transport()).isEqualTo("udp");

        SipUri bare = SipUri.parse("sips:[2001:db8::10]");
        assertThat(bare.user()).isNull();
        assertThat(bare.host()).isEqualTo("[2001:db8::10]");
        assertThat(bare.port()).isEqualTo(-1);

        SipUri mapped = SipUri.parse("sip:[::ffff:192.0.2.1]:5061");
        assertThat(mapped.hostAddress()).isEqualTo("::ffff:192.0.2.1");
        assertThat(mapped.port()).isEqualTo(5061);
    }

    @Test
    void ipv6ReferenceAsParameterValue() {
        SipUri u = SipUri.parse("sip:proxy.example.com;maddr=[2001:db8::1];lr");
        assertThat(u.maddr()).isEqualTo("[2001:db8::1]");
        assertThat(u.hasLr()).isTrue();
    }

    @Test
    void schemeIsCaseInsensitiveAndTextIsKept() {
        String text = "SIPS:Alice@Example.COM;Transport=TLS";
        SipUri u = SipUri.parse(text);
        assertThat(u.isSecure()).isTrue();
        assertThat(u.transport()).isEqualTo("TLS");
        assertThat(u).hasToString(text);
    }

    @Test
    void modifiedUriIsRewrittenInCanonicalOrder() {
        SipUri u = SipUri.parse("sip:alice@[2001:db8::10]:5060;transport=tcp?subject=x");
        SipUri withLr = u.withParameter("lr", null);

        assertThat(withLr).hasToString("sip:alice@[2001:db8::10]:5060;transport=tcp;lr?subject=x");
        assertThat(u).hasToString("sip:alice@[2001:db8::10]:5060;transport=tcp?subject=x");
        assertThat(SipUri.of("bob", "biloxi.com", 5062)).hasToString("sip:bob@biloxi.com:5062");
        assertThat(SipUri.of(null, "biloxi.com")).hasToString("sip:biloxi.com");
    }

    @Test
    void addressOfRecordDropsPortParametersAndHeaders() {
        SipUri aor = SipUri.parse("sip:%61lice@AtLanTa.com:5060;transport=tcp?subject=x").toAor();
        assertThat(aor).hasToString("sip:alice@atlanta.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sip:",
        "sip:alice@",
        "sip:a@b@c",
        "sip:host:99999",
        "sip:host:",
        "sip:[::1",
        "sip:[2001:db8:zz::1]",
        "sip:host;;lr",
        "sip:host;transport=",
        "sip:host?subject",
        "sip:-bad-.example.com",
        "sip:alice@host name",
        "http://example.com/",
    })
    void rejectsMalformedSipUris(String text) {
        assertThatThrownBy(() -> SipUri.parse(text)).isInstanceOf(SipParseException.class);
    }

    @Test
    void hostnameLabels() {
        for (String ok : new String[] {"a", "example.com", "example.com.", "a-b.c", "10.0.0.1", "x1.y2.z3"}) {
            assertThat(SipUri.isHostname(ok)).as(ok).isTrue();
        }
        for (String bad : new String[] {"", ".", "..", "a..b", ".a", "a..", "-a", "a-", "a.-b", "a.b-.c", "a.b-."}) {
            assertThat(SipUri.isHostname(bad)).as(bad).isFalse();
        }
    }

    // ---- RFC 3261 section 19.1.4 ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sip:%61lice@atlanta.com;transport=TCP | sip:alice@AtLanTa.CoM;Transport=tcp",
        "sip:carol@chicago.com | sip:carol@chicago.com;newparam=5",
        "sip:carol@chicago.com | sip:carol@chicago.com;security=on",
        "sip:carol@chicago.com;newparam=5 | sip:carol@chicago.com;security=on",
        "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com"
                + " | sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com",
        "sip:alice@atlanta.com?subject=project%20x&priority=urgent"
                + " | sip:alice@atlanta.com?priority=urgent&subject=project%20x",
    })
    void equivalentPairsOfRfc3261(String a, String b) {
        assertThat(SipUri.parse(a).equivalentTo(SipUri.parse(b))).as("%s ~ %s", a, b).isTrue();
        assertThat(SipUri.parse(b).equivalentTo(SipUri.parse(a))).as("%s ~ %s", b, a).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // different usernames
        "SIP:ALICE@AtLanTa.CoM;Transport=udp | sip:alice@AtLanTa.CoM;Transport=UDP",
        // can resolve to different ports
        "sip:bob@biloxi.com | sip:bob@biloxi.com:5060",
        // can resolve to different transports
        "sip:bob@biloxi.com | sip:bob@biloxi.com;transport=udp",
        // can resolve to different port and transports
        "sip:bob@biloxi.com | sip:bob@biloxi.com:6000;transport=tcp",
        // different header component
        "sip:carol@chicago.com | sip:carol@chicago.com?Subject=next%20meeting",
        // even though that's what phone21.boxesbybob.com resolves to
        "sip:bob@phone21.boxesbybob.com | sip:bob@192.0.2.4",
        // sip and sips never match
        "sip:bob@biloxi.com | sips:bob@biloxi.com",
        // a URI without user never matches one with
        "sip:biloxi.com | sip:bob@biloxi.com",
        // a parameter both sides have must agree
        "sip:carol@chicago.com;security=on | sip:carol@chicago.com;security=off",
    })
    void nonEquivalentPairsOfRfc3261(String a, String b) {
        assertThat(SipUri.parse(a).equivalentTo(SipUri.parse(b))).as("%s ~ %s", a, b).isFalse();
        assertThat(SipUri.parse(b).equivalentTo(SipUri.parse(a))).as("%s ~ %s", b, a).isFalse();
    }

    @Test
    void equivalenceIsNotTextualEquality() {
        SipUri a = SipUri.parse("sip:alice@atlanta.com;transport=TCP");
        SipUri b = SipUri.parse("sip:alice@ATLANTA.com;transport=tcp");
        assertThat(a.equivalentTo(b)).isTrue();
        assertThat(a).isNotEqualTo(b);
    }
}
