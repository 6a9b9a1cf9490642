package org.imsemu.sip.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.imsemu.sip.codec.SipParseException;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.junit.jupiter.api.Test;

class SecurityMechanismTest {

    @Test
    void parsesEveryIpsec3gppParameter() {
        SecurityMechanism m = SecurityMechanism.parse("ipsec-3gpp; q=0.1; alg=HMAC-SHA-1-96; ealg=aes-cbc; prot=esp; mod=trans;"
                + " spi-c=3929102; spi-s=4294967295; port-c=5062; port-s=5064");
        assertThat(m.isIpsec3gpp()).isTrue();
        assertThat(m.alg()).isEqualTo(SecurityMechanism.HMAC_SHA_1_96);
        assertThat(m.ealg()).isEqualTo("aes-cbc");
        assertThat(m.prot()).isEqualTo("esp");
        assertThat(m.mod()).isEqualTo("trans");
        assertThat(m.spiC()).isEqualTo(3929102L);
        assertThat(m.spiS()).isEqualTo(0xFFFFFFFFL);
        assertThat(m.portC()).isEqualTo(5062);
        assertThat(m.portS()).isEqualTo(5064);
        assertThat(m.q()).isEqualTo(0.1);
    }

    @Test
    void defaultsOfAnnexHWhenAbsent() {
        SecurityMechanism m = SecurityMechanism.parse("ipsec-3gpp;alg=hmac-md5-96");
        assertThat(m.ealg()).isEqualTo("null");
        assertThat(m.prot()).isEqualTo("esp");
        assertThat(m.mod()).isEqualTo("trans");
        assertThat(m.spiC()).isEqualTo(-1);
        assertThat(m.portS()).isEqualTo(-1);
        assertThat(m.q()).isZero();
        assertThat(SecurityMechanism.parse("digest").isIpsec3gpp()).isFalse();
    }

    @Test
    void builtMechanismFormatsAndParsesBack() {
        SecurityMechanism m = SecurityMechanism.ipsec3gpp("hmac-sha-1-96", 1111, 2222, 40001, 40002);
        assertThat(m.toString()).isEqualTo("ipsec-3gpp;alg=hmac-sha-1-96;spi-c=1111;spi-s=2222;port-c=40001;port-s=40002");
        assertThat(SecurityMechanism.parse(m.toString())).isEqualTo(m);
        SecurityMechanism md5 = SecurityMechanism.ipsec3gpp("hmac-md5-96", 1111, 2222, 40001, 40002);
        String header = SecurityMechanism.format(List.of(m, md5));
        assertThat(header).isEqualTo(m + ", " + md5);
        assertThat(SecurityMechanism.parseList(header)).containsExactly(m, md5);
    }

    @Test
    void readsTheHeadersOfAMessage() {
        SipRequest r = (SipRequest) SipParser.parse(("REGISTER sip:domain1.com SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK1\r\nMax-Forwards: 70\r\n"
                + "From: <sip:alice@domain1.com>;tag=1\r\nTo: <sip:alice@domain1.com>\r\nCall-ID: c\r\nCSeq: 1 REGISTER\r\n"
                + "Security-Client: ipsec-3gpp;alg=hmac-sha-1-96;spi-c=1;spi-s=2;port-c=3;port-s=4\r\n"
                + "Security-Client: ipsec-3gpp;alg=hmac-md5-96;spi-c=1;spi-s=2;port-c=3;port-s=4\r\n"
                + "Content-Length: 0\r\n\r\n").getBytes());
        List<SecurityMechanism> l = SecurityMechanism.of(r.securityMechanisms(HeaderNames.SECURITY_CLIENT));
        assertThat(l).extracting(SecurityMechanism::alg).containsExactly("hmac-sha-1-96", "hmac-md5-96");
    }

    @Test
    void sameAsIgnoresCaseQuotingAndParameterOrderButNotValues() {
        SecurityMechanism a = SecurityMechanism.parse("ipsec-3gpp;alg=hmac-sha-1-96;spi-c=1;spi-s=2;port-c=3;port-s=4;q=0.1");
        assertThat(a.sameAs(SecurityMechanism.parse("IPSEC-3GPP;q=0.1;spi-s=2;ALG=HMAC-SHA-1-96;spi-c=1;port-c=3;port-s=\"4\""))).isTrue();
        assertThat(a.sameAs(a.with("spi-s", "3"))).isFalse();
        assertThat(a.sameAs(a.without("q"))).isFalse();
        assertThat(SecurityMechanism.sameLists(List.of(a, a.with("alg", "hmac-md5-96")), List.of(a.with("alg", "hmac-md5-96"), a)))
                .as("order matters: it is the server's preference").isFalse();
        assertThat(SecurityMechanism.sameLists(List.of(a), List.of(a, a))).isFalse();
    }

    @Test
    void badValuesAreClearErrors() {
        assertThatThrownBy(() -> SecurityMechanism.parse("ipsec-3gpp;spi-c=4294967296").spiC())
                .isInstanceOf(SipParseException.class).hasMessageContaining("spi-c");
        assertThatThrownBy(() -> SecurityMechanism.parse("ipsec-3gpp;port-s=0").portS())
                .isInstanceOf(SipParseException.class).hasMessageContaining("port-s");
        assertThatThrownBy(() -> SecurityMechanism.parse("ipsec-3gpp;q=2").q()).isInstanceOf(SipParseException.class);
        assertThatThrownBy(() -> SecurityMechanism.parseList("ipsec-3gpp;alg=x,,digest")).isInstanceOf(SipParseException.class);
        assertThatThrownBy(() -> SecurityMechanism.ipsec3gpp("hmac-sha-1-96", -1, 2, 3, 4)).hasMessageContaining("spi-c");
        assertThatThrownBy(() -> SecurityMechanism.format(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
