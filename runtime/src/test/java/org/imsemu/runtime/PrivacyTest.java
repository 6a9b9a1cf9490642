package org.imsemu.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.imsemu.capture.CaptureBus;
import org.imsemu.hss.HssNode;
import org.imsemu.hss.store.Subscription;
import org.imsemu.scenario.Scenario;
import org.imsemu.scenario.ScenarioLoader;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.ue.AnswerPolicy;
import org.imsemu.ue.IncomingMessage;
import org.imsemu.ue.UserEquipment;
import org.junit.jupiter.api.Test;

/**
 * Asserted identity and privacy (RFC 3325, RFC 3323, TS 24.229 4.4 and 5.2.6): the P-CSCF asserts the
 * identity a UE may use, the trust domain keeps it, its edge (the UE, an untrusted network) loses it when
 * the user asked for privacy, and an untrusted network is not believed.
 */
class PrivacyTest {
    private static final long TIMEOUT_S = 20;
    private static final String ANN = TestScenarios.impu("ann", TestScenarios.ALPHA);
    private static final String ANN_WORK = TestScenarios.impu("ann.work", TestScenarios.ALPHA);
    private static final String BEA = TestScenarios.impu("bea", TestScenarios.BETA);
    private static final NameAddress ANONYMOUS = NameAddress.parse("\"Anonymous\" <sip:anonymous@anonymous.invalid>", "From");

