package org.imsemu.ue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transport.Transports;
import org.imsemu.sip.uri.Uri;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A UE following 3xx responses to INVITE and MESSAGE (RFC 3261 8.1.3.4): q order, limit, loops. */
class RedirectionTest {
    private static final String DOMAIN = "domain1.test";
    private static final String ALICE = "sip:alice@" + DOMAIN;
    private static final String BOB = "sip:bob@" + DOMAIN;
    private static final String CAROL = "sip:carol@" + DOMAIN;
    private static final String DAVE = "sip:dave@" + DOMAIN;
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
        proxy = new TestImsProxy("127.0.95.1", DOMAIN,
                Map.of("alice@" + DOMAIN, "a", "bob@" + DOMAIN, "b", "carol@" + DOMAIN, "c", "dave@" + DOMAIN, "d"), group);
    }

    @AfterEach
    void teardown() {
        ues.forEach(UserEquipment::close);
        proxy.close();
    }

    private UserEquipment ue(String impu, String ip, AnswerPolicy policy, UnaryOperator<UeConfig.Builder> options) throws Exception {
        String user = Uri.parse(impu) instanceof org.imsemu.sip.uri.SipUri s ? s.user() : "?";
        UeConfig c = options.apply(UeConfig.builder(impu, user.substring(0, 1), ip, proxy.address()).sipPort(0).rtpPorts(42800, 42900)
                .answerPolicy(policy).eventLoopGroup(group)).build();
        UserEquipment ue = UserEquipment.start(c);
        ues.add(ue);
        get(ue.register());
        return ue;
    }

    private UserEquipment ue(String impu, String ip, AnswerPolicy policy) throws Exception {
        return ue(impu, ip, policy, b -> b);
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(15, TimeUnit.SECONDS);
    }

    private static List<String> withoutTrying(List<String> flow) {
        return flow.stream().filter(s -> !s.startsWith("< 100 ")).toList();
    }

    private List<String> inviteTargets() {
        return proxy.receivedRequests("INVITE").stream().map(r -> r.requestUri().toString()).toList();
    }

    @Test
    void aRedirectedCallReachesTheContact() throws Exception {
        UserEquipment alice = ue(ALICE, "127.0.95.2", AnswerPolicy.never());
        ue(BOB, "127.0.95.3", AnswerPolicy.redirect("<" + CAROL + ">"));
        UserEquipment carol = ue(CAROL, "127.0.95.4", AnswerPolicy.autoAnswer(Duration.ZERO));
        Call call = alice.call(BOB);
        get(call.answered());
        assertThat(withoutTrying(call.signalling())).containsExactly(
                "> INVITE", "< 302 INVITE", "> ACK", "> INVITE", "< 180 INVITE", "< 200 INVITE", "> ACK");
        assertThat(call.triedTargets()).extracting(Uri::toString).containsExactly(BOB, CAROL);
        assertThat(inviteTargets()).containsExactly(BOB, CAROL);
        List<SipRequest> invites = proxy.receivedRequests("INVITE");
        assertThat(invites.get(1).callId()).isEqualTo(invites.get(0).callId());
        assertThat(invites.get(1).cseq().number()).isGreaterThan(invites.get(0).cseq().number());
        Call atCarol = get(carol.nextIncomingCall());
        UserEquipmentTest.await(() -> call.rtpStatistics().audioDetected() && atCarol.rtpStatistics().audioDetected());
    }

    @Test
    void contactsAreTriedHighestQFirst() throws Exception {
        UserEquipment alice = ue(ALICE, "127.0.95.2", AnswerPolicy.never());
        ue(BOB, "127.0.95.3", AnswerPolicy.redirect("<" + DAVE + ">;q=0.1", "<" + CAROL + ">;q=0.9"));
        ue(CAROL, "127.0.95.4", AnswerPolicy.autoAnswer(Duration.ZERO));
        Call call = alice.call(BOB);
        get(call.answered());
        assertThat(inviteTargets()).containsExactly(BOB, CAROL);
    }

    @Test
    void theNextContactIsTriedWhenTheFirstFails() throws Exception {
        UserEquipment alice = ue(ALICE, "127.0.95.2", AnswerPolicy.never());
        ue(BOB, "127.0.95.3", AnswerPolicy.redirect("<" + DAVE + ">;q=0.9", "<" + CAROL + ">;q=0.5"));
        ue(DAVE, "127.0.95.5", AnswerPolicy.redirect("<" + CAROL + ">"));
        ue(CAROL, "127.0.95.4", AnswerPolicy.autoAnswer(Duration.ZERO));
        Call call = alice.call(BOB);
        get(call.answered());
        assertThat(inviteTargets()).containsExactly(BOB, DAVE, CAROL);
    }

    @Test
    void aRedirectLoopFailsWithThe3xx() throws Exception {
        UserEquipment alice = ue(ALICE, "127.0.95.2", AnswerPolicy.never());
        ue(BOB, "127.0.95.3", AnswerPolicy.redirect("<" + CAROL + ">"));
        ue(CAROL, "127.0.95.4", AnswerPolicy.redirect("<" + BOB + ">"));
        Call call = alice.call(BOB);
        assertThatThrownBy(() -> get(call.answered())).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(CallFailedException.class).hasMessageContaining("302");
        assertThat(call.finalStatus()).isEqualTo(302);
        assertThat(inviteTargets()).containsExactly(BOB, CAROL); // bob is not called twice
    }

    @Test
    void theRedirectLimitIsKept() throws Exception {
        UserEquipment alice = ue(ALICE, "127.0.95.2", AnswerPolicy.never(), b -> b.maxRedirects(1));
        ue(BOB, "127.0.95.3", AnswerPolicy.redirect("<" + CAROL + ">"));
        ue(CAROL, "127.0.95.4", AnswerPolicy.redirect("<" + DAVE + ">"));
        ue(DAVE, "127.0.95.5", AnswerPolicy.autoAnswer(Duration.ZERO));
        Call call = alice.call(BOB);
        assertThat(get(call.ended()).status()).isEqualTo(302);
        assertThat(inviteTargets()).containsExactly(BOB, CAROL);
    }

    @Test
    void redirectsCanBeLeftUnfollowed() throws Exception {
        UserEquipment alice = ue(ALICE, "127.0.95.2", AnswerPolicy.never(), b -> b.followRedirects(false));
        ue(BOB, "127.0.95.3", AnswerPolicy.redirect("<" + CAROL + ">"));
        ue(CAROL, "127.0.95.4", AnswerPolicy.autoAnswer(Duration.ZERO));
        assertThat(get(alice.call(BOB).ended()).status()).isEqualTo(302);
        assertThat(inviteTargets()).containsExactly(BOB);
        SipResponse r = get(alice.sendMessage(BOB, "text/plain", "hi"));
        assertThat(r.status()).isEqualTo(302);
    }

    @Test
    void aRedirectedMessageIsDeliveredToTheContact() throws Exception {
        UserEquipment alice = ue(ALICE, "127.0.95.2", AnswerPolicy.never());
        ue(BOB, "127.0.95.3", AnswerPolicy.redirect("<" + CAROL + ">"));
        UserEquipment carol = ue(CAROL, "127.0.95.4", AnswerPolicy.autoAnswer(Duration.ZERO));
        SipResponse r = get(alice.sendMessage(BOB, "text/plain", "hello"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(get(carol.nextIncomingMessage()).text()).isEqualTo("hello");
        assertThat(proxy.receivedRequests("MESSAGE")).extracting(m -> m.requestUri().toString()).containsExactly(BOB, CAROL);
    }
}
