package org.imsemu.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.imsemu.capture.CaptureBus;
import org.imsemu.scenario.Scenario;
import org.imsemu.scenario.ScenarioLoader;
import org.imsemu.scenario.Ue;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.ue.AnswerPolicy;
import org.imsemu.ue.Call;
import org.imsemu.ue.CallEnd;
import org.imsemu.ue.UeConfig;
import org.imsemu.ue.UserEquipment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The rest of the SIP axis through P-, I- and S-CSCFs of two operators, alpha hiding its topology: PRACK
 * and UPDATE of a call with preconditions (RFC 3262, 3311, 3312), hold by UPDATE and re-INVITE, REFER with
 * its NOTIFYs (RFC 3515), the UEs' own reg event subscriptions (RFC 3680), an anonymous call (RFC 3323).
 * Every request inside a dialog follows the full Record-Route path of its dialog.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DialogMethodsThroughTheCscfsTest {
    private static final long TIMEOUT_S = 20;
    private static final String ANN = TestScenarios.impu("ann", TestScenarios.ALPHA);
    private static final String BEA = TestScenarios.impu("bea", TestScenarios.BETA);
    private static final String BEN = TestScenarios.impu("ben", TestScenarios.BETA);
    /** The nodes of a call from alpha to beta, alpha's I-CSCF record-routing as THIG exit. */
    private static final List<String> ALPHA_TO_BETA = List.of("ann", "pcscf-a", "scscf-a", "icscf-a", "icscf-b", "scscf-b", "pcscf-b", "bea");

    private CaptureBus bus;
    private ImsNetwork net;
    private UserEquipment ann;
    private UserEquipment bea;
    private UserEquipment ben;

    @BeforeAll
    void start() throws Exception {
        String xml = TestScenarios.xml("rt-dialogs", false, "127.0.59.53", List.of(
                        "  <ue name=\"ann\" impu=\"" + ANN + "\" pcscf=\"pcscf-a\" address=\"127.0.51.100\"/>\n",
                        "  <ue name=\"bea\" impu=\"" + BEA + "\" pcscf=\"pcscf-b\" address=\"127.0.52.100\"/>\n",
                        "  <ue name=\"ben\" impu=\"" + BEN + "\" pcscf=\"pcscf-b\" address=\"127.0.52.101\"/>\n"))
                .replace("<domain name=\"alpha.test\" net=\"anet\">", "<domain name=\"alpha.test\" net=\"anet\" thig=\"true\">");
        Scenario scenario = ScenarioLoader.load("rt-dialogs.xml", xml.getBytes(StandardCharsets.UTF_8));
        bus = new CaptureBus();
        net = ImsNetwork.start(scenario, bus, ImsNetwork.Options.defaults());
        ann = startUe("ann");
        bea = startUe("bea");
        ben = startUe("ben");
        for (UserEquipment ue : List.of(ann, bea, ben)) {
            assertThat(ue.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).as(ue.toString()).isTrue();
        }
    }

    @AfterAll
    void stop() {
        for (UserEquipment ue : new UserEquipment[] {ann, bea, ben}) if (ue != null) ue.close();
        if (net != null) net.close();
        if (bus != null) bus.close();
    }

    /** A scenario UE with preconditions (so PRACK and UPDATE take part in every call set-up). */
    private UserEquipment startUe(String name) {
        Ue spec = net.scenario().ue(name).orElseThrow();
        bus.registerNode(name, spec.address());
        return UserEquipment.start(UeConfig.builder(spec.impu(), spec.password().orElse(""), spec.address().getHostAddress(),
                        net.scenario().pcscfOf(spec).socketAddress())
                .impi(spec.impi()).sipPort(spec.port()).answerPolicy(AnswerPolicy.autoAnswer(Duration.ofMillis(50)))
                .eventLoopGroup(net.group()).observer(bus.observer(name)).preconditions(true).build());
    }

    @Test
    void everyUeHearsOfItsOwnRegistrationThroughItsPcscf() throws Exception {
        await(() -> ann.lastRegInfo() != null && bea.lastRegInfo() != null, "the first NOTIFY at both UEs");
        assertThat(ann.isSubscribedToRegEvent()).isTrue();
        assertThat(ann.lastRegInfo().registration(ANN)).isNotNull();
        assertThat(bea.lastRegInfo().registration(BEA)).isNotNull();
    }

    @Test
    void prackAndUpdateOfAPreconditionCallAndHoldFollowTheRecordRoutes() throws Exception {
        long mark = bus.mark();
        CompletableFuture<Call> incoming = bea.nextIncomingCall();
        Call call = ann.call(BEA);
        call.answered().get(TIMEOUT_S, TimeUnit.SECONDS);
        Call atBea = incoming.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(call.usedPreconditions()).isTrue();

        assertThat(call.hold(Call.OfferMethod.UPDATE).get(TIMEOUT_S, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(call.resume(Call.OfferMethod.INVITE).get(TIMEOUT_S, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(atBea.hold(Call.OfferMethod.INVITE).get(TIMEOUT_S, TimeUnit.SECONDS).status()).isEqualTo(200);
        call.hangUp().get(TIMEOUT_S, TimeUnit.SECONDS);

        bus.awaitDispatched();
        List<String> labels = Hops.labels(Hops.since(bus, mark));
        for (String method : List.of("PRACK", "UPDATE")) {
            assertThat(labels).as(method).containsSubsequence(path(ALPHA_TO_BETA, method));
            assertThat(labels).as("200 " + method).containsSubsequence(path(reversed(ALPHA_TO_BETA), "200 " + method));
        }
        // bea's re-INVITE goes the other way along the same path
        assertThat(labels).containsSubsequence(path(reversed(ALPHA_TO_BETA), "INVITE"));
        assertThat(TopologyHidingTest.assertHidden(bus, net.scenario(), mark, TestScenarios.ALPHA, "icscf-a")).isPositive();
    }

    @Test
    void referAndItsNotifiesFollowTheDialogAndTheTransfereeCallsTheTarget() throws Exception {
        long mark = bus.mark();
        CompletableFuture<Call> atBea = bea.nextIncomingCall();
        CompletableFuture<Call> atBen = ben.nextIncomingCall();
        Call call = ann.call(BEA);
        call.answered().get(TIMEOUT_S, TimeUnit.SECONDS);
        atBea.get(TIMEOUT_S, TimeUnit.SECONDS);

        int result = call.transferTo(BEN).get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(result).isEqualTo(200);
        Call transferred = atBen.get(TIMEOUT_S, TimeUnit.SECONDS);
        transferred.hangUp().get(TIMEOUT_S, TimeUnit.SECONDS);

        bus.awaitDispatched();
        List<Hops.Hop> hops = Hops.since(bus, mark);
        List<String> labels = Hops.labels(hops);
        assertThat(labels).containsSubsequence(path(ALPHA_TO_BETA, "REFER"));
        assertThat(labels).containsSubsequence(path(reversed(ALPHA_TO_BETA), "NOTIFY"));
        assertThat(labels).containsSubsequence("bea>pcscf-b INVITE", "scscf-b>pcscf-b INVITE", "pcscf-b>ben INVITE");
        // the REFER in the dialog carries no Record-Route of its own: only dialog-creating requests are record-routed
        assertThat(hops).filteredOn(h -> h.isRequest("REFER")).allMatch(h -> !h.message().hasHeader(HeaderNames.RECORD_ROUTE));
        assertThat(TopologyHidingTest.assertHidden(bus, net.scenario(), mark, TestScenarios.ALPHA, "icscf-a")).isPositive();
        // nothing about the UEs' charging reached them
        assertThat(hops).filteredOn(h -> h.to().equals("bea") || h.to().equals("ann"))
                .allMatch(h -> !h.message().hasHeader(HeaderNames.P_CHARGING_VECTOR));
    }

    /**
     * Attended transfer (RFC 3515 with Replaces, RFC 3891) across the operators: bea, in a call with ann
     * and a consultation call with ben, refers ann to ben replacing the consultation; ann's INVITE with
     * Replaces leaves alpha through its hiding I-CSCF, ben swaps the calls and hangs up on bea.
     */
    @Test
    void attendedTransferWithReplacesCrossesBothDomains() throws Exception {
        long mark = bus.mark();
        CompletableFuture<Call> atAnn = ann.nextIncomingCall();
        Call beaToAnn = bea.call(ANN);
        beaToAnn.answered().get(TIMEOUT_S, TimeUnit.SECONDS);
        Call annsCall = atAnn.get(TIMEOUT_S, TimeUnit.SECONDS);
        CompletableFuture<Call> atBen = ben.nextIncomingCall();
        Call consultation = bea.call(BEN);
        consultation.answered().get(TIMEOUT_S, TimeUnit.SECONDS);
        Call bensCall = atBen.get(TIMEOUT_S, TimeUnit.SECONDS);

        CompletableFuture<Call> replacingAtBen = ben.nextIncomingCall();
        assertThat(beaToAnn.transferTo(consultation).get(TIMEOUT_S, TimeUnit.SECONDS)).isEqualTo(200);
        Call annToBen = annsCall.referredCall().get(TIMEOUT_S, TimeUnit.SECONDS);
        annToBen.answered().get(TIMEOUT_S, TimeUnit.SECONDS);
        Call atBenNow = replacingAtBen.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(atBenNow.replacedCall()).isSameAs(bensCall);
        assertThat(bensCall.ended().get(TIMEOUT_S, TimeUnit.SECONDS).cause()).isEqualTo(CallEnd.Cause.LOCAL_BYE);
        assertThat(consultation.ended().get(TIMEOUT_S, TimeUnit.SECONDS).cause()).isEqualTo(CallEnd.Cause.REMOTE_BYE);
        assertThat(beaToAnn.ended().get(TIMEOUT_S, TimeUnit.SECONDS).cause()).isEqualTo(CallEnd.Cause.LOCAL_BYE);
        await(() -> annToBen.rtpStatistics().audioDetected() && atBenNow.rtpStatistics().audioDetected(), "the tone both ways");
        annToBen.hangUp().get(TIMEOUT_S, TimeUnit.SECONDS);

        bus.awaitDispatched();
        List<Hops.Hop> hops = Hops.since(bus, mark);
        List<String> labels = Hops.labels(hops);
        List<String> betaToAlpha = List.of("bea", "pcscf-b", "scscf-b", "icscf-a", "scscf-a", "pcscf-a", "ann");
        assertThat(labels).containsSubsequence(path(betaToAlpha, "REFER"));
        List<String> annToBenPath = List.of("ann", "pcscf-a", "scscf-a", "icscf-a", "icscf-b", "scscf-b", "pcscf-b", "ben");
        List<Hops.Hop> replacing = hops.stream().filter(h -> h.isRequest("INVITE") && h.message().hasHeader(HeaderNames.REPLACES)).toList();
        assertThat(Hops.labels(replacing)).containsExactly(path(annToBenPath, "INVITE"));
        assertThat(replacing.get(0).message().header(HeaderNames.REPLACES)).contains(consultation.callId());
        assertThat(TopologyHidingTest.assertHidden(bus, net.scenario(), mark, TestScenarios.ALPHA, "icscf-a")).isPositive();
    }

    @Test
    void anAnonymousCallReachesTheCalleeWithoutTheCallersIdentity() throws Exception {
        long mark = bus.mark();
        CompletableFuture<Call> atBea = bea.nextIncomingCall();
        Call call = ann.callAnonymously(BEA);
        call.answered().get(TIMEOUT_S, TimeUnit.SECONDS);
        Call in = atBea.get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(in.remoteUri()).hasToString("sip:anonymous@anonymous.invalid");
        call.hangUp().get(TIMEOUT_S, TimeUnit.SECONDS);

        bus.awaitDispatched();
        List<Hops.Hop> invites = Hops.since(bus, mark).stream().filter(h -> h.isRequest("INVITE")).toList();
        SipRequest inside = (SipRequest) invites.stream().filter(h -> h.from().equals("scscf-a")).findFirst().orElseThrow().message();
        assertThat(inside.header(HeaderNames.P_ASSERTED_IDENTITY)).as("the trust domain still knows").isEqualTo("<" + ANN + ">");
        SipRequest delivered = (SipRequest) invites.stream().filter(h -> h.to().equals("bea")).findFirst().orElseThrow().message();
        assertThat(delivered.hasHeader(HeaderNames.P_ASSERTED_IDENTITY)).isFalse();
        assertThat(delivered.toString()).doesNotContain("ann@alpha.test");
    }

    /** "a>b METHOD" for every hop of a path. */
    private static String[] path(List<String> nodes, String what) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i + 1 < nodes.size(); i++) out.add(nodes.get(i) + ">" + nodes.get(i + 1) + " " + what);
        return out.toArray(String[]::new);
    }

    private static List<String> reversed(List<String> l) {
        List<String> r = new ArrayList<>(l);
        java.util.Collections.reverse(r);
        return r;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + TIMEOUT_S + " s: " + what);
            Thread.sleep(20);
        }
    }
}
