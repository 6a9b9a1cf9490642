package org.imsemu.ue;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.imsemu.rtp.MediaDirection;
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
 * Session re-negotiation (RFC 3264 8) in an established call between two UEs through {@link TestImsProxy}:
 * hold and resume, video added and removed, codec changed, by re-INVITE and by UPDATE; the RTP counters
 * show that media follows every answer.
 */
class MediaRenegotiationTest {
    private static final String DOMAIN = "domain1.test";
    private static final String ALICE = "sip:alice@" + DOMAIN;
    private static final String BOB = "sip:bob@" + DOMAIN;
    /** Long enough for a dozen 20 ms packets (and six video frames) to have gone out, had anything been sent. */
    private static final long QUIET_WINDOW_MS = 300;
    private static EventLoopGroup group;

    private TestImsProxy proxy;
    private final List<UserEquipment> ues = new ArrayList<>();
    private Call call;
    private Call incoming;

    @BeforeAll
    static void loops() {
        group = Transports.newEventLoopGroup(2);
    }

    @AfterAll
    static void stopLoops() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @BeforeEach
    void establishedCall() throws Exception {
        proxy = new TestImsProxy("127.0.99.1", DOMAIN, Map.of("alice@" + DOMAIN, "alice-secret", "bob@" + DOMAIN, "bob-secret"), group);
        UserEquipment alice = ue(ALICE, "alice-secret", "127.0.99.2");
        UserEquipment bob = ue(BOB, "bob-secret", "127.0.99.3");
        call = alice.call(BOB);
        incoming = get(bob.nextIncomingCall());
        get(call.answered());
        get(incoming.answered());
        flowing(call::audioPacketsReceived);
        flowing(incoming::audioPacketsReceived);
    }

    @AfterEach
    void teardown() {
        ues.forEach(UserEquipment::close);
        proxy.close();
    }

    private UserEquipment ue(String impu, String password, String ip) throws Exception {
        UeConfig c = UeConfig.builder(impu, password, ip, proxy.address()).sipPort(0).rtpPorts(42400, 42500)
                .answerPolicy(AnswerPolicy.autoAnswer(Duration.ZERO)).eventLoopGroup(group).build();
        UserEquipment ue = UserEquipment.start(c);
        ues.add(ue);
        get(ue.register());
        return ue;
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return f.get(15, TimeUnit.SECONDS);
    }

    /** The counter grows (by at least five packets), polled with a deadline. */
    private static void flowing(LongSupplier counter) throws InterruptedException {
        long start = counter.getAsLong();
        UserEquipmentTest.await(() -> counter.getAsLong() >= start + 5);
    }

    /** The counter stands still over a quiet window, once packets already in flight have landed. */
    private static void still(LongSupplier counter) throws InterruptedException {
        Thread.sleep(60); // what was on the wire when the answer went out
        long before = counter.getAsLong();
        Thread.sleep(QUIET_WINDOW_MS);
        assertThat(counter.getAsLong()).as("counter after a quiet window").isEqualTo(before);
    }

    private List<SipMessage> atProxy(String label) {
        return proxy.received.stream().filter(m -> SignallingLog.label(m).equals(label)).toList();
    }

    private String lastBody(String label) {
        List<SipMessage> all = atProxy(label);
        return all.get(all.size() - 1).bodyAsString();
    }

    @Test
    void holdAndResumeByReInvite() throws Exception {
        SipResponse r = get(call.hold());
        assertThat(r.status()).isEqualTo(200);
        List<SipMessage> invites = atProxy("INVITE");
        assertThat(invites).hasSize(2);
        assertThat(((SipRequest) invites.get(1)).toTag()).isNotNull(); // in the dialog
        assertThat(invites.get(1).bodyAsString()).contains("a=sendonly");
        assertThat(lastBody("200 INVITE")).contains("a=recvonly");
        assertThat(call.isHolding()).isTrue();
        assertThat(call.audioDirection()).isEqualTo(MediaDirection.SEND_ONLY);
        assertThat(incoming.audioDirection()).isEqualTo(MediaDirection.RECV_ONLY);

        // the held party stops sending, the holder hears nothing; the holder still sends (music on hold)
        still(incoming::audioPacketsSent);
        still(call::audioPacketsReceived);
        flowing(call::audioPacketsSent);
        flowing(incoming::audioPacketsReceived);

        // both hold: inactive, nobody sends
        assertThat(get(incoming.hold()).status()).isEqualTo(200);
        assertThat(lastBody("200 INVITE")).contains("a=inactive");
        assertThat(call.audioDirection()).isEqualTo(MediaDirection.INACTIVE);
        assertThat(incoming.audioDirection()).isEqualTo(MediaDirection.INACTIVE);
        still(call::audioPacketsSent);
        still(incoming::audioPacketsSent);

        assertThat(get(incoming.resume()).status()).isEqualTo(200);
        assertThat(get(call.resume()).status()).isEqualTo(200);
        assertThat(lastBody("200 INVITE")).contains("a=sendrecv");
        flowing(call::audioPacketsReceived);
        flowing(incoming::audioPacketsReceived);
        assertThat(call.audioDirection()).isEqualTo(MediaDirection.SEND_RECV);
        assertThat(incoming.audioDirection()).isEqualTo(MediaDirection.SEND_RECV);
    }

