package org.imsemu.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.imsemu.capture.CaptureBus;
import org.imsemu.capture.CaptureEvent;
import org.imsemu.capture.Protocol;
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.dictionary.CxValues;
import org.imsemu.hss.HssNode;
import org.imsemu.hss.store.RegistrationState;
import org.imsemu.hss.store.Subscription;
import org.imsemu.nodes.pcscf.PCscf;
import org.imsemu.nodes.scscf.SCscf;
import org.imsemu.scenario.Scenario;
import org.imsemu.sip.event.RegInfo;
import org.imsemu.ue.AnswerPolicy;
import org.imsemu.ue.Call;
import org.imsemu.ue.UeListener;
import org.imsemu.ue.UserEquipment;
import org.junit.jupiter.api.Test;

/** The HSS ends a registration (Cx RTR, TS 29.228 6.1.3): the S-CSCF drops it, calls to the user fail. */
class NetworkInitiatedDeregistrationTest {
    private static final long TIMEOUT_S = 20;

    @Test
    void registrationTerminationFromTheHssReachesTheServingScscf() throws Exception {
        Scenario scenario = TestScenarios.demo("rt-rtr");
        try (CaptureBus bus = new CaptureBus(); ImsNetwork net = ImsNetwork.start(scenario, bus, ImsNetwork.Options.defaults())) {
            UserEquipment ann = net.startUe("ann", AnswerPolicy.never());
            UserEquipment bea = net.startUe("bea", AnswerPolicy.autoAnswer(Duration.ofMillis(50)));
            assertThat(ann.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();
            assertThat(bea.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();
            SCscf scscf = (SCscf) net.logicOf("scscf-b");
            HssNode hss = (HssNode) net.logicOf("hss-b");
            assertThat(scscf.registeredUsers()).isEqualTo(1);

            long mark = bus.mark();
            DiameterMessage rta = hss.deregister("bea@beta.test", CxValues.PERMANENT_TERMINATION, "test").get(TIMEOUT_S, TimeUnit.SECONDS);

            assertThat(rta.resultCode()).contains(2001L);
            assertThat(diameterBetween(bus, mark)).containsExactly("hss-b>scscf-b", "scscf-b>hss-b");
            assertThat(scscf.registeredUsers()).isZero();
            assertThat(hss.assignment("sip:bea@beta.test").toCompletableFuture().get(TIMEOUT_S, TimeUnit.SECONDS).state())
                    .isEqualTo(RegistrationState.NOT_REGISTERED);

            Call call = ann.call(TestScenarios.impu("bea", TestScenarios.BETA));
            assertThat(call.ended().get(TIMEOUT_S, TimeUnit.SECONDS).status()).as("the I-CSCF's LIR finds bea unregistered")
                    .isEqualTo(480);
        }
    }

    /**
     * RTR for a new server assignment: the S-CSCF reports the contact "deactivated", so the UE registers
     * afresh through the whole chain (TS 24.229 5.1.1.7) and can be called again.
     */
    @Test
    void aDeactivatedUserRegistersAgainAndIsReachable() throws Exception {
        Scenario scenario = TestScenarios.demo("rt-rtr2");
        try (CaptureBus bus = new CaptureBus(); ImsNetwork net = ImsNetwork.start(scenario, bus, ImsNetwork.Options.defaults())) {
            UserEquipment ann = net.startUe("ann", AnswerPolicy.never());
            UserEquipment bea = net.startUe("bea", AnswerPolicy.autoAnswer(Duration.ofMillis(50)));
            assertThat(ann.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();
            assertThat(bea.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();
            List<RegInfo.ContactEvent> told = new CopyOnWriteArrayList<>();
            bea.addListener(new UeListener() {
                @Override
                public void onNetworkDeregistration(RegInfo.ContactEvent event, RegInfo info) {
                    told.add(event);
                }
            });
            SCscf scscf = (SCscf) net.logicOf("scscf-b");
            HssNode hss = (HssNode) net.logicOf("hss-b");
            PCscf pcscf = (PCscf) net.logicOf("pcscf-b");
            await(() -> bea.isSubscribedToRegEvent() && pcscf.regEventSubscriptions() == 1, "both reg event subscriptions");

            long mark = bus.mark();
            hss.deregister("bea@beta.test", CxValues.NEW_SERVER_ASSIGNED, "test").get(TIMEOUT_S, TimeUnit.SECONDS);
            try {
                await(() -> !told.isEmpty() && bea.isRegistered() && scscf.registeredUsers() == 1, "bea registered again");
            } catch (AssertionError e) {
                bus.awaitDispatched();
                throw new AssertionError(e.getMessage() + "; told " + told + ", " + bea.registration() + ", S-CSCF users "
                        + scscf.registeredUsers() + ", messages: " + Hops.labels(Hops.since(bus, mark)), e);
            }
            assertThat(told).containsExactly(RegInfo.ContactEvent.DEACTIVATED);
            bus.awaitDispatched();
            assertThat(Hops.labels(Hops.since(bus, mark))).containsSubsequence("bea>pcscf-b REGISTER", "pcscf-b>icscf-b REGISTER",
                    "icscf-b>scscf-b REGISTER", "scscf-b>icscf-b 200 REGISTER", "pcscf-b>bea 200 REGISTER");

            Call call = ann.call(TestScenarios.impu("bea", TestScenarios.BETA));
            assertThat(call.answered().get(TIMEOUT_S, TimeUnit.SECONDS)).as("bea reachable again").isSameAs(call);
            call.hangUp().get(TIMEOUT_S, TimeUnit.SECONDS);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + TIMEOUT_S + " s: " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void aProfilePushedByTheHssTakesEffectAtTheServingScscf() throws Exception {
        Scenario scenario = TestScenarios.demo("rt-ppr");
        try (CaptureBus bus = new CaptureBus(); ImsNetwork net = ImsNetwork.start(scenario, bus, ImsNetwork.Options.defaults())) {
            UserEquipment ann = net.startUe("ann", AnswerPolicy.never());
            assertThat(ann.register().get(TIMEOUT_S, TimeUnit.SECONDS).isRegistered()).isTrue();
            SCscf scscf = (SCscf) net.logicOf("scscf-a");
            HssNode hss = (HssNode) net.logicOf("hss-a");
            assertThat(scscf.profileOf("sip:ann@alpha.test").filterCriteria()).isEmpty();

            Subscription ann1 = hss.database().byImpi("ann@alpha.test").orElseThrow();
            String ifc = "<InitialFilterCriteria><Priority>5</Priority><ApplicationServer><ServerName>sip:as.alpha.test:5060"
                    + "</ServerName><DefaultHandling>0</DefaultHandling></ApplicationServer></InitialFilterCriteria>";
            hss.database().put(new Subscription(ann1.impi(), ann1.impus(), ann1.credentials(), ifc, ann1.origin()));
            long mark = bus.mark();
            DiameterMessage ppa = hss.pushProfile("ann@alpha.test").get(TIMEOUT_S, TimeUnit.SECONDS);

            assertThat(ppa.resultCode()).contains(2001L);
            assertThat(diameterBetween(bus, mark)).containsExactly("hss-a>scscf-a", "scscf-a>hss-a");
            assertThat(scscf.profileOf("sip:ann@alpha.test").filterCriteria()).singleElement()
                    .satisfies(c -> assertThat(c.applicationServer().serverName()).isEqualTo("sip:as.alpha.test:5060"));
        }
    }

    private static List<String> diameterBetween(CaptureBus bus, long mark) throws InterruptedException {
        bus.awaitDispatched();
        return bus.since(mark).stream().filter(e -> e.protocol() == Protocol.DIAMETER)
                .map((CaptureEvent e) -> bus.nameOf(e.source()) + ">" + bus.nameOf(e.destination())).toList();
    }
}
