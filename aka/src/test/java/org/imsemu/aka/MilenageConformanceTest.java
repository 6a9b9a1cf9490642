package org.imsemu.aka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TS 35.208 section 4.3, conformance test sets 1 to 6 (the same six sets are TS 35.207's implementors'
 * test data). The 3GPP documents themselves were not available offline; every value below was checked
 * against at least two independent public implementations' test tables that agree digit for digit:
 * <ul>
 * <li>A: asterix auth3G.py (Petr Tobiska, "test vectors from 3GPP TS 35.207 rel 7"), sets 1-6, all fields;</li>
 * <li>B: a Go milenage package's test table ("TS 35.207 section 4 to 6"), sets 1-6, all fields;</li>
 * <li>C: hss_app test_milenage.py (H. Marques Ribeiro, cases named "35208 v5.0.0 section 4.3.N"),
 * sets 1, 3, 4, 5, 6, all fields;</li>
 * <li>D: a Go "sec" package MilenageTestCase table, sets 1-5, all fields (its set 6 is commented out).</li>
 * </ul>
 * Set 1: A, B, C, D. Set 2: A, B, D. Sets 3-5: A, B, C, D. Set 6: A, B, C.
 * Note: set 1's f5* is 451e8beca43b in all four sources (a value 451e8beec467 that circulated is wrong).
 */
class MilenageConformanceTest {

    record TestSet(int n, String k, String rand, String sqn, String amf, String op, String opc,
                   String f1, String f1star, String f2, String f3, String f4, String f5, String f5star) {
        @Override
        public String toString() {
            return "TS 35.208 test set " + n;
        }
    }

    static Stream<TestSet> sets() {
        return Stream.of(
                new TestSet(1, "465b5ce8b199b49faa5f0a2ee238a6bc", "23553cbe9637a89d218ae64dae47bf35", "ff9bb4d0b607", "b9b9",
                        "cdc202d5123e20f62b6d676ac72cb318", "cd63cb71954a9f4e48a5994e37a02baf",
                        "4a9ffac354dfafb3", "01cfaf9ec4e871e9", "a54211d5e3ba50bf",
                        "b40ba9a3c58b2a05bbf0d987b21bf8cb", "f769bcd751044604127672711c6d3441", "aa689c648370", "451e8beca43b"),
                new TestSet(2, "0396eb317b6d1c36f19c1c84cd6ffd16", "c00d603103dcee52c4478119494202e8", "fd8eef40df7d", "af17",
                        "ff53bade17df5d4e793073ce9d7579fa", "53c15671c60a4b731c55b4a441c0bde2",
                        "5df5b31807e258b0", "a8c016e51ef4a343", "d3a628ed988620f0",
                        "58c433ff7a7082acd424220f2b67c556", "21a8c1f929702adb3e738488b9f5c5da", "c47783995f72", "30f1197061c1"),
                new TestSet(3, "fec86ba6eb707ed08905757b1bb44b8f", "9f7c8d021accf4db213ccff0c7f71a6a", "9d0277595ffc", "725c",
                        "dbc59adcb6f9a0ef735477b7fadf8374", "1006020f0a478bf6b699f15c062e42b3",
                        "9cabc3e99baf7281", "95814ba2b3044324", "8011c48c0c214ed2",
                        "5dbdbb2954e8f3cde665b046179a5098", "59a92d3b476a0443487055cf88b2307b", "33484dc2136b", "deacdd848cc6"),
                new TestSet(4, "9e5944aea94b81165c82fbf9f32db751", "ce83dbc54ac0274a157c17f80d017bd6", "0b604a81eca8", "9e09",
                        "223014c5806694c007ca1eeef57f004f", "a64a507ae1a2a98bb88eb4210135dc87",
                        "74a58220cba84c49", "ac2cc74a96871837", "f365cd683cd92e96",
                        "e203edb3971574f5a94b0d61b816345d", "0c4524adeac041c4dd830d20854fc46b", "f0b9c08ad02e", "6085a86c6f63"),
                new TestSet(5, "4ab1deb05ca6ceb051fc98e77d026a84", "74b0cd6031a1c8339b2b6ce2b8c4a186", "e880a1b580b6", "9f07",
                        "2d16c5cd1fdf6b22383584e3bef2a8d8", "dcf07cbd51855290b92a07a9891e523e",
                        "49e785dd12626ef2", "9e85790336bb3fa2", "5860fc1bce351e7e",
                        "7657766b373d1c2138f307e3de9242f9", "1c42e960d89b8fa99f2744e0708ccb53", "31e11a609118", "fe2555e54aa9"),
                new TestSet(6, "6c38a116ac280c454f59332ee35c8c4f", "ee6466bc96202c5a557abbeff8babf63", "414b98222181", "4464",
                        "1ba00a1a7c6700ac8c3ff3e96ad08725", "3803ef5363b947c6aaa225e58fae3934",
                        "078adfb488241a57", "80246b8d0186bcf1", "16c8233f05a0ac28",
                        "3f8c7587fe8e4b233af676aede30ba3b", "a7466cc1e6b2a1337d49d3b66e95d7b4", "45b0f69ab06c", "1f53cd2b1113"));
    }

