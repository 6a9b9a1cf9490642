package org.imsemu.nodes.icscf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.imsemu.nodes.common.NodeAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.junit.jupiter.api.Test;

class TopologyHidingTest {
    private final TopologyHiding thig = new TopologyHiding("alpha.test",
            new NodeAddress("icscf-a.alpha.test", InetAddress.getLoopbackAddress(), 5060));

    private static SipRequest invite() {
        String text = "INVITE sip:bea@beta.test SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP scscf-a.alpha.test:5060;branch=z9hG4bK2\r\n"
                + "Via: SIP/2.0/UDP pcscf-a.alpha.test:5060;branch=z9hG4bK1;received=127.0.51.10\r\n"
                + "Via: SIP/2.0/UDP 127.0.51.100:5060;branch=z9hG4bK0\r\n"
                + "Record-Route: <sip:scscf-a.alpha.test:5060;lr>, <sip:pcscf-a.alpha.test:5060;lr>\r\n"
                + "From: <sip:ann@alpha.test>;tag=1\r\nTo: <sip:bea@beta.test>\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\n"
                + "Max-Forwards: 68\r\nP-Charging-Vector: icid-value=x;icid-generated-at=pcscf-a.alpha.test;orig-ioi=alpha.test\r\n"
                + "Content-Length: 0\r\n\r\n";
        return (SipRequest) SipParser.parse(text.getBytes());
    }

    @Test
    void aLeavingRequestNamesOnlyTheIcscfAndItsResponseComesBackWhole() {
        SipRequest out = thig.hide(invite());
        String text = out.toString();

        assertThat(text).doesNotContain("scscf-a", "pcscf-a", "127.0.51.").contains("orig-ioi=alpha.test");
        assertThat(out.vias()).singleElement().satisfies(v -> assertThat(v.host()).isEqualTo("icscf-a.alpha.test"));
        assertThat(out.recordRoutes()).singleElement().satisfies(r -> assertThat(r.uri().toString()).startsWith("sip:thig-"));

        // the callee's 200 copies the Record-Route and the Vias (under the I-CSCF's own, already removed)
        SipResponse back = thig.open(out.createResponse(200).withHeader(HeaderNames.RECORD_ROUTE,
                "<sip:pcscf-b.beta.test;lr>, " + out.recordRoutes().get(0)));
        assertThat(back.vias()).extracting(v -> v.host()).containsExactly("scscf-a.alpha.test", "pcscf-a.alpha.test", "127.0.51.100");
        assertThat(back.recordRoutes()).extracting(r -> r.uri().toString())
                .containsExactly("sip:pcscf-b.beta.test;lr", "sip:scscf-a.alpha.test:5060;lr", "sip:pcscf-a.alpha.test:5060;lr");
    }

    @Test
    void aTokenFromAResponseOpensReversedInAUacRouteSet() {
        SipResponse ok = invite().createResponse(200).withHeader(HeaderNames.RECORD_ROUTE,
                "<sip:pcscf-a.alpha.test:5060;lr>, <sip:scscf-a.alpha.test:5060;lr>, <sip:icscf-a.alpha.test:5060;lr>, <sip:scscf-b.beta.test;lr>");
        SipResponse hidden = thig.hide(ok);
        List<String> rr = hidden.recordRoutes().stream().map(r -> r.toString()).toList();
        assertThat(rr).hasSize(3);

        // the caller reverses the Record-Route into its Route set; the I-CSCF has consumed its own entry
        SipRequest bye = (SipRequest) SipParser.parse(("BYE sip:ann@127.0.51.100 SIP/2.0\r\nVia: SIP/2.0/UDP scscf-b.beta.test;branch=z9hG4bK9\r\n"
                + "Route: " + rr.get(0) + "\r\nFrom: <sip:bea@beta.test>;tag=2\r\nTo: <sip:ann@alpha.test>;tag=1\r\n"
                + "Call-ID: c1\r\nCSeq: 2 BYE\r\nMax-Forwards: 69\r\nContent-Length: 0\r\n\r\n").getBytes());
        assertThat(thig.openRoutes(bye).routes()).extracting(r -> r.uri().toString())
                .containsExactly("sip:scscf-a.alpha.test:5060;lr", "sip:pcscf-a.alpha.test:5060;lr");
    }

    @Test
    void tokensAreAuthenticated() {
        String token = thig.seal(List.of("a", "b"));
        assertThat(thig.unseal(token)).containsExactly("a", "b");
        char c = token.charAt(20);
        String altered = token.substring(0, 20) + (c == 'A' ? 'B' : 'A') + token.substring(21);
        assertThat(thig.unseal(altered)).isNull();
        TopologyHiding other = new TopologyHiding("alpha.test", new NodeAddress("icscf-a.alpha.test", InetAddress.getLoopbackAddress(), 5060));
        assertThat(other.unseal(token)).as("another key").isNull();
    }
}
