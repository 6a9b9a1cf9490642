package org.imsemu.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ReceptionStatisticsTest {

    @Test
    void jitterFollowsTheA8RecurrenceByHand() {
        ReceptionStatistics s = new ReceptionStatistics(1, 8000);
        // timestamps every 160, arrivals 0, 170, 320, 500: transit 0, 10, 0, 20; |D| = 10, 10, 20
        s.onPacket(1, 10, 0, 0);
        s.onPacket(1, 11, 160, 170);
        s.onPacket(1, 12, 320, 320);
        s.onPacket(1, 13, 480, 500);
        // J1 = 10/16 = 0.625; J2 = 0.625 + (10 - 0.625)/16 = 1.2109375; J3 = J2 + (20 - J2)/16
        double j3 = 1.2109375 + (20 - 1.2109375) / 16;
        assertThat(j3).isCloseTo(2.38525390625, within(1e-12));
        assertThat(s.jitterUnits()).isCloseTo(2.38525390625, within(1e-12));
        assertThat(s.jitterMillis()).isCloseTo(2.38525390625 / 8, within(1e-12));
    }

    @Test
    void perfectlyPacedPacketsHaveNoJitter() {
        ReceptionStatistics s = new ReceptionStatistics(1, 8000);
        for (int i = 0; i < 50; i++) s.onPacket(1, i, 1000 + 160L * i, 7 + 160L * i);
        assertThat(s.jitterUnits()).isZero();
        assertThat(s.expected()).isEqualTo(50);
        assertThat(s.cumulativeLost()).isZero();
    }

    @Test
    void gapsAreLost() {
        ReceptionStatistics s = new ReceptionStatistics(1, 8000);
        for (int seq : new int[] {100, 101, 102, 105, 106, 110}) s.onPacket(5, seq, seq * 160L, seq * 160L);
        assertThat(s.expected()).isEqualTo(11);
        assertThat(s.received()).isEqualTo(6);
        assertThat(s.cumulativeLost()).isEqualTo(5);
        assertThat(s.lossFraction()).isCloseTo(5 / 11.0, within(1e-12));
        assertThat(s.extendedHighestSequence()).isEqualTo(110);
    }

    @Test
    void sequenceWrapCountsACycle() {
        ReceptionStatistics s = new ReceptionStatistics(1, 8000);
        for (int seq : new int[] {65533, 65534, 65535, 0, 2}) s.onPacket(5, seq, 0, 0);
        assertThat(s.extendedHighestSequence()).isEqualTo(65536 + 2);
        assertThat(s.expected()).isEqualTo(6);
        assertThat(s.cumulativeLost()).isEqualTo(1);
    }

    @Test
    void probationAsInA1() {
        ReceptionStatistics s = new ReceptionStatistics(2, 8000);
        assertThat(s.onPacket(9, 500, 0, 0)).isFalse(); // first packet: on probation
        assertThat(s.isValid()).isFalse();
        assertThat(s.onPacket(9, 501, 160, 160)).isTrue();
        assertThat(s.isValid()).isTrue();
        s.onPacket(9, 503, 480, 480);
        assertThat(s.expected()).isEqualTo(3); // counted from 501
        assertThat(s.cumulativeLost()).isEqualTo(1);
    }

    @Test
    void aLargeJumpNeedsConfirmation() {
        ReceptionStatistics s = new ReceptionStatistics(1, 8000);
        s.onPacket(1, 10, 0, 0);
        s.onPacket(1, 11, 0, 0);
        assertThat(s.onPacket(1, 30000, 0, 0)).isFalse(); // sender restarted? wait for the next one
        assertThat(s.onPacket(1, 30001, 0, 0)).isTrue();
        assertThat(s.expected()).isEqualTo(1);
        assertThat(s.cumulativeLost()).isZero();
    }

    @Test
    void aNewSsrcStartsAgain() {
        ReceptionStatistics s = new ReceptionStatistics(1, 8000);
        s.onPacket(1, 10, 0, 0);
        s.onPacket(1, 20, 0, 0);
        s.onPacket(2, 7, 0, 0);
        assertThat(s.ssrc()).isEqualTo(2);
        assertThat(s.expected()).isEqualTo(1);
        assertThat(s.cumulativeLost()).isZero();
    }
}
