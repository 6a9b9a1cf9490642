package org.imsemu.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.ua.ClientInvite;
import org.imsemu.sip.ua.RegistrationClient;
import org.imsemu.sip.ua.ServerRequest;
import org.imsemu.sip.ua.UserAgentListener;
import org.imsemu.sip.uri.SipUri;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Registration and calls through P-, I- and S-CSCF of two operators, over real UDP sockets. */
class CscfRoutingTest {
    private static final byte[] SDP = ("v=0\r\no=- 1 1 IN IP4 127.0.96.100\r\ns=-\r\nc=IN IP4 127.0.96.100\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\n").getBytes();

    TwoOperatorCore core;
    TwoOperatorCore.Ue alice;
    TwoOperatorCore.Ue bob;

    @BeforeEach
    void start() throws Exception {
        core = new TwoOperatorCore();
        alice = core.ue("alice", "127.0.96.100", "alice@domain1.com", 1);
        bob = core.ue("bob", "127.0.96.200", "bob@domain2.com", 2);
    }

    @AfterEach
    void stop() {
        core.close();
    }

    private static SipResponse register(TwoOperatorCore.Ue ue) throws Exception {
        RegistrationClient reg = ue.registration();
        return ue.stack().call(reg::register).get(10, TimeUnit.SECONDS);
    }

