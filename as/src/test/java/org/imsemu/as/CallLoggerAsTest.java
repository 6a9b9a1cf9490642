package org.imsemu.as;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imsemu.as.samples.CallEvent;
import org.imsemu.as.samples.CallLoggerAs;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.ua.ClientInvite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CallLoggerAsTest {
    private final IscNetwork net = new IscNetwork();

    @AfterEach
    void close() {
        net.close();
    }

    @Test
    void logsTheInviteAndTheByeWithServedUserAndSessionCase() throws Exception {
        CallLoggerAs logger = new CallLoggerAs();
        AsHost as = net.startAs(logger, Duration.ofSeconds(30), null);
        IscNetwork.Ua alice = net.ua("alice", r -> r.respond(480));
        IscNetwork.Ua bob = net.ua("bob", r -> r.respond(200));

        ClientInvite call = alice.call(bob);
        SipResponse answer = call.result().get(20, TimeUnit.SECONDS);
        assertThat(answer.status()).isEqualTo(200);
        // The INVITE went S-CSCF -> AS -> S-CSCF (via the ODI route) -> bob, and the AS stayed in the dialog.
        assertThat(net.returnedFromAs).containsExactly("INVITE sip:bob@domain1.test SIP/2.0");
        assertThat(bob.invites().get(0).recordRoutes()).extracting(r -> r.sipUri().host()).contains(as.uri().host());
        assertThat(bob.invites().get(0).hasHeader(ServedUser.HEADER)).as("the S-CSCF removes P-Served-User").isFalse();

        assertThat(alice.hangUp(call).status()).isEqualTo(200);
        IscNetwork.await("bob sees the BYE", () -> bob.requests().contains("BYE"));

        String callId = call.request().callId();
        List<CallEvent> log = logger.events();
        assertThat(log).extracting(CallEvent::kind)
                .containsExactly(CallEvent.Kind.STARTED, CallEvent.Kind.ANSWERED, CallEvent.Kind.ENDED);
        assertThat(log).allSatisfy(e -> {
            assertThat(e.callId()).isEqualTo(callId);
            assertThat(e.servedUser()).isEqualTo("sip:alice@domain1.test");
            assertThat(e.sessionCase()).isEqualTo(SessionCase.ORIGINATING);
            assertThat(e.caller()).isEqualTo("sip:alice@domain1.test");
            assertThat(e.callee()).isEqualTo("sip:bob@domain1.test");
        });
        assertThat(log.get(0).method()).isEqualTo("INVITE");
        assertThat(log.get(1).status()).isEqualTo(200);
        assertThat(log.get(2).method()).isEqualTo("BYE");
        assertThat(log.get(2).duration()).isNotNull();
        assertThat(log.get(2).duration().isNegative()).isFalse();
    }

    @Test
    void logsAFailedCall() throws Exception {
        CallLoggerAs logger = new CallLoggerAs();
        net.startAs(logger, Duration.ofSeconds(30), null);
        IscNetwork.Ua alice = net.ua("alice", r -> r.respond(480));
        IscNetwork.Ua bob = net.ua("bob", r -> r.respond(603));

        assertThat(alice.call(bob).result().get(20, TimeUnit.SECONDS).status()).isEqualTo(603);
        IscNetwork.await("the failure is logged", () -> logger.events().size() == 2);
        assertThat(logger.events()).extracting(CallEvent::kind).containsExactly(CallEvent.Kind.STARTED, CallEvent.Kind.FAILED);
        assertThat(logger.events().get(1).status()).isEqualTo(603);
    }
}
