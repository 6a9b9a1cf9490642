package org.imsemu.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.imsemu.capture.CaptureBus;
import org.imsemu.capture.CaptureEvent;
import org.imsemu.capture.Protocol;
import org.imsemu.scenario.Node;
import org.imsemu.scenario.Role;
import org.imsemu.scenario.Scenario;
import org.imsemu.scenario.ScenarioLoader;
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

            // out of the hiding network, hung up by its user: BYE goes out through the I-CSCF
            callAndHangUp(ann, bea, BEA);
            // into it, hung up by the other side: BYE comes in by the token in the route set
            callAndHangUp(bea, ann, ANN);
            assertThat(ann.sendMessage(BEA, "text/plain", "hi").get(TIMEOUT_S, TimeUnit.SECONDS).status()).isEqualTo(200);
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
            assertThat(internalHosts(scenario, TestScenarios.ALPHA).stream().filter(p -> p.matcher(inside).find()))
                    .as("the patterns find alpha's hosts inside alpha").hasSizeGreaterThanOrEqualTo(2);
            assertThat(assertHidden(bus, scenario, mark, TestScenarios.ALPHA, "icscf-a"))
                    .as("messages between the networks: 7 per call, 2 per MESSAGE").isGreaterThanOrEqualTo(18);
        }
    }

    /** Host names and addresses of a domain's nodes but its I-CSCF, as patterns that do not match inside longer addresses. */
    static List<Pattern> internalHosts(Scenario scenario, String domain) {
        List<Pattern> internal = new ArrayList<>();
        for (Node n : scenario.domain(domain).orElseThrow().nodes()) {
            if (n.role() == Role.ICSCF) continue;
            internal.add(Pattern.compile(Pattern.quote(n.fqdn()), Pattern.CASE_INSENSITIVE));
            internal.add(Pattern.compile("(?<![0-9.])" + Pattern.quote(n.address().getHostAddress()) + "(?![0-9])"));
        }
        return internal;
    }

    /**
     * Checks every SIP message since {@code mark} between {@code domain} and another network: only
     * {@code icscf} speaks for the domain, and no message names another of its hosts. Returns how many crossed.
     */
    static int assertHidden(CaptureBus bus, Scenario scenario, long mark, String domain, String icscf) throws InterruptedException {
        bus.awaitDispatched();
        List<Pattern> internal = internalHosts(scenario, domain);
        int crossing = 0;
        for (CaptureEvent e : bus.since(mark)) {
            if (e.protocol() != Protocol.SIP) continue;
            String from = bus.nameOf(e.source());
            String to = bus.nameOf(e.destination());
            String fromDomain = domainOf(scenario, from);
            String toDomain = domainOf(scenario, to);
            if (fromDomain == null || toDomain == null || fromDomain.equals(toDomain)) continue;
            if (!fromDomain.equals(domain) && !toDomain.equals(domain)) continue;
            crossing++;
            String side = fromDomain.equals(domain) ? from : to;
            assertThat(side).as(domain + "'s side of " + from + ">" + to).isEqualTo(icscf);
            String text = new String(e.bytes(), StandardCharsets.UTF_8);
            for (Pattern p : internal) {
                assertThat(p.matcher(text).find()).as(from + ">" + to + " names " + p + ":\n" + text).isFalse();
            }
        }
        return crossing;
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

    /** The domain of a host of the capture: a node's, a UE's home; null for the DNS node and unknown hosts. */
    private static String domainOf(Scenario s, String name) {
        for (Node n : s.nodes()) if (n.name().equals(name)) return n.domain();
        return s.ue(name).map(u -> u.homeDomain()).orElse(null);
    }
}