    @Test
    void holdAndResumeByUpdate() throws Exception {
        assertThat(get(call.hold(Call.OfferMethod.UPDATE)).status()).isEqualTo(200);
        assertThat(atProxy("INVITE")).hasSize(1); // no re-INVITE
        assertThat(lastBody("UPDATE")).contains("a=sendonly");
        assertThat(lastBody("200 UPDATE")).contains("a=recvonly");
        still(incoming::audioPacketsSent);
        still(call::audioPacketsReceived);
        assertThat(get(call.resume(Call.OfferMethod.UPDATE)).status()).isEqualTo(200);
        flowing(call::audioPacketsReceived);
        flowing(incoming::audioPacketsReceived);
    }

    @Test
    void videoAddedAndRemovedByReInvite() throws Exception {
        assertThat(call.hasVideo()).isFalse();
        assertThat(get(call.addVideo()).status()).isEqualTo(200);
        assertThat(lastBody("INVITE")).contains("m=video ", "a=rtpmap:96 H264/90000");
        assertThat(lastBody("200 INVITE")).containsPattern("m=video [1-9]");
        assertThat(call.hasVideo()).isTrue();
        UserEquipmentTest.await(incoming::hasVideo);
        flowing(call::videoPacketsReceived);
        flowing(incoming::videoPacketsReceived);

        assertThat(get(call.removeVideo()).status()).isEqualTo(200);
        assertThat(lastBody("INVITE")).contains("m=video 0 ");
        assertThat(lastBody("200 INVITE")).contains("m=video 0 ");
        assertThat(call.hasVideo()).isFalse();
        assertThat(incoming.hasVideo()).isFalse();
        still(call::videoPacketsSent);
        still(incoming::videoPacketsSent);
        flowing(call::audioPacketsReceived); // the audio goes on
    }

    @Test
    void videoAddedByUpdateAndHeldWithTheAudio() throws Exception {
        assertThat(get(call.addVideo(Call.OfferMethod.UPDATE)).status()).isEqualTo(200);
        assertThat(lastBody("UPDATE")).contains("m=video ");
        flowing(call::videoPacketsReceived);
        flowing(incoming::videoPacketsReceived);
        assertThat(get(incoming.hold(Call.OfferMethod.UPDATE)).status()).isEqualTo(200);
        still(call::videoPacketsSent); // the held party (alice now) sends neither audio nor video
        still(call::audioPacketsSent);
        flowing(call::videoPacketsReceived);
    }

    @Test
    void codecChangedByReInvite() throws Exception {
        assertThat(call.audioPayloadType()).isZero();
        assertThat(get(call.changeCodec(8)).status()).isEqualTo(200);
        assertThat(lastBody("INVITE")).contains("m=audio ").contains("RTP/AVP 8 101").contains("a=rtpmap:8 PCMA/8000");
        assertThat(lastBody("200 INVITE")).contains("RTP/AVP 8 101");
        assertThat(call.audioPayloadType()).isEqualTo(8);
        assertThat(incoming.audioPayloadType()).isEqualTo(8);
        UserEquipmentTest.await(() -> call.rtpStatistics().lastPayloadType() == 8 && incoming.rtpStatistics().lastPayloadType() == 8);
        UserEquipmentTest.await(() -> incoming.rtpStatistics().audioDetected());
    }

    @Test
    void aSecondOfferWhileOneIsPendingIsRefusedLocally() throws Exception {
        CompletableFuture<SipResponse> first = call.hold();
        CompletableFuture<SipResponse> second = call.resume();
        assertThat(get(first).status()).isEqualTo(200);
        assertThat(second).failsWithin(Duration.ofSeconds(5));
    }
}
