package org.imsemu.diameter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.imsemu.diameter.dictionary.BaseAvps;
import org.imsemu.diameter.dictionary.ChargingAvps;
import org.imsemu.diameter.dictionary.Commands;
import org.imsemu.diameter.dictionary.CxAvps;
import org.imsemu.diameter.dictionary.Dictionary;
import org.imsemu.diameter.dictionary.ShAvps;
import org.junit.jupiter.api.Test;

class CodecTest {
    private static final HexFormat HEX = HexFormat.of();

    private static DiameterMessage roundTrip(DiameterMessage m) {
        byte[] bytes = m.encode();
        DiameterMessage back = DiameterCodec.decode(bytes, Dictionary.standard());
        assertThat(back).isEqualTo(m);
        assertThat(back.encode()).isEqualTo(bytes);
        return back;
    }

    private static Avp only(Avp a) {
        DiameterMessage m = DiameterMessage.request(1000, 5).add(a).build();
        return roundTrip(m).avps().get(0);
    }

    @Test
    void everyBasicTypeRoundTrips() throws Exception {
        assertThat(only(Avp.octetString(1001, 0, false, new byte[] {0, 1, 2, (byte) 255, 7})).asOctetString()).containsExactly(0, 1, 2, 255, 7);
        assertThat(only(Avp.integer32(1001, 0, false, -123456)).asInteger32()).isEqualTo(-123456);
        assertThat(only(Avp.integer64(1001, 0, false, Long.MIN_VALUE + 3)).asInteger64()).isEqualTo(Long.MIN_VALUE + 3);
        assertThat(only(Avp.unsigned32(1001, 0, false, 0xfffffffeL)).asUnsigned32()).isEqualTo(0xfffffffeL);
        assertThat(Long.toUnsignedString(only(Avp.unsigned64(1001, 0, false, -2L)).asUnsigned64())).isEqualTo("18446744073709551614");
        assertThat(only(Avp.float32(1001, 0, false, 3.5f)).asFloat32()).isEqualTo(3.5f);
        assertThat(only(Avp.float64(1001, 0, false, -1.25e300)).asFloat64()).isEqualTo(-1.25e300);
        assertThat(only(Avp.enumerated(1001, 0, false, 7)).asEnumerated()).isEqualTo(7);
        assertThat(only(Avp.utf8String(1001, 0, false, "Grüße ✓")).asUtf8String()).isEqualTo("Grüße ✓");
        assertThat(only(Avp.diameterIdentity(1001, 0, false, "hss.domain1.com")).asDiameterIdentity()).isEqualTo("hss.domain1.com");
        assertThat(only(Avp.diameterUri(1001, 0, false, "aaa://hss.domain1.com:3868;transport=tcp")).asDiameterUri())
                .isEqualTo("aaa://hss.domain1.com:3868;transport=tcp");
        Avp v4 = only(Avp.address(1001, 0, false, InetAddress.getByName("127.0.95.7")));
        assertThat(v4.addressFamily()).isEqualTo(Avp.FAMILY_IPV4);
        assertThat(v4.asOctetString()).containsExactly(0, 1, 127, 0, 95, 7);
        assertThat(v4.asAddress()).isEqualTo(InetAddress.getByName("127.0.95.7"));
        Avp v6 = only(Avp.address(1001, 0, false, InetAddress.getByName("2001:db8::1")));
        assertThat(v6.addressFamily()).isEqualTo(Avp.FAMILY_IPV6);
        assertThat(v6.dataLength()).isEqualTo(18);
        assertThat(v6.asAddress()).isEqualTo(InetAddress.getByName("2001:db8::1"));
        Instant t = Instant.parse("2024-05-01T12:00:00Z");
        Avp time = only(Avp.time(1001, 0, false, t));
        assertThat(time.asTime()).isEqualTo(t);
        assertThat(time.asUnsigned32()).isEqualTo(t.getEpochSecond() + 2_208_988_800L); // NTP seconds since 1900
        Instant after2036 = Instant.parse("2040-01-01T00:00:00Z");
        assertThat(only(Avp.time(1001, 0, false, after2036)).asTime()).isEqualTo(after2036);
    }

