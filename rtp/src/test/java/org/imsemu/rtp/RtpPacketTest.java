package org.imsemu.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RtpPacketTest {

    @Test
    void encodesTheFixedHeaderBitByBit() {
        RtpPacket p = RtpPacket.of(true, 0, 0x1234, 0x89ABCDEFL, 0xDEADBEEFL, new byte[] {1, 2, 3});
        byte[] b = p.encode();
        assertThat(b).hasSize(15);
        assertThat(b[0] & 0xFF).isEqualTo(0x80); // V=2, P=0, X=0, CC=0
        assertThat(b[1] & 0xFF).isEqualTo(0x80); // M=1, PT=0
        assertThat(b).startsWith(0x80, 0x80, 0x12, 0x34, 0x89, 0xAB, 0xCD, 0xEF, 0xDE, 0xAD, 0xBE, 0xEF, 1, 2, 3);
    }

    @Test
    void roundTripsEveryHeaderField() {
        RtpPacket p = new RtpPacket(false, 101, 65535, 0xFFFF_FFFFL, 7, List.of(1L, 0xFFFF_FFFEL),
                new RtpPacket.HeaderExtension(0xBEDE, new byte[] {9, 8, 7, 6, 5, 4, 3, 2}), new byte[] {42}, 4);
        byte[] b = p.encode();
        assertThat(b.length).isEqualTo(12 + 8 + 4 + 8 + 1 + 4);
        assertThat(b[0] & 0xFF).isEqualTo(0x80 | 0x20 | 0x10 | 2);
        assertThat(b[b.length - 1]).isEqualTo((byte) 4);
        RtpPacket back = RtpPacket.parse(b);
        assertThat(back).isEqualTo(p);
        assertThat(back.csrcs()).containsExactly(1L, 0xFFFF_FFFEL);
        assertThat(back.extension().profile()).isEqualTo(0xBEDE);
        assertThat(back.payload()).containsExactly(42);
        assertThat(back.padding()).isTrue();
        assertThat(back.paddingLength()).isEqualTo(4);
        assertThat(back.sequenceNumber()).isEqualTo(65535);
        assertThat(back.timestamp()).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void parsesAtAnOffset() {
        byte[] inner = RtpPacket.of(false, 8, 1, 2, 3, new byte[160]).encode();
        byte[] outer = new byte[inner.length + 10];
        System.arraycopy(inner, 0, outer, 5, inner.length);
        RtpPacket p = RtpPacket.parse(outer, 5, inner.length);
        assertThat(p.payloadType()).isEqualTo(8);
        assertThat(p.payloadLength()).isEqualTo(160);
    }

    @Test
    void rejectsWhatIsNotRtp() {
        assertThatThrownBy(() -> RtpPacket.parse(new byte[11])).isInstanceOf(RtpParseException.class).hasMessageContaining("shorter");
        byte[] v1 = RtpPacket.of(false, 0, 0, 0, 0, new byte[0]).encode();
        v1[0] = (byte) 0x40;
        assertThatThrownBy(() -> RtpPacket.parse(v1)).isInstanceOf(RtpParseException.class).hasMessageContaining("version must be 2, got 1");
        byte[] cc = RtpPacket.of(false, 0, 0, 0, 0, new byte[0]).encode();
        cc[0] = (byte) 0x83; // three CSRCs announced, none present
        assertThatThrownBy(() -> RtpPacket.parse(cc)).isInstanceOf(RtpParseException.class).hasMessageContaining("CSRC count 3");
        byte[] pad = RtpPacket.of(false, 0, 0, 0, 0, new byte[] {1, 2}).encode();
        pad[0] = (byte) 0xA0;
        pad[pad.length - 1] = 9; // more padding than there are octets
        assertThatThrownBy(() -> RtpPacket.parse(pad)).isInstanceOf(RtpParseException.class).hasMessageContaining("padding count 9");
        pad[pad.length - 1] = 0;
        assertThatThrownBy(() -> RtpPacket.parse(pad)).isInstanceOf(RtpParseException.class).hasMessageContaining("padding count is 0");
        byte[] ext = RtpPacket.of(false, 0, 0, 0, 0, new byte[] {0, 0, 0, 5}).encode();
        ext[0] = (byte) 0x90; // X bit: the payload now reads as an extension header of 5 words
        assertThatThrownBy(() -> RtpPacket.parse(ext)).isInstanceOf(RtpParseException.class).hasMessageContaining("overruns");
    }

    @Test
    void refusesOutOfRangeFields() {
        assertThatThrownBy(() -> RtpPacket.of(false, 128, 0, 0, 0, new byte[0])).hasMessageContaining("payload type");
        assertThatThrownBy(() -> RtpPacket.of(false, 0, 65536, 0, 0, new byte[0])).hasMessageContaining("sequence");
        assertThatThrownBy(() -> RtpPacket.of(false, 0, 0, 1L << 32, 0, new byte[0])).hasMessageContaining("timestamp");
        assertThatThrownBy(() -> new RtpPacket.HeaderExtension(1, new byte[3])).hasMessageContaining("32-bit words");
    }

    @Test
    void payloadIsCopiedInAndOut() {
        byte[] payload = {1, 2, 3};
        RtpPacket p = RtpPacket.of(false, 0, 0, 0, 0, payload);
        payload[0] = 99;
        p.payload()[1] = 99;
        assertThat(p.payload()).containsExactly(1, 2, 3);
    }
}