    @Test
    void preferredIdentityIsAssertedWhenRegisteredAndAnonymityHidesTheCaller() throws Exception {
        Scenario scenario = TestScenarios.demo("rt-privacy");
        try (CaptureBus bus = new CaptureBus(); ImsNetwork net = ImsNetwork.start(scenario, bus, ImsNetwork.Options.defaults())) {
            // ann's implicit registration set gets a second public identity
            HssNode hss = (HssNode) net.logicOf("hss-a");
            Subscription s = hss.database().byImpi("ann@alpha.test").orElseThrow();
            hss.database().put(new Subscription(s.impi(), List.of(ANN, ANN_WORK), s.credentials(), s.serviceProfile(), s.origin()));
            UserEquipment ann = net.startUe("ann", AnswerPolicy.never());
            UserEquipment bea = net.startUe("bea", AnswerPolicy.never());
            assertThat(ann.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();
            assertThat(bea.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();

            // ann's registration stays; the probe takes over her address and port
            int port = ann.sipAddress().getPort();
            ann.close();
            try (UeProbe probe = new UeProbe(net, "ann", port)) {
                // a registered identity of the set is honoured; a forged P-Asserted-Identity from the UE is dropped
                CompletableFuture<IncomingMessage> in = bea.nextIncomingMessage();
                long mark = bus.mark();
                assertThat(probe.message(BEA, null, HeaderNames.P_PREFERRED_IDENTITY, "<" + ANN_WORK + ">",
                        HeaderNames.P_ASSERTED_IDENTITY, "<sip:boss@alpha.test>").status()).isEqualTo(200);
                assertThat(in.get(TIMEOUT_S, TimeUnit.SECONDS).from()).hasToString(ANN_WORK);
                assertThat(hop(bus, mark, "pcscf-a", "scscf-a").header(HeaderNames.P_ASSERTED_IDENTITY)).isEqualTo("<" + ANN_WORK + ">");
                assertThat(hop(bus, mark, "pcscf-a", "scscf-a").hasHeader(HeaderNames.P_PREFERRED_IDENTITY)).isFalse();
                assertThat(textInTheNetwork(bus, mark)).contains("ann.work@").doesNotContain("boss@");

                // an identity that is not ann's: the default one is asserted instead
                in = bea.nextIncomingMessage();
                assertThat(probe.message(BEA, null, HeaderNames.P_PREFERRED_IDENTITY, "<" + BEA + ">").status()).isEqualTo(200);
                assertThat(in.get(TIMEOUT_S, TimeUnit.SECONDS).from()).hasToString(ANN);

                // anonymity: the networks (one trust domain) still know who it is, the callee does not
                in = bea.nextIncomingMessage();
                mark = bus.mark();
                assertThat(probe.message(BEA, ANONYMOUS, HeaderNames.PRIVACY, "id;header", HeaderNames.USER_AGENT, "ann-phone/1.0")
                        .status()).isEqualTo(200);
                assertThat(in.get(TIMEOUT_S, TimeUnit.SECONDS).from()).hasToString("sip:anonymous@anonymous.invalid");
                assertThat(hop(bus, mark, "scscf-a", "icscf-b").header(HeaderNames.P_ASSERTED_IDENTITY)).isEqualTo("<" + ANN + ">");
                SipMessage atBea = hop(bus, mark, "pcscf-b", "bea");
                assertThat(atBea.hasHeader(HeaderNames.P_ASSERTED_IDENTITY)).isFalse();
                assertThat(atBea.hasHeader(HeaderNames.USER_AGENT)).as("Privacy: header").isFalse();
                assertThat(atBea.from().uri()).hasToString("sip:anonymous@anonymous.invalid");
            }
        }
    }

    @Test
    void anUntrustedNetworkGetsNoAssertedIdentityWithPrivacyAndIsNotBelieved() throws Exception {
        String xml = TestScenarios.xml("rt-untrusted", false, "127.0.59.53", List.of(
                "  <ue name=\"ann\" impu=\"" + ANN + "\" pcscf=\"pcscf-a\" address=\"127.0.51.100\"/>\n",
                "  <ue name=\"bea\" impu=\"" + BEA + "\" pcscf=\"pcscf-b\" address=\"127.0.52.100\"/>\n"))
                .replace("<domain name=\"beta.test\" net=\"bnet\">", "<domain name=\"beta.test\" net=\"bnet\" trusted=\"false\">");
        Scenario scenario = ScenarioLoader.load("rt-untrusted.xml", xml.getBytes(StandardCharsets.UTF_8));
        try (CaptureBus bus = new CaptureBus(); ImsNetwork net = ImsNetwork.start(scenario, bus, ImsNetwork.Options.defaults())) {
            UserEquipment ann = net.startUe("ann", AnswerPolicy.never());
            UserEquipment bea = net.startUe("bea", AnswerPolicy.never());
            assertThat(ann.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();
            assertThat(bea.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();

            try (UeProbe probe = new UeProbe(net, "ann")) {
                // Privacy: id: P-Asserted-Identity stops at the edge of alpha's trust domain, charging data too
                long mark = bus.mark();
                CompletableFuture<IncomingMessage> in = bea.nextIncomingMessage();
                assertThat(probe.message(BEA, null, HeaderNames.PRIVACY, "id").status()).isEqualTo(200);
                in.get(TIMEOUT_S, TimeUnit.SECONDS);
                SipMessage crossing = hop(bus, mark, "scscf-a", "icscf-b");
                assertThat(crossing.hasHeader(HeaderNames.P_ASSERTED_IDENTITY)).isFalse();
                assertThat(crossing.hasHeader(HeaderNames.P_CHARGING_VECTOR)).isFalse();
                assertThat(hop(bus, mark, "pcscf-a", "scscf-a").hasHeader(HeaderNames.P_ASSERTED_IDENTITY)).isTrue();
            }

            // without privacy the identity goes on, but beta's I-CSCF does not believe an untrusted network
            long mark = bus.mark();
            CompletableFuture<IncomingMessage> in = bea.nextIncomingMessage();
            assertThat(ann.sendMessage(BEA, "text/plain", "hi").get(TIMEOUT_S, TimeUnit.SECONDS).status()).isEqualTo(200);
            in.get(TIMEOUT_S, TimeUnit.SECONDS);
            assertThat(hop(bus, mark, "scscf-a", "icscf-b").header(HeaderNames.P_ASSERTED_IDENTITY)).isEqualTo("<" + ANN + ">");
            assertThat(hop(bus, mark, "icscf-b", "scscf-b").hasHeader(HeaderNames.P_ASSERTED_IDENTITY)).isFalse();
            // and bea's 200 reaches alpha without beta's assertion (alpha does not believe beta either)
            assertThat(Hops.since(bus, mark).stream().filter(h -> h.isResponse(200, "MESSAGE") && h.from().equals("scscf-a"))
                    .allMatch(h -> !h.message().hasHeader(HeaderNames.P_ASSERTED_IDENTITY))).isTrue();
        }
    }

    /** The first MESSAGE sent on hop from>to since mark. */
    private static SipMessage hop(CaptureBus bus, long mark, String from, String to) throws InterruptedException {
        return RegEventTest.awaitHops(bus, mark, h -> h.isRequest("MESSAGE") && h.from().equals(from) && h.to().equals(to), 1)
                .get(0).message();
    }

    /** Every message since mark but those the UE (or the probe on its address) sent. */
    private static String textInTheNetwork(CaptureBus bus, long mark) throws InterruptedException {
        bus.awaitDispatched();
        StringBuilder sb = new StringBuilder();
        for (Hops.Hop h : Hops.since(bus, mark)) if (!h.from().equals("ann")) sb.append(h.message()).append('\n');
        return sb.toString();
    }
}
