package org.imsemu.sip.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.imsemu.sip.codec.SipParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ViaTest {

    @Test
    void parsesSentProtocolSentByAndParameters() {
        Via v = Via.parse("SIP/2.0/UDP pc33.atlanta.com:5066;branch=z9hG4bK776asdhds;received=192.0.2.1;rport=5066");

        assertThat(v.protocol()).isEqualTo("SIP/2.0");
        assertThat(v.transport()).isEqualTo("UDP");
        assertThat(v.host()).isEqualTo("pc33.atlanta.com");
        assertThat(v.port()).isEqualTo(5066);
        assertThat(v.sentBy()).isEqualTo("pc33.atlanta.com:5066");
        assertThat(v.branch()).isEqualTo("z9hG4bK776asdhds");
        assertThat(v.hasRfc3261Branch()).isTrue();
        assertThat(v.received()).isEqualTo("192.0.2.1");
        assertThat(v.rport()).isEqualTo("5066");
        assertThat(v.isReliable()).isFalse();
    }

    @Test
    void ipv6SentByWithPort() {
        Via v = Via.parse("SIP/2.0/TCP [2001:db8::10]:5060;branch=z9hG4bKabc;received=2001:db8::9;rport");

        assertThat(v.host()).isEqualTo("[2001:db8::10]");
        assertThat(v.port()).isEqualTo(5060);
        assertThat(v.sentBy()).isEqualTo("[2001:db8::10]:5060");
        assertThat(v.received()).isEqualTo("2001:db8::9");
        assertThat(v.rport()).isEmpty();
        assertThat(v.isReliable()).isTrue();
    }

    @Test
    void ipv6SentByWithoutPortAndBracketedReceived() {
        Via v = Via.parse("SIP/2.0/UDP [2001:db8::10];branch=z9hG4bKabc;received=[2001:db8::9]");

        assertThat(v.host()).isEqualTo("[2001:db8::10]");
        assertThat(v.port()).isEqualTo(-1);
        assertThat(v.sentBy()).isEqualTo("[2001:db8::10]");
        assertThat(v.received()).isEqualTo("[2001:db8::9]");
    }

    @Test
    void linearWhitespaceIsAllowedBetweenElements() {
        // RFC 4475 3.1.1.1 (wsinv) style spacing.
        Via v = Via.parse("SIP  /   2.0 / UDP first.example.com: 4000;ttl=16 ;maddr=224.2.0.1 ; branch = z9hG4bKa7c6a8dlze.1");

        assertThat(v.protocol()).isEqualTo("SIP/2.0");
        assertThat(v.transport()).isEqualTo("UDP");
        assertThat(v.host()).isEqualTo("first.example.com");
        assertThat(v.port()).isEqualTo(4000);
        assertThat(v.maddr()).isEqualTo("224.2.0.1");
        assertThat(v.branch()).isEqualTo("z9hG4bKa7c6a8dlze.1");
    }

    @Test
    void quotedParameterValueKeepsEscapesAndCommas() {
        Via v = Via.parse("SIP/2.0/UDP a.example.com;branch=z9hG4bK1;x=\"a,b\\\"c\"");

        assertThat(v.parameters().get("x")).isEqualTo("a,b\"c");
        assertThat(v).hasToString("SIP/2.0/UDP a.example.com;branch=z9hG4bK1;x=\"a,b\\\"c\"");
    }

    @Test
    void transportIsUpperCasedAndRfc2543BranchRecognised() {
        Via v = Via.parse("SIP/2.0/tcp h.example.com;branch=1234");
        assertThat(v.transport()).isEqualTo("TCP");
        assertThat(v.hasRfc3261Branch()).isFalse();
    }

    @Test
    void builtViaAndWithParameter() {
        Via v = Via.of("udp", "192.0.2.7", 5060, "z9hG4bKx1");
        assertThat(v).hasToString("SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bKx1");

        Via r = v.withParameter("received", "192.0.2.99").withParameter("rport", "5070");
        assertThat(r).hasToString("SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bKx1;received=192.0.2.99;rport=5070");
        assertThat(v.received()).isNull();
        assertThat(Via.parse(r.toString())).isEqualTo(r);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "SIP/2.0/UDP",
        "SIP/2.0 h.example.com",
        "SIP/2.0/UDPh.example.com",
        "SIP/2.0/UDP h.example.com:",
        "SIP/2.0/UDP h.example.com:70000",
        "SIP/2.0/UDP [2001:db8::10:5060",
        "SIP/2.0/UDP h.example.com;",
        "SIP/2.0/UDP h.example.com junk",
    })
    void rejectsMalformedVias(String value) {
        assertThatThrownBy(() -> Via.parse(value)).isInstanceOf(SipParseException.class);
    }
}
