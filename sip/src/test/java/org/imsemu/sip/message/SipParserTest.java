package org.imsemu.sip.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.imsemu.sip.codec.SipParseException;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.header.Via;
import org.imsemu.sip.uri.SipUri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SipParserTest {

    static SipMessage parse(String text) {
        return SipParser.parse(bytes(text));
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** RFC 3261 section 7.3.3 compact forms, as in RFC 4475 3.1.1.2 (intmeth) style messages. */
    static final String COMPACT_INVITE = "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
            + "v: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds\r\n"
            + "Max-Forwards: 70\r\n"
            + "t: Bob <sip:bob@biloxi.com>\r\n"
            + "f: \"Alice\" <sip:alice@atlanta.com>;tag=1928301774\r\n"
            + "i: a84b4c76e66710@pc33.atlanta.com\r\n"
            + "CSeq: 314159 INVITE\r\n"
            + "m: <sip:alice@pc33.atlanta.com>\r\n"
            + "c: application/sdp\r\n"
            + "k: 100rel, timer\r\n"
            + "l: 5\r\n"
            + "\r\n"
            + "v=0\r\n";

    /** Folded headers, multi-value Via and Route fields, a quoted comma in a display name, IPv6. */
    static final String FOLDED_REGISTER = "REGISTER sip:registrar.biloxi.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP bobspc.biloxi.com:5060;branch=z9hG4bKnashds7,\r\n"
            + "     SIP/2.0/TCP [2001:db8::10]:5061 ;branch=z9hG4bKxyz;received=2001:db8::9\r\n"
            + "Max-Forwards: 70\r\n"
            + "To: Bob <sip:bob@biloxi.com>\r\n"
            + "From: Bob <sip:bob@biloxi.com>;tag=456248\r\n"
            + "Call-ID: 843817637684230@998sdasdh09\r\n"
            + "CSeq: 1826 REGISTER\r\n"
            + "Subject: I know you're there,\r\n"
            + "\tpick up the phone\r\n"
            + "   and talk to me!\r\n"
            + "Route: \"Doe, John\" <sip:p1.example.com;lr>, <sip:[2001:db8::20]:5060;lr>,\r\n"
            + " <sip:p3.example.com;lr>\r\n"
            + "Contact: <sip:bob@[2001:db8::10]:5061;transport=tcp>;expires=3600\r\n"
            + "Content-Length: 0\r\n"
            + "\r\n";

    @Test
    void compactFormsAreReadAsTheirLongNames() {
        SipMessage m = parse(COMPACT_INVITE);

        assertThat(m.topVia().branch()).isEqualTo("z9hG4bK776asdhds");
        assertThat(m.from().displayName()).isEqualTo("\"Alice\"");
        assertThat(m.fromTag()).isEqualTo("1928301774");
        assertThat(m.to().uri()).hasToString("sip:bob@biloxi.com");
        assertThat(m.toTag()).isNull();
        assertThat(m.callId()).isEqualTo("a84b4c76e66710@pc33.atlanta.com");
        assertThat(m.contacts()).extracting(n -> n.uri().toString()).containsExactly("sip:alice@pc33.atlanta.com");
        assertThat(m.contentType()).isEqualTo("application/sdp");
        assertThat(m.optionTags(HeaderNames.SUPPORTED)).containsExactly("100rel", "timer");
        assertThat(m.header("Content-Length")).isEqualTo("5");
        assertThat(m.bodyAsString()).isEqualTo("v=0\r\n");
    }

    @Test
    void longAndCompactNamesFindTheSameFields() {
        SipMessage m = parse(COMPACT_INVITE);

        assertThat(m.header("v")).isEqualTo(m.header("Via")).isEqualTo(m.header("VIA"));
        assertThat(m.header("i")).isEqualTo(m.header("call-id"));
        assertThat(m.hasHeader("From")).isTrue();
        assertThat(m.firstField("From").name()).isEqualTo("f");
        assertThat(m.firstField("From").key()).isEqualTo("from");
    }

    @Test
    void foldedHeadersAreUnfoldedToSingleSpaces() {
        SipMessage m = parse(FOLDED_REGISTER);

        assertThat(m.header("Subject")).isEqualTo("I know you're there, pick up the phone and talk to me!");
    }

    @Test
    void foldedCompactHeaderBeforeItsValue() {
        SipMessage m = parse("OPTIONS sip:a@b.example.com SIP/2.0\r\n"
                + "f:\r\n\t<sip:a@b.example.com>\r\n  ;tag=9\r\n"
                + "l: 0\r\n\r\n");

        assertThat(m.from().uri()).hasToString("sip:a@b.example.com");
        assertThat(m.fromTag()).isEqualTo("9");
    }

    @Test
    void commaSeparatedViasAcrossFoldedLines() {
        List<Via> vias = parse(FOLDED_REGISTER).vias();

        assertThat(vias).hasSize(2);
        assertThat(vias.get(0).host()).isEqualTo("bobspc.biloxi.com");
        assertThat(vias.get(0).branch()).isEqualTo("z9hG4bKnashds7");
        assertThat(vias.get(1).transport()).isEqualTo("TCP");
        assertThat(vias.get(1).host()).isEqualTo("[2001:db8::10]");
        assertThat(vias.get(1).port()).isEqualTo(5061);
        assertThat(vias.get(1).received()).isEqualTo("2001:db8::9");
    }

    @Test
    void viasFromSeveralFieldsKeepTheirOrder() {
        SipMessage m = parse("OPTIONS sip:a@b.example.com SIP/2.0\r\n"
                + "v: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, SIP/2.0/UDP [2001:db8::10]:5060;branch=z9hG4bK2\r\n"
                + "Max-Forwards: 70\r\n"
                + "Via: SIP/2.0/TCP c.example.com;branch=z9hG4bK3\r\n"
                + "l: 0\r\n\r\n");

        assertThat(m.vias()).extracting(Via::branch).containsExactly("z9hG4bK1", "z9hG4bK2", "z9hG4bK3");
        assertThat(m.topVia().host()).isEqualTo("a.example.com");
        assertThat(m.headerValues("Via")).hasSize(3);
    }

    @Test
    void routeValuesSplitOutsideQuotesOnly() {
        SipMessage m = parse(FOLDED_REGISTER);

        List<NameAddress> routes = m.routes();
        assertThat(routes).hasSize(3);
        assertThat(routes.get(0).displayName()).isEqualTo("\"Doe, John\"");
        assertThat(routes.get(0).sipUri().host()).isEqualTo("p1.example.com");
        assertThat(routes.get(1).sipUri().host()).isEqualTo("[2001:db8::20]");
        assertThat(routes.get(1).sipUri().port()).isEqualTo(5060);
        assertThat(routes.get(2).sipUri().hasLr()).isTrue();
        assertThat(m.headerValues("Route")).containsExactly(
                "\"Doe, John\" <sip:p1.example.com;lr>", "<sip:[2001:db8::20]:5060;lr>", "<sip:p3.example.com;lr>");
    }

    @Test
    void quotedStringsWithEscapedQuotesAndCommasAreOneValue() {
        SipMessage m = parse("OPTIONS sip:a@b.example.com SIP/2.0\r\n"
                + "P-Asserted-Identity: \"Smith, \\\"Bob\\\", Jr.\" <sip:bob@biloxi.com>, <tel:+15551234567>\r\n"
                + "Contact: <sip:a@192.0.2.1>;+sip.instance=\"<urn:uuid:0,1>\", <sip:a@192.0.2.2>;q=0.5\r\n"
                + "l: 0\r\n\r\n");

        List<NameAddress> pai = m.nameAddresses(HeaderNames.P_ASSERTED_IDENTITY);
        assertThat(pai).hasSize(2);
        assertThat(pai.get(0).displayName()).isEqualTo("\"Smith, \\\"Bob\\\", Jr.\"");
        assertThat(pai.get(1).uri()).hasToString("tel:+15551234567");
        List<NameAddress> contacts = m.contacts();
        assertThat(contacts).hasSize(2);
        assertThat(contacts.get(0).parameter("+sip.instance")).isEqualTo("<urn:uuid:0,1>");
        assertThat(contacts.get(1).parameter("q")).isEqualTo("0.5");
    }

    @Test
    void nonListHeaderIsNotSplitAtCommas() {
        SipMessage m = parse("OPTIONS sip:a@b.example.com SIP/2.0\r\n"
                + "Date: Sat, 13 Nov 2010 23:29:00 GMT\r\n"
                + "l: 0\r\n\r\n");

        assertThat(m.headerValues("Date")).containsExactly("Sat, 13 Nov 2010 23:29:00 GMT");
    }

    @Test
    void brokenListsAreParseErrors() {
        SipMessage m = parse("OPTIONS sip:a@b.example.com SIP/2.0\r\n"
                + "Route: <sip:p1.example.com;lr>,,<sip:p2.example.com;lr>\r\n"
                + "Record-Route: \"unterminated <sip:p1.example.com;lr>\r\n"
                + "l: 0\r\n\r\n");

        assertThatThrownBy(m::routes).isInstanceOf(SipParseException.class);
        assertThatThrownBy(m::recordRoutes).isInstanceOf(SipParseException.class);
    }

    @Test
    void requestLineAndUri() {
        SipRequest r = (SipRequest) parse(FOLDED_REGISTER);

        assertThat(r.isRequest()).isTrue();
        assertThat(r.method()).isEqualTo("REGISTER");
        assertThat(r.version()).isEqualTo("SIP/2.0");
        assertThat(r.rawRequestUri()).isEqualTo("sip:registrar.biloxi.com");
        assertThat(((SipUri) r.requestUri()).host()).isEqualTo("registrar.biloxi.com");
        assertThat(r.cseq().number()).isEqualTo(1826);
        assertThat(r.maxForwards()).isEqualTo(70);
    }

    @Test
    void statusLine() {
        SipResponse r = (SipResponse) parse("SIP/2.0 180 Ringing Now\r\n"
                + "Via: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\nl: 0\r\n\r\n");

        assertThat(r.isRequest()).isFalse();
        assertThat(r.status()).isEqualTo(180);
        assertThat(r.reason()).isEqualTo("Ringing Now");
        assertThat(r.isProvisional()).isTrue();
    }

    @Test
    void leadingCrlfsAndBareLineFeedsAreTolerated() {
        SipMessage m = parse("\r\n\r\nOPTIONS sip:a@b.example.com SIP/2.0\nCall-ID: c1\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\n"
                + "Content-Length: 3\n\nabc");

        assertThat(m.callId()).isEqualTo("c1");
        assertThat(m.topVia().host()).isEqualTo("h");
        assertThat(m.bodyAsString()).isEqualTo("abc");
    }

    @Test
    void parsesASliceOfALargerBuffer() {
        byte[] msg = bytes(COMPACT_INVITE);
        byte[] buf = new byte[msg.length + 20];
        System.arraycopy(msg, 0, buf, 10, msg.length);

        SipMessage m = SipParser.parse(buf, 10, msg.length);

        assertThat(m.callId()).isEqualTo("a84b4c76e66710@pc33.atlanta.com");
        assertThat(m.encode()).isEqualTo(msg);
    }

    // ---- round trip ----

    @ParameterizedTest
    @ValueSource(strings = {"compact", "folded", "response", "oddSpacing"})
    void unchangedMessageEncodesToTheIdenticalBytes(String which) {
        String text = switch (which) {
            case "compact" -> COMPACT_INVITE;
            case "folded" -> FOLDED_REGISTER;
            case "response" -> "SIP/2.0 200 OK\r\n"
                    + "Via: SIP/2.0/UDP [2001:db8::10]:5060;branch=z9hG4bKnashds7;received=2001:db8::9;rport=5062\r\n"
                    + "From: <sip:alice@atlanta.com>;tag=1\r\n"
                    + "To: <sip:alice@atlanta.com>;tag=2\r\n"
                    + "Call-ID: x@y\r\n"
                    + "CSeq: 1 REGISTER\r\n"
                    + "Contact: <sip:alice@[2001:db8::10]:5060>;expires=600\r\n"
                    + "Content-Length: 0\r\n\r\n";
            default -> "MESSAGE sip:bob@biloxi.com SIP/2.0\r\n"
                    + "via:SIP/2.0/UDP   a.example.com ;branch=z9hG4bK1\r\n"
                    + "Max-Forwards :  70  \r\n"
                    + "X-Unknown-Header: \"quoted, with \\\"escapes\\\"\" ; p = 1\r\n"
                    + "from: <sip:a@atlanta.com>;tag=x\r\n"
                    + "TO:<sip:bob@biloxi.com>\r\n"
                    + "CALL-ID: 1@2\r\n"
                    + "cseq: 7 MESSAGE\r\n"
                    + "Content-Type: text/plain;charset=UTF-8\r\n"
                    + "content-length: 13\r\n\r\n"
                    + "h\u00e9llo w\u00f6rld";
        };
        byte[] original = bytes(text);
        SipMessage m = SipParser.parse(original);
        // Decoding values must not change what is written back.
        m.vias();
        m.from();
        m.cseq();

        assertThat(m.encode()).isEqualTo(original);
    }

    // ---- Content-Length ----

    @Test
    void bytesBeyondContentLengthAreIgnored() {
        SipMessage m = parse(COMPACT_INVITE + "trailing garbage");

        assertThat(m.bodyAsString()).isEqualTo("v=0\r\n");
        assertThat(m.encode()).isEqualTo(bytes(COMPACT_INVITE));
    }

    @Test
    void contentLengthLargerThanTheBodyIsMalformed() {
        String text = FOLDED_REGISTER.replace("Content-Length: 0", "Content-Length: 10") + "abc";

        assertThatThrownBy(() -> parse(text))
                .isInstanceOfSatisfying(MalformedMessageException.class, e -> {
                    assertThat(e.getMessage()).contains("Content-Length 10");
                    assertThat(e.partialRequest()).isNotNull();
                    assertThat(e.partialRequest().method()).isEqualTo("REGISTER");
                    assertThat(e.partialRequest().callId()).isEqualTo("843817637684230@998sdasdh09");
                });
    }

    @Test
    void contentLengthLargerThanTheBodyOfAResponseIsMalformed() {
        String text = "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\nContent-Length: 5\r\n\r\n";

        assertThatThrownBy(() -> parse(text))
                .isInstanceOfSatisfying(MalformedMessageException.class, e -> assertThat(e.partialRequest()).isNull());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "", "1 2", "99999999999"})
    void badContentLengthIsMalformed(String value) {
        String text = "OPTIONS sip:a@b.example.com SIP/2.0\r\nCall-ID: c\r\nContent-Length: " + value + "\r\n\r\n";

        assertThatThrownBy(() -> parse(text)).isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void conflictingContentLengthsAreMalformed() {
        assertThatThrownBy(() -> parse("OPTIONS sip:a@b.example.com SIP/2.0\r\nl: 0\r\nContent-Length: 1\r\n\r\nx"))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void withoutContentLengthTheBodyIsTheRestAndEncodeAddsIt() {
        SipMessage m = parse("MESSAGE sip:a@b.example.com SIP/2.0\r\nCall-ID: c\r\n\r\nabc");

        assertThat(m.bodyAsString()).isEqualTo("abc");
        assertThat(new String(m.encode(), StandardCharsets.UTF_8))
                .isEqualTo("MESSAGE sip:a@b.example.com SIP/2.0\r\nCall-ID: c\r\nContent-Length: 3\r\n\r\nabc");
    }

    // ---- framing errors ----

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "OPTIONS sip:a@b.example.com SIP/2.0\r\nCall-ID: c\r\n",
        "OPTIONS sip:a@b.example.com SIP/2.0\r\nno colon here\r\n\r\n",
        "OPTIONS  sip:a@b.example.com SIP/2.0\r\nl: 0\r\n\r\n",
        "OPTIONS sip:a@b.example.com HTTP/1.1\r\nl: 0\r\n\r\n",
        "OPT@ONS sip:a@b.example.com SIP/2.0\r\nl: 0\r\n\r\n",
        "SIP/2.0 20 OK\r\nl: 0\r\n\r\n",
        "SIP/2.0 700 Bad\r\nl: 0\r\n\r\n",
    })
    void brokenFramingIsMalformed(String text) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(MalformedMessageException.class);
    }
}
