package org.imsemu.aka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** HSS vector generation against the UE's USIM processing: success, MAC failure, SQN windows, resync. */
class AkaFlowTest {
    private static final AkaKeys KEYS = AkaKeys.fromHex("465b5ce8b199b49faa5f0a2ee238a6bc", "cdc202d5123e20f62b6d676ac72cb318", false);
    private static final byte[] AMF = Hex.decode("8000");

    private final VectorGenerator hss = new VectorGenerator(new Random(42));

    @Test
    void vectorIsAcceptedAndUeDerivesTheSameResCkIk() {
        SqnCounter sqnHe = new SqnCounter(0);
        UsimAka ue = new UsimAka(KEYS);
        for (int i = 1; i <= 3; i++) {
            AuthenticationVector v = hss.generate(KEYS, AMF, sqnHe);
            assertThat(SequenceNumbers.seq(v.sqn())).isEqualTo(i);
            assertThat(v.sqn()).isEqualTo(32L * i); // IND 0: SQN steps by 32
            AkaOutcome o = ue.authenticate(v.rand(), v.autn());
            assertThat(o).isInstanceOf(AkaOutcome.Success.class);
            AkaOutcome.Success s = (AkaOutcome.Success) o;
            assertThat(s.res()).isEqualTo(v.xres());
            assertThat(s.ck()).isEqualTo(v.ck());
            assertThat(s.ik()).isEqualTo(v.ik());
            assertThat(ue.sqnState().highestAccepted()).isEqualTo(v.sqn());
        }
    }

    @Test
    void wrongKAtTheUeIsAMacFailure() {
        AuthenticationVector v = hss.generate(KEYS, AMF, SequenceNumbers.next(0));
        byte[] k = KEYS.k();
        k[15] ^= 1;
        UsimAka ue = new UsimAka(AkaKeys.ofOpc(k, KEYS.opc()));
        assertThat(ue.authenticate(v.rand(), v.autn())).isInstanceOf(AkaOutcome.MacFailure.class);
        assertThat(ue.sqnState().highestAccepted()).as("a failed challenge leaves the SQN state alone").isZero();
    }

    @Test
    void tamperedAutnIsAMacFailure() {
        AuthenticationVector v = hss.generate(KEYS, AMF, SequenceNumbers.next(0));
        UsimAka ue = new UsimAka(KEYS);
        for (int i = 0; i < AuthenticationVector.AUTN_LENGTH; i++) {
            byte[] autn = v.autn();
            autn[i] ^= 0x01;
            assertThat(ue.authenticate(v.rand(), autn)).as("AUTN octet %d flipped", i).isInstanceOf(AkaOutcome.MacFailure.class);
        }
        assertThat(ue.authenticate(v.rand(), v.autn())).isInstanceOf(AkaOutcome.Success.class);
    }

    @Test
    void replayedVectorIsASynchronisationFailure() {
        AuthenticationVector v = hss.generate(KEYS, AMF, SequenceNumbers.next(0));
        UsimAka ue = new UsimAka(KEYS);
        assertThat(ue.authenticate(v.rand(), v.autn())).isInstanceOf(AkaOutcome.Success.class);
        assertThat(ue.authenticate(v.rand(), v.autn())).isInstanceOf(AkaOutcome.SyncFailure.class);
    }

    @Test
    void sqnTooFarAheadOfTheUeIsOutOfWindow() {
        UsimAka ue = new UsimAka(KEYS, new UsimSqnState(SequenceNumbers.sqn(10, 0), 100));
        AuthenticationVector inWindow = hss.generate(KEYS, AMF, SequenceNumbers.sqn(110, 0));
        AuthenticationVector beyond = hss.generate(KEYS, AMF, SequenceNumbers.sqn(111, 0));
        assertThat(ue.authenticate(beyond.rand(), beyond.autn())).isInstanceOf(AkaOutcome.SyncFailure.class);
        assertThat(ue.authenticate(inWindow.rand(), inWindow.autn())).isInstanceOf(AkaOutcome.Success.class);
    }

    @Test
    void otherIndSlotsAcceptOlderSeqOnce() {
        // Annex C.2: one SEQ_MS per IND, so vectors from another slot may arrive out of order, but only once.
        UsimAka ue = new UsimAka(KEYS);
        AuthenticationVector later = hss.generate(KEYS, AMF, SequenceNumbers.sqn(5, 0));
        AuthenticationVector earlierOtherInd = hss.generate(KEYS, AMF, SequenceNumbers.sqn(4, 3));
        assertThat(ue.authenticate(later.rand(), later.autn())).isInstanceOf(AkaOutcome.Success.class);
        assertThat(ue.authenticate(earlierOtherInd.rand(), earlierOtherInd.autn())).isInstanceOf(AkaOutcome.Success.class);
        assertThat(ue.authenticate(earlierOtherInd.rand(), earlierOtherInd.autn())).isInstanceOf(AkaOutcome.SyncFailure.class);
        assertThat(ue.sqnState().highestAccepted()).isEqualTo(SequenceNumbers.sqn(5, 0));
    }

