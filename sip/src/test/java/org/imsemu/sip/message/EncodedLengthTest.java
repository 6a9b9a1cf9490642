package org.imsemu.sip.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.imsemu.sip.uri.Uri;
import org.junit.jupiter.api.Test;

class EncodedLengthTest {
    private static final String WIRE = "INVITE sip:bob@example.com SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKabc\r\n"
            + "From: \"Zoë\" <sip:zoe@example.com>;tag=1\r\n"
            + "To: <sip:bob@example.com>\r\n"
            + "Subject: folded\r\n  line\r\n"
            + "Call-ID: x@y\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Max-Forwards: 70\r\n"
            + "Content-Length: 4\r\n"
            + "\r\n"
            + "v=0\n";

    @Test
    void isWhatEncodeWrites() {
        SipMessage parsed = SipParser.parse(WIRE.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.encodedLength()).isEqualTo(parsed.encode().length);
        SipMessage changed = parsed.withHeaderFirst(HeaderNames.VIA, "SIP/2.0/TCP proxy.example.com;branch=z9hG4bKx")
                .withHeader("X-Name", "Grüße ☃ 𝄞").withBody("text/plain", "ünïcode body");
        assertThat(changed.encodedLength()).isEqualTo(changed.encode().length);
        SipResponse built = ((SipRequest) parsed).createResponse(486, "Busy Hère");
        assertThat(built.encodedLength()).isEqualTo(built.encode().length);
        SipRequest fresh = ((SipRequest) parsed).withRequestUri(Uri.parse("sip:carol@example.com")).withoutHeader(HeaderNames.CONTENT_LENGTH);
        assertThat(fresh.encodedLength()).isEqualTo(fresh.encode().length);
    }
}
