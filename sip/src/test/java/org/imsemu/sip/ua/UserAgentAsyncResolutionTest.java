package org.imsemu.sip.ua;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transport.NextHop;
import org.imsemu.sip.transport.TargetResolver;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.transport.UnresolvableTargetException;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;
import org.junit.jupiter.api.Test;

/**
 * The UA with a resolver that answers later (as RFC 3263 DNS will): nothing goes out before its next
 * hop is known, the UA resumes only through its executor (the stack thread), and what follows a 2xx in
 * a dialog waits for the ACK.
 */
class UserAgentAsyncResolutionTest {
    static final NameAddress ALICE = NameAddress.of(Uri.parse("sip:alice@example.com"));
    static final NameAddress BOB = NameAddress.of(Uri.parse("sip:bob@127.0.0.2"));

    /** A resolution the test completes when it likes: with NUMERIC's answer, or a failure. */
    record Pending(SipUri uri, CompletableFuture<NextHop> future) {
        void complete() {
            future.complete(TargetResolver.NUMERIC.resolve(uri).join());
        }
    }

    final List<Pending> pending = new ArrayList<>();
    final TargetResolver later = uri -> {
        Pending p = new Pending(uri, new CompletableFuture<>());
        pending.add(p);
        return p.future();
    };
    /** The stack thread's task queue. */
    final Deque<Runnable> stackThread = new ArrayDeque<>();
    final UaHarness h = new UaHarness(UserAgentConfig.builder("127.0.0.1", 5070).contactUser("alice")
            .resolver(later).executor(stackThread::add));
    final List<String> events = new ArrayList<>();

    {
        h.ua.setListener(new UserAgentListener() {
            @Override
            public void onDialogTerminated(Dialog dialog, EndCause cause) {
                events.add("ended " + dialog.id().remoteTag() + " " + cause);
            }
        });
    }

    final ClientInvite.Listener recorder = new ClientInvite.Listener() {
        @Override
        public void onAnswered(ClientInvite invite, Dialog dialog, SipResponse response) {
            events.add("answered " + dialog.id().remoteTag());
        }

        @Override
        public void onFailed(ClientInvite invite, SipResponse response) {
            events.add("failed " + response.status());
        }
    };

    void runStackThread() {
        while (!stackThread.isEmpty()) stackThread.poll().run();
    }

    List<String> wire() {
        return h.transport.sent().stream().map(s -> s.message().startLine()
                + (s.message() instanceof SipRequest r && r.toTag() != null ? " " + r.toTag() : "")).toList();
    }

    @Test
    void requestLeavesOnTheStackThreadOnceItsNextHopIsKnown() {
        SipRequest msg = h.ua.createRequest("MESSAGE", Uri.parse("sip:bob@127.0.0.3:5080;transport=tcp"), ALICE, BOB);
        CompletableFuture<SipResponse> f = h.ua.sendRequest(msg);
        assertThat(pending).extracting(p -> p.uri().toString()).containsExactly("sip:bob@127.0.0.3:5080;transport=tcp");
        assertThat(h.transport.sent()).isEmpty();

        pending.get(0).complete(); // on the resolver's thread: the UA must not act there
        assertThat(h.transport.sent()).isEmpty();
        assertThat(stackThread).hasSize(1);

        runStackThread();
        MemoryTransport.Sent s = h.transport.lastRequest("MESSAGE");
        assertThat(s.transport()).isEqualTo(TransportType.TCP);
        assertThat(s.destination()).isEqualTo(UaHarness.PEER);
        assertThat(s.request().topVia().transport()).isEqualTo("TCP");
        assertThat(f).isNotDone();
        h.inject(s.request().createResponse(200).withToTag("b1"));
        assertThat(f).isCompletedWithValueMatching(r -> r.status() == 200);
    }

    @Test
    void failedResolutionIsA503OnTheStackThread() {
        CompletableFuture<SipResponse> f = h.ua.sendRequest(h.ua.createRequest("OPTIONS", Uri.parse("sip:bob@bob.test"), ALICE, BOB));
        pending.get(0).future().completeExceptionally(new UnresolvableTargetException("no such host bob.test"));
        assertThat(f).isNotDone();
        runStackThread();
        assertThat(f).isCompletedWithValueMatching(r -> r.status() == 503 && r.reason().contains("no such host bob.test"));
        assertThat(h.transport.sent()).isEmpty();
    }

    @Test
    void inviteCancelledWhileItsNextHopResolvesIsNeverSent() {
        ClientInvite ci = h.ua.invite(ALICE, BOB, null, null, recorder);
        assertThat(ci.request()).isNull();
        assertThat(ci.cancel()).isTrue();
        pending.get(0).complete();
        runStackThread();
        assertThat(h.transport.sent()).isEmpty();
        assertThat(ci.state()).isEqualTo(ClientInvite.State.FAILED);
        assertThat(ci.result()).isCompletedWithValueMatching(r -> r.status() == 487);
        assertThat(events).containsExactly("failed 487");
    }

    @Test
    void whatFollowsA2xxWaitsForTheAckOfItsDialog() {
        ClientInvite ci = h.ua.invite(ALICE, BOB, null, null, recorder);
        pending.get(0).complete();
        runStackThread();
        SipRequest inv = h.transport.lastRequest("INVITE").request();

        // two forks answer; each ACK's next hop takes time
        h.inject(UaHarness.response(inv, 200, "b1", "<sip:bob@127.0.0.3:5080>"));
        assertThat(ci.state()).isEqualTo(ClientInvite.State.ANSWERED);
        assertThat(ci.result()).isNotDone(); // told only once the ACK is out
        h.inject(UaHarness.response(inv, 200, "b1", "<sip:bob@127.0.0.3:5080>")); // retransmitted: no second ACK
        h.inject(UaHarness.response(inv, 200, "b2", "<sip:bob@127.0.0.4:5080>"));
        assertThat(ci.dialog().id().remoteTag()).isEqualTo("b1");
        assertThat(pending).hasSize(3);
        assertThat(h.transport.requests("ACK")).isEmpty();

        // the second fork's ACK resolves first: its BYE follows its ACK, never precedes it
        pending.get(2).complete();
        runStackThread();
        assertThat(pending).hasSize(4); // the BYE's next hop
        pending.get(1).complete();
        runStackThread();
        assertThat(events).containsExactly("ended b2 NOT_CHOSEN", "answered b1");
        assertThat(ci.result()).isCompletedWithValueMatching(r -> r.status() == 200);
        pending.get(3).complete();
        runStackThread();
        assertThat(wire()).containsExactly("INVITE sip:bob@127.0.0.2 SIP/2.0",
                "ACK sip:bob@127.0.0.4:5080 SIP/2.0 b2", "ACK sip:bob@127.0.0.3:5080 SIP/2.0 b1",
                "BYE sip:bob@127.0.0.4:5080 SIP/2.0 b2");
        assertThat(h.transport.lastRequest("ACK").destination()).isEqualTo(new InetSocketAddress("127.0.0.3", 5080));

        // the 2xx once more: the ACK kept for it goes at once, nothing resolved again
        h.inject(UaHarness.response(inv, 200, "b1", "<sip:bob@127.0.0.3:5080>"));
        assertThat(h.transport.requests("ACK")).hasSize(3);
        assertThat(pending).hasSize(4);
    }
}
