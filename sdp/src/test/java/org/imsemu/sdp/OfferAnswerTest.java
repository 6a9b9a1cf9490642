package org.imsemu.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 3264 section 10.1. The RFC prints "s=" with its value lost; RFC 4566 requires at least one
 * character, so the single space it recommends is used here.
 */
class OfferAnswerTest {

    static final String OFFER = String.join("\r\n",
            "v=0",
            "o=alice 2890844526 2890844526 IN IP4 host.atlanta.example.com",
            "s= ",
            "c=IN IP4 host.atlanta.example.com",
            "t=0 0",
            "m=audio 49170 RTP/AVP 0 8 97",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:97 iLBC/8000",
            "m=video 51372 RTP/AVP 31 32",
            "a=rtpmap:31 H261/90000",
            "a=rtpmap:32 MPV/90000",
            "");

    static final String ANSWER = String.join("\r\n",
            "v=0",
            "o=bob 2808844564 2808844564 IN IP4 host.biloxi.example.com",
            "s= ",
            "c=IN IP4 host.biloxi.example.com",
            "t=0 0",
            "m=audio 49174 RTP/AVP 0",
            "a=rtpmap:0 PCMU/8000",
            "m=video 49170 RTP/AVP 32",
            "a=rtpmap:32 MPV/90000",
            "");

    @Test
    void parsesOfferWithHostNames() throws Exception {
        SessionDescription offer = SdpParser.parse(OFFER);

        assertThat(offer.origin().address()).isEqualTo("host.atlanta.example.com");
        assertThat(offer.connection().addressType()).isEqualTo(AddressType.IP4);
        assertThat(offer.media()).extracting(MediaDescription::media).containsExactly("audio", "video");
        assertThat(offer.media().get(0).formats()).containsExactly("0", "8", "97");
        assertThat(offer.media().get(0).rtpMaps()).extracting(RtpMap::encoding)
                .containsExactly("PCMU", "PCMA", "iLBC");
        assertThat(offer.media().get(1).rtpMap(31)).contains(RtpMap.of(31, "H261", 90000));
        assertThat(offer.format()).isEqualTo(OFFER);
    }

    @Test
    void answerKeepsMediaLinesAndUsesSubsetOfOfferedFormats() throws Exception {
        SessionDescription offer = SdpParser.parse(OFFER);
        SessionDescription answer = SdpParser.parse(ANSWER);

        assertThat(answer.media()).hasSameSizeAs(offer.media());
        for (int i = 0; i < offer.media().size(); i++) {
            MediaDescription o = offer.media().get(i);
            MediaDescription a = answer.media().get(i);
            assertThat(a.media()).isEqualTo(o.media());
            assertThat(a.proto()).isEqualTo(o.proto());
            assertThat(o.formats()).containsAll(a.formats());
            assertThat(offer.effectiveDirection(o)).isEqualTo(Direction.SENDRECV);
            assertThat(answer.effectiveDirection(a)).isEqualTo(Direction.SENDRECV);
        }
    }

    @Test
    void answerCanBeBuiltFromOfferWithCopyMethods() throws Exception {
        SessionDescription offer = SdpParser.parse(OFFER);
        Origin bob = new Origin("bob", 2808844564L, 2808844564L, "IN", AddressType.IP4, "host.biloxi.example.com");

        List<MediaDescription> media = new ArrayList<>();
        int[] ports = {49174, 49170};
        int[] chosen = {0, 32};
        for (int i = 0; i < 2; i++) {
            MediaDescription o = offer.media().get(i);
            RtpMap codec = o.rtpMap(chosen[i]).orElseThrow();
            media.add(o.withPort(ports[i])
                    .withFormats(List.of(Integer.toString(chosen[i])))
                    .withoutAttribute("rtpmap")
                    .withAttribute(codec.toAttribute()));
        }
        SessionDescription built = offer.withOrigin(bob)
                .withConnection(Connection.of("host.biloxi.example.com"))
                .withMedia(media);

        assertThat(built).isEqualTo(SdpParser.parse(ANSWER));
        assertThat(built.format()).isEqualTo(ANSWER);
    }

    @Test
    void holdReofferAndAnswer() throws Exception {
        SessionDescription offer = SdpParser.parse(OFFER);
        SessionDescription answer = SdpParser.parse(ANSWER);

        // RFC 3264 section 8.4: hold by marking the stream sendonly in a new version of the offer.
        SessionDescription hold = offer.withNextVersion()
                .withMedia(0, offer.media().get(0).withDirection(Direction.SENDONLY));
        SessionDescription reparsed = SdpParser.parse(hold.format());
        assertThat(reparsed.origin().sessionVersion()).isEqualTo(2890844527L);
        assertThat(reparsed.effectiveDirection(reparsed.media().get(0))).isEqualTo(Direction.SENDONLY);
        assertThat(reparsed.effectiveDirection(reparsed.media().get(1))).isEqualTo(Direction.SENDRECV);
        assertThat(hold.format()).contains("a=rtpmap:97 iLBC/8000\r\na=sendonly\r\nm=video");

        Direction answered = reparsed.effectiveDirection(reparsed.media().get(0)).reverse();
        SessionDescription holdAnswer = answer.withNextVersion()
                .withMedia(0, answer.media().get(0).withDirection(answered));
        assertThat(holdAnswer.media().get(0).declaredDirection()).contains(Direction.RECVONLY);
        assertThat(holdAnswer.effectiveDirection(holdAnswer.media().get(0)).sends()).isFalse();
    }

    @Test
    void rejectingAStreamSetsPortZero() throws Exception {
        SessionDescription answer = SdpParser.parse(ANSWER);

        SessionDescription rejected = answer.withMedia(1, answer.media().get(1).withPort(0));

        assertThat(rejected.media().get(1).isRejected()).isTrue();
        assertThat(rejected.media().get(0).isRejected()).isFalse();
        assertThat(rejected.format()).contains("\r\nm=video 0 RTP/AVP 32\r\n");
    }
}
