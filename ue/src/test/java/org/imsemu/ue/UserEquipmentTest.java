package org.imsemu.ue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.imsemu.rtp.RtpStatistics;
import org.imsemu.sip.header.AuthHeader;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.transport.Transports;
import org.imsemu.sip.uri.SipUri;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two UEs (127.0.97.2 and .3) registering and calling through {@link TestImsProxy} (127.0.97.1), every
 * host on real sockets with ephemeral SIP ports.
 */
class UserEquipmentTest {
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
        proxy = new TestImsProxy("127.0.97.1", DOMAIN, Map.of("alice@" + DOMAIN, "alice-secret", "bob@" + DOMAIN, "bob-secret"), group);
    }

    @AfterEach
    void teardown() {
        ues.forEach(UserEquipment::close);
        proxy.close();
    }

    private UserEquipment ue(String impu, String password, String ip, AnswerPolicy policy) {
        UeConfig c = UeConfig.builder(impu, password, ip, proxy.address()).sipPort(0).rtpPorts(42000, 42100)
                .answerPolicy(policy).eventLoopGroup(group).build();
        UserEquipment ue = UserEquipment.start(c);
        ues.add(ue);
        return ue;
    }

    private UserEquipment alice() {
        return ue(ALICE, "alice-secret", "127.0.97.2", AnswerPolicy.never());
    }

    private UserEquipment bob(AnswerPolicy policy) {
        return ue(BOB, "bob-secret", "127.0.97.3", policy);
    }

    private static <T> T get(java.util.concurrent.CompletableFuture<T> f) throws Exception {
        return f.get(15, TimeUnit.SECONDS);
    }

    private List<AuthHeader> registerCredentials() {
        return proxy.receivedRequests("REGISTER").stream().map(r -> r.authHeader(HeaderNames.AUTHORIZATION)).toList();
    }

    @Test
    void registersWithDigestThenReRegistersAndDeRegistersWithoutANewChallenge() throws Exception {
        UserEquipment alice = alice();
        Registration r = get(alice.register());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.isRegistered()).isTrue();
        assertThat(r.requestsSent()).isEqualTo(2);
        assertThat(r.challenges()).isEqualTo(1);
        assertThat(r.expires()).isEqualTo(3600);
        assertThat(r.serviceRoutes()).containsExactly(NameAddress.of(proxy.serviceRoute()));
        assertThat(r.associatedUris()).extracting(NameAddress::uri).containsExactly(SipUri.parse(ALICE));
        assertThat(proxy.challenges.get()).isEqualTo(1);

        List<SipRequest> registers = proxy.receivedRequests("REGISTER");
        assertThat(registers).hasSize(2);
        SipRequest first = registers.get(0);
        assertThat(first.requestUri().toString()).isEqualTo("sip:" + DOMAIN);
        assertThat(first.from().uri().toString()).isEqualTo(ALICE);
        assertThat(first.to().uri().toString()).isEqualTo(ALICE);
        assertThat(first.optionTags(HeaderNames.SUPPORTED)).contains("path");
        assertThat(first.header(HeaderNames.EXPIRES)).isEqualTo("3600");
        AuthHeader empty = first.authHeader(HeaderNames.AUTHORIZATION); // TS 24.229 5.1.1.2.1
        assertThat(empty.param("username")).isEqualTo("alice@" + DOMAIN);
        assertThat(empty.param("realm")).isEqualTo(DOMAIN);
        assertThat(empty.param("nonce")).isEmpty();
        assertThat(empty.param("response")).isEmpty();
        assertThat(registerCredentials().get(1).param("nc")).isEqualTo("00000001");

        Registration again = get(alice.register()); // re-registration: credentials sent pre-emptively
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.requestsSent()).isEqualTo(1);
        assertThat(again.challenges()).isZero();
        AuthHeader reused = registerCredentials().get(2);
        assertThat(reused.param("nonce")).isEqualTo(registerCredentials().get(1).param("nonce"));
        assertThat(reused.param("nc")).isEqualTo("00000002");

        Registration gone = get(alice.unregister());
        assertThat(gone.status()).isEqualTo(200);
        assertThat(gone.isRegistered()).isFalse();
        assertThat(gone.challenges()).isZero();
        SipRequest dereg = proxy.receivedRequests("REGISTER").get(3);
        assertThat(dereg.header(HeaderNames.EXPIRES)).isEqualTo("0");
        assertThat(dereg.authHeader(HeaderNames.AUTHORIZATION).param("nc")).isEqualTo("00000003");
        assertThat(proxy.challenges.get()).isEqualTo(1); // no second 401 in the whole exchange
        // the three REGISTERs after the first share the Call-ID and have growing CSeq
        List<SipRequest> all = proxy.receivedRequests("REGISTER");
        assertThat(all).extracting(SipRequest::callId).containsOnly(first.callId());
        assertThat(all).extracting(m -> m.cseq().number()).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void securityAgreementIsOfferedAndDroppedWhenTheProxyAnswersWithoutSecurityServer() throws Exception {
        UserEquipment alice = alice();
        assertThat(get(alice.register()).status()).isEqualTo(200);
        List<SipRequest> registers = proxy.receivedRequests("REGISTER");
        SipRequest first = registers.get(0);
        // TS 24.229 5.1.1.2.1: Security-Client with both algorithms, sec-agree in Require, Proxy-Require, Supported
        List<org.imsemu.sip.header.SecurityMechanism> offer =
                org.imsemu.sip.header.SecurityMechanism.of(first.securityMechanisms(HeaderNames.SECURITY_CLIENT));
        assertThat(offer).extracting(org.imsemu.sip.header.SecurityMechanism::alg).containsExactly("hmac-sha-1-96", "hmac-md5-96");
        assertThat(offer).allSatisfy(m -> {
            assertThat(m.isIpsec3gpp()).isTrue();
            assertThat(m.spiC()).isEqualTo(offer.get(0).spiC()).isGreaterThan(255);
            assertThat(m.spiS()).isEqualTo(offer.get(0).spiS()).isNotEqualTo(m.spiC());
            assertThat(m.portC()).isEqualTo(alice.sipAddress().getPort() + 1);
            assertThat(m.portS()).isEqualTo(alice.sipAddress().getPort() + 2);
        });
        assertThat(first.optionTags(HeaderNames.REQUIRE)).containsExactly("sec-agree");
        assertThat(first.optionTags(HeaderNames.PROXY_REQUIRE)).containsExactly("sec-agree");
        assertThat(first.optionTags(HeaderNames.SUPPORTED)).contains("path", "sec-agree");
        assertThat(first.hasHeader(HeaderNames.SECURITY_VERIFY)).isFalse();
        // the test proxy knows no RFC 3329: its 401 has no Security-Server, so the UE goes on without
        SipRequest second = registers.get(1);
        assertThat(second.hasHeader(HeaderNames.SECURITY_CLIENT)).isFalse();
        assertThat(second.hasHeader(HeaderNames.REQUIRE)).isFalse();
        assertThat(second.hasHeader(HeaderNames.PROXY_REQUIRE)).isFalse();
        assertThat(alice.securityAgreement()).isNull();
    }

    @Test
    void securityAgreementCanBeSwitchedOff() throws Exception {
        UeConfig c = UeConfig.builder(ALICE, "alice-secret", "127.0.97.2", proxy.address()).sipPort(0)
                .securityAgreement(false).eventLoopGroup(group).build();
        assertThat(c.securityAgreement()).isFalse();
        UserEquipment alice = UserEquipment.start(c);
        ues.add(alice);
        assertThat(get(alice.register()).status()).isEqualTo(200);
        assertThat(proxy.receivedRequests("REGISTER")).allSatisfy(r -> {
            assertThat(r.hasHeader(HeaderNames.SECURITY_CLIENT)).isFalse();
            assertThat(r.hasHeader(HeaderNames.REQUIRE)).isFalse();
            assertThat(r.optionTags(HeaderNames.SUPPORTED)).containsExactly("path");
        });
    }

    @Test
    void aRefusedNonceIsAnsweredOnce() throws Exception {
        UserEquipment alice = alice();
        assertThat(get(alice.register()).status()).isEqualTo(200);
        proxy.forgetNonces();
        Registration r = get(alice.register());
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.requestsSent()).isEqualTo(2);
        assertThat(r.challenges()).isEqualTo(1);
        assertThat(proxy.challenges.get()).isEqualTo(2);
    }

    @Test
    void aWrongPasswordFailsAfterOneAnswer() throws Exception {
        UserEquipment eve = ue(ALICE, "wrong", "127.0.97.4", AnswerPolicy.never());
        Registration r = get(eve.register());
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.isRegistered()).isFalse();
        assertThat(r.requestsSent()).isEqualTo(2);
        assertThat(eve.isRegistered()).isFalse();
    }

    @Test
    void callWithRtpBothWaysThenBye() throws Exception {
        UserEquipment alice = alice();
        UserEquipment bob = bob(AnswerPolicy.autoAnswer(Duration.ofMillis(200)));
        get(alice.register());
        get(bob.register());

        Call call = alice.call(BOB);
        Call incoming = get(bob.nextIncomingCall());
        assertThat(get(call.answered())).isSameAs(call);
        assertThat(call.state()).isEqualTo(CallState.ESTABLISHED);
        assertThat(call.finalStatus()).isEqualTo(200);
        get(incoming.answered());

        // The INVITE as it reached the P-CSCF: Route = P-CSCF, then the Service-Route (RFC 3608)
        SipRequest invite = proxy.receivedRequests("INVITE").get(0);
        assertThat(invite.routes()).extracting(n -> n.uri().toString())
                .containsExactly("sip:127.0.97.1:" + proxy.port() + ";lr", proxy.serviceRoute().toString());
        assertThat(invite.header(HeaderNames.P_PREFERRED_IDENTITY)).contains(ALICE);
        assertThat(invite.bodyAsString()).contains("m=audio ").contains("RTP/AVP 0 101").contains("a=sendrecv")
                .contains("c=IN IP4 127.0.97.2");

        await(() -> call.rtpStatistics().audioPacketsReceived() > 5 && incoming.rtpStatistics().audioPacketsReceived() > 5);
        RtpStatistics a = call.rtpStatistics();
        RtpStatistics b = incoming.rtpStatistics();
        assertThat(a.packetsSent()).isPositive();
        assertThat(b.packetsSent()).isPositive();
        assertThat(a.audioDetected()).isTrue();
        assertThat(b.audioDetected()).isTrue();
        assertThat(a.lastPayloadType()).isZero();
        assertThat(b.remoteSsrc()).isEqualTo(a.localSsrc());

        CallEnd end = get(call.hangUp());
        assertThat(end.cause()).isEqualTo(CallEnd.Cause.LOCAL_BYE);
        assertThat(end.rtp().packetsReceived()).isPositive();
        CallEnd farEnd = get(incoming.ended());
        assertThat(farEnd.cause()).isEqualTo(CallEnd.Cause.REMOTE_BYE);
        assertThat(farEnd.rtp().packetsReceived()).isPositive();
        assertThat(proxy.receivedRequests("BYE")).hasSize(1); // record-routed: the BYE came through the proxy
        assertThat(alice.activeCalls()).isEmpty();
        assertThat(bob.activeCalls()).isEmpty();
    }

    /** RFC 3323: an anonymous From and Privacy: id; the P-CSCF still learns who calls (P-Preferred-Identity). */
    @Test
    void anAnonymousCallHidesTheCallerInFrom() throws Exception {
        UserEquipment alice = alice();
        UserEquipment bob = bob(AnswerPolicy.autoAnswer(Duration.ZERO));
        get(alice.register());
        get(bob.register());
        Call call = alice.callAnonymously(BOB);
        Call incoming = get(bob.nextIncomingCall());
        get(call.answered());
        assertThat(incoming.remoteUri()).hasToString("sip:anonymous@anonymous.invalid");
        SipRequest invite = proxy.receivedRequests("INVITE").get(0);
        assertThat(invite.from().displayName()).isEqualTo("\"Anonymous\""); // kept as written, quotes and all
        assertThat(invite.fromTag()).isNotBlank();
        assertThat(invite.header(HeaderNames.PRIVACY)).isEqualTo("id");
        assertThat(invite.header(HeaderNames.P_PREFERRED_IDENTITY)).contains(ALICE);
        get(call.hangUp());
    }

    @Test
    void theCalleeHangsUp() throws Exception {
        UserEquipment alice = alice();
        UserEquipment bob = bob(AnswerPolicy.autoAnswer(Duration.ZERO));
        get(alice.register());
        get(bob.register());
        Call call = alice.call(BOB);
        Call incoming = get(bob.nextIncomingCall());
        get(call.answered());
        get(incoming.answered());
        assertThat(get(incoming.hangUp()).cause()).isEqualTo(CallEnd.Cause.LOCAL_BYE);
        assertThat(get(call.ended()).cause()).isEqualTo(CallEnd.Cause.REMOTE_BYE);
        assertThat(call.state()).isEqualTo(CallState.ENDED);
    }

    @Test
    void cancelBeforeAnswerGives487() throws Exception {
        UserEquipment alice = alice();
        UserEquipment bob = bob(AnswerPolicy.never());
        get(alice.register());
        get(bob.register());
        Call call = alice.call(BOB);
        Call incoming = get(bob.nextIncomingCall());
        await(() -> call.state() == CallState.RINGING);
        call.cancel();
        CallEnd end = get(call.ended());
        assertThat(end.cause()).isEqualTo(CallEnd.Cause.CANCELLED);
        assertThat(end.status()).isEqualTo(487);
        assertThat(call.finalStatus()).isEqualTo(487);
        assertThatThrownBy(() -> get(call.answered())).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(CallFailedException.class).hasMessageContaining("487");
        CallEnd farEnd = get(incoming.ended());
        assertThat(farEnd.cause()).isEqualTo(CallEnd.Cause.CANCELLED);
        assertThat(farEnd.status()).isEqualTo(487);
        assertThat(proxy.receivedRequests("CANCEL")).hasSize(1);
    }

    @Test
    void theRejectPolicyReachesTheCaller() throws Exception {
        UserEquipment alice = alice();
        UserEquipment bob = bob(AnswerPolicy.reject(486));
        get(alice.register());
        get(bob.register());
        Call call = alice.call(BOB);
        CallEnd end = get(call.ended());
        assertThat(end.cause()).isEqualTo(CallEnd.Cause.REJECTED);
        assertThat(end.status()).isEqualTo(486);
        assertThat(call.finalStatus()).isEqualTo(486);
        assertThat(get(bob.nextIncomingCall()).finalStatus()).isEqualTo(486);
    }

    @Test
    void anUnknownCalleeIs404() throws Exception {
        UserEquipment alice = alice();
        get(alice.register());
        Call call = alice.call("sip:nobody@" + DOMAIN);
        CallEnd end = get(call.ended());
        assertThat(end.status()).isEqualTo(404);
        assertThat(end.cause()).isEqualTo(CallEnd.Cause.REJECTED);
        assertThat(end.rtp().packetsSent()).isZero();
    }

    @Test
    void callForDurationHangsUpByItself() throws Exception {
        UeConfig c = UeConfig.builder(ALICE, "alice-secret", "127.0.97.2", proxy.address()).sipPort(0)
                .rtpPorts(42000, 42100).callDuration(Duration.ofMillis(300)).eventLoopGroup(group).build();
        UserEquipment alice = UserEquipment.start(c);
        ues.add(alice);
        UserEquipment bob = bob(AnswerPolicy.autoAnswer(Duration.ZERO));
        get(alice.register());
        get(bob.register());
        CallEnd end = get(alice.callForDuration(BOB));
        assertThat(end.cause()).isEqualTo(CallEnd.Cause.LOCAL_BYE);
        assertThat(end.wasEstablished()).isTrue();
        assertThat(end.rtp().packetsSent()).isPositive();
    }

    @Test
    void overTcp() throws Exception {
        UeConfig c = UeConfig.builder(ALICE, "alice-secret", "127.0.97.2", proxy.address()).sipPort(0).rtpPorts(42000, 42100)
                .transport(org.imsemu.sip.transport.TransportType.TCP).eventLoopGroup(group).build();
        UserEquipment alice = UserEquipment.start(c);
        ues.add(alice);
        UserEquipment bob = bob(AnswerPolicy.autoAnswer(Duration.ZERO));
        Registration r = get(alice.register());
        assertThat(r.status()).isEqualTo(200);
        assertThat(proxy.receivedRequests("REGISTER").get(0).topVia().transport()).isEqualToIgnoringCase("TCP");
        assertThat(alice.contact().uri().toString()).contains("transport=tcp");
        get(bob.register());
        Call call = alice.call(BOB);
        get(call.answered());
        await(() -> call.rtpStatistics().audioDetected());
        assertThat(get(call.hangUp()).cause()).isEqualTo(CallEnd.Cause.LOCAL_BYE);
    }

    @Test
    void closeFreesTheSipPort() throws Exception {
        UeConfig c = UeConfig.builder(ALICE, "alice-secret", "127.0.97.5", proxy.address()).sipPort(0).eventLoopGroup(group).build();
        UserEquipment ue = UserEquipment.start(c);
        InetSocketAddress bound = ue.sipAddress();
        ue.close();
        try (java.net.DatagramSocket again = new java.net.DatagramSocket(bound)) {
            assertThat(again.getLocalPort()).isEqualTo(bound.getPort());
        }
    }

    @Test
    void configRejectsNonsense() {
        InetSocketAddress p = new InetSocketAddress("127.0.97.1", 5060);
        assertThatThrownBy(() -> UeConfig.builder("alice@domain", "x", "127.0.0.1", p)).hasMessageContaining("IMPU");
        assertThatThrownBy(() -> UeConfig.builder("sip:domain1.com", "x", "127.0.0.1", p)).hasMessageContaining("user part");
        assertThatThrownBy(() -> UeConfig.builder(ALICE, "x", "127.0.0.1", p).rtpPorts(5000, 4000)).hasMessageContaining("RTP port range");
        assertThatThrownBy(() -> AnswerPolicy.reject(200)).hasMessageContaining("3xx-6xx");
        UeConfig c = UeConfig.builder(ALICE, "x", "127.0.0.1", p).build();
        assertThat(c.impi()).isEqualTo("alice@" + DOMAIN);
        assertThat(c.homeDomain()).isEqualTo(DOMAIN);
        assertThat(c.pcscfUri().toString()).isEqualTo("sip:127.0.97.1:5060;lr");
    }

    @Test
    void refreshTimingFollowsTs24229() {
        assertThat(org.imsemu.sip.ua.Refresh.delayMillis(3600)).isEqualTo(3000_000);
        assertThat(org.imsemu.sip.ua.Refresh.delayMillis(1200)).isEqualTo(600_000);
        assertThat(org.imsemu.sip.ua.Refresh.delayMillis(60)).isEqualTo(30_000);
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 15 s");
            Thread.sleep(10);
        }
    }
}
