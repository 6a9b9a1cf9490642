package org.imsemu.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imsemu.capture.CaptureBus;
import org.imsemu.diameter.dictionary.CxValues;
import org.imsemu.hss.HssNode;
import org.imsemu.sip.event.RegInfo;
import org.imsemu.scenario.Scenario;
import org.imsemu.scenario.Ue;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.ue.AnswerPolicy;
import org.imsemu.ue.UeConfig;
import org.imsemu.ue.UserEquipment;
import org.junit.jupiter.api.Test;

/**
 * The registration event package (RFC 3680) with the S-CSCF as notifier (TS 24.229 5.4.2.1): the P-CSCF
 * subscribes after each initial registration (5.2.3), a UE may subscribe too; NOTIFYs follow every change
 * of the registration, and a NOTIFY that ends a registration ends it at the P-CSCF too.
 */
class RegEventTest {
    private static final long TIMEOUT_S = 20;
    private static final String ANN = TestScenarios.impu("ann", TestScenarios.ALPHA);

    @Test
    void pcscfAndUeSubscribeAndHearOfRefreshRefreshOfSubscriptionAndNetworkDeregistration() throws Exception {
        Scenario scenario = TestScenarios.demo("rt-regevent");
        try (CaptureBus bus = new CaptureBus(); ImsNetwork net = ImsNetwork.start(scenario, bus, ImsNetwork.Options.defaults())) {
            long mark = bus.mark();
            UserEquipment ann = net.startUe("ann", AnswerPolicy.never());
            assertThat(ann.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();

            // the P-CSCF subscribes along the Service-Route, with its own identity; the S-CSCF notifies it directly
            List<Hops.Hop> toPcscf = awaitHops(bus, mark, RegEventTest::notifyForPcscfA, 1);
            assertThat(Hops.labels(Hops.since(bus, mark))).containsSubsequence("icscf-a>pcscf-a 200 REGISTER",
                    "pcscf-a>scscf-a SUBSCRIBE", "scscf-a>pcscf-a 200 SUBSCRIBE", "scscf-a>pcscf-a NOTIFY", "pcscf-a>scscf-a 200 NOTIFY");
            SipRequest pcscfSubscribe = (SipRequest) Hops.since(bus, mark).stream().filter(RegEventTest::subscribeByPcscfA)
                    .findFirst().orElseThrow().message();
            assertThat(pcscfSubscribe.requestUri()).hasToString(ANN);
            assertThat(pcscfSubscribe.from().uri()).hasToString("sip:pcscf-a.alpha.test");
            assertThat(pcscfSubscribe.event()).isEqualTo("reg");
            SipRequest first = (SipRequest) toPcscf.get(0).message();
            assertThat(first.header(HeaderNames.SUBSCRIPTION_STATE)).startsWith("active;expires=");
            assertThat(first.contentType()).isEqualTo(RegInfo.CONTENT_TYPE);
            RegInfo info = RegInfo.parse(first.body());
            assertThat(info.version()).isZero();
            assertThat(info.state()).isEqualTo(RegInfo.DocumentState.FULL);
            RegInfo.Registration reg = info.registrations().get(0);
            assertThat(reg.aor()).isEqualTo(ANN);
            assertThat(reg.state()).isEqualTo(RegInfo.RegistrationState.ACTIVE);
            assertThat(reg.contacts()).singleElement().satisfies(c -> {
                assertThat(c.state()).isEqualTo(RegInfo.ContactState.ACTIVE);
                assertThat(c.event()).isEqualTo(RegInfo.ContactEvent.REGISTERED);
                assertThat(c.expires()).isBetween(3500L, 3600L);
                assertThat(c.uri()).isEqualTo(ann.contact().uri().toString());
            });

            try (UeProbe probe = new UeProbe(net, "ann")) {
                // the UE's own subscription: originating through the P-CSCF, which record-routes it
                SipResponse ok = probe.subscribe(ANN, 600_000);
                assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
                assertThat(ok.expires()).isEqualTo(600_000);
                assertThat(probe.routeSet()).singleElement().satisfies(r -> assertThat(r.uri().toString()).contains("pcscf-a.alpha.test"));
                SipRequest n0 = probe.nextNotify();
                assertThat(n0.vias()).as("the NOTIFY came through the P-CSCF").hasSize(2);
                assertThat(n0.topVia().host()).isEqualTo("pcscf-a.alpha.test");
                assertThat(RegInfo.parse(n0.body()).version()).isZero();
                assertThat(n0.hasHeader(HeaderNames.P_CHARGING_VECTOR)).isFalse();

                // a re-registration: every subscriber hears "refreshed"
                long beforeRefresh = bus.mark();
                assertThat(ann.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();
                SipRequest n1 = probe.nextNotify();
                RegInfo refreshed = RegInfo.parse(n1.body());
                assertThat(refreshed.version()).isEqualTo(1);
                assertThat(refreshed.registrations().get(0).contacts().get(0).event()).isEqualTo(RegInfo.ContactEvent.REFRESHED);
                awaitHops(bus, beforeRefresh, RegEventTest::notifyForPcscfA, 1);
                assertThat(Hops.since(bus, beforeRefresh)).as("one subscription per registration: no second SUBSCRIBE")
                        .noneMatch(RegEventTest::subscribeByPcscfA);

                // refreshing the subscription brings the full state again
                SipResponse again = probe.refresh(1200);
                assertThat(again.status()).isEqualTo(200);
                assertThat(again.expires()).isEqualTo(1200);
                SipRequest n2 = probe.nextNotify();
                assertThat(n2.header(HeaderNames.SUBSCRIPTION_STATE)).startsWith("active;expires=");
                assertThat(RegInfo.parse(n2.body()).version()).isEqualTo(2);

                // the HSS ends the registration: "rejected" (permanent), the subscriptions end
                long beforeRtr = bus.mark();
                HssNode hss = (HssNode) net.logicOf("hss-a");
                hss.deregister("ann@alpha.test", CxValues.PERMANENT_TERMINATION, "test").get(TIMEOUT_S, TimeUnit.SECONDS);
                SipRequest n3 = probe.nextNotify();
                assertThat(n3.header(HeaderNames.SUBSCRIPTION_STATE)).startsWith("terminated");
                RegInfo gone = RegInfo.parse(n3.body());
                assertThat(gone.registrations().get(0).state()).isEqualTo(RegInfo.RegistrationState.TERMINATED);
                assertThat(gone.registrations().get(0).contacts().get(0).state()).isEqualTo(RegInfo.ContactState.TERMINATED);
                assertThat(gone.registrations().get(0).contacts().get(0).event()).isEqualTo(RegInfo.ContactEvent.REJECTED);
                List<Hops.Hop> last = awaitHops(bus, beforeRtr, RegEventTest::notifyForPcscfA, 1);
                assertThat(last.get(0).message().header(HeaderNames.SUBSCRIPTION_STATE)).startsWith("terminated");
                awaitHops(bus, beforeRtr, h -> h.isResponse(200, "NOTIFY") && h.from().equals("pcscf-a") && h.to().equals("scscf-a"), 1);

                // the P-CSCF dropped the registration: the UE's next request is refused there
                SipResponse refused = ann.sendMessage(TestScenarios.impu("bea", TestScenarios.BETA), "text/plain", "still there?")
                        .get(TIMEOUT_S, TimeUnit.SECONDS);
                assertThat(refused.status()).isEqualTo(403);
                assertThat(probe.refresh(600)).satisfies(r -> assertThat(r.status()).isEqualTo(481));
            }
        }
    }

    @Test
    void unsubscribeDeregistrationAndExpiryAreNotified() throws Exception {
        Scenario scenario = TestScenarios.demo("rt-regevent2");
        try (CaptureBus bus = new CaptureBus(); ImsNetwork net = ImsNetwork.start(scenario, bus, ImsNetwork.Options.defaults())) {
            UserEquipment ann = net.startUe("ann", AnswerPolicy.never());
            assertThat(ann.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();
            try (UeProbe probe = new UeProbe(net, "ann")) {
                assertThat(probe.subscribe(ANN, 3600).status()).isEqualTo(200);
                probe.nextNotify();
                // unsubscribe: 200 with Expires 0, a last NOTIFY with the state and the subscription terminated
                SipResponse bye = probe.refresh(0);
                assertThat(bye.status()).isEqualTo(200);
                assertThat(bye.expires()).isZero();
                SipRequest last = probe.nextNotify();
                assertThat(last.header(HeaderNames.SUBSCRIPTION_STATE)).isEqualTo("terminated;reason=timeout");
                assertThat(RegInfo.parse(last.body()).registrations().get(0).state()).isEqualTo(RegInfo.RegistrationState.ACTIVE);

                // a subscriber other than the user or its P-CSCF is refused by the user's S-CSCF (in the other domain)
                UserEquipment bea = net.startUe("bea", AnswerPolicy.never());
                assertThat(bea.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();
                long beforeForeign = bus.mark();
                SipResponse foreign = probe.subscribe(TestScenarios.impu("bea", TestScenarios.BETA), 600);
                assertThat(foreign.status()).isEqualTo(403);
                assertThat(Hops.labels(Hops.since(bus, beforeForeign))).contains("icscf-b>scscf-b SUBSCRIBE");

                // a new subscription, then the UE de-registers: "unregistered", subscriptions terminated
                assertThat(probe.subscribe(ANN, 3600).status()).isEqualTo(200);
                probe.nextNotify();
                long mark = bus.mark();
                assertThat(ann.unregister().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isFalse();
                SipRequest n = probe.nextNotify();
                assertThat(n.header(HeaderNames.SUBSCRIPTION_STATE)).startsWith("terminated");
                assertThat(RegInfo.parse(n.body()).registrations().get(0).contacts().get(0).event()).isEqualTo(RegInfo.ContactEvent.UNREGISTERED);
                List<Hops.Hop> toPcscf = awaitHops(bus, mark, RegEventTest::notifyForPcscfA, 1);
                assertThat(RegInfo.parse(toPcscf.get(0).message().body()).registrations().get(0).contacts().get(0).event())
                        .isEqualTo(RegInfo.ContactEvent.UNREGISTERED);
            }

            // a registration that runs out (the UE is gone and refreshes no more): "expired" by the S-CSCF's timer
            ann.close();
            UserEquipment brief = startUe(net, "ann", 3);
            long mark = bus.mark();
            assertThat(brief.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();
            awaitHops(bus, mark, RegEventTest::notifyForPcscfA, 1);
            brief.close();
            List<Hops.Hop> notifies = awaitHops(bus, mark, h -> notifyForPcscfA(h)
                    && h.message().header(HeaderNames.SUBSCRIPTION_STATE).startsWith("terminated"), 1);
            RegInfo expired = RegInfo.parse(notifies.get(0).message().body());
            assertThat(expired.registrations().get(0).contacts().get(0).event()).isEqualTo(RegInfo.ContactEvent.EXPIRED);
            assertThat(Hops.since(bus, mark).stream().filter(RegEventTest::subscribeByPcscfA)).hasSize(1);
        }
    }

    /** A NOTIFY of the P-CSCF's own subscription (for its contact, not relayed to a UE). */
    /** The P-CSCF refreshes its subscription in its dialog before it runs out (TS 24.229 5.2.3), and is notified again. */
    @Test
    void thePcscfRefreshesItsSubscriptionInItsDialog() throws Exception {
        Scenario scenario = TestScenarios.demo("rt-regevent-refresh");
        try (CaptureBus bus = new CaptureBus(); ImsNetwork net = ImsNetwork.start(scenario, bus, ImsNetwork.Options.defaults())) {
            org.imsemu.nodes.pcscf.PCscf pcscf = (org.imsemu.nodes.pcscf.PCscf) net.logicOf("pcscf-a");
            net.onLoopOf("pcscf-a", () -> {
                pcscf.regEventExpires(2); // refreshed at half time: 1 s
                return null;
            });
            long mark = bus.mark();
            UserEquipment ann = net.startUe("ann", AnswerPolicy.never());
            assertThat(ann.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();

            List<Hops.Hop> subscribes = awaitHops(bus, mark, RegEventTest::subscribeByPcscfA, 3);
            assertThat(subscribes.get(0).message().toTag()).as("the initial SUBSCRIBE").isNull();
            for (Hops.Hop refresh : subscribes.subList(1, 3)) {
                SipRequest r = (SipRequest) refresh.message();
                assertThat(r.toTag()).as("a refresh, in the dialog").isNotNull();
                assertThat(r.callId()).isEqualTo(subscribes.get(0).message().callId());
                assertThat(r.header(HeaderNames.EXPIRES)).isEqualTo("2");
                assertThat(r.event()).isEqualTo("reg");
            }
            // RFC 6665 4.2.1.2: every refresh is answered and followed by a NOTIFY
            assertThat(awaitHops(bus, mark, RegEventTest::notifyForPcscfA, 3)).hasSizeGreaterThanOrEqualTo(3);
            assertThat(net.onLoopOf("pcscf-a", pcscf::regEventSubscriptions)).isEqualTo(1);
        }
    }

    static boolean notifyForPcscfA(Hops.Hop h) {
        return h.isRequest("NOTIFY") && h.to().equals("pcscf-a")
                && ((SipRequest) h.message()).requestUri().toString().startsWith("sip:reg@pcscf-a.alpha.test");
    }

    /** The P-CSCF's own SUBSCRIBE (From: the P-CSCF), not one of a UE it relays. */
    static boolean subscribeByPcscfA(Hops.Hop h) {
        return h.isRequest("SUBSCRIBE") && h.from().equals("pcscf-a") && h.message().from().uri().toString().contains("pcscf-a.alpha.test");
    }

    /** A UE of the scenario asking for a short registration. */
    private static UserEquipment startUe(ImsNetwork net, String name, long expires) {
        Ue spec = net.scenario().ue(name).orElseThrow();
        UeConfig config = UeConfig.builder(spec.impu(), spec.password().orElse(""), spec.address().getHostAddress(),
                        net.scenario().pcscfOf(spec).socketAddress())
                .impi(spec.impi()).sipPort(spec.port()).answerPolicy(AnswerPolicy.never()).eventLoopGroup(net.group())
                .observer(net.bus().observer(spec.name())).registrationExpires(expires).build();
        return UserEquipment.start(config);
    }

    /** Waits until {@code count} hops since {@code mark} match, and returns them. */
    static List<Hops.Hop> awaitHops(CaptureBus bus, long mark, java.util.function.Predicate<Hops.Hop> which, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(TIMEOUT_S).toNanos();
        while (true) {
            bus.awaitDispatched();
            List<Hops.Hop> found = Hops.since(bus, mark).stream().filter(which).toList();
            if (found.size() >= count) return found;
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " matching hops, found " + found + " in " + Hops.labels(Hops.since(bus, mark)));
            }
            Thread.sleep(50);
        }
    }
}