    @Test
    void ueAheadResynchronisesThroughAutsAndTheNextVectorIsAccepted() {
        long ueSqn = SequenceNumbers.sqn(1000, 0);
        UsimAka ue = new UsimAka(KEYS, new UsimSqnState(ueSqn, SequenceNumbers.DEFAULT_DELTA));
        SqnCounter sqnHe = new SqnCounter(SequenceNumbers.sqn(7, 0)); // e.g. the HSS database was reset

        AuthenticationVector stale = hss.generate(KEYS, AMF, sqnHe);
        AkaOutcome o = ue.authenticate(stale.rand(), stale.autn());
        assertThat(o).isInstanceOf(AkaOutcome.SyncFailure.class);
        byte[] auts = ((AkaOutcome.SyncFailure) o).auts();

        // The S-CSCF forwards RAND || AUTS in the MAR's SIP-Authorization.
        Auts.Resync resync = Auts.fromSipAuthorization(Auts.sipAuthorization(stale.rand(), auts));
        VectorGenerator.ResyncOutcome r = hss.resynchronise(KEYS, resync.rand(), resync.auts(), sqnHe.current());
        assertThat(r).isInstanceOf(VectorGenerator.ResyncOutcome.Resynchronised.class);
        VectorGenerator.ResyncOutcome.Resynchronised ok = (VectorGenerator.ResyncOutcome.Resynchronised) r;
        assertThat(ok.sqnMs()).isEqualTo(ueSqn);
        assertThat(ok.newSqnHe()).isEqualTo(ueSqn);
        sqnHe.reset(ok.newSqnHe());

        AuthenticationVector next = hss.generate(KEYS, AMF, sqnHe);
        assertThat(SequenceNumbers.seq(next.sqn())).isEqualTo(1001);
        assertThat(ue.authenticate(next.rand(), next.autn())).isInstanceOf(AkaOutcome.Success.class);
    }

    @Test
    void autsWithAWrongMacSIsRejectedByTheHss() {
        UsimAka ue = new UsimAka(KEYS, new UsimSqnState(SequenceNumbers.sqn(50, 0), SequenceNumbers.DEFAULT_DELTA));
        AuthenticationVector stale = hss.generate(KEYS, AMF, SequenceNumbers.sqn(2, 0));
        byte[] auts = ((AkaOutcome.SyncFailure) ue.authenticate(stale.rand(), stale.autn())).auts();
        byte[] bad = auts.clone();
        bad[13] ^= 1;
        assertThat(hss.resynchronise(KEYS, stale.rand(), bad, SequenceNumbers.sqn(2, 0)))
                .isInstanceOf(VectorGenerator.ResyncOutcome.InvalidAuts.class);
        // The right AUTS with another RAND is not accepted either: MAC-S covers RAND.
        assertThat(hss.resynchronise(KEYS, new byte[16], auts, SequenceNumbers.sqn(2, 0)))
                .isInstanceOf(VectorGenerator.ResyncOutcome.InvalidAuts.class);
    }

    @Test
    void hssKeepsItsCounterWhenItsNextSqnIsAlreadyFresh() {
        // TS 33.102 6.3.5 (a)/(b): SQN_HE ahead of SQN_MS within delta needs no reset.
        UsimAka ue = new UsimAka(KEYS, new UsimSqnState(SequenceNumbers.sqn(20, 0), SequenceNumbers.DEFAULT_DELTA));
        AuthenticationVector replay = hss.generate(KEYS, AMF, SequenceNumbers.sqn(20, 0));
        byte[] auts = ((AkaOutcome.SyncFailure) ue.authenticate(replay.rand(), replay.autn())).auts();
        var r = (VectorGenerator.ResyncOutcome.Resynchronised) hss.resynchronise(KEYS, replay.rand(), auts, SequenceNumbers.sqn(30, 0));
        assertThat(r.sqnMs()).isEqualTo(SequenceNumbers.sqn(20, 0));
        assertThat(r.newSqnHe()).isEqualTo(SequenceNumbers.sqn(30, 0));
    }

    @Test
    void autsMatchesTheTs35208Set1Values() {
        // AUTS = SQN_MS xor f5* || f1*(SQN_MS, AMF 0000); with SQN_MS = set 1's SQN the AK* part is
        // ff9bb4d0b607 xor 451e8beca43b = ba853f3c123c.
        AkaKeys keys = AkaKeys.fromHex("465b5ce8b199b49faa5f0a2ee238a6bc", "cd63cb71954a9f4e48a5994e37a02baf", true);
        long sqnMs = SequenceNumbers.fromBytes(Hex.decode("ff9bb4d0b607"));
        UsimAka ue = new UsimAka(keys, new UsimSqnState(sqnMs, SequenceNumbers.DEFAULT_DELTA));
        byte[] rand = Hex.decode("23553cbe9637a89d218ae64dae47bf35");
        AuthenticationVector old = hss.generate(keys, Hex.decode("b9b9"), SequenceNumbers.sqn(1, 0), rand);
        byte[] auts = ((AkaOutcome.SyncFailure) ue.authenticate(old.rand(), old.autn())).auts();
        assertThat(Hex.encode(auts)).startsWith("ba853f3c123c");
        byte[] macS = Milenage.withOpc(keys.k(), keys.opc()).f1star(rand, Hex.decode("ff9bb4d0b607"), new byte[2]);
        assertThat(Hex.encode(auts)).endsWith(Hex.encode(macS));
    }

    @Test
    void sqnArithmetic() {
        assertThat(SequenceNumbers.sqn(3, 7)).isEqualTo(3 * 32 + 7);
        assertThat(SequenceNumbers.seq(3 * 32 + 7)).isEqualTo(3);
        assertThat(SequenceNumbers.ind(3 * 32 + 7)).isEqualTo(7);
        assertThat(SequenceNumbers.next(3 * 32 + 7)).isEqualTo(4 * 32);
        assertThat(Hex.encode(SequenceNumbers.toBytes(0xff9bb4d0b607L))).isEqualTo("ff9bb4d0b607");
        assertThat(SequenceNumbers.fromBytes(Hex.decode("ff9bb4d0b607"))).isEqualTo(0xff9bb4d0b607L);
    }
}
