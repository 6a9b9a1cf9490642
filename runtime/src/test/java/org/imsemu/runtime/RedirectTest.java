package org.imsemu.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.imsemu.capture.CaptureBus;
import org.imsemu.scenario.Scenario;
import org.imsemu.scenario.ScenarioLoader;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.ue.AnswerPolicy;
import org.imsemu.ue.Call;
import org.imsemu.ue.UserEquipment;
import org.junit.jupiter.api.Test;

/**
 * A 3xx from the terminating side (RFC 3261 8.1.3.4, 16.7 step 6): relayed to the caller by default; with
 * {@code redirects="recurse"} on alpha's S-CSCF followed there, at most 5 times and never to the same
 * target twice. bea's UE is replaced, at its address and port, by a probe that redirects.
 */
class RedirectTest {
    private static final long TIMEOUT_S = 20;
    private static final String BEA = TestScenarios.impu("bea", TestScenarios.BETA);
    private static final String BEN = TestScenarios.impu("ben", TestScenarios.BETA);

    private static Scenario scenario(String name, boolean recurse) {
        String xml = TestScenarios.xml(name, false, "127.0.59.53", List.of(
                "  <ue name=\"ann\" impu=\"" + TestScenarios.impu("ann", TestScenarios.ALPHA) + "\" pcscf=\"pcscf-a\" address=\"127.0.51.100\"/>\n",
                "  <ue name=\"bea\" impu=\"" + BEA + "\" pcscf=\"pcscf-b\" address=\"127.0.52.100\"/>\n",
                "  <ue name=\"ben\" impu=\"" + BEN + "\" pcscf=\"pcscf-b\" address=\"127.0.52.101\"/>\n"));
        if (recurse) xml = xml.replace("<node name=\"scscf-a\" role=\"scscf\"/>", "<node name=\"scscf-a\" role=\"scscf\" redirects=\"recurse\"/>");
        return ScenarioLoader.load(name + ".xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    /** A network with ann and ben registered, and bea registered but answered for by the returned probe. */
    private static UeProbe start(ImsNetwork net) throws Exception {
        for (String ue : List.of("ann", "ben", "bea")) {
            UserEquipment u = net.startUe(ue, AnswerPolicy.autoAnswer(Duration.ofMillis(20)));
            assertThat(u.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();
        }
        UserEquipment bea = net.ues().get("bea");
        int port = bea.sipAddress().getPort();
        bea.close();
        return new UeProbe(net, "bea", port);
    }

    /** The Request-URIs of the INVITEs the S-CSCF sent before the first 302 reached ann. */
    private static List<String> invitesFromScscfBeforeTheCallerGot302(CaptureBus bus, long mark) {
        List<String> out = new java.util.ArrayList<>();
        for (Hops.Hop h : Hops.since(bus, mark)) {
            if (h.isResponse(302, "INVITE") && h.to().equals("ann")) break;
            if (h.isRequest("INVITE") && h.from().equals("scscf-a")) out.add(((SipRequest) h.message()).requestUri().toString());
        }
        return out;
    }

    private static SipRequestCounter redirectTo(UeProbe probe, java.util.function.IntFunction<String> contact) {
        SipRequestCounter n = new SipRequestCounter();
        probe.respondWith(r -> r.isMethod("INVITE")
                ? r.createResponse(302).withHeader(HeaderNames.CONTACT, "<" + contact.apply(n.count.incrementAndGet()) + ">")
                : r.createResponse(200));
        return n;
    }

    private static final class SipRequestCounter {
        final AtomicInteger count = new AtomicInteger();
    }

    @Test
    void byDefaultTheRedirectGoesToTheCaller() throws Exception {
        Scenario s = scenario("rt-redirect-relay", false);
        try (CaptureBus bus = new CaptureBus(); ImsNetwork net = ImsNetwork.start(s, bus, ImsNetwork.Options.defaults());
             UeProbe probe = start(net)) {
            SipRequestCounter invites = redirectTo(probe, i -> BEN);
            long mark = bus.mark();
            net.ues().get("ann").call(BEA);

            RegEventTest.awaitHops(bus, mark, h -> h.isResponse(302, "INVITE") && h.to().equals("ann"), 1);
            // the S-CSCF tried one target; what follows the 302 is the UE's business (it may follow it)
            assertThat(invitesFromScscfBeforeTheCallerGot302(bus, mark)).containsExactly(BEA);
            assertThat(invites.count.get()).isEqualTo(1);
        }
    }

    @Test
    void aRecursingScscfFollowsTheRedirectAndTheCallReachesTheNewTarget() throws Exception {
        Scenario s = scenario("rt-redirect-recurse", true);
        try (CaptureBus bus = new CaptureBus(); ImsNetwork net = ImsNetwork.start(s, bus, ImsNetwork.Options.defaults());
             UeProbe probe = start(net)) {
            redirectTo(probe, i -> BEN);
            CompletableFuture<Call> atBen = net.ues().get("ben").nextIncomingCall();
            long mark = bus.mark();
            Call call = net.ues().get("ann").call(BEA);

            call.answered().get(TIMEOUT_S, TimeUnit.SECONDS);
            assertThat(atBen.get(TIMEOUT_S, TimeUnit.SECONDS).callId()).isEqualTo(call.callId());
            List<Hops.Hop> hops = Hops.since(bus, mark);
            assertThat(hops).noneMatch(h -> h.isResponse(302, "INVITE") && h.to().equals("ann"));
            assertThat(hops.stream().filter(h -> h.isRequest("INVITE") && h.from().equals("scscf-a")).map(h -> ((SipRequest) h.message())
                    .requestUri().toString())).containsExactly(BEA, BEN);
            call.hangUp().get(TIMEOUT_S, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRedirectBackToATargetTriedIsALoopAndGoesToTheCaller() throws Exception {
        Scenario s = scenario("rt-redirect-loop", true);
        try (CaptureBus bus = new CaptureBus(); ImsNetwork net = ImsNetwork.start(s, bus, ImsNetwork.Options.defaults());
             UeProbe probe = start(net)) {
            SipRequestCounter invites = redirectTo(probe, i -> BEA);
            long mark = bus.mark();
            net.ues().get("ann").call(BEA);

            RegEventTest.awaitHops(bus, mark, h -> h.isResponse(302, "INVITE") && h.to().equals("ann"), 1);
            assertThat(invitesFromScscfBeforeTheCallerGot302(bus, mark)).containsExactly(BEA);
        }
    }

    @Test
    void noMoreThanFiveRedirectsAreFollowed() throws Exception {
        Scenario s = scenario("rt-redirect-max", true);
        try (CaptureBus bus = new CaptureBus(); ImsNetwork net = ImsNetwork.start(s, bus, ImsNetwork.Options.defaults());
             UeProbe probe = start(net)) {
            // each redirect names a new target, which is the probe again under another user name
            SipRequestCounter invites = redirectTo(probe, i -> "sip:hop" + i + "@" + probe.hostPort());
            long mark = bus.mark();
            net.ues().get("ann").call(BEA);

            List<Hops.Hop> toAnn = RegEventTest.awaitHops(bus, mark, h -> h.isResponse(302, "INVITE") && h.to().equals("ann"), 1);
            assertThat(invitesFromScscfBeforeTheCallerGot302(bus, mark)).as("the first INVITE and five redirects followed")
                    .hasSize(6).startsWith(BEA, "sip:hop1@" + probe.hostPort()).endsWith("sip:hop5@" + probe.hostPort());
            assertThat(toAnn.get(0).message().contacts().get(0).uri().toString()).startsWith("sip:hop6@");
            assertThat(invites.count.get()).isGreaterThanOrEqualTo(6);
        }
    }
}
