package org.imsemu.sip.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.header.Via;
import org.imsemu.sip.uri.SipUri;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Modified copies share what they do not change and never touch the original. */
class SipMessageCopyTest {

    static final String INVITE = "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds\r\n"
            + "Max-Forwards: 70\r\n"
            + "Route: <sip:p1.example.com;lr>, \"Doe, John\" <sip:p2.example.com;lr>,\r\n"
            + "  <sip:[2001:db8::30];lr>\r\n"
            + "Route: <sip:p4.example.com;lr>\r\n"
            + "To: Bob <sip:bob@biloxi.com>\r\n"
            + "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
            + "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
            + "CSeq: 314159 INVITE\r\n"
            + "Contact: <sip:alice@pc33.atlanta.com>\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: 5\r\n"
            + "\r\n"
            + "v=0\r\n";

    private byte[] original;
    private SipRequest request;

    @BeforeEach
    void parse() {
        original = INVITE.getBytes(StandardCharsets.UTF_8);
        request = (SipRequest) SipParser.parse(original);
    }

    private void assertOriginalUnchanged() {
        assertThat(request.encode()).isEqualTo(original);
        assertThat(request.vias()).hasSize(1);
        assertThat(request.routes()).hasSize(4);
        assertThat(request.maxForwards()).isEqualTo(70);
        assertThat(request.startLine()).isEqualTo("INVITE sip:bob@biloxi.com SIP/2.0");
        assertThat(request.bodyAsString()).isEqualTo("v=0\r\n");
    }

    @Test
    void withHeaderFirstAddsTheTopVia() {
        Via own = Via.of("UDP", "proxy.example.com", 5060, "z9hG4bKp1");
        SipRequest forwarded = request.withHeaderFirst(HeaderNames.VIA, own.toString());

        assertThat(forwarded.topVia()).isEqualTo(own);
        assertThat(forwarded.vias()).extracting(Via::branch).containsExactly("z9hG4bKp1", "z9hG4bK776asdhds");
        assertThat(new String(forwarded.encode(), StandardCharsets.UTF_8))
                .startsWith("INVITE sip:bob@biloxi.com SIP/2.0\r\n"
                        + "Via: SIP/2.0/UDP proxy.example.com:5060;branch=z9hG4bKp1\r\n"
                        + "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds\r\n");
        assertOriginalUnchanged();
    }

    @Test
    void withoutFirstValueRemovesOnlyTheTopRoute() {
        SipRequest next = request.withoutFirstValue(HeaderNames.ROUTE);

        assertThat(next.routes()).extracting(n -> n.sipUri().host())
                .containsExactly("p2.example.com", "[2001:db8::30]", "p4.example.com");
        assertThat(next.routes().get(0).displayName()).isEqualTo("\"Doe, John\"");
        assertThat(next.fields(HeaderNames.ROUTE)).hasSize(2);
        assertOriginalUnchanged();

        // Peeling the rest one at a time removes the emptied field.
        SipRequest last = next.withoutFirstValue(HeaderNames.ROUTE).withoutFirstValue(HeaderNames.ROUTE);
        assertThat(last.routes()).extracting(n -> n.sipUri().host()).containsExactly("p4.example.com");
        assertThat(last.fields(HeaderNames.ROUTE)).hasSize(1);
        assertThat(last.withoutFirstValue(HeaderNames.ROUTE).hasHeader(HeaderNames.ROUTE)).isFalse();
    }

    @Test
    void withoutFirstValueOfAnAbsentHeaderIsTheSameMessage() {
        assertThat(request.withoutFirstValue(HeaderNames.RECORD_ROUTE)).isSameAs(request);
        assertThat(request.withoutHeader(HeaderNames.RECORD_ROUTE)).isSameAs(request);
    }

    @Test
    void withHeaderReplacesInPlace() {
        SipRequest next = request.withHeader(HeaderNames.MAX_FORWARDS, Integer.toString(request.maxForwards() - 1));

        assertThat(next.maxForwards()).isEqualTo(69);
        assertThat(new String(next.encode(), StandardCharsets.UTF_8))
                .isEqualTo(INVITE.replace("Max-Forwards: 70", "Max-Forwards: 69"));
        assertOriginalUnchanged();
    }

