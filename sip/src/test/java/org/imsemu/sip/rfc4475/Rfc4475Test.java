package org.imsemu.sip.rfc4475;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.imsemu.sip.codec.MessageValidator;
import org.imsemu.sip.codec.SipParseException;
import org.imsemu.sip.message.MalformedMessageException;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.stack.SipStack;
import org.imsemu.sip.transaction.ServerTransaction;
import org.imsemu.sip.transaction.TransactionUser;
import org.imsemu.sip.transport.InboundMessage;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.transport.Transports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SIP torture messages of RFC 4475 sections 3.1.1 (valid) and 3.1.2 (invalid), from the data files
 * in src/test/resources/rfc4475 and the verdicts in its expectations.tsv. Each message is checked twice:
 * by the codec (parser + validator) and over a real UDP socket against a running stack, which must
 * answer as the RFC says and keep serving afterwards.
 */
class Rfc4475Test {

    /**
     * Where the RFC leaves the choice to the implementation (verdict LENIENT or REJECT_501), what we
     * chose: accept (0) or the status we answer. Written here so that a change of behaviour fails a test.
     */
    static final Map<String, Integer> OUR_CHOICE = Map.of(
            "ltgtruri", 400, "lwsstart", 400, "trws", 400, "escruri", 400,
            "baddate", 0, "regbadct", 400, "badaspec", 400, "baddn", 400, "mismatch02", 501);

    record Case(String name, String section, String kind, String verdict, String rfcSays, byte[] bytes) {
        boolean isRequest() {
            return kind.equals("request");
        }

        /** 0 = accepted and handed to the transaction user; -1 = dropped; otherwise the status we must answer. */
        int expected() {
            return switch (verdict) {
                case "ACCEPT" -> 0;
                case "DROP" -> -1;
                case "REJECT_400" -> 400;
                case "REJECT_505" -> 505;
                default -> OUR_CHOICE.get(name);
            };
        }

        @Override
        public String toString() {
            return section + " " + name + " (" + verdict + ")";
        }
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        String tsv = new String(resource("expectations.tsv"), StandardCharsets.UTF_8);
        for (String line : tsv.split("\n")) {
            if (line.isBlank() || line.startsWith("name\t")) continue;
            String[] f = line.split("\t");
            String dir = f[1].startsWith("3.1.1") ? "valid" : "invalid";
            out.add(new Case(f[0], f[1], f[2], f[3], f[4], resource(dir + "/" + f[0] + ".dat")));
        }
        return out;
    }

    static Stream<Arguments> all() {
        return cases().stream().map(Arguments::of);
    }

    static Stream<Arguments> requests() {
        return cases().stream().filter(Case::isRequest).map(Arguments::of);
    }

