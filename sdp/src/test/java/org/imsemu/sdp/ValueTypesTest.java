package org.imsemu.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ValueTypesTest {

    @Test
    void rtpMapParseAndFormat() {
        assertThat(RtpMap.parse("97 opus/48000/2")).isEqualTo(new RtpMap(97, "opus", 48000, 2));
        assertThat(RtpMap.parse("0 PCMU/8000")).isEqualTo(RtpMap.PCMU);
        assertThat(new RtpMap(97, "opus", 48000, 2).value()).isEqualTo("97 opus/48000/2");
        assertThat(RtpMap.PCMA.toAttribute()).isEqualTo(Attribute.of("rtpmap", "8 PCMA/8000"));
    }

    @Test
    void rtpMapRejectsBadValues() {
        assertThatThrownBy(() -> RtpMap.parse("128 X/8000")).hasMessageContaining("payload type");
        assertThatThrownBy(() -> RtpMap.parse("0 PCMU/0")).hasMessageContaining("clock rate");
        assertThatThrownBy(() -> RtpMap.parse("0PCMU/8000")).hasMessageContaining("a=rtpmap needs");
        assertThatThrownBy(() -> RtpMap.parse("0 PCMU/8000/x")).hasMessageContaining("channels");
    }

    @Test
    void connectionMulticastForms() {
        assertThat(Connection.of("10.0.0.1")).hasToString("c=IN IP4 10.0.0.1");
        assertThat(new Connection("IN", AddressType.IP4, "224.2.1.1", 127, 3)).hasToString("c=IN IP4 224.2.1.1/127/3");
        assertThat(new Connection("IN", AddressType.IP6, "FF15::101", null, 3)).hasToString("c=IN IP6 FF15::101/3");
        assertThatThrownBy(() -> new Connection("IN", AddressType.IP6, "FF15::101", 1, null))
                .hasMessageContaining("TTL is only allowed for IP4");
        assertThatThrownBy(() -> new Connection("IN", AddressType.IP4, "224.2.1.1", null, 3))
                .hasMessageContaining("needs a TTL");
    }

    @Test
    void addressValidation() {
        assertThat(Connection.of("::ffff:192.0.2.1").addressType()).isEqualTo(AddressType.IP6);
        assertThat(Connection.of("1:2:3:4:5:6:7:8").address()).isEqualTo("1:2:3:4:5:6:7:8");
        assertThat(Connection.of("host.example.com").addressType()).isEqualTo(AddressType.IP4);
        assertThatThrownBy(() -> Connection.of("1:2:3:4:5:6:7")).hasMessageContaining("malformed IP6");
        assertThatThrownBy(() -> Connection.of("1:2:3:4:5:6:7:8:9")).hasMessageContaining("malformed IP6");
        assertThatThrownBy(() -> Connection.of("fe80::g")).hasMessageContaining("malformed IP6");
        assertThatThrownBy(() -> Connection.of("192.0.2")).hasMessageContaining("malformed IP4");
        assertThatThrownBy(() -> new Connection("IN", AddressType.IP4, "::1", null, null))
                .hasMessageContaining("not an IP4 address");
    }

    @Test
    void attributeValidation() {
        assertThat(Attribute.parse("ptime:20")).isEqualTo(Attribute.of("ptime", "20"));
        assertThat(Attribute.parse("rtcp-mux").isFlag()).isTrue();
        assertThat(Attribute.parse("fmtp:101 0-15")).hasToString("a=fmtp:101 0-15");
        assertThatThrownBy(() -> Attribute.of("bad name", "x")).hasMessageContaining("attribute name");
        assertThatThrownBy(() -> Attribute.of("tool", "a\r\nb")).hasMessageContaining("0x0D");
        assertThatThrownBy(() -> Attribute.flag("rtpmap")).hasMessageContaining("a=rtpmap needs a value");
        assertThatThrownBy(() -> Attribute.of("fmtp", "101")).hasMessageContaining("a=fmtp needs");
    }

    @Test
    void mediaDescriptionValidation() {
        assertThatThrownBy(() -> MediaDescription.of("audio", 4000, "RTP/AVP", List.of(), List.of()))
                .hasMessageContaining("at least one format");
        assertThatThrownBy(() -> MediaDescription.of("audio", 4000, "RTP//AVP", List.of("0"), List.of()))
                .hasMessageContaining("transport protocol");
        assertThat(MediaDescription.of("image", 4000, "udptl", List.of("t38"), List.of()).formats())
                .containsExactly("t38");
        assertThatThrownBy(() -> MediaDescription.of("audio", 4000, "UDP/TLS/RTP/SAVPF", List.of("t38"), List.of()))
                .hasMessageContaining("RTP payload type");
    }

    @Test
    void bandwidthAndTiming() {
        assertThat(Bandwidth.parse("TIAS:64000")).isEqualTo(new Bandwidth("TIAS", 64000));
        assertThatThrownBy(() -> Bandwidth.parse("AS:-1")).hasMessageContaining("bad bandwidth");
        assertThat(Timing.parse("0 0")).isEqualTo(Timing.PERMANENT);
        assertThatThrownBy(() -> Timing.parse("0")).hasMessageContaining("t= line needs 2 fields");
    }
}
