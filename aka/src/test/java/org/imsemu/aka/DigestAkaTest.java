package org.imsemu.aka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** RFC 3310 nonce/auts encoding, the UE responder, and the SIPp raw-text key convention. */
class DigestAkaTest {
    private static final AkaKeys KEYS = AkaKeys.fromHex("465b5ce8b199b49faa5f0a2ee238a6bc", "cd63cb71954a9f4e48a5994e37a02baf", true);
    private final VectorGenerator hss = new VectorGenerator(new Random(7));

    @Test
    void nonceRoundTrip() {
        AuthenticationVector v = hss.generate(KEYS, Hex.decode("8000"), SequenceNumbers.next(0));
        String nonce = v.nonce();
        assertThat(Base64.getDecoder().decode(nonce)).isEqualTo(v.sipAuthenticate()).hasSize(32);
        AkaNonce n = AkaNonce.decode(nonce);
        assertThat(n.rand()).isEqualTo(v.rand());
        assertThat(n.autn()).isEqualTo(v.autn());
        assertThat(n.serverData()).isEmpty();
        assertThat(n.encoded()).isEqualTo(nonce);
    }

    @Test
    void nonceWithServerData() {
        byte[] rand = Hex.decode("23553cbe9637a89d218ae64dae47bf35");
        byte[] autn = Hex.decode("55f328b43577b9b94a9ffac354dfafb3");
        byte[] data = "scscf1;42".getBytes(StandardCharsets.US_ASCII);
        String nonce = AkaNonce.encode(rand, autn, data);
        AkaNonce n = AkaNonce.decode(nonce);
        assertThat(n.rand()).isEqualTo(rand);
        assertThat(n.autn()).isEqualTo(autn);
        assertThat(n.serverData()).isEqualTo(data);
        // A client ignores server data: the USIM still authenticates the challenge (set 1's SQN
        // ff9bb4d0b607, so the USIM must have seen an SQN just below it to find it within delta).
        long sqn = 0xff9bb4d0b607L;
        assertThat(new UsimAka(KEYS, new UsimSqnState(sqn - 32, SequenceNumbers.DEFAULT_DELTA)).authenticate(n))
                .isInstanceOf(AkaOutcome.Success.class);
        // A fresh USIM (SEQ_MS 0) finds it implausibly far ahead: AUTS = SQN_MS 0 xor AK* shows set 1's f5*.
        AkaOutcome fresh = new UsimAka(KEYS).authenticate(n);
        assertThat(Hex.encode(((AkaOutcome.SyncFailure) fresh).auts())).startsWith("451e8beca43b");
    }

    @Test
    void nonceDecodingErrors() {
        assertThatThrownBy(() -> AkaNonce.decode("not base64!")).hasMessageContaining("not base64");
        assertThatThrownBy(() -> AkaNonce.decode(Base64.getEncoder().encodeToString(new byte[31])))
                .hasMessageContaining("fewer than RAND || AUTN");
        // Unpadded base64 is accepted.
        String unpadded = Base64.getEncoder().withoutPadding().encodeToString(new byte[34]);
        assertThat(AkaNonce.decode(unpadded).serverData()).hasSize(2);
    }

    @Test
    void autsEncodings() {
        byte[] auts = Hex.decode("ba853f3c123c01cfaf9ec4e871e9");
        String b64 = Auts.encode(auts);
        assertThat(b64).hasSize(20);
        assertThat(Auts.decode(b64)).isEqualTo(auts);
        assertThat(Auts.decode("ba853f3c123c01cfaf9ec4e871e9")).isEqualTo(auts); // hex form some clients send
        assertThatThrownBy(() -> Auts.decode(Base64.getEncoder().encodeToString(new byte[13]))).hasMessageContaining("not 14");
        assertThatThrownBy(() -> Auts.decode("%%")).hasMessageContaining("neither base64 nor hex");
    }

    @Test
    void responderGivesResAsRawOctetsAndAnswersTheSameNonceConsistently() throws Exception {
        AuthenticationVector v = hss.generate(KEYS, Hex.decode("8000"), SequenceNumbers.next(0));
        AkaDigestResponder ue = new AkaDigestResponder(new UsimAka(KEYS));
        byte[] first = ue.password(v.nonce());
        assertThat(first).isEqualTo(v.xres()).hasSize(8);
        // The Digest client asks for the password and then for extra params: no replay verdict the second time.
        assertThat(ue.password(v.nonce())).isEqualTo(first);
        assertThat(ue.authParams(v.nonce())).isEmpty();
        assertThat(ue.keys(v.nonce()).ck()).isEqualTo(v.ck());

        // What a Digest client computes with RES as the password equals what the S-CSCF computes with XRES.
        String client = response("alice@domain1.com", "domain1.com", first, "REGISTER", "sip:domain1.com", v.nonce());
        String server = response("alice@domain1.com", "domain1.com", v.xres(), "REGISTER", "sip:domain1.com", v.nonce());
        assertThat(client).isEqualTo(server);
        // ...and differs from treating the hex of RES as the password (a classic interop mistake).
        String hexPassword = response("alice@domain1.com", "domain1.com", Hex.encode(v.xres()).getBytes(StandardCharsets.US_ASCII),
                "REGISTER", "sip:domain1.com", v.nonce());
        assertThat(hexPassword).isNotEqualTo(server);
    }

