package org.imsemu.ue;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.imsemu.sip.event.RegInfo;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.transport.Transports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The UE's reg event subscription (RFC 3680, TS 24.229 5.1.1.3) against {@link TestImsProxy}'s notifier. */
class RegEventTest {
    private static final String DOMAIN = "domain1.test";
    private static final String ALICE = "sip:alice@" + DOMAIN;
    private static EventLoopGroup group;

    private TestImsProxy proxy;
    private final List<UserEquipment> ues = new ArrayList<>();

    @BeforeAll
    static void loops() {
        group = Transports.newEventLoopGroup(2);
    }

    @AfterAll
    static void stopLoops() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @BeforeEach
    void network() {
        proxy = new TestImsProxy("127.0.94.1", DOMAIN, Map.of("alice@" + DOMAIN, "a"), group);
    }

    @AfterEach
    void teardown() {
        ues.forEach(UserEquipment::close);
        proxy.close();
    }

    private UserEquipment alice(UnaryOperator<UeConfig.Builder> options) throws Exception {
        UeConfig c = options.apply(UeConfig.builder(ALICE, "a", "127.0.94.2", proxy.address()).sipPort(0).eventLoopGroup(group)).build();
        UserEquipment ue = UserEquipment.start(c);
        ues.add(ue);
        assertThat(get(ue.register()).isRegistered()).isTrue();
        return ue;
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(15, TimeUnit.SECONDS);
    }

    @Test
    void subscribesAfterRegisteringAndKeepsTheFullState() throws Exception {
        UserEquipment alice = alice(b -> b);
        UserEquipmentTest.await(() -> alice.lastRegInfo() != null && alice.isSubscribedToRegEvent());
        SipRequest subscribe = proxy.receivedRequests("SUBSCRIBE").get(0);
        assertThat(subscribe.requestUri().toString()).isEqualTo(ALICE);
        assertThat(subscribe.to().uri().toString()).isEqualTo(ALICE);
        assertThat(subscribe.header(HeaderNames.EVENT)).isEqualTo("reg");
        assertThat(subscribe.header("Accept")).isEqualTo(RegInfo.CONTENT_TYPE);
        assertThat(subscribe.header(HeaderNames.EXPIRES)).isEqualTo("600000");
        assertThat(subscribe.routes()).extracting(n -> n.uri().toString()) // originating: P-CSCF, then the Service-Route
                .containsExactly("sip:127.0.94.1:" + proxy.port() + ";lr", proxy.serviceRoute().toString());
        assertThat(subscribe.header(HeaderNames.P_PREFERRED_IDENTITY)).contains(ALICE);
        RegInfo info = alice.lastRegInfo();
        assertThat(info.state()).isEqualTo(RegInfo.DocumentState.FULL);
        assertThat(info.registration(ALICE).state()).isEqualTo(RegInfo.RegistrationState.ACTIVE);

        // an update that does not end us changes nothing
        assertThat(get(proxy.notifyReg(ALICE, RegInfo.ContactEvent.REFRESHED)).status()).isEqualTo(200);
        // the 200 leaves the transaction layer as the UE reads the NOTIFY on its own loop: wait for it
        UserEquipmentTest.await(() -> alice.lastRegInfo().version() == 1);
        assertThat(alice.isRegistered()).isTrue();
    }

    @Test
    void aDeactivatedContactDeRegistersTheUeAndTellsTheListener() throws Exception {
        UserEquipment alice = alice(b -> b.reRegisterWhenDeactivated(false));
        UserEquipmentTest.await(alice::isSubscribedToRegEvent);
        List<RegInfo.ContactEvent> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        alice.addListener(new UeListener() {
            @Override
            public void onNetworkDeregistration(RegInfo.ContactEvent event, RegInfo info) {
                told.add(event);
            }
        });
        UserEquipmentTest.await(() -> alice.lastRegInfo() != null); // the full-state NOTIFY first
        assertThat(get(proxy.notifyReg(ALICE, RegInfo.ContactEvent.DEACTIVATED)).status()).isEqualTo(200);
        UserEquipmentTest.await(() -> !told.isEmpty());
        assertThat(told).containsExactly(RegInfo.ContactEvent.DEACTIVATED);
        assertThat(alice.isRegistered()).isFalse();
        assertThat(alice.registration().reason()).contains("deactivated");
        assertThat(alice.isSubscribedToRegEvent()).isFalse(); // Subscription-State: terminated
    }

    /** TS 24.229 5.1.1.7: "deactivated" has the UE register afresh (and subscribe again); "rejected" does not. */
    @Test
    void aDeactivatedRegistrationIsStartedAgainARejectedOneIsNot() throws Exception {
        UserEquipment alice = alice(b -> b);
        UserEquipmentTest.await(() -> alice.isSubscribedToRegEvent() && alice.lastRegInfo() != null);
        int registers = proxy.receivedRequests("REGISTER").size();
        int subscribes = proxy.receivedRequests("SUBSCRIBE").size();
        assertThat(get(proxy.notifyReg(ALICE, RegInfo.ContactEvent.DEACTIVATED)).status()).isEqualTo(200);
        UserEquipmentTest.await(() -> proxy.receivedRequests("REGISTER").size() > registers && alice.isRegistered());
        UserEquipmentTest.await(() -> proxy.receivedRequests("SUBSCRIBE").size() > subscribes && alice.isSubscribedToRegEvent());

        UserEquipmentTest.await(() -> alice.lastRegInfo() != null);
        int registersBefore = proxy.receivedRequests("REGISTER").size();
        assertThat(get(proxy.notifyReg(ALICE, RegInfo.ContactEvent.REJECTED)).status()).isEqualTo(200);
        UserEquipmentTest.await(() -> !alice.isRegistered());
        Thread.sleep(300); // nothing may follow: give a wrong re-registration the time to show
        assertThat(proxy.receivedRequests("REGISTER")).hasSize(registersBefore);
        assertThat(alice.isRegistered()).isFalse();
    }

    @Test
    void theSubscriptionIsRefreshedBeforeItExpires() throws Exception {
        UserEquipment alice = alice(b -> b.regEventExpires(2)); // refreshed at half time: 1 s
        UserEquipmentTest.await(alice::isSubscribedToRegEvent);
        UserEquipmentTest.await(() -> proxy.regRefreshes.get() >= 1);
        List<SipRequest> subscribes = proxy.receivedRequests("SUBSCRIBE");
        assertThat(subscribes.get(0).toTag()).isNull();
        assertThat(subscribes.get(subscribes.size() - 1).toTag()).isNotNull(); // in the dialog
        assertThat(subscribes.get(subscribes.size() - 1).header(HeaderNames.EVENT)).isEqualTo("reg");
        assertThat(alice.isSubscribedToRegEvent()).isTrue();
    }

    @Test
    void theSubscriptionCanBeSwitchedOff() throws Exception {
        UserEquipment alice = alice(b -> b.regEventSubscription(false));
        get(alice.register()); // a refresh too
        assertThat(proxy.receivedRequests("SUBSCRIBE")).isEmpty();
        assertThat(alice.isSubscribedToRegEvent()).isFalse();
    }
}