    @Test
    void groupedAvpsNestAndRoundTrip() {
        Avp item = CxAvps.SIP_AUTH_DATA_ITEM.of(
                CxAvps.SIP_ITEM_NUMBER.of(1),
                CxAvps.SIP_AUTHENTICATION_SCHEME.of("Digest-AKAv1-MD5"),
                CxAvps.SIP_AUTHENTICATE.of(new byte[32]),
                CxAvps.CONFIDENTIALITY_KEY.of(new byte[16]),
                CxAvps.SIP_DIGEST_AUTHENTICATE.of(CxAvps.DIGEST_REALM.of("domain1.com"), CxAvps.DIGEST_HA1.of("abc")));
        DiameterMessage m = Commands.MULTIMEDIA_AUTH.request().add(BaseAvps.SESSION_ID.of("s;1;2"), item,
                BaseAvps.VENDOR_SPECIFIC_APPLICATION_ID.of(BaseAvps.VENDOR_ID.of(10415), BaseAvps.AUTH_APPLICATION_ID.of(16777216))).build();
        DiameterMessage back = roundTrip(DiameterMessage.decode(m.encode()));
        Avp decoded = back.required(CxAvps.SIP_AUTH_DATA_ITEM);
        assertThat(decoded.isVendorSpecific()).isTrue();
        assertThat(decoded.vendorId()).isEqualTo(10415);
        assertThat(decoded.isMandatory()).isTrue();
        assertThat(decoded.text(CxAvps.SIP_AUTHENTICATION_SCHEME)).contains("Digest-AKAv1-MD5");
        assertThat(decoded.required(CxAvps.SIP_DIGEST_AUTHENTICATE).text(CxAvps.DIGEST_HA1)).contains("abc");
        assertThat(back.sessionId()).contains("s;1;2");
        assertThat(back.isProxiable()).isTrue();
    }

    @Test
    void encodesByteExactlyAgainstHandBuiltVector() {
        DiameterMessage dwr = DiameterMessage.request(280, 0).hopByHop(0x11223344).endToEnd(0x55667788)
                .add(BaseAvps.ORIGIN_HOST.of("a.b"), BaseAvps.ORIGIN_REALM.of("b"), CxAvps.PUBLIC_IDENTITY.of("sip:x")).build();
        String expected = "01000040" + "80000118" + "00000000" + "11223344" + "55667788"
                + "00000108" + "4000000b" + "612e6200"                  // Origin-Host "a.b", 1 pad byte
                + "00000128" + "40000009" + "62000000"                  // Origin-Realm "b", 3 pad bytes
                + "00000259" + "c0000011" + "000028af" + "7369703a78000000"; // Public-Identity, V+M, vendor 10415
        assertThat(HEX.formatHex(dwr.encode())).isEqualTo(expected);
        assertThat(DiameterMessage.decode(HEX.parseHex(expected))).isEqualTo(dwr);
    }

    @Test
    void unknownAvpWithoutMBitIsKeptAndReencodedByteExact() {
        byte[] unknown = Avp.raw(99999, Avp.FLAG_P, 4242, new byte[] {1, 2, 3, 4, 5}).withData(new byte[] {9, 8, 7}).data();
        DiameterMessage m = Commands.USER_DATA.request().add(ShAvps.DATA_REFERENCE.of(0), Avp.raw(99999, Avp.FLAG_P, 4242, unknown)).build();
        byte[] bytes = m.encode();
        DiameterMessage back = DiameterCodec.decode(bytes, Dictionary.standard());
        Avp kept = back.avp(99999, 4242).orElseThrow();
        assertThat(kept.data()).containsExactly(9, 8, 7);
        assertThat(kept.isProtected()).isTrue();
        assertThat(back.encode()).isEqualTo(bytes);
    }

    @Test
    void unknownMandatoryAvpIs5001WithFailedAvp() {
        Avp bad = Avp.raw(99998, Avp.FLAG_M, 0, new byte[] {1, 2, 3, 4});
        byte[] bytes = Commands.USER_AUTHORIZATION.request().add(CxAvps.PUBLIC_IDENTITY.of("sip:a@b"), bad).build().encode();
        assertThat(DiameterCodec.decode(bytes).avps()).contains(bad); // structure alone is fine
        assertThatThrownBy(() -> DiameterCodec.decode(bytes, Dictionary.standard()))
                .isInstanceOfSatisfying(DiameterException.class, e -> {
                    assertThat(e.resultCode()).isEqualTo(ResultCodes.DIAMETER_AVP_UNSUPPORTED);
                    assertThat(e.failedAvp()).contains(bad);
                });
    }

    @Test
    void unknownMandatoryAvpInsideGroupedIsReportedInItsParent() {
        Avp bad = Avp.raw(99998, Avp.FLAG_M, 0, new byte[4]);
        Avp group = ChargingAvps.MULTIPLE_SERVICES_CREDIT_CONTROL.of(ChargingAvps.RATING_GROUP.of(1), bad);
        byte[] bytes = Commands.CREDIT_CONTROL.request().add(group).build().encode();
        assertThatThrownBy(() -> DiameterCodec.decode(bytes, Dictionary.standard()))
                .isInstanceOfSatisfying(DiameterException.class, e -> {
                    assertThat(e.resultCode()).isEqualTo(5001);
                    Avp failed = e.failedAvp().orElseThrow();
                    assertThat(failed.code()).isEqualTo(ChargingAvps.MULTIPLE_SERVICES_CREDIT_CONTROL.code());
                    assertThat(failed.asGrouped()).containsExactly(bad);
                });
    }

