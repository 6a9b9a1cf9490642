package org.imsemu.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imsemu.capture.CaptureBus;
import org.imsemu.capture.CaptureEvent;
import org.imsemu.capture.Protocol;
import org.imsemu.hss.HssNode;
import org.imsemu.scenario.Scenario;
import org.imsemu.scenario.ScenarioLoader;
import org.imsemu.sip.message.SipParser;
import org.imsemu.ue.AnswerPolicy;
import org.imsemu.ue.Call;
import org.imsemu.ue.Registration;
import org.imsemu.ue.UserEquipment;
import org.junit.jupiter.api.Test;

/**
 * Two paths the demo does not take: an AKA sequence-number resynchronisation (AUTS) through the whole
 * chain, and an application server that does not answer (the criterion's default handling).
 */
class AkaAndDefaultHandlingTest {
    private static final long TIMEOUT_S = 20;
    /** TS 35.208 test set 1. */
    private static final String AKA = "k=\"465b5ce8b199b49faa5f0a2ee238a6bc\" op=\"cdc202d5123e20f62b6d676ac72cb318\" amf=\"b9b9\"";

    /**
     * ann's profile sends her INVITEs to an AS that is down: nothing listens on 127.0.51.99, reached over
     * TCP so that the refusal is immediate. {@code handling} is the criterion's DefaultHandling.
     */
    private static Scenario scenario(String name, int handling) {
        String xml = TestScenarios.xml(name, false, "127.0.59.53", List.of(
                "  <ue name=\"ann\" impu=\"sip:ann@alpha.test\" pcscf=\"pcscf-a\" address=\"127.0.51.100\"/>\n",
                "  <ue name=\"bea\" impu=\"sip:bea@beta.test\" pcscf=\"pcscf-b\" address=\"127.0.52.100\"/>\n",
                "  <ue name=\"carl\" impu=\"sip:carl@alpha.test\" pcscf=\"pcscf-a\" address=\"127.0.51.101\"/>\n"));
        xml = xml.replace("<subscriber impu=\"sip:ann@alpha.test\" impi=\"ann@alpha.test\" password=\"ann-secret\"/>",
                "<subscriber impu=\"sip:ann@alpha.test\" impi=\"ann@alpha.test\" password=\"ann-secret\" profile=\"gone\"/>\n"
                        + "    <subscriber impu=\"sip:carl@alpha.test\" impi=\"carl@alpha.test\" " + AKA + "/>\n"
                        + "    <service-profile name=\"gone\"><InitialFilterCriteria><Priority>1</Priority><TriggerPoint>"
                        + "<ConditionTypeCNF>1</ConditionTypeCNF><SPT><Group>0</Group><Method>INVITE</Method></SPT></TriggerPoint>"
                        + "<ApplicationServer><ServerName>sip:127.0.51.99:5060;transport=tcp</ServerName>"
                        + "<DefaultHandling>" + handling + "</DefaultHandling></ApplicationServer>"
                        + "</InitialFilterCriteria></service-profile>");
        return ScenarioLoader.load(name + ".xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aUeWhoseSequenceNumberIsAheadResynchronisesWithAutsAndRegisters() throws Exception {
        Scenario s = scenario("rt-auts", 0);
        try (CaptureBus bus = new CaptureBus(); ImsNetwork net = ImsNetwork.start(s, bus, ImsNetwork.Options.defaults())) {
            UserEquipment carl = net.startUe("carl", AnswerPolicy.never());
            assertThat(carl.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();
            assertThat(carl.unregister().get(TIMEOUT_S, TimeUnit.SECONDS).status()).isEqualTo(200);
            // The HSS forgets where it was: its next vector is older than what carl's USIM accepted.
            HssNode hss = (HssNode) net.logicOf("hss-a");
            hss.database().setSqn("carl@alpha.test", 0);

            long mark = bus.mark();
            Registration r = carl.register().get(TIMEOUT_S, TimeUnit.SECONDS);

            assertThat(r.isRegistered()).as(r.toString()).isTrue();
            List<String> fromCarl = sipFrom(bus, mark, "carl");
            assertThat(fromCarl).as("a REGISTER answering the stale challenge with auts").anyMatch(m -> m.contains("auts="));
            assertThat(hss.database().sqn("carl@alpha.test")).as("the HSS continued from the USIM's SQN").isGreaterThan(32);
        }
    }

    @Test
    void anApplicationServerThatIsDownIsSkippedWhenTheCriterionSaysContinue() throws Exception {
        Scenario s = scenario("rt-as-continue", 0);
        try (CaptureBus bus = new CaptureBus(); ImsNetwork net = ImsNetwork.start(s, bus, ImsNetwork.Options.defaults())) {
            UserEquipment ann = net.startUe("ann", AnswerPolicy.never());
            UserEquipment bea = net.startUe("bea", AnswerPolicy.autoAnswer(Duration.ofMillis(50)));
            assertThat(ann.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();
            assertThat(bea.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();

            Call call = ann.call("sip:bea@beta.test");
            call.answered().get(TIMEOUT_S, TimeUnit.SECONDS);
            call.hangUp().get(TIMEOUT_S, TimeUnit.SECONDS);
        }
    }

    @Test
    void anApplicationServerThatIsDownEndsTheCallWhenTheCriterionSaysTerminate() throws Exception {
        Scenario s = scenario("rt-as-terminate", 1);
        try (CaptureBus bus = new CaptureBus(); ImsNetwork net = ImsNetwork.start(s, bus, ImsNetwork.Options.defaults())) {
            UserEquipment ann = net.startUe("ann", AnswerPolicy.never());
            UserEquipment bea = net.startUe("bea", AnswerPolicy.autoAnswer(Duration.ofMillis(50)));
            assertThat(ann.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();
            assertThat(bea.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();
            long mark = bus.mark();

            Call call = ann.call("sip:bea@beta.test");
            int status = call.ended().get(TIMEOUT_S, TimeUnit.SECONDS).status();

            assertThat(status).isBetween(400, 599);
            assertThat(sipFrom(bus, mark, "scscf-a")).noneMatch(m -> m.startsWith("INVITE") && m.contains("icscf-b"));
            // nothing of the call reaches bea (her own reg event subscription, RFC 3680, may still be settling)
            assertThat(sipTo(bus, mark, "bea")).filteredOn(m -> !m.contains(" SUBSCRIBE\r\n") && !m.contains(" NOTIFY\r\n")).isEmpty();
        }
    }

    private static List<String> sipFrom(CaptureBus bus, long mark, String node) throws InterruptedException {
        bus.awaitDispatched();
        return bus.since(mark).stream().filter(e -> e.protocol() == Protocol.SIP && node.equals(bus.nameOf(e.source())))
                .map(AkaAndDefaultHandlingTest::text).toList();
    }

    private static List<String> sipTo(CaptureBus bus, long mark, String node) throws InterruptedException {
        bus.awaitDispatched();
        return bus.since(mark).stream().filter(e -> e.protocol() == Protocol.SIP && node.equals(bus.nameOf(e.destination())))
                .map(AkaAndDefaultHandlingTest::text).toList();
    }

    private static String text(CaptureEvent e) {
        return new String(SipParser.parse(e.bytes()).encode(), StandardCharsets.UTF_8);
    }
}