    private static byte[] resource(String path) {
        try (InputStream in = Rfc4475Test.class.getResourceAsStream("/rfc4475/" + path)) {
            if (in == null) throw new IllegalStateException("missing test data rfc4475/" + path);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @org.junit.jupiter.api.Test
    void allThirtyTwoMessagesArePresent() {
        assertThat(cases()).hasSize(32);
        assertThat(cases().stream().filter(c -> c.section().startsWith("3.1.1"))).hasSize(13);
    }

    /** The codec's verdict: 0 accepted, -1 dropped, else the status of the answer. */
    static int codecVerdict(byte[] bytes) {
        SipMessage msg;
        try {
            msg = SipParser.parse(bytes.clone());
        } catch (MalformedMessageException e) {
            return e.partialRequest() != null && canAnswer(e.partialRequest()) ? 400 : -1;
        }
        MessageValidator.Problem p = MessageValidator.check(msg);
        if (p == null) return 0;
        if (msg instanceof SipResponse) return -1;
        return canAnswer((SipRequest) msg) ? p.status() : -1;
    }

    /** A request with a Via, even a malformed one, is answered (to its source address). */
    private static boolean canAnswer(SipRequest r) {
        return r.hasHeader("Via") && !r.isMethod("ACK");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void codecTreatsMessageAsTheRfcSays(Case c) {
        assertThat(codecVerdict(c.bytes())).as(c.rfcSays()).isEqualTo(c.expected());
    }

    private static SipMessage valid(String name) {
        return SipParser.parse(resource("valid/" + name + ".dat"));
    }

    @org.junit.jupiter.api.Test
    void validMessagesAreReadForWhatTheyAre() {
        SipRequest wsinv = (SipRequest) valid("wsinv");
        assertThat(wsinv.maxForwards()).isEqualTo(68);
        assertThat(wsinv.cseq().number()).isEqualTo(9);
        assertThat(wsinv.cseq().method()).isEqualTo("INVITE");
        assertThat(wsinv.toTag()).isEqualTo("1918181833n");
        assertThat(wsinv.fromTag()).isEqualTo("98asjd8");
        assertThat(wsinv.topVia().transport()).isEqualTo("UDP");
        assertThat(wsinv.topVia().host()).isEqualTo("192.0.2.2");
        assertThat(wsinv.bodyLength()).isEqualTo(150);

        SipRequest intmeth = (SipRequest) valid("intmeth");
        assertThat(intmeth.method()).isEqualTo("!interesting-Method0123456789_*+`.%indeed'~");
        assertThat(intmeth.cseq().method()).isEqualTo(intmeth.method());
        assertThat(intmeth.fromTag()).isEqualTo("_token~1'+`*%!-.");
        assertThat(intmeth.from().displayName()).isEqualTo("token1~` token2'+_ token3*%!.-");

        SipRequest esc02 = (SipRequest) valid("esc02");
        assertThat(esc02.method()).as("%47 is not an escape in a method").isEqualTo("RE%47IST%45R");
        assertThat(esc02.contacts()).as("C%6Fntact is another header").hasSize(2);

        SipRequest escnull = (SipRequest) valid("escnull");
        List<org.imsemu.sip.header.NameAddress> contacts = escnull.contacts();
        assertThat(contacts).hasSize(2);
        org.imsemu.sip.uri.SipUri c1 = contacts.get(0).sipUri();
        org.imsemu.sip.uri.SipUri c2 = contacts.get(1).sipUri();
        assertThat(c1.equivalentTo(c2)).as("%00 and %00%00 are different users").isFalse();
        assertThat(org.imsemu.sip.uri.SipUri.unescape(c2.user())).hasSize(2);

        SipRequest semiuri = (SipRequest) valid("semiuri");
        org.imsemu.sip.uri.SipUri ruri = (org.imsemu.sip.uri.SipUri) semiuri.requestUri();
        assertThat(ruri.user()).isEqualTo("user;par=u%40example.net");
        assertThat(ruri.host()).isEqualTo("example.com");
        assertThat(semiuri.headerValues("Accept")).hasSize(6);

        SipRequest transports = (SipRequest) valid("transports");
        assertThat(transports.vias()).extracting(v -> v.transport()).containsExactly("UDP", "SCTP", "TLS", "UNKNOWN", "TCP");

        assertThat(((SipRequest) valid("lwsdisp")).from().displayName()).isEqualTo("caller");
        assertThat(((SipRequest) valid("longreq")).vias().size()).isGreaterThan(10);
        SipRequest dblreq = (SipRequest) valid("dblreq");
        assertThat(dblreq.method()).isEqualTo("REGISTER");
        assertThat(dblreq.bodyLength()).as("the INVITE after Content-Length: 0 is ignored").isZero();
        SipRequest mpart = (SipRequest) valid("mpart01");
        assertThat(mpart.bodyLength()).isEqualTo(Integer.parseInt(mpart.header("Content-Length")));
        assertThat(mpart.contentType()).startsWith("multipart/mixed");

        SipResponse unreason = (SipResponse) valid("unreason");
        assertThat(unreason.status()).isEqualTo(200);
        assertThat(unreason.reason()).contains("простое");
        SipResponse noreason = (SipResponse) valid("noreason");
        assertThat(noreason.status()).isEqualTo(100);
        assertThat(noreason.reason()).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void unchangedValidMessagesAreWrittenBackByteForByte() {
        for (String name : List.of("wsinv", "esc01", "escnull", "semiuri", "transports", "lwsdisp", "longreq", "mpart01", "unreason")) {
            byte[] original = resource("valid/" + name + ".dat");
            assertThat(SipParser.parse(original.clone()).encode()).as(name).isEqualTo(original);
        }
    }

    // ---- over the wire ----

    static EventLoopGroup group;
    static SipStack stack;
    static final ConcurrentLinkedQueue<SipRequest> delivered = new ConcurrentLinkedQueue<>();
    static final Set<String> KNOWN = Set.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "MESSAGE");

    /** A minimal UAS: 501 for methods it does not know (with Allow), 486 for INVITE, 200 otherwise. */
    static final class TortureUas implements TransactionUser {
        @Override
        public void onRequest(ServerTransaction tx) {
            SipRequest r = tx.request();
            delivered.add(r);
            SipResponse resp;
            if (!KNOWN.contains(r.method())) resp = r.createResponse(501).withHeader("Allow", String.join(", ", KNOWN));
            else if (r.isMethod("INVITE")) resp = r.createResponse(486);
            else resp = r.createResponse(200);
            tx.respond(r.toTag() == null ? resp.withToTag("uas1") : resp);
        }

        @Override
        public void onCancel(ServerTransaction invite) {
        }

        @Override
        public void onAck(InboundMessage ack) {
        }

        @Override
        public void onStrayResponse(InboundMessage response) {
        }
    }

    @BeforeAll
    static void startStack() {
        group = Transports.newEventLoopGroup(1);
        stack = SipStack.start(new SipStack.Config("127.0.0.1", 0, EnumSet.of(TransportType.UDP), null, null), group, s -> new TortureUas());
    }

    @AfterAll
    static void stopStack() {
        stack.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void stackAnswersOverUdpAndKeepsServing(Case c) throws Exception {
        InetSocketAddress target = stack.localAddress(TransportType.UDP);
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            delivered.clear();
            peer.send(new DatagramPacket(c.bytes(), c.bytes().length, target));
            int expected = c.expected();
            SipResponse answer = receive(peer, expected == -1 ? 300 : 3000);
            if (expected == -1) {
                assertThat(answer).as("dropped without answer").isNull();
            } else if (expected == 0) {
                assertThat(answer).as("an answer from the UAS").isNotNull();
                assertThat(delivered).as("delivered to the transaction user").hasSize(1);
                assertThat(answer.status()).as(c.rfcSays()).isIn(200, 486, 501);
            } else {
                assertThat(answer).as("an answer").isNotNull();
                assertThat(answer.status()).as(c.rfcSays() + " — got " + answer.startLine()).isEqualTo(expected);
                assertThat(delivered).as("not delivered to the transaction user").isEmpty();
                if (toIsReadable(answer)) assertThat(answer.toTag()).as("a To tag on the error response").isNotNull();
            }
            // The stack keeps serving: a valid OPTIONS right after is answered 200.
            byte[] options = ("OPTIONS sip:probe@127.0.0.1 SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP 127.0.0.1:" + peer.getLocalPort() + ";branch=z9hG4bK-probe-" + c.name() + "\r\n"
                    + "Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag=p1\r\nTo: <sip:probe@127.0.0.1>\r\n"
                    + "Call-ID: probe-" + c.name() + "@127.0.0.1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            peer.send(new DatagramPacket(options, options.length, target));
            SipResponse ok;
            do {
                ok = receive(peer, 3000);
            } while (ok != null && !ok.callId().startsWith("probe-"));
            assertThat(ok).as("answer to the OPTIONS after " + c.name()).isNotNull();
            assertThat(ok.status()).isEqualTo(200);
        }
    }

    private static boolean toIsReadable(SipResponse r) {
        try {
            r.to();
            return true;
        } catch (SipParseException e) {
            return false;
        }
    }

    private static SipResponse receive(DatagramSocket s, int timeoutMillis) throws IOException {
        s.setSoTimeout(timeoutMillis);
        byte[] buf = new byte[65536];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
            s.receive(p);
        } catch (SocketTimeoutException e) {
            return null;
        }
        SipMessage m = SipParser.parse(java.util.Arrays.copyOf(buf, p.getLength()));
        if (!(m instanceof SipResponse r)) {
            fail("expected a response, got " + m.startLine());
            return null;
        }
        return r;
    }
}
