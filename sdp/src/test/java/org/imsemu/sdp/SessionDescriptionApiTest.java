package org.imsemu.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionDescriptionApiTest {

    private static final List<RtpMap> CODECS = List.of(RtpMap.PCMU, RtpMap.PCMA, RtpMap.TELEPHONE_EVENT);

    @Test
    void audioOfferIpv4() {
        SessionDescription sd = SessionDescription.audioOffer("alice", 123456789L, "192.0.2.10", 40000, CODECS);

        assertThat(sd.format()).isEqualTo(String.join("\r\n",
                "v=0",
                "o=alice 123456789 123456789 IN IP4 192.0.2.10",
                "s=-",
                "c=IN IP4 192.0.2.10",
                "t=0 0",
                "m=audio 40000 RTP/AVP 0 8 101",
                "a=rtpmap:0 PCMU/8000",
                "a=rtpmap:8 PCMA/8000",
                "a=rtpmap:101 telephone-event/8000",
                "a=sendrecv",
                ""));
    }

    @Test
    void audioOfferIpv6() throws Exception {
        SessionDescription sd = SessionDescription.audioOffer("bob", 7L, "2001:db8::20", 40002, CODECS);

        assertThat(sd.origin().addressType()).isEqualTo(AddressType.IP6);
        assertThat(sd.connection()).isEqualTo(new Connection("IN", AddressType.IP6, "2001:db8::20", null, null));
        assertThat(sd.format()).contains("o=bob 7 7 IN IP6 2001:db8::20\r\n", "c=IN IP6 2001:db8::20\r\n");
        assertThat(SdpParser.parse(sd.format())).isEqualTo(sd);
    }

    @Test
    void audioOfferRejectsBadInput() {
        assertThatThrownBy(() -> SessionDescription.audioOffer("a", 1, "192.0.2.1", 4000, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one codec");
        assertThatThrownBy(() -> SessionDescription.audioOffer("a", 1, "192.0.2.1", 4000,
                List.of(RtpMap.PCMU, RtpMap.of(0, "G722", 8000))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("payload type 0 used twice");
        assertThatThrownBy(() -> SessionDescription.audioOffer("a", 1, "192.0.2.1", 70000, CODECS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port");
        assertThatThrownBy(() -> SessionDescription.audioOffer("a b", 1, "192.0.2.1", 4000, CODECS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("username");
    }

    @Test
    void mediaDirectionOverridesSessionDirection() {
        SessionDescription sd = SessionDescription.audioOffer("a", 1, "192.0.2.1", 4000, CODECS);
        MediaDescription noDirection = sd.media().get(0).withoutAttribute("sendrecv");

        SessionDescription inactiveSession = sd.withMedia(List.of(noDirection)).withDirection(Direction.INACTIVE);
        assertThat(inactiveSession.effectiveDirection(noDirection)).isEqualTo(Direction.INACTIVE);

        MediaDescription sendOnly = noDirection.withDirection(Direction.SENDONLY);
        assertThat(inactiveSession.effectiveDirection(sendOnly)).isEqualTo(Direction.SENDONLY);

        SessionDescription plain = sd.withMedia(List.of(noDirection));
        assertThat(plain.declaredDirection()).isEmpty();
        assertThat(plain.effectiveDirection(noDirection)).isEqualTo(Direction.SENDRECV);
    }

    @Test
    void withDirectionReplacesInPlaceAndRemovesDuplicates() {
        MediaDescription m = MediaDescription.of("audio", 4000, "RTP/AVP", List.of("0"), List.of(
                Attribute.flag("recvonly"), Attribute.of("ptime", "20"), Attribute.flag("inactive")));

        MediaDescription changed = m.withDirection(Direction.SENDONLY);

        assertThat(changed.attributes()).containsExactly(Attribute.flag("sendonly"), Attribute.of("ptime", "20"));
        assertThat(m.declaredDirection()).contains(Direction.RECVONLY); // original untouched
    }

    @Test
    void directionHelpers() {
        assertThat(Direction.SENDONLY.reverse()).isEqualTo(Direction.RECVONLY);
        assertThat(Direction.RECVONLY.reverse()).isEqualTo(Direction.SENDONLY);
        assertThat(Direction.INACTIVE.reverse()).isEqualTo(Direction.INACTIVE);
        assertThat(Direction.SENDRECV.sends()).isTrue();
        assertThat(Direction.RECVONLY.sends()).isFalse();
        assertThat(Direction.INACTIVE.receives()).isFalse();
        assertThat(Direction.fromAttributeName("recvonly")).contains(Direction.RECVONLY);
        assertThat(Direction.fromAttributeName("rtpmap")).isEmpty();
        assertThat(Direction.SENDRECV.toAttribute()).hasToString("a=sendrecv");
    }

    @Test
    void effectiveConnectionPrefersMediaLevel() {
        SessionDescription sd = SessionDescription.audioOffer("a", 1, "192.0.2.1", 4000, CODECS);
        MediaDescription own = sd.media().get(0).withConnection(Connection.of("198.51.100.5"));

        assertThat(sd.effectiveConnection(sd.media().get(0)).address()).isEqualTo("192.0.2.1");
        assertThat(sd.effectiveConnection(own).address()).isEqualTo("198.51.100.5");

        SessionDescription mediaOnly = sd.withMedia(List.of(own)).withConnection(null);
        assertThat(mediaOnly.connection()).isNull();
        assertThat(mediaOnly.effectiveConnection(mediaOnly.media().get(0)).address()).isEqualTo("198.51.100.5");
    }

    @Test
    void sessionWithoutAnyConnectionIsRejected() {
        SessionDescription sd = SessionDescription.audioOffer("a", 1, "192.0.2.1", 4000, CODECS);

        assertThatThrownBy(() -> sd.withConnection(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no c= line");
    }

    @Test
    void sessionAttributesCopyMethods() {
        SessionDescription sd = SessionDescription.audioOffer("a", 1, "192.0.2.1", 4000, CODECS)
                .withAttribute(Attribute.of("tool", "imsemu"))
                .withAttribute(Attribute.of("x-foo", "1"))
                .withAttribute(Attribute.of("x-foo", "2"));

        assertThat(sd.attributes("x-foo")).extracting(Attribute::value).containsExactly("1", "2");
        assertThat(sd.withoutAttribute("x-foo").attributes()).containsExactly(Attribute.of("tool", "imsemu"));
        assertThat(sd.hasAttribute("tool")).isTrue();
        assertThat(sd.withSessionName("call").sessionName()).isEqualTo("call");
        assertThat(sd.withBandwidths(List.of(new Bandwidth("AS", 80))).format()).contains("c=IN IP4 192.0.2.1\r\nb=AS:80\r\nt=0 0\r\n");
        assertThat(sd.withTimings(List.of(new Timing(1, 2, List.of()))).timings().get(0).stop()).isEqualTo(2);
    }

    @Test
    void mediaCopyMethods() {
        MediaDescription m = SessionDescription.audioOffer("a", 1, "192.0.2.1", 4000, CODECS).media().get(0);

        assertThat(m.withPort(5000).port()).isEqualTo(5000);
        assertThat(m.withFormats(List.of("8")).formats()).containsExactly("8");
        assertThat(m.withBandwidths(List.of(new Bandwidth("TIAS", 64000))).bandwidths()).hasSize(1);
        assertThat(m.withAttribute(Attribute.of("ptime", "20")).attributeValue("ptime")).contains("20");
        assertThat(m.withoutAttribute("rtpmap").rtpMaps()).isEmpty();
        assertThat(m.withConnection(Connection.of("192.0.2.2")).withConnection(null).connections()).isEmpty();
        assertThat(m.hasAttribute("sendrecv")).isTrue();
        assertThat(m.attribute("rtpmap")).contains(RtpMap.PCMU.toAttribute());
    }

    @Test
    void valueTypesAreImmutable() {
        List<Attribute> attrs = new ArrayList<>(List.of(Attribute.flag("sendrecv")));
        MediaDescription m = MediaDescription.of("audio", 4000, "RTP/AVP", List.of("0"), attrs);
        attrs.add(Attribute.flag("x"));

        assertThat(m.attributes()).hasSize(1);
        assertThatThrownBy(() -> m.attributes().add(Attribute.flag("y")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void originVersionHelpers() {
        Origin o = Origin.of("alice", 5, 5, "192.0.2.1");

        assertThat(o.nextVersion().sessionVersion()).isEqualTo(6);
        assertThat(o.withSessionVersion(42)).hasToString("o=alice 5 42 IN IP4 192.0.2.1");
        assertThat(Origin.of("-", -1L, 0, "::1")).hasToString("o=- 18446744073709551615 0 IN IP6 ::1");
    }
}
