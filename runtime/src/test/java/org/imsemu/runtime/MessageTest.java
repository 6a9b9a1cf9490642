package org.imsemu.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.imsemu.capture.CaptureBus;
import org.imsemu.scenario.Scenario;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.ue.AnswerPolicy;
import org.imsemu.ue.IncomingMessage;
import org.imsemu.ue.UserEquipment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Page-mode MESSAGE (RFC 3428) between the two operators, routed like an INVITE through both
 * S-CSCFs. No store-and-forward: a target that is not registered gets 480.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageTest {
    private static final long TIMEOUT_S = 20;

    private final Scenario scenario = TestScenarios.ipv4("rt-message");
    private CaptureBus bus;
    private ImsNetwork net;
    private UserEquipment ann;
    private UserEquipment bea;

    @BeforeAll
    void start() throws Exception {
        bus = new CaptureBus();
        net = ImsNetwork.start(scenario, bus, ImsNetwork.Options.defaults());
        ann = net.startUe("ann", AnswerPolicy.never());
        bea = net.startUe("bea", AnswerPolicy.never());
        for (UserEquipment ue : List.of(ann, bea)) {
            assertThat(ue.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).as(ue.toString()).isTrue();
        }
    }

    @AfterAll
    void stop() {
        if (net != null) net.close();
        if (bus != null) bus.close();
    }

    @Test
    void messageCrossesBothDomainsAndMatchesTheFlow() throws Exception {
        FlowRecorder flows = new FlowRecorder(bus);
        flows.begin();
        long mark = bus.mark();
        CompletableFuture<IncomingMessage> atBea = bea.nextIncomingMessage();

        SipResponse r = ann.sendMessage(TestScenarios.impu("bea", TestScenarios.BETA), "text/plain;charset=UTF-8", "hello bea, ça va?")
                .get(TIMEOUT_S, TimeUnit.SECONDS);
        IncomingMessage m = atBea.get(TIMEOUT_S, TimeUnit.SECONDS);

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(m.text()).isEqualTo("hello bea, ça va?");
        assertThat(m.contentType()).startsWith("text/plain");
        assertThat(m.from()).hasToString(TestScenarios.impu("ann", TestScenarios.ALPHA));
        assertThat(m.callId()).isEqualTo(r.callId());
        bus.awaitDispatched();
        List<Hops.Hop> requests = Hops.since(bus, mark).stream().filter(h -> h.isRequest("MESSAGE")).toList();
        assertThat(Hops.labels(requests)).containsExactly("ann>pcscf-a MESSAGE", "pcscf-a>scscf-a MESSAGE",
                "scscf-a>icscf-b MESSAGE", "icscf-b>scscf-b MESSAGE", "scscf-b>pcscf-b MESSAGE", "pcscf-b>bea MESSAGE");
        assertThat(Hops.labels(Hops.since(bus, mark))).containsSubsequence("bea>pcscf-b 200 MESSAGE", "pcscf-a>ann 200 MESSAGE");

        FlowRecorder.FlowResult result = flows.end("MESSAGE ann -> bea", "message",
                CallFlow.of(scenario, scenario.ue("ann").orElseThrow(), scenario.ue("bea").orElseThrow()).roles());
        assertThat(result.passed()).as(result.verdict().summary() + "\n" + result.ladder()).isTrue();
    }

    @Test
    void knownButUnregisteredTargetGets480NotStored() throws Exception {
        long mark = bus.mark();
        SipResponse r = ann.sendMessage(TestScenarios.impu("bud", TestScenarios.BETA), "text/plain", "are you there?")
                .get(TIMEOUT_S, TimeUnit.SECONDS);

        assertThat(r.status()).as(r.toString()).isEqualTo(480);
        bus.awaitDispatched();
        assertThat(Hops.labels(Hops.since(bus, mark))).containsSubsequence("icscf-b>scscf-a 480 MESSAGE", "pcscf-a>ann 480 MESSAGE");
    }

    @Test
    void unknownTargetGets404() throws Exception {
        long mark = bus.mark();
        SipResponse r = ann.sendMessage(TestScenarios.impu("nobody", TestScenarios.BETA), "text/plain", "anyone?")
                .get(TIMEOUT_S, TimeUnit.SECONDS);

        assertThat(r.status()).as(r.toString()).isEqualTo(404);
        bus.awaitDispatched();
        List<Hops.Hop> hops = Hops.since(bus, mark);
        assertThat(Hops.labels(hops)).containsSubsequence("icscf-b>scscf-a 404 MESSAGE", "pcscf-a>ann 404 MESSAGE");
        assertThat(hops).noneMatch(h -> h.isRequest("MESSAGE") && h.to().equals("pcscf-b"));
    }
}
