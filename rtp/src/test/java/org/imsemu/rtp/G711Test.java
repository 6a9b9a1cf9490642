package org.imsemu.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Values from the G.711 tables (µ-law: 0 encodes to 0xFF; A-law: 0 encodes to 0xD5, even bits inverted). */
class G711Test {

    @Test
    void muLawKnownValues() {
        assertThat(G711.linearToUlaw(0) & 0xFF).isEqualTo(0xFF);
        assertThat(G711.linearToUlaw(-1) & 0xFF).isEqualTo(0x7F);
        assertThat(G711.linearToUlaw(32767) & 0xFF).isEqualTo(0x80);
        assertThat(G711.linearToUlaw(-32768) & 0xFF).isEqualTo(0x00);
        assertThat(G711.ulawToLinear((byte) 0xFF)).isEqualTo((short) 0);
        assertThat(G711.ulawToLinear((byte) 0x7F)).isEqualTo((short) 0);
        assertThat(G711.ulawToLinear((byte) 0x80)).isEqualTo((short) 32124);
        assertThat(G711.ulawToLinear((byte) 0x00)).isEqualTo((short) -32124);
        // first step of segment 0: magnitude 8 (with the bias) decodes to 8
        assertThat(G711.ulawToLinear((byte) 0xFE)).isEqualTo((short) 8);
    }

    @Test
    void aLawKnownValues() {
        assertThat(G711.linearToAlaw(0) & 0xFF).isEqualTo(0xD5);
        assertThat(G711.linearToAlaw(-8) & 0xFF).isEqualTo(0x55);
        assertThat(G711.linearToAlaw(32767) & 0xFF).isEqualTo(0xAA);
        assertThat(G711.linearToAlaw(-32768) & 0xFF).isEqualTo(0x2A);
        assertThat(G711.alawToLinear((byte) 0xD5)).isEqualTo((short) 8);
        assertThat(G711.alawToLinear((byte) 0x55)).isEqualTo((short) -8);
        assertThat(G711.alawToLinear((byte) 0xAA)).isEqualTo((short) 32256);
        assertThat(G711.alawToLinear((byte) 0x2A)).isEqualTo((short) -32256);
    }

    @Test
    void everyCodeSurvivesDecodeThenEncode() {
        for (int c = 0; c < 256; c++) {
            short u = G711.ulawToLinear((byte) c);
            int back = G711.linearToUlaw(u) & 0xFF;
            // 0x7F is "negative zero": it decodes to 0, which encodes as 0xFF
            assertThat(back).as("µ-law code %02x", c).isEqualTo(c == 0x7F ? 0xFF : c);
            assertThat(G711.linearToAlaw(G711.alawToLinear((byte) c)) & 0xFF).as("A-law code %02x", c).isEqualTo(c);
        }
    }

    @Test
    void roundTripErrorStaysWithinHalfAQuantisationStep() {
        for (int x = -32768; x <= 32767; x++) {
            int uErr = Math.abs(G711.ulawToLinear(G711.linearToUlaw(x)) - x);
            int aErr = Math.abs(G711.alawToLinear(G711.linearToAlaw(x)) - x);
            if (Math.abs(x) <= 32124) {
                // µ-law: the step in a segment is (|x| + 132) / 16 at most, the error half of it
                assertThat(uErr).as("µ-law error at %d", x).isLessThanOrEqualTo((Math.abs(x) + 132) / 32 + 1);
            }
            if (Math.abs(x) <= 32256) {
                // A-law: 16 in the two lowest segments, then |x| / 16 at most
                assertThat(aErr).as("A-law error at %d", x).isLessThanOrEqualTo(Math.max(8, Math.abs(x) / 32 + 8));
            }
        }
    }

    @Test
    void monotonic() {
        int prevU = Integer.MIN_VALUE;
        int prevA = Integer.MIN_VALUE;
        for (int x = -32768; x <= 32767; x += 7) {
            int u = G711.ulawToLinear(G711.linearToUlaw(x));
            int a = G711.alawToLinear(G711.linearToAlaw(x));
            assertThat(u).isGreaterThanOrEqualTo(prevU);
            assertThat(a).isGreaterThanOrEqualTo(prevA);
            prevU = u;
            prevA = a;
        }
    }

    @Test
    void framesAndLevels() {
        short[] tone = new ToneGenerator(440).nextFrame();
        assertThat(tone).hasSize(160);
        byte[] pcmu = G711.encode(G711.PCMU, tone);
        double rmsIn = G711.rms(tone);
        double rmsOut = G711.rms(G711.decode(G711.PCMU, pcmu));
        assertThat(rmsIn).isCloseTo(8000 / Math.sqrt(2), org.assertj.core.data.Percentage.withPercentage(5));
        assertThat(rmsOut).isCloseTo(rmsIn, org.assertj.core.data.Percentage.withPercentage(3));
        assertThat(G711.rms(G711.decode(G711.PCMA, G711.encode(G711.PCMA, new short[160])))).isLessThan(10);
        assertThatThrownBy(() -> G711.encode(18, tone)).hasMessageContaining("not G.711");
    }

    @Test
    void toneIsContinuousAcrossFrames() {
        ToneGenerator g = new ToneGenerator(1000);
        short[] a = g.nextFrame();
        short[] b = g.nextFrame();
        // 1 kHz at 8 kHz: 8 samples per period, so frame b starts where a full period after a's start is
        assertThat(b[0]).isEqualTo(a[0]);
        assertThat(b[2]).isEqualTo(a[2]);
        assertThatThrownBy(() -> new ToneGenerator(5000)).hasMessageContaining("Nyquist");
    }
}