    @Test
    void registrationGoesThroughPandIandSWithPathAndServiceRoute() throws Exception {
        SipResponse ok = register(alice);

        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.serviceRoutes()).extracting(na -> na.uri().toString())
                .containsExactly("sip:orig@scscf1.domain1.com;lr");
        assertThat(ok.pAssociatedUris()).extracting(na -> na.uri().toString()).containsExactly("sip:alice@domain1.com");
        assertThat(core.hops()).containsSubsequence(
                "alice>pcscf1 REGISTER sip:domain1.com SIP/2.0", "pcscf1>icscf1 REGISTER sip:domain1.com SIP/2.0",
                "icscf1>scscf1 REGISTER sip:domain1.com SIP/2.0", "scscf1>icscf1 SIP/2.0 401 Unauthorized",
                "icscf1>pcscf1 SIP/2.0 401 Unauthorized", "pcscf1>alice SIP/2.0 401 Unauthorized",
                "alice>pcscf1 REGISTER sip:domain1.com SIP/2.0", "pcscf1>icscf1 REGISTER sip:domain1.com SIP/2.0",
                "icscf1>scscf1 REGISTER sip:domain1.com SIP/2.0", "scscf1>icscf1 SIP/2.0 200 OK",
                "icscf1>pcscf1 SIP/2.0 200 OK", "pcscf1>alice SIP/2.0 200 OK");
        SipMessage atScscf = core.messagesTo("scscf1", "REGISTER").get(1);
        assertThat(atScscf.paths()).extracting(na -> na.uri().toString()).containsExactly("sip:term@pcscf1.domain1.com;lr");
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        core.changePassword("alice@domain1.com", "changed-after-the-ue-was-configured");
        assertThat(register(alice).status()).isEqualTo(403);
    }

    @Test
    void callCrossesBothOperatorsAndInDialogRequestsFollowTheRecordRoutes() throws Exception {
        register(alice);
        register(bob);
        bob.stack().call(() -> {
            bob.ua().setListener(new UserAgentListener() {
                @Override
                public void onInvite(ServerRequest invite) {
                    invite.respond(180);
                    invite.accept("application/sdp", SDP);
                }
            });
            return null;
        });
        ClientInvite call = alice.stack().call(() -> alice.ua().invite(NameAddress.of(SipUri.parse(alice.impu())),
                NameAddress.of(SipUri.parse(bob.impu())), "application/sdp", SDP, new ClientInvite.Listener() { }));
        SipResponse answer = call.result().get(10, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(alice.stack().call(call::bye).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);

        List<String> path = List.of("alice", "pcscf1", "scscf1", "icscf2", "scscf2", "pcscf2", "bob");
        for (String method : List.of("INVITE", "ACK", "BYE")) {
            String[] hops = new String[path.size() - 1];
            for (int i = 0; i < hops.length; i++) hops[i] = path.get(i) + ">" + path.get(i + 1) + " " + method + " ";
            assertThat(core.hops()).as(method).anySatisfy(h -> assertThat(h).startsWith(hops[0]));
            assertThat(core.hops().stream().filter(h -> h.contains(" " + method + " ")).map(h -> h.substring(0, h.indexOf(' ') + method.length() + 2)))
                    .as(method + " path").containsExactly(hops);
        }
        SipMessage atBob = core.messagesTo("bob", "INVITE").get(0);
        assertThat(atBob.recordRoutes()).extracting(na -> na.uri().toString()).containsExactly(
                "sip:pcscf2.domain2.com:5060;lr", "sip:scscf2.domain2.com:5060;lr", "sip:icscf2.domain2.com:5060;lr",
                "sip:scscf1.domain1.com:5060;lr", "sip:pcscf1.domain1.com:5060;lr");
        assertThat(atBob.pAssertedIdentities()).extracting(na -> na.uri().toString()).containsExactly("sip:alice@domain1.com");
        assertThat(core.messagesTo("scscf1", "INVITE").get(0).routes()).extracting(na -> na.uri().toString())
                .as("the P-CSCF enforces the Service-Route").containsExactly("sip:orig@scscf1.domain1.com;lr");
        assertThat(core.messagesTo("icscf2", "INVITE").get(0).routes()).isEmpty();
    }

    @Test
    void unregisteredCallerIsRefusedAtThePCscf() throws Exception {
        register(bob);
        assertThat(invite(alice, bob.impu())).isEqualTo(403);
        assertThat(core.hops()).noneMatch(h -> h.startsWith("pcscf1>scscf1 INVITE"));
    }

    @Test
    void unknownCalleeGets404AndUnregisteredCallee480() throws Exception {
        register(alice);
        assertThat(invite(alice, "sip:nobody@domain2.com")).isEqualTo(404);
        assertThat(invite(alice, bob.impu())).isEqualTo(480);
    }

    @Test
    void cancelBeforeAnswerGives487EndToEnd() throws Exception {
        register(alice);
        register(bob);
        java.util.concurrent.CompletableFuture<ServerRequest> ringing = new java.util.concurrent.CompletableFuture<>();
        bob.stack().call(() -> {
            bob.ua().setListener(new UserAgentListener() {
                @Override
                public void onInvite(ServerRequest invite) {
                    invite.respond(180);
                    ringing.complete(invite);
                }
            });
            return null;
        });
        ClientInvite call = alice.stack().call(() -> alice.ua().invite(NameAddress.of(SipUri.parse(alice.impu())),
                NameAddress.of(SipUri.parse(bob.impu())), "application/sdp", SDP, new ClientInvite.Listener() { }));
        ringing.get(10, TimeUnit.SECONDS);
        alice.stack().call(call::cancel);
        assertThat(call.result().get(10, TimeUnit.SECONDS).status()).isEqualTo(487);
        assertThat(core.hops()).contains("pcscf2>bob CANCEL sip:bob@127.0.96.200:5060 SIP/2.0", "bob>pcscf2 SIP/2.0 487 Request Terminated");
    }

    @Test
    void unansweredCallEndsWith408AfterTheTerminatingSCscfsTimerC() throws Exception {
        register(alice);
        register(bob);
        bob.stack().call(() -> {
            bob.ua().setListener(new UserAgentListener() {
                @Override
                public void onInvite(ServerRequest invite) {
                    invite.respond(180); // and never answers
                }
            });
            return null;
        });
        assertThat(invite(alice, bob.impu())).isEqualTo(408);
    }

    private int invite(TwoOperatorCore.Ue from, String to) throws Exception {
        ClientInvite call = from.stack().call(() -> from.ua().invite(NameAddress.of(SipUri.parse(from.impu())),
                NameAddress.of(SipUri.parse(to)), "application/sdp", SDP, new ClientInvite.Listener() { }));
        return call.result().get(20, TimeUnit.SECONDS).status();
    }
}
