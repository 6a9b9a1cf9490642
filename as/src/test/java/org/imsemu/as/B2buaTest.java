package org.imsemu.as;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.imsemu.as.samples.AnonymisingB2buaAs;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.ua.ClientInvite;
import org.imsemu.sip.ua.Dialog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An AS bridging calls as a B2BUA, between real UAs through a stand-in S-CSCF. */
class B2buaTest {
    private static final String OFFER = "v=0\r\no=alice 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
    private static final String ANSWER = "v=0\r\no=bob 7 7 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\n"
            + "m=audio 42000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";

    private final IscNetwork net = new IscNetwork();
    private final AnonymisingB2buaAs service = new AnonymisingB2buaAs();
    private final List<SipResponse> atAlice = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        net.close();
    }

    private ClientInvite call(IscNetwork.Ua from, IscNetwork.Ua to) {
        ClientInvite.Listener l = new ClientInvite.Listener() {
            @Override
            public void onProvisional(ClientInvite invite, Dialog early, SipResponse response) {
                atAlice.add(response);
            }
        };
        return from.stack().call(() -> from.ua().invite(NameAddress.of(from.aor()), NameAddress.of(to.aor()), "application/sdp",
                OFFER.getBytes(StandardCharsets.UTF_8), l));
    }

    private B2bua onlyCall() throws InterruptedException {
        IscNetwork.await("the AS bridges the call", () -> service.calls().size() == 1);
        return service.calls().get(0);
    }

    @Test
    void bridgesTwoDialogsRelayingRingingAnswerAndSdp() throws Exception {
        net.startAs(service, Duration.ofSeconds(30), null);
        IscNetwork.Ua alice = net.ua("alice", r -> r.respond(480));
        IscNetwork.Ua bob = net.ua("bob", r -> {
            r.respond(180);
            r.accept("application/sdp", ANSWER);
        });

        ClientInvite ci = call(alice, bob);
        SipResponse answer = ci.result().get(20, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.bodyAsString()).isEqualTo(ANSWER);
        assertThat(atAlice).extracting(SipResponse::status).contains(180);

        SipRequest legB = bob.invites().get(0);
        assertThat(legB.bodyAsString()).as("the caller's offer goes on unchanged").isEqualTo(OFFER);
        assertThat(legB.callId()).isNotEqualTo(ci.request().callId());
        assertThat(legB.from().uri().toString()).isEqualTo("sip:anonymous@anonymous.invalid");
        assertThat(legB.hasHeader(HeaderNames.P_ASSERTED_IDENTITY)).isFalse();
        assertThat(net.returnedFromAs).as("leg B goes back to the S-CSCF with the ODI").containsExactly("INVITE sip:bob@domain1.test SIP/2.0");

        B2bua b2bua = onlyCall();
        IscNetwork.await("answered", b2bua::isAnswered);
        assertThat(b2bua.dialogA().callId()).isEqualTo(ci.request().callId());
        assertThat(b2bua.dialogB().callId()).isEqualTo(legB.callId());
        assertThat(b2bua.dialogA().isConfirmed()).isTrue();
        assertThat(b2bua.dialogB().isConfirmed()).isTrue();

        assertThat(alice.hangUp(ci).status()).isEqualTo(200);
        IscNetwork.await("the caller's BYE reaches the callee through the B2BUA", () -> bob.requests().contains("BYE"));
        IscNetwork.await("both legs over", b2bua::isEnded);
        assertThat(b2bua.dialogB().isTerminated()).isTrue();
    }

    /** Hold by re-INVITE, a media change by UPDATE the other way, INFO: each crosses to the other leg and back. */
    @Test
    void requestsInsideTheCallCrossToTheOtherLegAndTheirAnswersComeBack() throws Exception {
        net.startAs(service, Duration.ofSeconds(30), null);
        IscNetwork.Ua alice = net.ua("alice", r -> r.respond(480));
        IscNetwork.Ua bob = net.ua("bob", r -> r.accept("application/sdp", ANSWER));
        ClientInvite ci = call(alice, bob);
        assertThat(ci.result().get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        B2bua b2bua = onlyCall();
        IscNetwork.await("answered", b2bua::isAnswered);
        Dialog aliceDialog = ci.dialog();
        Dialog bobDialog = bob.ua().dialogs().iterator().next();

        // alice holds: her offer reaches bob in leg B, his answer reaches her in leg A
        java.util.concurrent.CompletableFuture<SipResponse> held = new java.util.concurrent.CompletableFuture<>();
        alice.stack().call(() -> alice.ua().reinvite(aliceDialog, "application/sdp", (OFFER + "a=sendonly\r\n").getBytes(StandardCharsets.UTF_8),
                new ClientInvite.Listener() {
                    @Override
                    public void onAnswered(ClientInvite invite, Dialog d, SipResponse r) {
                        held.complete(r);
                    }

                    @Override
                    public void onFailed(ClientInvite invite, SipResponse r) {
                        held.complete(r);
                    }
                }));
        SipResponse holdAnswer = held.get(20, TimeUnit.SECONDS);
        assertThat(holdAnswer.status()).isEqualTo(200);
        assertThat(holdAnswer.bodyAsString()).contains("a=recvonly");
        SipRequest reinviteAtBob = bob.inDialog().get(0);
        assertThat(reinviteAtBob.method()).isEqualTo("INVITE");
        assertThat(reinviteAtBob.callId()).isEqualTo(b2bua.dialogB().callId());
        assertThat(reinviteAtBob.bodyAsString()).contains("a=sendonly");

        // bob changes the session by UPDATE: the other way round
        SipResponse updated = bob.stack().call(() -> bob.ua().update(bobDialog, "application/sdp",
                ANSWER.replace("42000", "42002").getBytes(StandardCharsets.UTF_8))).get(20, TimeUnit.SECONDS);
        assertThat(updated.status()).isEqualTo(200);
        SipRequest updateAtAlice = alice.inDialog().get(0);
        assertThat(updateAtAlice.method()).isEqualTo("UPDATE");
        assertThat(updateAtAlice.callId()).isEqualTo(ci.request().callId());
        assertThat(updateAtAlice.bodyAsString()).contains("m=audio 42002");

        // INFO with its package and body; an unknown method's 501 comes back as it is
        SipRequest info = aliceDialog.createRequest("INFO").withHeader("Info-Package", "dtmf")
                .withBody("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n");
        assertThat(alice.stack().call(() -> alice.ua().sendRequest(aliceDialog, info)).get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        SipRequest infoAtBob = bob.inDialog().get(1);
        assertThat(infoAtBob.header("Info-Package")).isEqualTo("dtmf");
        assertThat(infoAtBob.bodyAsString()).contains("Signal=5");
        SipRequest publish = aliceDialog.createRequest("PUBLISH");
        assertThat(alice.stack().call(() -> alice.ua().sendRequest(aliceDialog, publish)).get(20, TimeUnit.SECONDS).status()).isEqualTo(501);

        assertThat(alice.hangUp(ci).status()).isEqualTo(200);
        IscNetwork.await("both legs over", b2bua::isEnded);
    }

    @Test
    void aByeFromTheCalleeReachesTheCaller() throws Exception {
        net.startAs(service, Duration.ofSeconds(30), null);
        IscNetwork.Ua alice = net.ua("alice", r -> r.respond(480));
        IscNetwork.Ua bob = net.ua("bob", r -> r.accept("application/sdp", ANSWER));

        assertThat(call(alice, bob).result().get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        B2bua b2bua = onlyCall();
        IscNetwork.await("answered", b2bua::isAnswered);
        SipResponse byeAnswer = bob.stack().call(() -> bob.ua().bye(bob.ua().dialogs().iterator().next())).get(20, TimeUnit.SECONDS);
        assertThat(byeAnswer.status()).isEqualTo(200);
        IscNetwork.await("the callee's BYE reaches the caller", () -> alice.requests().contains("BYE"));
        IscNetwork.await("both legs over", b2bua::isEnded);
        assertThat(b2bua.dialogA().isTerminated()).isTrue();
    }

    @Test
    void cancelOnLegACancelsLegB() throws Exception {
        net.startAs(service, Duration.ofSeconds(30), null);
        IscNetwork.Ua alice = net.ua("alice", r -> r.respond(480));
        IscNetwork.Ua bob = net.ua("bob", r -> r.respond(180)); // rings forever

        ClientInvite ci = call(alice, bob);
        IscNetwork.await("ringing relayed", () -> atAlice.stream().anyMatch(r -> r.status() == 180));
        alice.stack().call(ci::cancel);
        assertThat(ci.result().get(20, TimeUnit.SECONDS).status()).isEqualTo(487);
        IscNetwork.await("the CANCEL reaches the callee", () -> bob.requests().contains("CANCEL"));
        B2bua b2bua = onlyCall();
        IscNetwork.await("both legs over", b2bua::isEnded);
        assertThat(b2bua.isAnswered()).isFalse();
        assertThat(b2bua.legB().finalResponse().status()).isEqualTo(487);
    }

    @Test
    void aFailureOnLegBGoesToLegA() throws Exception {
        net.startAs(service, Duration.ofSeconds(30), null);
        IscNetwork.Ua alice = net.ua("alice", r -> r.respond(480));
        IscNetwork.Ua bob = net.ua("bob", r -> r.respond(486));

        assertThat(call(alice, bob).result().get(20, TimeUnit.SECONDS).status()).isEqualTo(486);
        B2bua b2bua = onlyCall();
        IscNetwork.await("both legs over", b2bua::isEnded);
        assertThat(b2bua.dialogA()).isNull();
    }

    @Test
    void otherServicesStillProxyOnTheSameHost() throws Exception {
        // The host runs a UA next to the proxy: a plain proceed must still pass through the proxy core.
        net.startAs(AsRequest::proceed, Duration.ofSeconds(30), null);
        IscNetwork.Ua alice = net.ua("alice", r -> r.respond(480));
        IscNetwork.Ua bob = net.ua("bob", r -> r.accept("application/sdp", ANSWER));
        ClientInvite ci = call(alice, bob);
        assertThat(ci.result().get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(bob.invites().get(0).callId()).isEqualTo(ci.request().callId());
        assertThat(alice.hangUp(ci).status()).isEqualTo(200);
    }
}
