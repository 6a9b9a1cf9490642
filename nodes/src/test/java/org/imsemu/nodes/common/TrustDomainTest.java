package org.imsemu.nodes.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.junit.jupiter.api.Test;

class TrustDomainTest {
    private static SipRequest request(String extra) {
        String text = "MESSAGE sip:bea@beta.test SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP scscf-a.alpha.test;branch=z9hG4bK1\r\n"
                + "From: \"Anonymous\" <sip:anonymous@anonymous.invalid>;tag=1\r\nTo: <sip:bea@beta.test>\r\n"
                + "Call-ID: c1\r\nCSeq: 1 MESSAGE\r\nMax-Forwards: 70\r\n"
                + "P-Asserted-Identity: <sip:ann@alpha.test>\r\nP-Charging-Vector: icid-value=1\r\n"
                + "User-Agent: phone/1\r\nSubject: lunch\r\n" + extra + "Content-Length: 0\r\n\r\n";
        return (SipRequest) SipParser.parse(text.getBytes());
    }

    @Test
    void hostsUnderATrustedDomainAreTrusted() {
        TrustDomain t = new TrustDomain(Set.of("Alpha.test"));

        assertThat(t.trusts("scscf-a.alpha.test")).isTrue();
        assertThat(t.trusts("alpha.test.")).isTrue();
        assertThat(t.trusts("evilalpha.test")).isFalse();
        assertThat(t.trusts("beta.test")).isFalse();
        assertThat(t.trusts(null)).isFalse();
        assertThat(TrustDomain.everyone().trusts("anything.example")).isTrue();
        assertThat(TrustDomain.isNamed("127.0.0.1")).isFalse();
        assertThat(TrustDomain.isNamed("[::1]")).isFalse();
        assertThat(TrustDomain.isNamed("pcscf.alpha.test")).isTrue();
    }

    @Test
    void leavingWithoutPrivacyKeepsTheIdentityButNotTheChargingData() {
        SipRequest out = TrustDomain.leaving(request(""));

        assertThat(out.header(HeaderNames.P_ASSERTED_IDENTITY)).isEqualTo("<sip:ann@alpha.test>");
        assertThat(out.hasHeader(HeaderNames.P_CHARGING_VECTOR)).isFalse();
        assertThat(out.hasHeader(HeaderNames.USER_AGENT)).isTrue();
    }

    @Test
    void privacyIdAndHeaderRemoveTheIdentityAndTheRevealingHeaders() {
        SipRequest out = TrustDomain.leaving(request("Privacy: id; header\r\n"));

        assertThat(out.hasHeader(HeaderNames.P_ASSERTED_IDENTITY)).isFalse();
        assertThat(out.hasHeader(HeaderNames.USER_AGENT)).isFalse();
        assertThat(out.hasHeader(HeaderNames.SUBJECT)).isFalse();
        assertThat(out.from().uri()).hasToString("sip:anonymous@anonymous.invalid");
        assertThat(out.header(HeaderNames.PRIVACY)).isNotNull();
    }

    @Test
    void nobodyOutsideMayAssert() {
        assertThat(TrustDomain.entering(request("")).hasHeader(HeaderNames.P_ASSERTED_IDENTITY)).isFalse();
    }
}
