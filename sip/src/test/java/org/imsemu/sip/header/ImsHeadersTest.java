package org.imsemu.sip.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.imsemu.sip.codec.SipParseException;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.junit.jupiter.api.Test;

/** Typed access to the 3GPP P-headers and extension headers the IMS issues rely on. */
class ImsHeadersTest {

    private static final String REGISTER = "REGISTER sip:domain1.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP [fd00:1::10]:5060;branch=z9hG4bKnashds7\r\n"
            + "Max-Forwards: 70\r\n"
            + "P-Access-Network-Info: 3GPP-UTRAN-TDD; utran-cell-id-3gpp=23456789ABCDE\r\n"
            + "From: <sip:alice@domain1.com>;tag=4fa3\r\n"
            + "To: <sip:alice@domain1.com>\r\n"
            + "Call-ID: apb03a0s09dkjdfglkj49111\r\n"
            + "CSeq: 1 REGISTER\r\n"
            + "Contact: <sip:[fd00:1::10]:5060;comp=sigcomp>;expires=600000\r\n"
            + "Security-Client: ipsec-3gpp; alg=hmac-sha-1-96; spi-c=23456789; spi-s=12345678; port-c=2468; port-s=1357,\r\n"
            + " ipsec-3gpp; alg=hmac-md5-96; spi-c=23456790; spi-s=12345679; port-c=2468; port-s=1357\r\n"
            + "Require: sec-agree\r\nProxy-Require: sec-agree\r\nSupported: path\r\n"
            + "P-Charging-Vector: icid-value=\"AyretyU0dm+6O2IrT5tAFrbHLso=023551024\";orig-ioi=domain1.com\r\n"
            + "P-Preferred-Identity: \"Alice\" <sip:alice@domain1.com>\r\n"
            + "P-Asserted-Identity: <sip:alice@domain1.com>, <tel:+1-212-555-1111>\r\n"
            + "Event: reg;id=7\r\n"
            + "Content-Length: 0\r\n\r\n";

    private static SipRequest register() {
        return (SipRequest) SipParser.parse(REGISTER.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void securityClientMechanismsInOrder() {
        List<TokenWithParams> mechs = register().securityMechanisms(HeaderNames.SECURITY_CLIENT);
        assertThat(mechs).hasSize(2);
        assertThat(mechs.get(0).value()).isEqualTo("ipsec-3gpp");
        assertThat(mechs.get(0).parameter("alg")).isEqualTo("hmac-sha-1-96");
        assertThat(mechs.get(0).parameter("spi-c")).isEqualTo("23456789");
        assertThat(mechs.get(1).parameter("alg")).isEqualTo("hmac-md5-96");
        assertThat(mechs.get(1).parameter("port-s")).isEqualTo("1357");
    }

    @Test
    void chargingVectorKeepsIcidAndIois() {
        ChargingVector cv = register().pChargingVector();
        assertThat(cv.icid()).isEqualTo("AyretyU0dm+6O2IrT5tAFrbHLso=023551024");
        assertThat(cv.origIoi()).isEqualTo("domain1.com");
        assertThat(cv.termIoi()).isNull();
        ChargingVector withTerm = cv.with("term-ioi", "domain2.com");
        assertThat(ChargingVector.parse(withTerm.toString()).termIoi()).isEqualTo("domain2.com");
        assertThatThrownBy(() -> ChargingVector.parse("orig-ioi=x")).isInstanceOf(SipParseException.class).hasMessageContaining("icid");
    }

    @Test
    void assertedAndPreferredIdentities() {
        SipRequest r = register();
        assertThat(r.pAssertedIdentities()).extracting(a -> a.uri().toString()).containsExactly("sip:alice@domain1.com", "tel:+1-212-555-1111");
        assertThat(r.pPreferredIdentity().displayName()).isEqualTo("\"Alice\"");
        assertThat(r.pPreferredIdentity().uri().toString()).isEqualTo("sip:alice@domain1.com");
    }

    @Test
    void accessNetworkInfoEventAndOptionTags() {
        SipRequest r = register();
        TokenWithParams pani = r.tokenHeader(HeaderNames.P_ACCESS_NETWORK_INFO);
        assertThat(pani.value()).isEqualTo("3GPP-UTRAN-TDD");
        assertThat(pani.parameter("utran-cell-id-3gpp")).isEqualTo("23456789ABCDE");
        assertThat(r.tokenHeader(HeaderNames.EVENT).value()).isEqualTo("reg");
        assertThat(r.tokenHeader("o").parameter("id")).as("compact form of Event").isEqualTo("7");
        assertThat(r.optionTags(HeaderNames.REQUIRE)).containsExactly("sec-agree");
        assertThat(r.optionTags(HeaderNames.SUPPORTED)).containsExactly("path");
    }

    @Test
    void ipv6ContactWithSigcompParameter() {
        SipRequest r = register();
        assertThat(r.contacts().get(0).sipUri().host()).isEqualTo("[fd00:1::10]");
        assertThat(r.contacts().get(0).sipUri().hostAddress()).isEqualTo("fd00:1::10");
        assertThat(r.contacts().get(0).sipUri().parameter("comp")).isEqualTo("sigcomp");
        assertThat(r.contacts().get(0).parameter("expires")).isEqualTo("600000");
        assertThat(r.topVia().host()).isEqualTo("[fd00:1::10]");
        assertThat(r.topVia().port()).isEqualTo(5060);
    }
}
