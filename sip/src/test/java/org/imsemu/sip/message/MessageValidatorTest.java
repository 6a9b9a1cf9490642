package org.imsemu.sip.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.imsemu.sip.codec.MessageValidator;
import org.imsemu.sip.codec.MessageValidator.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link MessageValidator} on parsed messages (it lives in codec but judges the message layer's output). */
class MessageValidatorTest {

    static final String OPTIONS = "OPTIONS sip:carol@chicago.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKhjhs8ass877\r\n"
            + "Max-Forwards: 70\r\n"
            + "To: <sip:carol@chicago.com>\r\n"
            + "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
            + "Call-ID: a84b4c76e66710\r\n"
            + "CSeq: 63104 OPTIONS\r\n"
            + "Contact: <sip:alice@pc33.atlanta.com>\r\n"
            + "Accept: application/sdp\r\n"
            + "Content-Length: 0\r\n"
            + "\r\n";

    static Problem check(String text) {
        return MessageValidator.check(SipParser.parse(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void wellFormedRequestPasses() {
        assertThat(check(OPTIONS)).isNull();
    }

    @Test
    void wellFormedResponsePasses() {
        assertThat(check("SIP/2.0 200 OK\r\n"
                + "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKhjhs8ass877;received=192.0.2.4\r\n"
                + "To: <sip:carol@chicago.com>;tag=93810874\r\n"
                + "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
                + "Call-ID: a84b4c76e66710\r\n"
                + "CSeq: 63104 OPTIONS\r\n"
                + "Content-Length: 0\r\n\r\n")).isNull();
    }

    @Test
    void compactFormsCountAsTheMandatoryHeaders() {
        assertThat(check(OPTIONS.replace("Via:", "v:").replace("To:", "t:").replace("From:", "f:")
                .replace("Call-ID:", "i:").replace("Content-Length:", "l:"))).isNull();
    }

    @Test
    void cseqMethodMustMatchTheRequestMethod() {
        Problem p = check(OPTIONS.replace("CSeq: 63104 OPTIONS", "CSeq: 63104 INVITE"));

        assertThat(p).isNotNull();
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.reason()).containsIgnoringCase("CSeq");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Via", "From", "To", "Call-ID", "CSeq"})
    void missingMandatoryHeaderIs400(String header) {
        String text = OPTIONS.replaceAll("(?m)^" + header + ":[^\r]*\r\n", "");
        assertThat(text).isNotEqualTo(OPTIONS);

        Problem p = check(text);

        assertThat(p).isNotNull();
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.reason()).isEqualTo("Missing " + header + " header");
    }

    @ParameterizedTest
    @ValueSource(strings = {"300", "256", "-1", "seventy", ""})
    void maxForwardsOutOfRangeIs400(String value) {
        Problem p = check(OPTIONS.replace("Max-Forwards: 70", "Max-Forwards: " + value));

        assertThat(p).isNotNull();
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.reason()).contains("Max-Forwards");
    }

    @Test
    void maxForwardsLimits() {
        assertThat(check(OPTIONS.replace("Max-Forwards: 70", "Max-Forwards: 255"))).isNull();
        assertThat(check(OPTIONS.replace("Max-Forwards: 70", "Max-Forwards: 0"))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Call-ID: a84b4c76 e66710", "Call-ID:", "Call-ID: caf\u00e9@host"})
    void badCallIdIs400(String line) {
        Problem p = check(OPTIONS.replace("Call-ID: a84b4c76e66710", line));

        assertThat(p).isNotNull();
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.reason()).isEqualTo("Bad Call-ID");
    }

    @Test
    void duplicateSingletonHeaderIs400() {
        Problem p = check(OPTIONS.replace("Call-ID: a84b4c76e66710\r\n", "Call-ID: a84b4c76e66710\r\ni: other\r\n"));

        assertThat(p).isNotNull();
        assertThat(p.status()).isEqualTo(400);
    }

    @Test
    void malformedViaFromOrRouteIs400() {
        assertThat(check(OPTIONS.replace("SIP/2.0/UDP pc33.atlanta.com;", "SIP/2.0/UDP pc33.atlanta.com:0;")).status()).isEqualTo(400);
        assertThat(check(OPTIONS.replace("From: Alice <sip:alice@atlanta.com>", "From: \"Alice <sip:alice@atlanta.com>")).status())
                .isEqualTo(400);
        assertThat(check(OPTIONS.replace("Accept:", "Route: <sip:p1.example.com;lr>,,\r\nAccept:")).status()).isEqualTo(400);
        assertThat(check(OPTIONS.replace("<sip:alice@pc33.atlanta.com>", "<sip:alice@pc33.atlanta.com>;expires=soon")).status())
                .isEqualTo(400);
    }

    @Test
    void unsupportedVersionIs505ButVersionIsCaseInsensitive() {
        assertThat(check(OPTIONS.replace(" SIP/2.0\r\n", " SIP/3.0\r\n")).status()).isEqualTo(505);
        // RFC 3261 section 7.1: the SIP-Version string is case-insensitive.
        assertThat(check(OPTIONS.replace(" SIP/2.0\r\n", " sip/2.0\r\n"))).isNull();
    }

    @Test
    void requestUriWithHeadersIs400() {
        Problem p = check(OPTIONS.replace("OPTIONS sip:carol@chicago.com SIP/2.0", "OPTIONS sip:carol@chicago.com?subject=x SIP/2.0"));

        assertThat(p).isNotNull();
        assertThat(p.status()).isEqualTo(400);
    }
}