    private static byte[] h(String hex) {
        return Hex.decode(hex);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sets")
    void allFunctionsMatchTheConformanceData(TestSet t) {
        assertThat(Hex.encode(Milenage.opc(h(t.k()), h(t.op())))).as("OPc").isEqualTo(t.opc());

        Milenage m = Milenage.withOp(h(t.k()), h(t.op()));
        byte[] rand = h(t.rand());
        assertThat(Hex.encode(m.f1(rand, h(t.sqn()), h(t.amf())))).as("f1 (MAC-A)").isEqualTo(t.f1());
        assertThat(Hex.encode(m.f1star(rand, h(t.sqn()), h(t.amf())))).as("f1* (MAC-S)").isEqualTo(t.f1star());
        assertThat(Hex.encode(m.f2(rand))).as("f2 (RES)").isEqualTo(t.f2());
        assertThat(Hex.encode(m.f3(rand))).as("f3 (CK)").isEqualTo(t.f3());
        assertThat(Hex.encode(m.f4(rand))).as("f4 (IK)").isEqualTo(t.f4());
        assertThat(Hex.encode(m.f5(rand))).as("f5 (AK)").isEqualTo(t.f5());
        assertThat(Hex.encode(m.f5star(rand))).as("f5* (AK for resync)").isEqualTo(t.f5star());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sets")
    void opcGivenDirectlyGivesTheSameResults(TestSet t) {
        Milenage m = Milenage.withOpc(h(t.k()), h(t.opc()));
        Milenage.F2345 f = m.f2345(h(t.rand()));
        assertThat(Hex.encode(f.res())).isEqualTo(t.f2());
        assertThat(Hex.encode(f.ck())).isEqualTo(t.f3());
        assertThat(Hex.encode(f.ik())).isEqualTo(t.f4());
        assertThat(Hex.encode(f.ak())).isEqualTo(t.f5());
        assertThat(Hex.encode(m.f1(h(t.rand()), h(t.sqn()), h(t.amf())))).isEqualTo(t.f1());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sets")
    void vectorAutnIsSqnXorAkAmfMac(TestSet t) {
        AkaKeys keys = AkaKeys.fromHex(t.k(), t.op(), false);
        long sqn = SequenceNumbers.fromBytes(h(t.sqn()));
        AuthenticationVector v = new VectorGenerator().generate(keys, h(t.amf()), sqn, h(t.rand()));
        String sqnXorAk = Hex.encode(Octets.xor(h(t.sqn()), h(t.f5())));
        assertThat(Hex.encode(v.autn())).isEqualTo(sqnXorAk + t.amf() + t.f1());
        assertThat(Hex.encode(v.xres())).isEqualTo(t.f2());
        assertThat(Hex.encode(v.ck())).isEqualTo(t.f3());
        assertThat(Hex.encode(v.ik())).isEqualTo(t.f4());
    }

    @Test
    void set1AutnAgreesWithAPublishedVector() {
        // AUTN 55f328b43577b9b94a9ffac354dfafb3 for set 1 appears in source C and in an unrelated EAP-AKA test.
        TestSet t = sets().findFirst().orElseThrow();
        AuthenticationVector v = new VectorGenerator().generate(AkaKeys.fromHex(t.k(), t.opc(), true), h(t.amf()),
                SequenceNumbers.fromBytes(h(t.sqn())), h(t.rand()));
        assertThat(Hex.encode(v.autn())).isEqualTo("55f328b43577b9b94a9ffac354dfafb3");
    }

    @Test
    void wrongLengthsAreRejectedWithClearErrors() {
        assertThatThrownBy(() -> Milenage.withOpc(new byte[15], new byte[16])).hasMessageContaining("K must be 16 octets");
        assertThatThrownBy(() -> Milenage.withOp(new byte[16], new byte[17])).hasMessageContaining("OP must be 16 octets");
        Milenage m = Milenage.withOpc(new byte[16], new byte[16]);
        assertThatThrownBy(() -> m.f2(new byte[8])).hasMessageContaining("RAND must be 16 octets");
        assertThatThrownBy(() -> m.f1(new byte[16], new byte[5], new byte[2])).hasMessageContaining("SQN must be 6 octets");
        assertThatThrownBy(() -> m.f1(new byte[16], new byte[6], new byte[3])).hasMessageContaining("AMF must be 2 octets");
        assertThatThrownBy(() -> AkaKeys.fromHex("0011", "00", true)).hasMessageContaining("K must be 16 octets");
    }
}
