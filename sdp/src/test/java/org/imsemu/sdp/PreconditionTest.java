package org.imsemu.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.imsemu.sdp.PreconditionAttribute.Kind;
import org.imsemu.sdp.PreconditionAttribute.StatusDirection;
import org.imsemu.sdp.PreconditionAttribute.StatusType;
import org.imsemu.sdp.PreconditionAttribute.Strength;
import org.junit.jupiter.api.Test;

/** RFC 3312 section 5.1 style segmented offer: nothing reserved yet, both segments mandatory. */
class PreconditionTest {

    static final String OFFER = String.join("\r\n",
            "v=0",
            "o=- 1027933615 1027933615 IN IP4 192.0.2.1",
            "s=-",
            "t=0 0",
            "m=audio 20000 RTP/AVP 0",
            "c=IN IP4 192.0.2.1",
            "a=curr:qos local none",
            "a=curr:qos remote none",
            "a=des:qos mandatory local sendrecv",
            "a=des:qos mandatory remote sendrecv",
            "a=conf:qos remote sendrecv",
            "");

    @Test
    void parsesPreconditionOffer() throws Exception {
        SessionDescription sd = SdpParser.parse(OFFER);
        MediaDescription audio = sd.media().get(0);

        assertThat(sd.connection()).isNull();
        assertThat(sd.effectiveConnection(audio).address()).isEqualTo("192.0.2.1");
        assertThat(audio.preconditions()).containsExactly(
                PreconditionAttribute.curr("qos", StatusType.LOCAL, StatusDirection.NONE),
                PreconditionAttribute.curr("qos", StatusType.REMOTE, StatusDirection.NONE),
                PreconditionAttribute.des("qos", Strength.MANDATORY, StatusType.LOCAL, StatusDirection.SENDRECV),
                PreconditionAttribute.des("qos", Strength.MANDATORY, StatusType.REMOTE, StatusDirection.SENDRECV),
                PreconditionAttribute.conf("qos", StatusType.REMOTE, StatusDirection.SENDRECV));
        assertThat(sd.format()).isEqualTo(OFFER);
    }

    @Test
    void desCarriesStrengthOthersDoNot() throws Exception {
        List<PreconditionAttribute> p = SdpParser.parse(OFFER).media().get(0).preconditions();

        assertThat(p.get(0).kind()).isEqualTo(Kind.CURR);
        assertThat(p.get(0).strength()).isNull();
        assertThat(p.get(2).kind()).isEqualTo(Kind.DES);
        assertThat(p.get(2).strength()).isEqualTo(Strength.MANDATORY);
        assertThat(p.get(2).preconditionType()).isEqualTo(PreconditionAttribute.QOS);
        assertThat(p.get(4).kind()).isEqualTo(Kind.CONF);
    }

    @Test
    void updatingCurrentStatusAfterReservation() throws Exception {
        SessionDescription sd = SdpParser.parse(OFFER);
        MediaDescription audio = sd.media().get(0);

        MediaDescription reserved = audio.withoutAttribute("curr")
                .withAttribute(PreconditionAttribute.curr("qos", StatusType.LOCAL, StatusDirection.SENDRECV)
                        .toAttribute())
                .withAttribute(PreconditionAttribute.curr("qos", StatusType.REMOTE, StatusDirection.NONE)
                        .toAttribute());
        SessionDescription update = SdpParser.parse(sd.withNextVersion().withMedia(List.of(reserved)).format());

        assertThat(update.media().get(0).preconditions())
                .filteredOn(a -> a.kind() == Kind.CURR)
                .extracting(PreconditionAttribute::direction)
                .containsExactly(StatusDirection.SENDRECV, StatusDirection.NONE);
        assertThat(update.format()).contains("a=conf:qos remote sendrecv\r\na=curr:qos local sendrecv\r\n");
    }

    @Test
    void attributeRoundTripAndCaseInsensitiveTags() {
        PreconditionAttribute des = PreconditionAttribute.parse(Attribute.of("des", "qos OPTIONAL E2E send"));

        assertThat(des).isEqualTo(
                PreconditionAttribute.des("qos", Strength.OPTIONAL, StatusType.E2E, StatusDirection.SEND));
        assertThat(des.toAttribute()).isEqualTo(Attribute.of("des", "qos optional e2e send"));
        assertThat(des).hasToString("a=des:qos optional e2e send");
    }

    @Test
    void rejectsMalformedPreconditions() {
        assertThatThrownBy(() -> PreconditionAttribute.parse(Attribute.of("x-curr", "qos e2e none")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a precondition");
        assertThatThrownBy(() -> Attribute.of("curr", "qos mandatory e2e none"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a=curr needs");
        assertThatThrownBy(() -> Attribute.of("conf", "qos e2e both"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("direction tag 'both'");
        assertThatThrownBy(() -> new PreconditionAttribute(Kind.CURR, "qos", Strength.MANDATORY, StatusType.E2E,
                StatusDirection.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PreconditionAttribute(Kind.DES, "qos", null, StatusType.E2E,
                StatusDirection.NONE)).isInstanceOf(IllegalArgumentException.class);
    }
}
