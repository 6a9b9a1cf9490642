package org.imsemu.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.imsemu.capture.CaptureBus;
import org.imsemu.capture.CaptureEvent;
import org.imsemu.capture.Protocol;
import org.imsemu.conformance.FlowLibrary;
import org.imsemu.scenario.Scenario;
import org.imsemu.scenario.ScenarioLoader;
import org.imsemu.scenario.Ue;
import org.imsemu.ue.AnswerPolicy;
import org.imsemu.ue.Call;
import org.imsemu.ue.CallEnd;
import org.imsemu.ue.UserEquipment;
import org.junit.jupiter.api.Test;

/**
 * Topology hiding (THIG, TS 23.228 4.14) in operator alpha: calls both ways and a MESSAGE between alpha and
 * beta complete, BYE included, while nothing that crosses between the two networks names a host of alpha
 * but its I-CSCF.
 */
class TopologyHidingTest {
    private static final long TIMEOUT_S = 20;
    private static final String ANN = TestScenarios.impu("ann", TestScenarios.ALPHA);
    private static final String BEA = TestScenarios.impu("bea", TestScenarios.BETA);

    @Test
    void callsBothWaysCompleteAndNoInternalHostOfTheHidingNetworkCrossesItsEdge() throws Exception {
        String xml = TestScenarios.xml("rt-thig", false, "127.0.59.53", List.of(
                        "  <ue name=\"ann\" impu=\"" + ANN + "\" pcscf=\"pcscf-a\" address=\"127.0.51.100\"/>\n",
                        "  <ue name=\"bea\" impu=\"" + BEA + "\" pcscf=\"pcscf-b\" address=\"127.0.52.100\"/>\n"))
                .replace("<domain name=\"alpha.test\" net=\"anet\">", "<domain name=\"alpha.test\" net=\"anet\" thig=\"true\">");
        Scenario scenario = ScenarioLoader.load("rt-thig.xml", xml.getBytes(StandardCharsets.UTF_8));
        try (CaptureBus bus = new CaptureBus(); ImsNetwork net = ImsNetwork.start(scenario, bus, ImsNetwork.Options.defaults())) {
            UserEquipment ann = net.startUe("ann", AnswerPolicy.autoAnswer(java.time.Duration.ofMillis(50)));
            UserEquipment bea = net.startUe("bea", AnswerPolicy.autoAnswer(java.time.Duration.ofMillis(50)));
            assertThat(ann.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();
            assertThat(bea.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();
            long mark = bus.mark();
            FlowRecorder flows = new FlowRecorder(bus, scenario);
            Ue annUe = scenario.ue("ann").orElseThrow();
            Ue beaUe = scenario.ue("bea").orElseThrow();

            // out of the hiding network, hung up by its user: BYE goes out through the I-CSCF
            flows.begin();
            callAndHangUp(ann, bea, BEA);
            assertPassed(flows.end("Call ann -> bea", "mo-mt-call", CallFlow.of(scenario, annUe, beaUe).roles()), "icscf-a");
            // into it, hung up by the other side: BYE comes in by the token in the route set; its I-CSCF
            // (I-CSCF#2) was on the way anyway, so the flow has no step more
            flows.begin();
            callAndHangUp(bea, ann, ANN);
            FlowRecorder.FlowResult in = flows.end("Call bea -> ann", "mo-mt-call", CallFlow.of(scenario, beaUe, annUe).roles());
            assertThat(in.passed()).as(in.verdict().summary() + "\n" + in.ladder()).isTrue();
            flows.begin();
            assertThat(ann.sendMessage(BEA, "text/plain", "hi").get(TIMEOUT_S, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertPassed(flows.end("MESSAGE ann -> bea", "message", CallFlow.of(scenario, annUe, beaUe).roles()), "icscf-a");
            assertThat(bea.sendMessage(ANN, "text/plain", "hi").get(TIMEOUT_S, TimeUnit.SECONDS).status()).isEqualTo(200);

            bus.awaitDispatched();
            List<String> labels = Hops.labels(Hops.since(bus, mark));
            assertThat(labels).containsSubsequence("scscf-a>icscf-a INVITE", "icscf-a>icscf-b INVITE", "icscf-b>scscf-b INVITE");
            assertThat(labels).containsSubsequence("ann>pcscf-a BYE", "pcscf-a>scscf-a BYE", "scscf-a>icscf-a BYE", "icscf-a>icscf-b BYE",
                    "pcscf-b>bea BYE", "bea>pcscf-b 200 BYE", "pcscf-a>ann 200 BYE");
            assertThat(labels).containsSubsequence("bea>pcscf-b BYE", "scscf-b>icscf-a BYE", "icscf-a>scscf-a BYE", "pcscf-a>ann BYE",
                    "ann>pcscf-a 200 BYE", "pcscf-b>bea 200 BYE");

            String inside = Hops.since(bus, mark).stream().filter(h -> h.from().equals("scscf-a") && h.to().equals("icscf-a"))
                    .map(h -> h.message().toString()).reduce("", String::concat);
            assertThat(HiddenTopology.of(scenario).get(0).leakIn(inside)).as("the secrets are found inside alpha").isNotNull();
            assertThat(assertHidden(bus, scenario, mark, TestScenarios.ALPHA, "icscf-a"))
                    .as("messages between the networks: 7 per call, 2 per MESSAGE").isGreaterThanOrEqualTo(18);
        }
    }

    /** The flow passed, with steps through the hiding network's I-CSCF that the plain flow lacks. */
    private static void assertPassed(FlowRecorder.FlowResult r, String exit) {
        assertThat(r.passed()).as(r.title() + ": " + r.verdict().summary() + "\n" + r.ladder()).isTrue();
        assertThat(r.verdict().stepsTotal()).as("steps through the exit added")
                .isGreaterThan(FlowLibrary.load(r.verdict().flow()).steps().size());
        assertThat(r.ladder().toString()).contains(exit);
    }

    /**
     * Checks every SIP message since {@code mark} between {@code domain} and another network: only
     * {@code icscf} speaks for the domain, and no message names another of its hosts. Returns how many crossed.
     */
    static int assertHidden(CaptureBus bus, Scenario scenario, long mark, String domain, String icscf) throws InterruptedException {
        bus.awaitDispatched();
        HiddenTopology hidden = HiddenTopology.of(scenario).stream().filter(h -> h.domain().name().equals(domain)).findFirst().orElseThrow();
        assertThat(hidden.exit().name()).isEqualTo(icscf);
        int[] crossed = {0};
        assertThat(hidden.leaks(bus, scenario, mark, crossed)).isEmpty();
        for (CaptureEvent e : bus.since(mark)) {
            if (e.protocol() != Protocol.SIP || !hidden.crosses(e, bus, scenario)) continue;
            String from = bus.nameOf(e.source());
            String to = bus.nameOf(e.destination());
            assertThat(hidden.members().contains(from) ? from : to).as(domain + "'s side of " + from + ">" + to).isEqualTo(icscf);
        }
        return crossed[0];
    }

    private static void callAndHangUp(UserEquipment caller, UserEquipment callee, String target) throws Exception {
        CompletableFuture<Call> incoming = callee.nextIncomingCall();
        Call call = caller.call(target);
        call.answered().get(TIMEOUT_S, TimeUnit.SECONDS);
        Call atCallee = incoming.get(TIMEOUT_S, TimeUnit.SECONDS);
        Thread.sleep(200); // the ACK reaches the callee
        CallEnd end = call.hangUp().get(TIMEOUT_S, TimeUnit.SECONDS);
        assertThat(end.cause()).isEqualTo(CallEnd.Cause.LOCAL_BYE);
        assertThat(atCallee.ended().get(TIMEOUT_S, TimeUnit.SECONDS).cause()).isEqualTo(CallEnd.Cause.REMOTE_BYE);
    }
}
