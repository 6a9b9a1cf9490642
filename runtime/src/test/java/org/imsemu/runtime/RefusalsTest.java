package org.imsemu.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.imsemu.capture.CaptureBus;
import org.imsemu.scenario.Scenario;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.ue.AnswerPolicy;
import org.imsemu.ue.Call;
import org.imsemu.ue.CallEnd;
import org.imsemu.ue.CallFailedException;
import org.imsemu.ue.Registration;
import org.imsemu.ue.UserEquipment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every way release 1 refuses a request, through the real chain of nodes, and which node refused it.
 * One network for the class: ann (alpha.test) calls; ben rejects with 486, bill never answers; cid is
 * a subscriber whose UE never registers; amos's UE has the wrong password; bud has no UE at all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusalsTest {
    private static final long TIMEOUT_S = 20;
    /** Timer C of the S-CSCFs: short, so that the no-answer test ends soon. */
    private static final long NO_ANSWER_MS = 2500;

    private final Scenario scenario = TestScenarios.ipv4("rt-refusals");
    private CaptureBus bus;
    private ImsNetwork net;
    private UserEquipment ann;
    private UserEquipment ben;
    private UserEquipment bill;
    private UserEquipment cid;
    private UserEquipment amos;

    @BeforeAll
    void start() throws Exception {
        bus = new CaptureBus();
        net = ImsNetwork.start(scenario, bus, ImsNetwork.Options.defaults().withNoAnswerMillis(NO_ANSWER_MS));
        ann = net.startUe("ann", AnswerPolicy.never());
        ben = net.startUe("ben", AnswerPolicy.reject(486));
        bill = net.startUe("bill", AnswerPolicy.never());
        cid = net.startUe("cid", AnswerPolicy.never());
        amos = net.startUe("amos", AnswerPolicy.never());
        for (UserEquipment ue : List.of(ann, ben, bill)) {
            Registration r = ue.register().get(TIMEOUT_S, TimeUnit.SECONDS);
            assertThat(r.isRegistered()).as(ue + ": " + r).isTrue();
        }
    }

    @AfterAll
    void stop() {
        if (net != null) net.close();
        if (bus != null) bus.close();
    }

    @Test
    void unregisteredCallerGets403FromItsPcscf() throws Exception {
        long mark = bus.mark();
        Call call = cid.call(TestScenarios.impu("ann", TestScenarios.ALPHA));

        CallEnd end = call.ended().get(TIMEOUT_S, TimeUnit.SECONDS);

        assertThat(end.status()).isEqualTo(403);
        assertThat(end.cause()).isEqualTo(CallEnd.Cause.REJECTED);
        assertFailedWith(call, 403);
        List<Hops.Hop> hops = Hops.since(bus, mark);
        assertThat(Hops.labels(hops)).contains("pcscf-a>cid 403 INVITE");
        assertThat(hops).as("the INVITE went no further than the P-CSCF: " + hops)
                .noneMatch(h -> h.isRequest("INVITE") && !h.to().equals("pcscf-a"));
    }

    @Test
    void unknownCalleeGets404FromTheTerminatingIcscfAfterLir() throws Exception {
        long mark = bus.mark();
        Call call = ann.call(TestScenarios.impu("nobody", TestScenarios.BETA));

        assertThat(call.ended().get(TIMEOUT_S, TimeUnit.SECONDS).status()).isEqualTo(404);
        assertFailedWith(call, 404);
        List<Hops.Hop> hops = Hops.since(bus, mark);
        assertThat(Hops.labels(hops)).containsSubsequence("icscf-b>scscf-a 404 INVITE", "pcscf-a>ann 404 INVITE");
        assertThat(hops).noneMatch(h -> h.isRequest("INVITE") && h.to().equals("pcscf-b"));
    }

    @Test
    void knownButUnregisteredCalleeGets480FromTheTerminatingIcscfAfterLir() throws Exception {
        long mark = bus.mark();
        Call call = ann.call(TestScenarios.impu("bud", TestScenarios.BETA));

        assertThat(call.ended().get(TIMEOUT_S, TimeUnit.SECONDS).status()).isEqualTo(480);
        assertFailedWith(call, 480);
        assertThat(Hops.labels(Hops.since(bus, mark))).containsSubsequence("icscf-b>scscf-a 480 INVITE", "pcscf-a>ann 480 INVITE");
    }

    @Test
    void calleeThatNeverAnswersEndsWith408AndIsCancelled() throws Exception {
        long mark = bus.mark();
        CompletableFuture<Call> incoming = bill.nextIncomingCall();
        Call call = ann.call(TestScenarios.impu("bill", TestScenarios.BETA));

        Call atBill = incoming.get(TIMEOUT_S, TimeUnit.SECONDS);
        CallEnd end = call.ended().get(TIMEOUT_S + NO_ANSWER_MS / 1000, TimeUnit.SECONDS);
        CallEnd billEnd = atBill.ended().get(TIMEOUT_S, TimeUnit.SECONDS);

        assertThat(atBill.callId()).isEqualTo(call.callId());
        assertThat(end.status()).isEqualTo(408);
        assertFailedWith(call, 408);
        assertThat(billEnd.cause()).isEqualTo(CallEnd.Cause.CANCELLED);
        assertThat(billEnd.wasEstablished()).isFalse();
        List<String> hops = Hops.labels(Hops.since(bus, mark));
        assertThat(hops).as("an S-CSCF's Timer C gave up").anyMatch(h -> h.matches("scscf-[ab]>.* 408 INVITE"));
        assertThat(hops).contains("pcscf-b>bill CANCEL", "pcscf-a>ann 408 INVITE");
    }

    @Test
    void callerCancelsWhileRinging() throws Exception {
        long mark = bus.mark();
        CompletableFuture<Call> incoming = bill.nextIncomingCall();
        Call call = ann.call(TestScenarios.impu("bill", TestScenarios.BETA));
        Call atBill = incoming.get(TIMEOUT_S, TimeUnit.SECONDS);

        call.cancel();
        CallEnd end = call.ended().get(TIMEOUT_S, TimeUnit.SECONDS);
        CallEnd billEnd = atBill.ended().get(TIMEOUT_S, TimeUnit.SECONDS);

        assertThat(end.status()).isEqualTo(487);
        assertThat(end.cause()).isEqualTo(CallEnd.Cause.CANCELLED);
        assertFailedWith(call, 487);
        assertThat(billEnd.cause()).isEqualTo(CallEnd.Cause.CANCELLED);
        assertThat(billEnd.status()).isEqualTo(487);
        List<String> hops = Hops.labels(Hops.since(bus, mark));
        assertThat(hops).containsSubsequence("ann>pcscf-a CANCEL", "pcscf-b>bill CANCEL");
        assertThat(hops).contains("bill>pcscf-b 487 INVITE", "pcscf-a>ann 487 INVITE");
        assertThat(hops).noneMatch(h -> h.endsWith(" 408 INVITE"));
    }

    @Test
    void calleeRejectionWith486ReachesTheCaller() throws Exception {
        long mark = bus.mark();
        CompletableFuture<Call> incoming = ben.nextIncomingCall();
        Call call = ann.call(TestScenarios.impu("ben", TestScenarios.BETA));

        CallEnd end = call.ended().get(TIMEOUT_S, TimeUnit.SECONDS);
        CallEnd benEnd = incoming.get(TIMEOUT_S, TimeUnit.SECONDS).ended().get(TIMEOUT_S, TimeUnit.SECONDS);

        assertThat(end.status()).isEqualTo(486);
        assertFailedWith(call, 486);
        assertThat(benEnd.cause()).isEqualTo(CallEnd.Cause.REJECTED);
        assertThat(Hops.labels(Hops.since(bus, mark))).containsSubsequence("ben>pcscf-b 486 INVITE", "pcscf-a>ann 486 INVITE");
    }

    @Test
    void wrongPasswordFailsRegistrationAtTheScscf() throws Exception {
        long mark = bus.mark();
        Registration r = amos.register().get(TIMEOUT_S, TimeUnit.SECONDS);

        assertThat(r.isSuccess()).as(r.toString()).isFalse();
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(amos.isRegistered()).isFalse();
        assertThat(Hops.labels(Hops.since(bus, mark))).containsSubsequence("scscf-a>icscf-a 401 REGISTER",
                "scscf-a>icscf-a 403 REGISTER", "pcscf-a>amos 403 REGISTER");
    }

    @Test
    void malformedRequestGets400AndTheSenderIsStillServed() throws Exception {
        InetSocketAddress pcscf = scenario.node("pcscf-a").orElseThrow().socketAddress();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.51.200"), 0))) {
            socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_S));
            String local = "127.0.51.200:" + socket.getLocalPort();
            String noCallId = "INVITE sip:ann@alpha.test SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP " + local + ";branch=z9hG4bK-broken-1\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:tester@alpha.test>;tag=t1\r\n"
                    + "To: <sip:ann@alpha.test>\r\n"
                    + "CSeq: 1 INVITE\r\n"
                    + "Contact: <sip:tester@" + local + ">\r\n"
                    + "Content-Length: 0\r\n\r\n";
            SipResponse refused = exchange(socket, pcscf, noCallId);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(400);

            String options = "OPTIONS sip:pcscf-a.alpha.test SIP/2.0\r\n"
                    + "Via: SIP/2.0/UDP " + local + ";branch=z9hG4bK-options-2\r\n"
                    + "Max-Forwards: 70\r\n"
                    + "From: <sip:tester@alpha.test>;tag=t2\r\n"
                    + "To: <sip:pcscf-a.alpha.test>\r\n"
                    + "Call-ID: options-after-garbage@127.0.51.200\r\n"
                    + "CSeq: 1 OPTIONS\r\n"
                    + "Content-Length: 0\r\n\r\n";
            SipResponse answered = exchange(socket, pcscf, options);
            assertThat(answered.callId()).isEqualTo("options-after-garbage@127.0.51.200");
            assertThat(answered.status()).as(answered.toString()).isGreaterThanOrEqualTo(200);
        }
    }

    /** Sends a request and returns the first final response to it (provisional ones skipped). */
    private static SipResponse exchange(DatagramSocket socket, InetSocketAddress to, String request) throws Exception {
        byte[] bytes = request.getBytes(StandardCharsets.US_ASCII);
        socket.send(new DatagramPacket(bytes, bytes.length, to));
        byte[] buf = new byte[65_535];
        while (true) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            socket.receive(p); // SocketTimeoutException after TIMEOUT_S fails the test
            SipResponse r = (SipResponse) SipParser.parse(java.util.Arrays.copyOf(p.getData(), p.getLength()));
            if (r.status() >= 200) return r;
        }
    }

    private static void assertFailedWith(Call call, int status) {
        assertThatThrownBy(() -> call.answered().get(TIMEOUT_S, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(CallFailedException.class)
                .satisfies(e -> assertThat(((CallFailedException) e).status()).isEqualTo(status));
    }
}