    @Test
    void responderOnSynchronisationFailureSendsAutsWithAnEmptyPassword() {
        AkaDigestResponder ue = new AkaDigestResponder(new UsimAka(KEYS, new UsimSqnState(SequenceNumbers.sqn(90, 0), 1 << 28)));
        AuthenticationVector v = hss.generate(KEYS, Hex.decode("8000"), SequenceNumbers.sqn(3, 0));
        assertThat(ue.password(v.nonce())).isEmpty();
        String auts = ue.authParams(v.nonce()).get(DigestAka.AUTS_PARAM);
        assertThat(auts).isNotNull();
        assertThat(DigestAka.classify("0123abcd", auts)).isEqualTo(DigestAka.AnswerKind.SYNCHRONISATION_FAILURE);
        var r = (VectorGenerator.ResyncOutcome.Resynchronised) hss.resynchronise(KEYS, v.rand(), Auts.decode(auts), SequenceNumbers.sqn(3, 0));
        assertThat(r.sqnMs()).isEqualTo(SequenceNumbers.sqn(90, 0));
    }

    @Test
    void responderRefusesOnMacFailureOrGarbage() {
        AuthenticationVector v = hss.generate(KEYS, Hex.decode("8000"), SequenceNumbers.next(0));
        AkaDigestResponder impostor = new AkaDigestResponder(new UsimAka(AkaKeys.ofOpc(new byte[16], KEYS.opc())));
        assertThat(impostor.password(v.nonce())).isNull();
        assertThat(impostor.authParams(v.nonce())).isEmpty();
        assertThat(impostor.outcome(v.nonce())).isInstanceOf(AkaOutcome.MacFailure.class);
        assertThat(new AkaDigestResponder(new UsimAka(KEYS)).password("garbage")).isNull();
        assertThat(DigestAka.classify("", null)).isEqualTo(DigestAka.AnswerKind.NETWORK_AUTHENTICATION_FAILURE);
        assertThat(DigestAka.classify("6629fae49393a05397450978507c4ef1", null)).isEqualTo(DigestAka.AnswerKind.RESPONSE);
    }

    @Test
    void sippRawTextKeys() {
        // SIPp 3.6.1 uses the characters' octets: K text 0123456789abcdef is K 3031...6566.
        assertThat(SippAkaText.hexOf("0123456789abcdef", 16, "aka_K")).isEqualTo("30313233343536373839616263646566");
        AkaKeys sipp = SippAkaText.keys("0123456789abcdef", "fedcba9876543210");
        AkaKeys hssView = AkaKeys.fromHex("30313233343536373839616263646566", "66656463626139383736353433323130", false);
        assertThat(sipp).isEqualTo(hssView);
        assertThat(SippAkaText.text(Hex.decode("30313233343536373839616263646566"), "aka_K")).isEqualTo("0123456789abcdef");
        assertThat(SippAkaText.octets("AB", 2, "aka_AMF")).isEqualTo(Hex.decode("4142"));
        // A vector made by the HSS from the hex form is accepted by a USIM holding SIPp's text form.
        AuthenticationVector v = hss.generate(hssView, SippAkaText.octets("AB", 2, "aka_AMF"), SequenceNumbers.next(0));
        assertThat(new UsimAka(sipp).authenticate(v.rand(), v.autn())).isInstanceOf(AkaOutcome.Success.class);
        // The TS 35.208 keys are not printable, so they cannot be given to SIPp 3.6.1.
        assertThatThrownBy(() -> SippAkaText.text(Hex.decode("465b5ce8b199b49faa5f0a2ee238a6bc"), "aka_K"))
                .hasMessageContaining("printable ASCII");
        assertThatThrownBy(() -> SippAkaText.octets("short", 16, "aka_K")).hasMessageContaining("16 characters");
    }

    /** RFC 2617 qop-less Digest response with MD5, written out here so the test does not lean on our code. */
    private static String response(String user, String realm, byte[] password, String method, String uri, String nonce) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        md.update((user + ":" + realm + ":").getBytes(StandardCharsets.UTF_8));
        md.update(password);
        String ha1 = Hex.encode(md.digest());
        String ha2 = Hex.encode(MessageDigest.getInstance("MD5").digest((method + ":" + uri).getBytes(StandardCharsets.UTF_8)));
        return Hex.encode(MessageDigest.getInstance("MD5").digest((ha1 + ":" + nonce + ":" + ha2).getBytes(StandardCharsets.UTF_8)));
    }
}
