package org.imsemu.sip.header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.imsemu.sip.codec.SipParseException;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.TelUri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameAddressTest {

    @Test
    void nameAddrWithQuotedDisplayName() {
        NameAddress n = NameAddress.parse("\"Doe, John\" <sip:john@example.com;transport=tcp>;tag=1928301774", "From");

        assertThat(n.displayName()).isEqualTo("\"Doe, John\"");
        assertThat(n.uri()).hasToString("sip:john@example.com;transport=tcp");
        assertThat(n.sipUri().transport()).isEqualTo("tcp");
        assertThat(n.tag()).isEqualTo("1928301774");
        assertThat(n.angleBrackets()).isTrue();
    }

    @Test
    void nameAddrWithTokenDisplayName() {
        NameAddress n = NameAddress.parse("Bob Smith <sip:bob@biloxi.com>;tag=a6c85cf", "To");

        assertThat(n.displayName()).isEqualTo("Bob Smith");
        assertThat(n.uri()).hasToString("sip:bob@biloxi.com");
        assertThat(n.tag()).isEqualTo("a6c85cf");
    }

    @Test
    void nameAddrWithoutDisplayName() {
        NameAddress n = NameAddress.parse("<sip:bob@biloxi.com>", "To");

        assertThat(n.displayName()).isNull();
        assertThat(n.tag()).isNull();
        assertThat(n.parameters().isEmpty()).isTrue();
        assertThat(n).hasToString("<sip:bob@biloxi.com>");
    }

    @Test
    void quotedDisplayNameWithEscapesAndAngleBrackets() {
        NameAddress n = NameAddress.parse("\"\\\"Joe\\\" <\\\\> Smith\" <sip:joe@example.com>", "To");

        assertThat(n.displayName()).isEqualTo("\"\\\"Joe\\\" <\\\\> Smith\"");
        assertThat(Quoting.unquote(n.displayName())).isEqualTo("\"Joe\" <\\> Smith");
        assertThat(n.uri()).hasToString("sip:joe@example.com");
    }

    @Test
    void parametersAfterAddrSpecAreHeaderParameters() {
        // RFC 3261 section 20.10: without <>, everything after the first ';' belongs to the header.
        NameAddress n = NameAddress.parse("sip:alice@atlanta.com;transport=tcp;tag=88sja8x", "From");

        assertThat(n.angleBrackets()).isFalse();
        assertThat(n.displayName()).isNull();
        assertThat(n.uri()).hasToString("sip:alice@atlanta.com");
        assertThat(n.sipUri().transport()).isNull();
        assertThat(n.parameter("transport")).isEqualTo("tcp");
        assertThat(n.tag()).isEqualTo("88sja8x");
    }

    @Test
    void parametersInsideAngleBracketsBelongToTheUri() {
        NameAddress n = NameAddress.parse("<sip:alice@atlanta.com;transport=tcp>;tag=88sja8x", "From");

        assertThat(n.sipUri().transport()).isEqualTo("tcp");
        assertThat(n.parameter("transport")).isNull();
        assertThat(n.tag()).isEqualTo("88sja8x");
    }

    @Test
    void addrSpecWithWhitespaceBeforeParameters() {
        NameAddress n = NameAddress.parse("  sip:bob@biloxi.com ; tag = 12 ", "To");
        assertThat(n.uri()).hasToString("sip:bob@biloxi.com");
        assertThat(n.tag()).isEqualTo("12");
    }

    @Test
    void telUriAsNameAddrAndAsAddrSpec() {
        NameAddress inBrackets = NameAddress.parse("<tel:+15551234567;phone-context=example.com>;tag=1", "From");
        assertThat(inBrackets.uri()).isInstanceOf(TelUri.class);
        assertThat(((TelUri) inBrackets.uri()).parameters().get("phone-context")).isEqualTo("example.com");

        NameAddress bare = NameAddress.parse("tel:+15551234567;tag=1", "From");
        assertThat(bare.uri()).hasToString("tel:+15551234567");
        assertThat(bare.tag()).isEqualTo("1");
    }

    @Test
    void quotedHeaderParameterWithAngleBrackets() {
        NameAddress n = NameAddress.parse(
                "<sip:alice@[2001:db8::10]:5060>;expires=600;+sip.instance=\"<urn:gsma:imei:35209900-176148-1>\"", "Contact");

        assertThat(n.sipUri().host()).isEqualTo("[2001:db8::10]");
        assertThat(n.parameter("expires")).isEqualTo("600");
        assertThat(n.parameter("+sip.instance")).isEqualTo("<urn:gsma:imei:35209900-176148-1>");
    }

    @Test
    void withTagLeavesTheOriginalAlone() {
        NameAddress to = NameAddress.parse("Bob <sip:bob@biloxi.com>", "To");
        NameAddress tagged = to.withTag("a6c85cf");

        assertThat(tagged).hasToString("Bob <sip:bob@biloxi.com>;tag=a6c85cf");
        assertThat(to.tag()).isNull();
    }

    @Test
    void serialisationAddsBracketsWhenTheUriNeedsThem() {
        assertThat(NameAddress.of(SipUri.parse("sip:p1.example.com;lr"))).hasToString("<sip:p1.example.com;lr>");
        NameAddress bare = NameAddress.parse("sip:alice@atlanta.com;tag=1", "From");
        assertThat(bare).hasToString("sip:alice@atlanta.com;tag=1");
        assertThat(bare.withUri(SipUri.parse("sip:alice@atlanta.com;transport=tcp")))
                .hasToString("<sip:alice@atlanta.com;transport=tcp>;tag=1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "\"Alice\" sip:alice@atlanta.com",
        "\"Alice <sip:alice@atlanta.com>",
        "<sip:alice@atlanta.com",
        "< sip:alice@atlanta.com>",
        "sip:alice@atlanta.com?subject=x",
        "sip:alice@atlanta.com junk",
        "<sip:alice@atlanta.com> junk",
        "Al@ce <sip:alice@atlanta.com>",
    })
    void rejectsMalformedValues(String value) {
        assertThatThrownBy(() -> NameAddress.parse(value, "From")).isInstanceOf(SipParseException.class);
    }
}
