package org.imsemu.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SdpParserTest {

    /** RFC 4566 section 5, verbatim. */
    static final String RFC4566_EXAMPLE = String.join("\r\n",
            "v=0",
            "o=jdoe 2890844526 2890842807 IN IP4 10.47.16.5",
            "s=SDP Seminar",
            "i=A Seminar on the session description protocol",
            "u=http://www.example.com/seminars/sdp.pdf",
            "e=j.doe@example.com (Jane Doe)",
            "c=IN IP4 224.2.17.12/127",
            "t=2873397496 2873404696",
            "a=recvonly",
            "m=audio 49170 RTP/AVP 0",
            "m=video 51372 RTP/AVP 99",
            "a=rtpmap:99 h263-1998/90000",
            "");

    static final String IPV6_SESSION = String.join("\r\n",
            "v=0",
            "o=alice 2890844526 2890844527 IN IP6 2001:db8::1",
            "s=IPv6 call",
            "c=IN IP6 2001:db8::1",
            "b=AS:128",
            "t=0 0",
            "m=audio 49170 RTP/AVP 0 101",
            "b=AS:64",
            "a=rtpmap:0 PCMU/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=fmtp:101 0-15",
            "a=ptime:20",
            "m=video 49172/2 RTP/AVP 96",
            "c=IN IP6 FF15::101/3",
            "a=rtpmap:96 H264/90000",
            "a=fmtp:96 profile-level-id=42e01f;packetization-mode=1",
            "");

    /** Every line type, in RFC 4566 order, with repeats and time zones. */
    static final String ALL_LINE_TYPES = String.join("\r\n",
            "v=0",
            "o=- 18446744073709551615 1 IN IP4 host.example.com",
            "s= ",
            "i=everything",
            "u=http://example.com/",
            "e=a@example.com",
            "e=b@example.com",
            "p=+1 617 555-6011",
            "c=IN IP4 224.2.1.1/127/3",
            "b=CT:1000",
            "b=RR:0",
            "t=2873397496 2873404696",
            "r=604800 3600 0 90000",
            "r=7d 1h 0 25h",
            "t=3034423619 3042462419",
            "z=2882844526 -1h 2898848070 0",
            "k=prompt",
            "a=tool:imsemu",
            "a=sendonly",
            "m=application 9 TCP/MSRP *",
            "i=chat",
            "c=IN IP4 192.0.2.7",
            "c=IN IP4 192.0.2.8",
            "b=AS:10",
            "k=clear:secret",
            "a=accept-types:message/cpim",
            "");

    @Test
    void parsesRfc4566Example() throws Exception {
        SessionDescription sd = SdpParser.parse(RFC4566_EXAMPLE);

        assertThat(sd.version()).isZero();
        assertThat(sd.origin()).isEqualTo(
                new Origin("jdoe", 2890844526L, 2890842807L, "IN", AddressType.IP4, "10.47.16.5"));
        assertThat(sd.sessionName()).isEqualTo("SDP Seminar");
        assertThat(sd.information()).isEqualTo("A Seminar on the session description protocol");
        assertThat(sd.uri()).isEqualTo("http://www.example.com/seminars/sdp.pdf");
        assertThat(sd.emails()).containsExactly("j.doe@example.com (Jane Doe)");
        assertThat(sd.phones()).isEmpty();
        assertThat(sd.connection()).isEqualTo(new Connection("IN", AddressType.IP4, "224.2.17.12", 127, null));
        assertThat(sd.timings()).containsExactly(new Timing(2873397496L, 2873404696L, List.of()));
        assertThat(sd.attributes()).containsExactly(Attribute.flag("recvonly"));
        assertThat(sd.declaredDirection()).contains(Direction.RECVONLY);

        assertThat(sd.media()).hasSize(2);
        MediaDescription audio = sd.media().get(0);
        assertThat(audio.media()).isEqualTo("audio");
        assertThat(audio.port()).isEqualTo(49170);
        assertThat(audio.numberOfPorts()).isNull();
        assertThat(audio.proto()).isEqualTo("RTP/AVP");
        assertThat(audio.formats()).containsExactly("0");
        assertThat(audio.attributes()).isEmpty();
        MediaDescription video = sd.media().get(1);
        assertThat(video.formats()).containsExactly("99");
        assertThat(video.rtpMap(99)).contains(new RtpMap(99, "h263-1998", 90000, null));

        // Session-level recvonly and c= apply to both streams.
        assertThat(sd.effectiveDirection(audio)).isEqualTo(Direction.RECVONLY);
        assertThat(sd.effectiveConnection(video).address()).isEqualTo("224.2.17.12");
    }

    @Test
    void formatsRfc4566ExampleBackToTheSameText() throws Exception {
        assertThat(SdpParser.parse(RFC4566_EXAMPLE).format()).isEqualTo(RFC4566_EXAMPLE);
    }

    @Test
    void parsesIpv6Session() throws Exception {
        SessionDescription sd = SdpParser.parse(IPV6_SESSION);

        assertThat(sd.origin().addressType()).isEqualTo(AddressType.IP6);
        assertThat(sd.origin().address()).isEqualTo("2001:db8::1");
        assertThat(sd.connection()).isEqualTo(Connection.of("2001:db8::1"));
        assertThat(sd.bandwidths()).containsExactly(new Bandwidth("AS", 128));

        MediaDescription audio = sd.media().get(0);
        assertThat(audio.bandwidths()).containsExactly(new Bandwidth("AS", 64));
        assertThat(audio.rtpMaps()).containsExactly(RtpMap.PCMU, RtpMap.TELEPHONE_EVENT);
        assertThat(audio.fmtp(101)).contains("0-15");
        assertThat(audio.fmtp(0)).isEmpty();
        assertThat(audio.attributeValue("ptime")).contains("20");
        assertThat(sd.effectiveConnection(audio)).isSameAs(sd.connection());

        MediaDescription video = sd.media().get(1);
        assertThat(video.port()).isEqualTo(49172);
        assertThat(video.numberOfPorts()).isEqualTo(2);
        Connection multicast = new Connection("IN", AddressType.IP6, "FF15::101", null, 3);
        assertThat(video.connections()).containsExactly(multicast);
        assertThat(sd.effectiveConnection(video)).isEqualTo(multicast);
        assertThat(video.fmtp("96")).contains("profile-level-id=42e01f;packetization-mode=1");
        assertThat(sd.effectiveDirection(video)).isEqualTo(Direction.SENDRECV);
    }

    @Test
    void parsesEveryLineType() throws Exception {
        SessionDescription sd = SdpParser.parse(ALL_LINE_TYPES);

        assertThat(sd.origin().sessionId()).isEqualTo(-1L); // 2^64-1 read as unsigned
        assertThat(sd.sessionName()).isEqualTo(" ");
        assertThat(sd.emails()).containsExactly("a@example.com", "b@example.com");
        assertThat(sd.phones()).containsExactly("+1 617 555-6011");
        assertThat(sd.connection()).isEqualTo(new Connection("IN", AddressType.IP4, "224.2.1.1", 127, 3));
        assertThat(sd.bandwidths()).extracting(Bandwidth::type).containsExactly("CT", "RR");
        assertThat(sd.timings()).containsExactly(
                new Timing(2873397496L, 2873404696L, List.of("604800 3600 0 90000", "7d 1h 0 25h")),
                new Timing(3034423619L, 3042462419L, List.of()));
        assertThat(sd.timeZones()).isEqualTo("2882844526 -1h 2898848070 0");
        assertThat(sd.key()).isEqualTo("prompt");
        assertThat(sd.attribute("tool")).contains(Attribute.of("tool", "imsemu"));

        MediaDescription app = sd.media().get(0);
        assertThat(app.proto()).isEqualTo("TCP/MSRP");
        assertThat(app.formats()).containsExactly("*");
        assertThat(app.information()).isEqualTo("chat");
        assertThat(app.connections()).hasSize(2);
        assertThat(sd.effectiveConnection(app).address()).isEqualTo("192.0.2.7");
        assertThat(app.key()).isEqualTo("clear:secret");
        assertThat(sd.effectiveDirection(app)).isEqualTo(Direction.SENDONLY);
        assertThat(sd.format()).isEqualTo(ALL_LINE_TYPES);
    }

    @Test
    void acceptsLfLineEndingsAndMissingFinalNewline() throws Exception {
        String lf = RFC4566_EXAMPLE.replace("\r\n", "\n");
        String noFinal = RFC4566_EXAMPLE.substring(0, RFC4566_EXAMPLE.length() - 2);

        SessionDescription expected = SdpParser.parse(RFC4566_EXAMPLE);
        assertThat(SdpParser.parse(lf)).isEqualTo(expected);
        assertThat(SdpParser.parse(noFinal)).isEqualTo(expected);
        assertThat(SdpParser.parse(lf).format()).isEqualTo(RFC4566_EXAMPLE);
    }

    @Test
    void parsesUtf8Bytes() throws Exception {
        String text = RFC4566_EXAMPLE.replace("s=SDP Seminar", "s=Séminaire SDP ☎");
        SessionDescription sd = SdpParser.parse(text.getBytes(StandardCharsets.UTF_8));

        assertThat(sd.sessionName()).isEqualTo("Séminaire SDP ☎");
        assertThat(sd.toBytes()).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
        assertThat(SessionDescription.parse(RFC4566_EXAMPLE.getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(SdpParser.parse(RFC4566_EXAMPLE));
    }

    @Test
    void keepsUnknownAttributesVerbatim() throws Exception {
        String sdp = RFC4566_EXAMPLE.replace("a=recvonly", "a=recvonly\r\na=x-weird:  two  spaces \r\na=x-flag");
        SessionDescription sd = SdpParser.parse(sdp);

        assertThat(sd.attributes()).containsExactly(Attribute.flag("recvonly"),
                Attribute.of("x-weird", "  two  spaces "), Attribute.flag("x-flag"));
        assertThat(sd.format()).isEqualTo(sdp);
    }
}
