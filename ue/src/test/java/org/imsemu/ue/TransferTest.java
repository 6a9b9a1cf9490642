package org.imsemu.ue;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.transport.Transports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Call transfer between three UEs through {@link TestImsProxy}: blind (REFER, Referred-By, NOTIFY with
 * sipfrag) and attended (Refer-To with Replaces; the replaced call ends with BYE).
 */
class TransferTest {
    private static final String DOMAIN = "domain1.test";
    private static final String ALICE = "sip:alice@" + DOMAIN;
    private static final String BOB = "sip:bob@" + DOMAIN;
    private static final String CAROL = "sip:carol@" + DOMAIN;
    private static EventLoopGroup group;

    private TestImsProxy proxy;
    private final List<UserEquipment> ues = new ArrayList<>();
    private UserEquipment alice;
    private UserEquipment bob;
    private UserEquipment carol;

    @BeforeAll
    static void loops() {
        group = Transports.newEventLoopGroup(2);
    }

    @AfterAll
    static void stopLoops() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @BeforeEach
    void network() throws Exception {
        proxy = new TestImsProxy("127.0.96.1", DOMAIN, Map.of("alice@" + DOMAIN, "a", "bob@" + DOMAIN, "b", "carol@" + DOMAIN, "c"), group);
        alice = ue(ALICE, "a", "127.0.96.2");
        bob = ue(BOB, "b", "127.0.96.3");
        carol = ue(CAROL, "c", "127.0.96.4");
    }

    @AfterEach
    void teardown() {
        ues.forEach(UserEquipment::close);
        proxy.close();
    }

    private UserEquipment ue(String impu, String password, String ip) throws Exception {
        UeConfig c = UeConfig.builder(impu, password, ip, proxy.address()).sipPort(0).rtpPorts(42600, 42700)
                .answerPolicy(AnswerPolicy.autoAnswer(Duration.ZERO)).eventLoopGroup(group).build();
        UserEquipment ue = UserEquipment.start(c);
        ues.add(ue);
        get(ue.register());
        return ue;
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(15, TimeUnit.SECONDS);
    }

    private List<SipRequest> atProxy(String method) {
        return proxy.receivedRequests(method);
    }

    @Test
    void blindTransfer() throws Exception {
        Call toBob = alice.call(BOB);
        Call fromAlice = get(bob.nextIncomingCall());
        get(toBob.answered());

        int outcome = get(toBob.transferTo(CAROL));
        assertThat(outcome).isEqualTo(200);
        assertThat(toBob.transferProgress()).containsExactly("SIP/2.0 100 Trying", "SIP/2.0 200 OK");
        assertThat(get(toBob.ended()).cause()).isEqualTo(CallEnd.Cause.LOCAL_BYE); // the transferor leaves
        assertThat(get(fromAlice.ended()).cause()).isEqualTo(CallEnd.Cause.REMOTE_BYE);

        SipRequest refer = atProxy("REFER").get(0);
        assertThat(refer.toTag()).isNotNull();
        assertThat(refer.referTo().uri().toString()).isEqualTo(CAROL);
        assertThat(refer.header(HeaderNames.REFERRED_BY)).contains(ALICE);
        List<SipRequest> notifies = atProxy("NOTIFY");
        assertThat(notifies).hasSize(2).allSatisfy(n -> {
            assertThat(n.header(HeaderNames.EVENT)).isEqualTo("refer");
            assertThat(n.contentType()).startsWith("message/sipfrag");
            assertThat(n.callId()).isEqualTo(refer.callId());
        });
        assertThat(notifies.get(0).header(HeaderNames.SUBSCRIPTION_STATE)).startsWith("active");
        assertThat(notifies.get(1).header(HeaderNames.SUBSCRIPTION_STATE)).startsWith("terminated");
        assertThat(notifies.get(1).bodyAsString()).startsWith("SIP/2.0 200 OK");

        Call bobToCarol = get(fromAlice.referredCall());
        Call atCarol = get(carol.nextIncomingCall());
        get(bobToCarol.answered());
        assertThat(atCarol.referredBy()).contains(ALICE);
        assertThat(atProxy("INVITE").get(1).header(HeaderNames.REFERRED_BY)).contains(ALICE);
        UserEquipmentTest.await(() -> bobToCarol.rtpStatistics().audioDetected() && atCarol.rtpStatistics().audioDetected());
        assertThat(toBob.signalling()).contains("> REFER", "< 202 REFER", "< NOTIFY", "> 200 NOTIFY");
    }

    @Test
    void aTransferToAnUnknownUserKeepsTheCall() throws Exception {
        Call toBob = alice.call(BOB);
        get(toBob.answered());
        assertThat(get(toBob.transferTo("sip:nobody@" + DOMAIN))).isEqualTo(404);
        assertThat(toBob.transferProgress()).last().asString().startsWith("SIP/2.0 404");
        assertThat(toBob.state()).isEqualTo(CallState.ESTABLISHED);
    }

    @Test
    void attendedTransferReplacesTheConsultationCall() throws Exception {
        Call toBob = alice.call(BOB);
        Call bobsCall = get(bob.nextIncomingCall());
        get(toBob.answered());
        Call toCarol = alice.call(CAROL);
        Call carolsCall = get(carol.nextIncomingCall());
        get(toCarol.answered());
        get(carolsCall.answered());

        assertThat(get(toBob.transferTo(toCarol))).isEqualTo(200);
        assertThat(get(toBob.ended()).cause()).isEqualTo(CallEnd.Cause.LOCAL_BYE);
        assertThat(get(toCarol.ended()).cause()).isEqualTo(CallEnd.Cause.REMOTE_BYE); // carol hung up the replaced call
        assertThat(get(carolsCall.ended()).cause()).isEqualTo(CallEnd.Cause.LOCAL_BYE);
        assertThat(get(bobsCall.ended()).cause()).isEqualTo(CallEnd.Cause.REMOTE_BYE);

        SipRequest refer = atProxy("REFER").get(0);
        assertThat(refer.referTo().toString()).contains("?Replaces=").contains(toCarol.callId().replace("@", "%40"));
        Call bobToCarol = get(bobsCall.referredCall());
        get(bobToCarol.answered());
        SipRequest replacing = atProxy("INVITE").stream().filter(i -> i.callId().equals(bobToCarol.callId())).findFirst().orElseThrow();
        Replaces r = Replaces.parse(replacing.header(HeaderNames.REPLACES));
        assertThat(r.callId()).isEqualTo(toCarol.callId());
        Call atCarol = get(carol.nextIncomingCall());
        assertThat(atCarol.replacedCall()).isSameAs(carolsCall);
        assertThat(atCarol.signalling()).doesNotContain("> 180 INVITE"); // answered without alerting
        UserEquipmentTest.await(() -> bobToCarol.rtpStatistics().audioDetected() && atCarol.rtpStatistics().audioDetected());
        assertThat(carol.activeCalls()).containsExactly(atCarol);
    }

    @Test
    void replacesNamesTheDialogFromTheReceiversSide() {
        Replaces r = Replaces.parse("abc@host;from-tag=f1;to-tag=t1;early-only");
        assertThat(r).isEqualTo(new Replaces("abc@host", "t1", "f1"));
        assertThat(r.escaped()).isEqualTo("abc%40host%3Bto-tag%3Dt1%3Bfrom-tag%3Df1");
        assertThat(Replaces.parse("abc;to-tag=x")).isNull();
    }
}
