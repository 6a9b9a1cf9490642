package org.imsemu.ue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transport.Transports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The TS 24.228 7.2 call with QoS preconditions (RFC 3312 segmented status, RFC 3262 PRACK, RFC 3311
 * UPDATE) between two UEs through {@link TestImsProxy}, and the fallbacks to the plain flow.
 */
class PreconditionCallTest {
    private static final String DOMAIN = "domain1.test";
    private static final String ALICE = "sip:alice@" + DOMAIN;
    private static final String BOB = "sip:bob@" + DOMAIN;
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
        proxy = new TestImsProxy("127.0.98.1", DOMAIN, Map.of("alice@" + DOMAIN, "alice-secret", "bob@" + DOMAIN, "bob-secret"), group);
    }

    @AfterEach
    void teardown() {
        ues.forEach(UserEquipment::close);
        proxy.close();
    }

    private UserEquipment ue(String impu, String password, String ip, UnaryOperator<UeConfig.Builder> options) throws Exception {
        UeConfig c = options.apply(UeConfig.builder(impu, password, ip, proxy.address()).sipPort(0).rtpPorts(42200, 42300)
                .answerPolicy(AnswerPolicy.autoAnswer(Duration.ZERO)).eventLoopGroup(group)).build();
        UserEquipment ue = UserEquipment.start(c);
        ues.add(ue);
        get(ue.register());
        return ue;
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(15, TimeUnit.SECONDS);
    }

    private static List<String> withoutTrying(List<String> flow) {
        return flow.stream().filter(s -> !s.startsWith("< 100 ") && !s.startsWith("> 100 ")).toList();
    }

    private <T extends SipMessage> T atProxy(Class<T> type, String label) {
        return proxy.received.stream().filter(type::isInstance).filter(m -> SignallingLog.label(m).equals(label)).map(type::cast)
                .findFirst().orElseThrow(() -> new AssertionError("the proxy saw no " + label));
    }

    @Test
    void bothWithPreconditionsFollowTs24228MoMtFlow() throws Exception {
        UserEquipment alice = ue(ALICE, "alice-secret", "127.0.98.2", b -> b.preconditions(true));
        UserEquipment bob = ue(BOB, "bob-secret", "127.0.98.3", b -> b.preconditions(true));
        Call call = alice.call(BOB);
        Call incoming = get(bob.nextIncomingCall());
        get(call.answered());
        get(incoming.answered());
        UserEquipmentTest.await(() -> incoming.signalling().contains("< ACK"));

        assertThat(withoutTrying(call.signalling())).containsExactly(
                "> INVITE", "< 183 INVITE", "> PRACK", "< 200 PRACK", "> UPDATE", "< 200 UPDATE",
                "< 180 INVITE", "> PRACK", "< 200 PRACK", "< 200 INVITE", "> ACK");
        assertThat(withoutTrying(incoming.signalling())).containsExactly(
                "< INVITE", "> 183 INVITE", "< PRACK", "> 200 PRACK", "< UPDATE", "> 200 UPDATE",
                "> 180 INVITE", "< PRACK", "> 200 PRACK", "> 200 INVITE", "< ACK");
        assertThat(call.usedPreconditions()).isTrue();
        assertThat(incoming.usedPreconditions()).isTrue();

        SipRequest invite = atProxy(SipRequest.class, "INVITE");
        assertThat(invite.optionTags(HeaderNames.SUPPORTED)).contains("precondition", "100rel");
        assertThat(invite.hasHeader(HeaderNames.REQUIRE)).isFalse();
        assertThat(invite.bodyAsString()).contains("a=curr:qos local none", "a=curr:qos remote none",
                "a=des:qos mandatory local sendrecv", "a=des:qos mandatory remote sendrecv");

        SipResponse progress = atProxy(SipResponse.class, "183 INVITE");
        assertThat(progress.optionTags(HeaderNames.REQUIRE)).contains("100rel");
        assertThat(progress.bodyAsString()).contains("a=curr:qos local none", "a=des:qos mandatory remote sendrecv",
                "a=conf:qos remote sendrecv");
        SipRequest prack = atProxy(SipRequest.class, "PRACK");
        assertThat(prack.rack().responseNumber()).isEqualTo(progress.rseq());
        assertThat(prack.rack().cseqNumber()).isEqualTo(invite.cseq().number());
        assertThat(prack.rack().method()).isEqualTo("INVITE");

        SipRequest update = atProxy(SipRequest.class, "UPDATE");
        assertThat(update.bodyAsString()).contains("a=curr:qos local sendrecv", "a=curr:qos remote none");
        SipResponse updated = atProxy(SipResponse.class, "200 UPDATE");
        assertThat(updated.bodyAsString()).contains("a=curr:qos local sendrecv", "a=curr:qos remote sendrecv");
        SipResponse ringing = atProxy(SipResponse.class, "180 INVITE");
        assertThat(ringing.rseq()).isEqualTo(progress.rseq() + 1);

        UserEquipmentTest.await(() -> call.rtpStatistics().audioDetected() && incoming.rtpStatistics().audioDetected());
        assertThat(get(call.hangUp()).cause()).isEqualTo(CallEnd.Cause.LOCAL_BYE);
    }

    @Test
    void aCallerThatOnlySupportsPreconditionsFallsBackWithAPlainCallee() throws Exception {
        UserEquipment alice = ue(ALICE, "alice-secret", "127.0.98.2", b -> b.preconditions(true));
        UserEquipment bob = ue(BOB, "bob-secret", "127.0.98.3", b -> b);
        Call call = alice.call(BOB);
        get(call.answered());
        assertThat(withoutTrying(call.signalling())).containsExactly("> INVITE", "< 180 INVITE", "< 200 INVITE", "> ACK");
        assertThat(call.usedPreconditions()).isFalse();
        Call incoming = get(bob.nextIncomingCall());
        assertThat(incoming.usedPreconditions()).isFalse();
        UserEquipmentTest.await(() -> call.rtpStatistics().audioDetected() && incoming.rtpStatistics().audioDetected());
    }

    @Test
    void aCalleeWithPreconditionsAnswersAPlainCallerPlainly() throws Exception {
        UserEquipment alice = ue(ALICE, "alice-secret", "127.0.98.2", b -> b);
        UserEquipment bob = ue(BOB, "bob-secret", "127.0.98.3", b -> b.preconditions(true));
        Call call = alice.call(BOB);
        get(call.answered());
        assertThat(withoutTrying(call.signalling())).containsExactly("> INVITE", "< 180 INVITE", "< 200 INVITE", "> ACK");
        assertThat(atProxy(SipRequest.class, "INVITE").bodyAsString()).doesNotContain("a=curr", "a=des");
    }

    @Test
    void aCallerThatRequiresPreconditionsIsRefusedByAPlainCalleeWith420() throws Exception {
        UserEquipment alice = ue(ALICE, "alice-secret", "127.0.98.2", b -> b.requirePreconditions(true));
        ue(BOB, "bob-secret", "127.0.98.3", b -> b);
        Call call = alice.call(BOB);
        assertThatThrownBy(() -> get(call.answered())).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(CallFailedException.class).hasMessageContaining("420");
        assertThat(atProxy(SipRequest.class, "INVITE").optionTags(HeaderNames.REQUIRE)).contains("precondition", "100rel");
        assertThat(atProxy(SipResponse.class, "420 INVITE").optionTags(HeaderNames.UNSUPPORTED)).containsExactly("precondition");
    }

    @Test
    void answeringByHandInThePreconditionFlowWaitsForThePrackOf180() throws Exception {
        UserEquipment alice = ue(ALICE, "alice-secret", "127.0.98.2", b -> b.requirePreconditions(true));
        UserEquipment bob = ue(BOB, "bob-secret", "127.0.98.3", b -> b.preconditions(true).answerPolicy(AnswerPolicy.never()));
        Call call = alice.call(BOB);
        Call incoming = get(bob.nextIncomingCall());
        UserEquipmentTest.await(() -> incoming.state() == CallState.RINGING);
        // answered by hand while ringing: the 200 still waits for the 180's PRACK
        get(incoming.answer());
        get(call.answered());
        assertThat(withoutTrying(call.signalling())).containsSubsequence("< 180 INVITE", "> PRACK", "< 200 PRACK", "< 200 INVITE");
    }

    @Test
    void preconditionsNeed100rel() {
        InetSocketAddress p = new InetSocketAddress("127.0.98.1", 5060);
        assertThatThrownBy(() -> UeConfig.builder(ALICE, "x", "127.0.0.1", p).preconditions(true).reliableProvisionals(false).build())
                .hasMessageContaining("100rel");
        UeConfig c = UeConfig.builder(ALICE, "x", "127.0.0.1", p).build();
        assertThat(c.preconditions()).isFalse();
        assertThat(c.reliableProvisionals()).isTrue();
        assertThat(c.optionTags()).containsExactly("100rel");
    }
}
