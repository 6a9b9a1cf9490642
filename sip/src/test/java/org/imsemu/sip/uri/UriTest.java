package org.imsemu.sip.uri;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.imsemu.sip.codec.SipParseException;
import org.junit.jupiter.api.Test;

class UriTest {

    @Test
    void dispatchesOnScheme() {
        assertThat(Uri.parse("sip:alice@atlanta.com")).isInstanceOf(SipUri.class);
        assertThat(Uri.parse("SIPS:alice@atlanta.com")).isInstanceOf(SipUri.class);
        assertThat(Uri.parse("tel:+15551234567")).isInstanceOf(TelUri.class);
        assertThat(Uri.parse("urn:service:sos")).isInstanceOf(AbsoluteUri.class);
    }

    @Test
    void globalTelUriWithParameters() {
        TelUri t = (TelUri) Uri.parse("tel:+1-201-555-0123;ext=22;phone-context=+1-201");

        assertThat(t.scheme()).isEqualTo("tel");
        assertThat(t.isGlobal()).isTrue();
        assertThat(t.number()).isEqualTo("+1-201-555-0123");
        assertThat(t.parameters().get("ext")).isEqualTo("22");
        assertThat(t.parameters().get("phone-context")).isEqualTo("+1-201");
        assertThat(t).hasToString("tel:+1-201-555-0123;ext=22;phone-context=+1-201");
    }

    @Test
    void localTelUri() {
        TelUri t = (TelUri) Uri.parse("tel:7042;phone-context=example.com");

        assertThat(t.isGlobal()).isFalse();
        assertThat(t.number()).isEqualTo("7042");
        assertThat(t.parameters().get("phone-context")).isEqualTo("example.com");
    }

    @Test
    void rejectsBadTelNumbers() {
        assertThatThrownBy(() -> Uri.parse("tel:12g4")).isInstanceOf(SipParseException.class);
        assertThatThrownBy(() -> Uri.parse("tel:1+2")).isInstanceOf(SipParseException.class);
        assertThatThrownBy(() -> Uri.parse("tel:;phone-context=x")).isInstanceOf(SipParseException.class);
    }

    @Test
    void absoluteUriKeepsItsText() {
        AbsoluteUri u = (AbsoluteUri) Uri.parse("mailto:alice@atlanta.com");
        assertThat(u.scheme()).isEqualTo("mailto");
        assertThat(u.schemeSpecificPart()).isEqualTo("alice@atlanta.com");
        assertThat(u).hasToString("mailto:alice@atlanta.com");
    }

    @Test
    void rejectsUrisWithoutSchemeOrWithIllegalCharacters() {
        assertThatThrownBy(() -> Uri.parse("alice@atlanta.com")).isInstanceOf(SipParseException.class);
        assertThatThrownBy(() -> Uri.parse(":x")).isInstanceOf(SipParseException.class);
        assertThatThrownBy(() -> Uri.parse("1x:y")).isInstanceOf(SipParseException.class);
        assertThatThrownBy(() -> Uri.parse("urn:a b")).isInstanceOf(SipParseException.class);
        assertThatThrownBy(() -> Uri.parse("urn:")).isInstanceOf(SipParseException.class);
    }
}