    @Test
    void withHeaderLastAndWithoutHeader() {
        SipRequest more = request.withHeaderLast(HeaderNames.ROUTE, "<sip:p5.example.com;lr>");
        assertThat(more.routes()).extracting(n -> n.sipUri().host()).endsWith("p4.example.com", "p5.example.com");

        SipRequest none = request.withoutHeader(HeaderNames.ROUTE);
        assertThat(none.routes()).isEmpty();
        assertOriginalUnchanged();
    }

    @Test
    void withRequestUriRewritesTheRequestLine() {
        SipRequest retargeted = request.withRequestUri(SipUri.parse("sip:bob@[2001:db8::40]:5062;transport=tcp"));

        assertThat(retargeted.startLine()).isEqualTo("INVITE sip:bob@[2001:db8::40]:5062;transport=tcp SIP/2.0");
        assertThat(((SipUri) retargeted.requestUri()).port()).isEqualTo(5062);
        assertThat(new String(retargeted.encode(), StandardCharsets.UTF_8))
                .isEqualTo(INVITE.replace("INVITE sip:bob@biloxi.com SIP/2.0", "INVITE sip:bob@[2001:db8::40]:5062;transport=tcp SIP/2.0"));
        assertThat(request.rawRequestUri()).isEqualTo("sip:bob@biloxi.com");
        assertOriginalUnchanged();
    }

    @Test
    void withBodySetsContentTypeAndLength() {
        SipRequest changed = request.withBody("text/plain", "h\u00e9llo");

        assertThat(changed.bodyAsString()).isEqualTo("h\u00e9llo");
        assertThat(changed.header(HeaderNames.CONTENT_LENGTH)).isEqualTo("6");
        assertThat(changed.contentType()).isEqualTo("text/plain");
        assertThat(changed.fields(HeaderNames.CONTENT_LENGTH)).hasSize(1);
        byte[] encoded = changed.encode();
        assertThat(new String(encoded, StandardCharsets.UTF_8)).endsWith("Content-Length: 6\r\n\r\nh\u00e9llo");
        assertThat(SipParser.parse(encoded).bodyAsString()).isEqualTo("h\u00e9llo");
        assertOriginalUnchanged();
    }

    @Test
    void withEmptyBodyDropsContentType() {
        SipRequest empty = request.withBody(null, new byte[0]);

        assertThat(empty.bodyLength()).isZero();
        assertThat(empty.contentType()).isNull();
        assertThat(empty.header(HeaderNames.CONTENT_LENGTH)).isEqualTo("0");
        assertOriginalUnchanged();
    }

    @Test
    void bodyIsDefensivelyCopied() {
        byte[] body = "abc".getBytes(StandardCharsets.UTF_8);
        SipRequest changed = request.withBody("text/plain", body);
        body[0] = 'X';
        changed.body()[1] = 'Y';

        assertThat(changed.bodyAsString()).isEqualTo("abc");
    }

    @Test
    void proxyForwardingChain() {
        // What a proxy does to a request it routes: push its Via, pop the Route it consumed, count down.
        SipRequest fwd = request
                .withHeaderFirst(HeaderNames.VIA, Via.of("UDP", "p1.example.com", 5060, "z9hG4bKfw1").toString())
                .withoutFirstValue(HeaderNames.ROUTE)
                .withHeader(HeaderNames.MAX_FORWARDS, Integer.toString(request.maxForwards() - 1));

        SipMessage reparsed = SipParser.parse(fwd.encode());
        assertThat(reparsed.vias()).hasSize(2);
        assertThat(reparsed.topVia().host()).isEqualTo("p1.example.com");
        assertThat(reparsed.routes()).hasSize(3);
        assertThat(reparsed.maxForwards()).isEqualTo(69);
        assertThat(reparsed.bodyAsString()).isEqualTo("v=0\r\n");
        assertOriginalUnchanged();
    }

    @Test
    void responseToTagAndCreateResponse() {
        SipResponse ringing = request.createResponse(180);
        SipResponse tagged = ringing.withToTag("a6c85cf");

        assertThat(ringing.reason()).isEqualTo("Ringing");
        assertThat(ringing.toTag()).isNull();
        assertThat(tagged.toTag()).isEqualTo("a6c85cf");
        assertThat(tagged.to()).isEqualTo(NameAddress.parse("Bob <sip:bob@biloxi.com>;tag=a6c85cf", "To"));
        assertThat(tagged.callId()).isEqualTo(request.callId());
        assertThat(tagged.routes()).isEmpty();
        assertOriginalUnchanged();
    }
}
