package org.imsemu.sip.ua;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.header.RAck;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transaction.ManualTimer;
import org.imsemu.sip.transaction.TimerSettings;
import org.imsemu.sip.transaction.TransactionLayer;
import org.imsemu.sip.transport.InboundMessage;
import org.imsemu.sip.transport.SipTransport;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.uri.Uri;
import org.junit.jupiter.api.Test;

/**
 * Reliable provisionals (RFC 3262) and UPDATE (RFC 3311) between two user agents over an in-memory
 * network that the test can hold back (to make the UAS retransmit) or drop from.
 */
class ReliableProvisionalsTest {
    static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 5070);
    static final InetSocketAddress B = new InetSocketAddress("127.0.0.2", 5080);

    final ManualTimer timer = new ManualTimer();
    final Deque<Runnable> network = new ArrayDeque<>();
    final List<SipMessage> wire = new ArrayList<>();
    final List<Long> wireTimes = new ArrayList<>();
    /** Messages matching this are lost on the way. */
    java.util.function.Predicate<SipMessage> drop = m -> false;

    final class Host implements SipTransport {
        final InetSocketAddress address;
        final UserAgent ua;
        final TransactionLayer layer;
        Host peer;

        Host(InetSocketAddress address, String user) {
            this.address = address;
            ua = new UserAgent(UserAgentConfig.builder(address.getAddress().getHostAddress(), address.getPort())
                    .contactUser(user).supported(java.util.Set.of("100rel")).build(), timer);
            layer = new TransactionLayer(this, timer, TimerSettings.DEFAULT, ua);
            ua.attach(layer);
        }

        @Override
        public void send(SipMessage message, TransportType transport, InetSocketAddress destination, Consumer<Throwable> onError) {
            byte[] bytes = message.encode();
            SipMessage parsed = SipParser.parse(bytes);
            wire.add(parsed);
            wireTimes.add(timer.now());
            if (drop.test(parsed)) return;
            network.add(() -> peer.layer.onInbound(new InboundMessage(SipParser.parse(bytes), transport, peer.address, address, timer.now())));
        }

        @Override
        public InetSocketAddress localAddress(TransportType transport) {
            return address;
        }
    }

    final Host alice = new Host(A, "alice");
    final Host bob = new Host(B, "bob");

    {
        alice.peer = bob;
        bob.peer = alice;
    }

    void deliverAll() {
        while (!network.isEmpty()) network.poll().run();
    }

    List<String> startLines() {
        return wire.stream().map(m -> m instanceof SipResponse r ? r.status() + " " + r.cseq().method() : ((SipRequest) m).method()).toList();
    }

    List<SipMessage> sent(String what) {
        return wire.stream().filter(m -> (m instanceof SipResponse r ? r.status() + " " + r.cseq().method() : ((SipRequest) m).method()).equals(what)).toList();
    }

    ClientInvite call(ClientInvite.Listener l) {
        SipRequest inv = alice.ua.createRequest("INVITE", Uri.parse("sip:bob@127.0.0.2:5080"),
                NameAddress.of(Uri.parse("sip:alice@127.0.0.1:5070")), NameAddress.of(Uri.parse("sip:bob@127.0.0.2:5080")))
                .withHeader(HeaderNames.SUPPORTED, "100rel")
                .withBody("application/sdp", "v=0\r\n");
        return alice.ua.invite(inv, l);
    }

    /** Bob keeps the INVITE; the test answers it. */
    final List<ServerRequest> invites = new ArrayList<>();

    {
        bob.ua.setListener(new UserAgentListener() {
            @Override
            public void onInvite(ServerRequest invite) {
                invites.add(invite);
            }

            @Override
            public void onDialogRequest(Dialog dialog, ServerRequest request) {
                if (request.method().equals("UPDATE")) request.accept("application/sdp", "v=0\r\ns=answer\r\n");
                else UserAgentListener.super.onDialogRequest(dialog, request);
            }
        });
    }

    @Test
    void reliable183IsPrackedWithItsRAckAndTheUasGetsThePrack() {
        List<String> prackResponses = new ArrayList<>();
        ClientInvite ci = call(new ClientInvite.Listener() {
            @Override
            public void onPrackResponse(ClientInvite invite, Dialog early, SipResponse reliable, SipResponse resp) {
                prackResponses.add(reliable.status() + "->" + resp.status());
            }
        });
        deliverAll();
        ServerRequest inv = invites.get(0);
        assertThat(inv.canRespondReliably()).isTrue();
        CompletableFuture<SipRequest> prack = inv.respondReliably(inv.createResponse(183).withBody("application/sdp", "v=0\r\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(inv.hasUnacknowledgedReliable()).isTrue();
        deliverAll();

        SipResponse r183 = (SipResponse) sent("183 INVITE").get(0);
        assertThat(r183.optionTags(HeaderNames.REQUIRE)).contains("100rel");
        long rseq = r183.rseq();
        assertThat(rseq).isBetween(1L, (1L << 31) - 1);
        SipRequest sentPrack = (SipRequest) sent("PRACK").get(0);
        assertThat(sentPrack.rack()).isEqualTo(new RAck(rseq, ci.request().cseq().number(), "INVITE"));
        assertThat(sentPrack.toTag()).isEqualTo(r183.toTag()); // in the early dialog
        assertThat(prack).isCompletedWithValueMatching(p -> p.rack().responseNumber() == rseq);
        assertThat(inv.hasUnacknowledgedReliable()).isFalse();
        assertThat(prackResponses).containsExactly("183->200");

        // a second reliable provisional gets RSeq + 1 and its own PRACK
        inv.respondReliably(180);
        deliverAll();
        SipResponse r180 = (SipResponse) sent("180 INVITE").get(0);
        assertThat(r180.rseq()).isEqualTo(rseq + 1);
        assertThat(((SipRequest) sent("PRACK").get(1)).rack().responseNumber()).isEqualTo(rseq + 1);

        inv.accept("application/sdp", "v=0\r\n");
        deliverAll();
        assertThat(ci.state()).isEqualTo(ClientInvite.State.ANSWERED);
        assertThat(startLines()).containsExactly("INVITE", "183 INVITE", "PRACK", "200 PRACK", "180 INVITE", "PRACK", "200 PRACK",
                "200 INVITE", "ACK");
        // nothing is retransmitted once acknowledged
        int n = wire.size();
        timer.advance(40_000);
        deliverAll();
        assertThat(wire).hasSize(n);
    }

    @Test
    void unacknowledgedProvisionalIsRetransmittedWithT1DoublingAndTheUacPracksOnce() {
        drop = m -> m instanceof SipRequest r && r.isMethod("PRACK") && sent("PRACK").size() == 1; // the first PRACK is lost
        call(null);
        deliverAll();
        ServerRequest inv = invites.get(0);
        CompletableFuture<SipRequest> prack = inv.respondReliably(183);
        deliverAll();
        assertThat(sent("183 INVITE")).hasSize(1);
        assertThat(sent("PRACK")).hasSize(1);
        timer.advance(500);  // T1: the 183 again, and the PRACK's own Timer E retransmission
        deliverAll();
        assertThat(sent("183 INVITE")).hasSize(2);
        // the retransmitted 183 was recognised by its RSeq: no second PRACK transaction (same branch resent by Timer E)
        assertThat(sent("PRACK").stream().map(m -> m.topVia().branch()).distinct()).hasSize(1);
        assertThat(prack).isCompleted();
        timer.advance(1_000);
        deliverAll();
        assertThat(sent("183 INVITE")).hasSize(2); // stopped by the PRACK
    }

    @Test
    void retransmissionIntervalsDoubleAndNoPrackWithin64T1Gets504() {
        drop = m -> m instanceof SipRequest r && r.isMethod("PRACK");
        ClientInvite ci = call(null);
        deliverAll();
        ServerRequest inv = invites.get(0);
        CompletableFuture<SipRequest> prack = inv.respondReliably(183);
        long start = timer.now();
        deliverAll();
        for (int i = 0; i < 70; i++) {
            timer.advance(500);
            deliverAll();
        }
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < wire.size(); i++) if (wire.get(i) instanceof SipResponse r && r.status() == 183) times.add(wireTimes.get(i) - start);
        assertThat(times).containsExactly(0L, 500L, 1500L, 3500L, 7500L, 15500L, 31500L); // T1 doubling; 504 at 64*T1 = 32 s
        assertThat(prack).isCompletedExceptionally();
        assertThat(inv.finalResponse().status()).isEqualTo(504);
        assertThat(ci.state()).isEqualTo(ClientInvite.State.FAILED);
        assertThat(ci.finalResponse().status()).isEqualTo(504);
    }

    @Test
    void outOfOrderAndRepeatedReliableProvisionalsAreNotPracked() {
        List<Integer> seen = new ArrayList<>();
        ClientInvite ci = call(new ClientInvite.Listener() {
            @Override
            public void onProvisional(ClientInvite invite, Dialog early, SipResponse r) {
                seen.add(r.status());
            }
        });
        deliverAll();
        ServerRequest inv = invites.get(0);
        inv.respondReliably(183);
        deliverAll();
        SipResponse first = (SipResponse) sent("183 INVITE").get(0);
        assertThat(sent("PRACK")).hasSize(1);
        // the network duplicates the 183 and delivers one with RSeq + 2 (skipping one)
        SipResponse skip = ((SipResponse) first.withHeader(HeaderNames.RSEQ, Long.toString(first.rseq() + 2))).withStatus(180, "Ringing");
        alice.layer.onInbound(new InboundMessage(SipParser.parse(first.encode()), TransportType.UDP, A, B, timer.now()));
        alice.layer.onInbound(new InboundMessage(SipParser.parse(skip.encode()), TransportType.UDP, A, B, timer.now()));
        deliverAll();
        assertThat(sent("PRACK")).hasSize(1);
        assertThat(seen).containsExactly(183);
        assertThat(ci.pracksSent()).hasSize(1);
    }

    @Test
    void prackWithUnknownRAckGets481() {
        call(null);
        deliverAll();
        ServerRequest inv = invites.get(0);
        inv.respondReliably(183);
        drop = m -> m instanceof SipRequest r && r.isMethod("PRACK");
        deliverAll();
        Dialog early = alice.ua.dialogs().iterator().next();
        SipRequest bad = early.createRequest("PRACK").withHeader(HeaderNames.RACK, "999 1 INVITE");
        drop = m -> false;
        CompletableFuture<SipResponse> r = alice.ua.sendRequest(early, bad);
        deliverAll();
        assertThat(r).isCompletedWithValueMatching(x -> x.status() == 481);
        assertThat(inv.hasUnacknowledgedReliable()).isTrue();
    }

    @Test
    void reliableProvisionalNeedsTheInviteToOffer100rel() {
        SipRequest inv = alice.ua.createRequest("INVITE", Uri.parse("sip:bob@127.0.0.2:5080"),
                NameAddress.of(Uri.parse("sip:alice@127.0.0.1:5070")), NameAddress.of(Uri.parse("sip:bob@127.0.0.2:5080")));
        alice.ua.invite(inv, null);
        deliverAll();
        ServerRequest sr = invites.get(0);
        assertThat(sr.canRespondReliably()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> sr.respondReliably(183)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void updateInTheEarlyDialogAndGlareGets491() {
        call(null);
        deliverAll();
        ServerRequest inv = invites.get(0);
        inv.respondReliably(183);
        deliverAll();
        Dialog aliceEarly = alice.ua.dialogs().iterator().next();
        assertThat(aliceEarly.isEarly()).isTrue();
        CompletableFuture<SipResponse> up = alice.ua.update(aliceEarly, "application/sdp", "v=0\r\n".getBytes());
        deliverAll();
        assertThat(up).isCompletedWithValueMatching(r -> r.status() == 200 && r.bodyAsString().contains("s=answer"));
        assertThat(((SipRequest) sent("UPDATE").get(0)).contacts()).isNotEmpty(); // a target refresh carries Contact

        // both send an UPDATE with an offer at once: each side answers the other's with 491
        Dialog bobEarly = inv.dialog();
        CompletableFuture<SipResponse> fromAlice = alice.ua.update(aliceEarly, "application/sdp", "v=0\r\n".getBytes());
        CompletableFuture<SipResponse> fromBob = bob.ua.update(bobEarly, "application/sdp", "v=0\r\n".getBytes());
        assertThat(alice.ua.hasPendingUpdate(aliceEarly)).isTrue();
        deliverAll();
        assertThat(fromAlice).isCompletedWithValueMatching(r -> r.status() == 491);
        assertThat(fromBob).isCompletedWithValueMatching(r -> r.status() == 491);
        assertThat(alice.ua.hasPendingUpdate(aliceEarly)).isFalse();
        assertThat(aliceEarly.isTerminated()).isFalse(); // 491 does not end the dialog

        inv.accept("application/sdp", "v=0\r\n");
        deliverAll();
        Dialog confirmed = alice.ua.dialogs().iterator().next();
        assertThat(confirmed.isConfirmed()).isTrue();
        CompletableFuture<SipResponse> inConfirmed = alice.ua.update(confirmed, "application/sdp", "v=0\r\n".getBytes());
        deliverAll();
        assertThat(inConfirmed).isCompletedWithValueMatching(r -> r.status() == 200);
    }
}
