package org.imsemu.sip.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.imsemu.sip.header.Via;
import org.junit.jupiter.api.Test;

/** releaseDecoded forgets decoded forms only: the message reads and encodes the same afterwards. */
class ReleaseDecodedTest {

    @Test
    void theSameMessageDecodedAgain() {
        SipRequest r = (SipRequest) SipParser.parse(SipMessageCopyTest.INVITE.getBytes(StandardCharsets.UTF_8));
        SipRequest forwarded = (SipRequest) r.withHeaderFirst(HeaderNames.VIA, "SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKx");
        Via top = forwarded.topVia();
        String route = r.header(HeaderNames.ROUTE); // folded: decoding joins the lines
        byte[] encoded = forwarded.encode();
        String from = r.from().toString();

        forwarded.releaseDecoded();

        assertThat(forwarded.topVia()).isNotSameAs(top).isEqualTo(top); // decoded again, same value
        assertThat(forwarded.encode()).isEqualTo(encoded);
        assertThat(r.header(HeaderNames.ROUTE)).isEqualTo(route);
        assertThat(r.from().toString()).isEqualTo(from);
        assertThat(r.routes()).hasSize(4);
        assertThat(forwarded.vias()).hasSize(2);
        assertThat(r.cseq().number()).isEqualTo(314159);
    }
}
