package org.imsemu.as;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.imsemu.as.samples.CallForwardingAs;
import org.imsemu.as.samples.ForwardingRule;
import org.imsemu.as.samples.ForwardingRule.Condition;
import org.imsemu.as.sh.RepositoryData;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.ua.ClientInvite;
import org.imsemu.sip.uri.SipUri;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallForwardingAsTest {
    private static final String BOB = "sip:bob@domain1.test";

    private final IscNetwork net = new IscNetwork();
    private TestHss hss;
    private final CallForwardingAs cf = new CallForwardingAs();

    @BeforeEach
    void terminatingCase() {
        net.sessionCase = SessionCase.TERMINATING;
        hss = net.startHss();
    }

    @AfterEach
    void close() {
        net.close();
    }

    private static RepositoryData rule(String target, int seq) {
        ForwardingRule r = new ForwardingRule(SipUri.parse(target), EnumSet.of(Condition.BUSY, Condition.NO_ANSWER));
        return new RepositoryData(ForwardingRule.SERVICE_INDICATION, seq, r.toServiceData());
    }

    private AsHost startAs(Duration noAnswer) throws Exception {
        AsHost as = net.startAs(cf, noAnswer, hss);
        as.sh().ready().get(20, TimeUnit.SECONDS);
        return as;
    }

    @Test
    void busyCalleeIsForwardedToTheTargetReadFromSh() throws Exception {
        hss.put(BOB, rule("sip:carol@domain1.test", 1));
        startAs(Duration.ofSeconds(30));
        IscNetwork.Ua alice = net.ua("alice", r -> r.respond(480));
        IscNetwork.Ua bob = net.ua("bob", r -> r.respond(486));
        IscNetwork.Ua carol = net.ua("carol", r -> r.respond(200));

        ClientInvite call = alice.call(bob);
        SipResponse answer = call.result().get(20, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contacts().get(0).sipUri().user()).isEqualTo("carol");
        assertThat(bob.invites()).hasSize(1);
        assertThat(carol.invites()).extracting(r -> r.requestUri().toString()).containsExactly("sip:carol@domain1.test");
        // Both attempts went back to the S-CSCF through the ODI route.
        assertThat(net.returnedFromAs).containsExactly("INVITE sip:bob@domain1.test SIP/2.0", "INVITE sip:carol@domain1.test SIP/2.0");
        assertThat(hss.received).containsExactly("SNR " + BOB, "UDR " + BOB);

        assertThat(alice.hangUp(call).status()).isEqualTo(200);
        IscNetwork.await("carol sees the BYE", () -> carol.requests().contains("BYE"));
    }

    @Test
    void unansweredCallIsCancelledAndForwardedAfterTheNoAnswerTimeout() throws Exception {
        hss.put(BOB, rule("sip:carol@domain1.test", 1));
        startAs(Duration.ofMillis(1500));
        IscNetwork.Ua alice = net.ua("alice", r -> r.respond(480));
        IscNetwork.Ua bob = net.ua("bob", r -> r.respond(180)); // rings for ever
        IscNetwork.Ua carol = net.ua("carol", r -> r.respond(200));

        SipResponse answer = alice.call(bob).result().get(20, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(carol.invites()).hasSize(1);
        IscNetwork.await("bob's ringing INVITE is cancelled", () -> bob.requests().contains("CANCEL"));
    }

    @Test
    void withoutForwardingDataTheBusyGoesBackToTheCaller() throws Exception {
        startAs(Duration.ofSeconds(30));
        IscNetwork.Ua alice = net.ua("alice", r -> r.respond(480));
        IscNetwork.Ua bob = net.ua("bob", r -> r.respond(486));
        IscNetwork.Ua carol = net.ua("carol", r -> r.respond(200));

        assertThat(alice.call(bob).result().get(20, TimeUnit.SECONDS).status()).isEqualTo(486);
        assertThat(carol.invites()).isEmpty();
        assertThat(hss.received).contains("UDR " + BOB);
    }

    @Test
    void anUpdatePushedByTheHssTakesEffect() throws Exception {
        hss.put(BOB, rule("sip:carol@domain1.test", 1));
        startAs(Duration.ofSeconds(30));
        IscNetwork.Ua alice = net.ua("alice", r -> r.respond(480));
        IscNetwork.Ua bob = net.ua("bob", r -> r.respond(486));
        IscNetwork.Ua carol = net.ua("carol", r -> r.respond(486));
        IscNetwork.Ua dave = net.ua("dave", r -> r.respond(200));

        // First call: carol is busy too; the AS does not forward twice, so the caller hears busy.
        assertThat(alice.call(bob).result().get(20, TimeUnit.SECONDS).status()).isEqualTo(486);
        assertThat(carol.invites()).hasSize(1);
        assertThat(hss.isSubscribed(BOB)).isTrue();

        hss.update(BOB, rule("sip:dave@domain1.test", 2)); // PNR to the AS
        IscNetwork.await("the AS has the new target",
                () -> cf.cachedRule(SipUri.parse(BOB)).map(r -> r.target().toString()).orElse("").equals("sip:dave@domain1.test"));

        assertThat(alice.call(bob).result().get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(dave.invites()).hasSize(1);
        assertThat(carol.invites()).hasSize(1);
        assertThat(hss.received).as("the cached rule is used: no second read").containsExactly("SNR " + BOB, "UDR " + BOB);
    }
}
