package org.imsemu.bench;

import java.util.concurrent.TimeUnit;
import org.imsemu.diameter.Avp;
import org.imsemu.diameter.DiameterCodec;
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.dictionary.Applications;
import org.imsemu.diameter.dictionary.BaseAvps;
import org.imsemu.diameter.dictionary.Commands;
import org.imsemu.diameter.dictionary.CxAvps;
import org.imsemu.diameter.dictionary.CxValues;
import org.imsemu.diameter.dictionary.Dictionary;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The Diameter codec on the Cx exchange of every IMS AKA registration: an S-CSCF's MAR and the HSS's
 * MAA carrying one authentication vector (grouped SIP-Auth-Data-Item with RAND||AUTN, XRES, CK, IK),
 * each about ten top-level AVPs including grouped ones.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar DiameterCodecBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DiameterCodecBenchmark {
    private DiameterMessage mar;
    private DiameterMessage maa;
    private byte[] marBytes;
    private byte[] maaBytes;
    private final Dictionary dictionary = Dictionary.standard();

    private static Avp cxApplication() {
        return BaseAvps.VENDOR_SPECIFIC_APPLICATION_ID.of(BaseAvps.VENDOR_ID.of(10415), BaseAvps.AUTH_APPLICATION_ID.of(Applications.CX));
    }

    @Setup
    public void setup() {
        mar = Commands.MULTIMEDIA_AUTH.request().hopByHop(0x1234).endToEnd(0x5678).add(
                BaseAvps.SESSION_ID.of("scscf.domain1.com;1700000000;42"), cxApplication(),
                BaseAvps.AUTH_SESSION_STATE.of(BaseAvps.NO_STATE_MAINTAINED),
                BaseAvps.ORIGIN_HOST.of("scscf.domain1.com"), BaseAvps.ORIGIN_REALM.of("domain1.com"),
                BaseAvps.DESTINATION_REALM.of("domain1.com"), BaseAvps.USER_NAME.of("alice@domain1.com"),
                CxAvps.PUBLIC_IDENTITY.of("sip:alice@domain1.com"), CxAvps.SIP_NUMBER_AUTH_ITEMS.of(1),
                CxAvps.SIP_AUTH_DATA_ITEM.of(CxAvps.SIP_AUTHENTICATION_SCHEME.of(CxValues.SCHEME_AKAV1_MD5)),
                CxAvps.SERVER_NAME.of("sip:scscf.domain1.com:5060")).build();
        maa = DiameterMessage.answer(mar).add(cxApplication(), BaseAvps.RESULT_CODE.of(2001),
                BaseAvps.AUTH_SESSION_STATE.of(BaseAvps.NO_STATE_MAINTAINED),
                BaseAvps.ORIGIN_HOST.of("hss.domain1.com"), BaseAvps.ORIGIN_REALM.of("domain1.com"),
                BaseAvps.USER_NAME.of("alice@domain1.com"), CxAvps.PUBLIC_IDENTITY.of("sip:alice@domain1.com"),
                CxAvps.SIP_NUMBER_AUTH_ITEMS.of(1),
                CxAvps.SIP_AUTH_DATA_ITEM.of(CxAvps.SIP_ITEM_NUMBER.of(1), CxAvps.SIP_AUTHENTICATION_SCHEME.of(CxValues.SCHEME_AKAV1_MD5),
                        CxAvps.SIP_AUTHENTICATE.of(new byte[32]), CxAvps.SIP_AUTHORIZATION.of(new byte[8]),
                        CxAvps.CONFIDENTIALITY_KEY.of(new byte[16]), CxAvps.INTEGRITY_KEY.of(new byte[16]))).build();
        marBytes = mar.encode();
        maaBytes = maa.encode();
    }

    @Benchmark
    public byte[] encodeMar() {
        return mar.encode();
    }

    @Benchmark
    public byte[] encodeMaa() {
        return maa.encode();
    }

    /** Decode with the dictionary checks (unknown M-bit AVPs, sizes, grouped contents), as a node does. */
    @Benchmark
    public DiameterMessage decodeMar() {
        return DiameterCodec.decode(marBytes, dictionary);
    }

    @Benchmark
    public DiameterMessage decodeMaa() {
        return DiameterCodec.decode(maaBytes, dictionary);
    }

    /** What an S-CSCF does with an MAA: decode, then read the result and the vector's fields. */
    @Benchmark
    public void decodeAndReadMaa(Blackhole bh) {
        DiameterMessage m = DiameterCodec.decode(maaBytes, dictionary);
        bh.consume(m.resultCode());
        Avp item = m.required(CxAvps.SIP_AUTH_DATA_ITEM);
        bh.consume(item.required(CxAvps.SIP_AUTHENTICATE).asOctetString());
        bh.consume(item.required(CxAvps.SIP_AUTHORIZATION).asOctetString());
        bh.consume(item.required(CxAvps.CONFIDENTIALITY_KEY).asOctetString());
        bh.consume(item.required(CxAvps.INTEGRITY_KEY).asOctetString());
    }

    /** An HSS building its MAA from a decoded MAR and encoding it. */
    @Benchmark
    public byte[] decodeMarBuildAndEncodeMaa() {
        DiameterMessage req = DiameterCodec.decode(marBytes, dictionary);
        return DiameterMessage.answer(req).add(cxApplication(), BaseAvps.RESULT_CODE.of(2001),
                BaseAvps.AUTH_SESSION_STATE.of(BaseAvps.NO_STATE_MAINTAINED),
                BaseAvps.ORIGIN_HOST.of("hss.domain1.com"), BaseAvps.ORIGIN_REALM.of("domain1.com"),
                req.required(BaseAvps.USER_NAME), req.required(CxAvps.PUBLIC_IDENTITY), CxAvps.SIP_NUMBER_AUTH_ITEMS.of(1),
                CxAvps.SIP_AUTH_DATA_ITEM.of(CxAvps.SIP_ITEM_NUMBER.of(1), CxAvps.SIP_AUTHENTICATION_SCHEME.of(CxValues.SCHEME_AKAV1_MD5),
                        CxAvps.SIP_AUTHENTICATE.of(new byte[32]), CxAvps.SIP_AUTHORIZATION.of(new byte[8]),
                        CxAvps.CONFIDENTIALITY_KEY.of(new byte[16]), CxAvps.INTEGRITY_KEY.of(new byte[16]))).build().encode();
    }
}
