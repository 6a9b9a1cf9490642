package org.imsemu.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RoundTripTest {

    static Stream<String> samples() {
        return Stream.of(SdpParserTest.RFC4566_EXAMPLE, SdpParserTest.IPV6_SESSION, SdpParserTest.ALL_LINE_TYPES,
                OfferAnswerTest.OFFER, OfferAnswerTest.ANSWER, PreconditionTest.OFFER,
                SessionDescription.audioOffer("u", 99, "192.0.2.1", 4000,
                        List.of(RtpMap.PCMU, new RtpMap(96, "AMR-WB", 16000, 1))).format());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void parseFormatParseIsStable(String sdp) throws Exception {
        SessionDescription first = SdpParser.parse(sdp);
        String formatted = first.format();
        SessionDescription second = SdpParser.parse(formatted);

        assertThat(second).isEqualTo(first);
        assertThat(second.format()).isEqualTo(formatted);
        assertThat(formatted).isEqualTo(sdp); // all samples are already canonical
        assertThat(first.toString()).isEqualTo(formatted);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void lfInputFormatsToCrlf(String sdp) throws Exception {
        String formatted = SdpParser.parse(sdp.replace("\r\n", "\n")).format();

        assertThat(formatted).isEqualTo(sdp);
        assertThat(formatted.replace("\r\n", "")).doesNotContain("\n").doesNotContain("\r");
    }

    @ParameterizedTest
    @MethodSource("samples")
    void bytesRoundTrip(String sdp) throws Exception {
        SessionDescription sd = SdpParser.parse(sdp);

        assertThat(SdpParser.parse(sd.toBytes())).isEqualTo(sd);
    }
}