    private static long errorOf(byte[] bytes) {
        try {
            DiameterCodec.decode(bytes, Dictionary.standard());
        } catch (DiameterException e) {
            return e.resultCode();
        }
        throw new AssertionError("decoded without error: " + HEX.formatHex(bytes));
    }

    private static byte[] valid() {
        return DiameterMessage.request(280, 0).add(BaseAvps.ORIGIN_HOST.of("a.b"), BaseAvps.ORIGIN_REALM.of("b")).build().encode();
    }

    @Test
    void malformedMessagesGiveTheRfcResultCodes() {
        byte[] ok = valid();
        assertThat(errorOf(Arrays.copyOf(ok, 12))).isEqualTo(ResultCodes.DIAMETER_INVALID_MESSAGE_LENGTH); // truncated header
        assertThat(errorOf(Arrays.copyOf(ok, ok.length - 4))).isEqualTo(ResultCodes.DIAMETER_INVALID_MESSAGE_LENGTH); // length mismatch
        byte[] v2 = ok.clone();
        v2[0] = 2;
        assertThat(errorOf(v2)).isEqualTo(ResultCodes.DIAMETER_UNSUPPORTED_VERSION);
        byte[] reserved = ok.clone();
        reserved[4] |= 0x01;
        assertThat(errorOf(reserved)).isEqualTo(ResultCodes.DIAMETER_INVALID_HDR_BITS);
        byte[] errorRequest = ok.clone();
        errorRequest[4] |= DiameterMessage.FLAG_E;
        assertThat(errorOf(errorRequest)).isEqualTo(ResultCodes.DIAMETER_INVALID_HDR_BITS);
        byte[] avpBits = ok.clone();
        avpBits[20 + 4] |= 0x04;
        assertThat(errorOf(avpBits)).isEqualTo(ResultCodes.DIAMETER_INVALID_AVP_BITS);
        byte[] shortAvp = ok.clone();
        shortAvp[20 + 7] = 6; // AVP Length 6 < 8
        assertThat(errorOf(shortAvp)).isEqualTo(ResultCodes.DIAMETER_INVALID_AVP_LENGTH);
        byte[] longAvp = ok.clone();
        longAvp[20 + 7] = (byte) 200; // runs past the end of the message
        assertThat(errorOf(longAvp)).isEqualTo(ResultCodes.DIAMETER_INVALID_AVP_LENGTH);
        byte[] badUnsigned = DiameterMessage.request(280, 0).add(Avp.raw(BaseAvps.ORIGIN_STATE_ID.code(), Avp.FLAG_M, 0, new byte[3])).build().encode();
        assertThat(errorOf(badUnsigned)).isEqualTo(ResultCodes.DIAMETER_INVALID_AVP_LENGTH);
    }

    @Test
    void failedAvpOfAnOverlongAvpCarriesItsHeader() {
        byte[] longAvp = valid();
        longAvp[20 + 7] = (byte) 200;
        assertThatThrownBy(() -> DiameterCodec.decode(longAvp)).isInstanceOfSatisfying(DiameterException.class,
                e -> assertThat(e.failedAvp().orElseThrow().code()).isEqualTo(BaseAvps.ORIGIN_HOST.code()));
    }

    @Test
    void typedFactoriesRefuseTheWrongType() {
        assertThatThrownBy(() -> BaseAvps.ORIGIN_HOST.of(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BaseAvps.RESULT_CODE.of("x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BaseAvps.RESULT_CODE.of(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BaseAvps.ORIGIN_HOST.of("bad host\n")).isInstanceOf(IllegalArgumentException.class);
        assertThat(CxAvps.SUPPORTED_FEATURES.of(List.of()).isMandatory()).isFalse();
        assertThat(CxAvps.PUBLIC_IDENTITY.of("x").flags()).isEqualTo(Avp.FLAG_V | Avp.FLAG_M);
    }

    @Test
    void answerCopiesIdentifiersAndResultCodeIsFound() {
        DiameterMessage req = Commands.SERVER_ASSIGNMENT.request().hopByHop(7).endToEnd(9).add(BaseAvps.SESSION_ID.of("x;1")).build();
        DiameterMessage ans = DiameterMessage.answer(req).add(BaseAvps.EXPERIMENTAL_RESULT.of(BaseAvps.VENDOR_ID.of(10415),
                BaseAvps.EXPERIMENTAL_RESULT_CODE.of(2001))).build();
        assertThat(ans.isRequest()).isFalse();
        assertThat(ans.isProxiable()).isTrue();
        assertThat(ans.hopByHop()).isEqualTo(7);
        assertThat(ans.endToEnd()).isEqualTo(9);
        assertThat(ans.sessionId()).contains("x;1");
        assertThat(ans.resultCode()).contains(2001L);
    }
}
