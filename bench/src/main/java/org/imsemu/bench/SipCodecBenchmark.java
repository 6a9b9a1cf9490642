package org.imsemu.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.imsemu.sip.codec.MessageValidator;
import org.imsemu.sip.header.Via;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The SIP codec on the messages an IMS core sees most: a UE's REGISTER (with Digest credentials) and
 * an INVITE with an SDP offer as it leaves the originating S-CSCF for the I-CSCF of the terminating
 * network (three Vias, two Record-Routes, a two-entry Route field, P-Asserted-Identity).
 *
 * <p>Parsing is lazy (header values are decoded on first use, then cached in the parsed message), so
 * every benchmark that reads headers parses its own fresh message: reading a pre-parsed one would only
 * measure the caches. The encode-only benchmarks work on a message parsed once in {@link #setup}, since
 * encoding an unchanged message never decodes anything.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar SipCodecBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc};
 * figures in docs/performance.md.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SipCodecBenchmark {

    static final String REGISTER = String.join("\r\n",
            "REGISTER sip:home1.example.net SIP/2.0",
            "Via: SIP/2.0/UDP [2001:db8::10]:5060;branch=z9hG4bK1f3a9c7e2d;rport",
            "Max-Forwards: 70",
            "From: <sip:alice@home1.example.net>;tag=8a4f2e71",
            "To: <sip:alice@home1.example.net>",
            "Call-ID: 4b2e9c1d7f3a6e80@2001:db8::10",
            "CSeq: 2 REGISTER",
            "Contact: <sip:alice@[2001:db8::10]:5060>;expires=600000"
                    + ";+sip.instance=\"<urn:gsma:imei:35209900-176148-1>\""
                    + ";+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel\"",
            "Authorization: Digest username=\"alice@home1.example.net\",realm=\"home1.example.net\","
                    + "nonce=\"CjPk9mRqNuT5vGg8Dh1QeBwXsZ2aLf3cAAAAAAAAAAA=\",uri=\"sip:home1.example.net\","
                    + "response=\"6629fae49393a05397450978507c4ef1\",algorithm=AKAv1-MD5,"
                    + "qop=auth,nc=00000001,cnonce=\"0a4f113b\"",
            "Supported: path",
            "User-Agent: imsemu-ue/0.1",
            "Content-Length: 0",
            "", "");

    static final String SDP = String.join("\r\n",
            "v=0",
            "o=alice 2890844526 2890844526 IN IP6 2001:db8::10",
            "s=-",
            "c=IN IP6 2001:db8::10",
            "t=0 0",
            "m=audio 49170 RTP/AVP 96 97 8 101",
            "b=AS:41",
            "a=rtpmap:96 AMR-WB/16000/1",
            "a=fmtp:96 mode-change-capability=2;max-red=0",
            "a=rtpmap:97 AMR/8000/1",
            "a=fmtp:97 mode-change-capability=2;max-red=0",
            "a=rtpmap:8 PCMA/8000",
            "a=rtpmap:101 telephone-event/8000",
            "a=ptime:20",
            "a=maxptime:240",
            "a=sendrecv",
            "");

    static final String INVITE_HEAD = String.join("\r\n",
            "INVITE sip:bob@home2.example.net SIP/2.0",
            "Via: SIP/2.0/UDP scscf.home1.example.net:6060;branch=z9hG4bK77e0c2a94b1f",
            "Via: SIP/2.0/UDP pcscf.home1.example.net:5060;branch=z9hG4bK3d2a1f1c0e12",
            "Via: SIP/2.0/UDP [2001:db8::10]:5060;received=2001:db8::10;rport=5060;branch=z9hG4bKnashds8",
            "Max-Forwards: 69",
            "Record-Route: <sip:scscf.home1.example.net:6060;lr>",
            "Record-Route: <sip:pcscf.home1.example.net:5060;lr>",
            "Route: <sip:icscf.home2.example.net;lr>, <sip:mt@scscf.home2.example.net:6060;lr>",
            "P-Asserted-Identity: \"Alice\" <sip:alice@home1.example.net>, <tel:+15551234567>",
            "From: \"Alice\" <sip:alice@home1.example.net>;tag=171828",
            "To: <sip:bob@home2.example.net>",
            "Call-ID: 9a3c8e2f61b04d7a@2001:db8::10",
            "CSeq: 1 INVITE",
            "Contact: <sip:alice@[2001:db8::10]:5060>;+g.3gpp.icsi-ref=\"urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel\"",
            "Allow: INVITE, ACK, CANCEL, BYE, PRACK, UPDATE, OPTIONS",
            "Supported: 100rel, timer",
            "Content-Type: application/sdp",
            "Content-Length: ");

    /** The INVITE with a correct Content-Length; about 1.3 KB. */
    static final String INVITE = INVITE_HEAD + SDP.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + SDP;

    /** The Via the I-CSCF adds when it forwards the INVITE. */
    static final String OWN_VIA = Via.of("UDP", "icscf.home2.example.net", 5060, "z9hG4bKc5f0e1a77b2d").toString();

    byte[] registerBytes;
    byte[] inviteBytes;
    SipMessage parsedRegister;
    SipMessage parsedInvite;

    @Setup
    public void setup() {
        registerBytes = REGISTER.getBytes(StandardCharsets.UTF_8);
        inviteBytes = INVITE.getBytes(StandardCharsets.UTF_8);
        parsedRegister = SipParser.parse(registerBytes);
        parsedInvite = SipParser.parse(inviteBytes);
        // Fail fast if the sample messages are not what we think they are.
        if (MessageValidator.check(parsedInvite) != null || MessageValidator.check(parsedRegister) != null) {
            throw new IllegalStateException("sample messages do not validate");
        }
        if (parsedInvite.routes().size() != 2 || parsedInvite.vias().size() != 3) throw new IllegalStateException("bad INVITE sample");
    }

    // ---- parse only ----

    @Benchmark
    public SipMessage parseRegister() {
        return SipParser.parse(registerBytes);
    }

    @Benchmark
    public SipMessage parseInvite() {
        return SipParser.parse(inviteBytes);
    }

    // ---- parse + the headers a proxy reads ----

    @Benchmark
    public void parseAndReadRegister(Blackhole bh) {
        readHotHeaders(SipParser.parse(registerBytes), bh);
    }

    @Benchmark
    public void parseAndReadInvite(Blackhole bh) {
        readHotHeaders(SipParser.parse(inviteBytes), bh);
    }

    private static void readHotHeaders(SipMessage m, Blackhole bh) {
        bh.consume(m.topVia().branch());
        bh.consume(m.callId());
        bh.consume(m.cseq());
        bh.consume(m.maxForwards());
        bh.consume(m.routes());
        bh.consume(m.from().tag());
        bh.consume(m.to().tag());
    }

    // ---- serialise an unchanged message ----

    @Benchmark
    public byte[] encodeUnchangedRegister() {
        return parsedRegister.encode();
    }

    @Benchmark
    public byte[] encodeUnchangedInvite() {
        return parsedInvite.encode();
    }

    // ---- proxy forwarding: parse, Via on top, top Route off, Max-Forwards - 1, encode ----

    @Benchmark
    public byte[] proxyForwardInvite() {
        return forward(SipParser.parse(inviteBytes));
    }

    /** The same path as {@link #proxyForwardInvite}, sampled for its latency distribution (p99). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public byte[] proxyForwardInviteLatency() {
        return forward(SipParser.parse(inviteBytes));
    }

    private static byte[] forward(SipMessage m) {
        SipRequest req = (SipRequest) m;
        int maxForwards = req.maxForwards();
        return req.withHeaderFirst(HeaderNames.VIA, OWN_VIA)
                .withoutFirstValue(HeaderNames.ROUTE)
                .withHeader(HeaderNames.MAX_FORWARDS, Integer.toString(maxForwards - 1))
                .encode();
    }

    // ---- validation of a received INVITE (subtract parseInvite for the validator's own cost) ----

    @Benchmark
    public MessageValidator.Problem parseAndValidateInvite() {
        return MessageValidator.check(SipParser.parse(inviteBytes));
    }
}
