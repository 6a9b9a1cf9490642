package org.imsemu.sip.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.imsemu.sip.header.Via;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transaction.RecordingTransport.Sent;
import org.imsemu.sip.uri.SipUri;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One target: RFC 3261 16.3 (validation, loops), 16.4 (Route), 16.6 (forwarding), stateless ACK and 2xx. */
class ProxyForwardingTest extends ProxyTestBase {

    private static final String OUR_RR = "<sip:192.0.2.1:5060;lr>";

    /** Bob's 200: his Contact, and the Record-Route of the request echoed (12.1.1). */
    private static SipResponse okFromBob(Sent invite) {
        SipResponse ok = responseTo(invite, 200, "b1").withHeaderLast(HeaderNames.CONTACT, "<sip:bob@bob.test>");
        for (String rr : invite.request().headerValues(HeaderNames.RECORD_ROUTE)) {
            ok = ok.withHeaderLast(HeaderNames.RECORD_ROUTE, rr);
        }
        return ok;
    }

    @Test
    void invite_isForwardedWithMaxForwardsDecremented_andOurViaOnTop_afterA100Trying() {
        fromAlice(invite("sip:bob@bob.test"));

        List<Sent> sent = transport.sent();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).destination()).isEqualTo(ALICE);
        assertThat(sent.get(0).response().status()).as("100 Trying before the request goes on").isEqualTo(100);
        assertThat(sent.get(0).response().toTag()).isNull();

        SipRequest out = sent.get(1).request();
        assertThat(sent.get(1).destination()).isEqualTo(BOB);
        assertThat(out.requestUri().toString()).isEqualTo("sip:bob@bob.test");
        assertThat(out.maxForwards()).isEqualTo(69);
        List<Via> vias = out.vias();
        assertThat(vias).hasSize(2);
        Via ours = vias.get(0);
        assertThat(ours.sentBy()).isEqualTo("192.0.2.1:5060");
        assertThat(ours.transport()).isEqualTo("UDP");
        assertThat(ours.hasRfc3261Branch()).isTrue();
        assertThat(ours.branch()).isNotEqualTo("z9hG4bKalice1");
        assertThat(ours.rport()).as("rport asked for (RFC 3581)").isEmpty();
        assertThat(vias.get(1).branch()).isEqualTo("z9hG4bKalice1");
        assertThat(vias.get(1).received()).isEqualTo("192.0.2.10");
        assertThat(out.hasHeader(HeaderNames.RECORD_ROUTE)).as("not asked for").isFalse();
        assertThat(core.pendingRequests()).isEqualTo(1);

        // Bob's 100 stays between Bob and us; his 180 and 200 go to Alice without our Via.
        Sent forwarded = sent.get(1);
        answer(forwarded, 100, null);
        answer(forwarded, 180, "b1");
        answer(forwarded, 200, "b1");
        assertThat(statusesToAlice()).containsExactly(100, 180, 200);
        for (int status : List.of(180, 200)) {
            SipResponse r = responseToAlice(status);
            assertThat(r.vias()).hasSize(1);
            assertThat(r.topVia().branch()).isEqualTo("z9hG4bKalice1");
            assertThat(r.toTag()).isEqualTo("b1");
        }
        assertThat(core.pendingRequests()).isZero();
    }

    @Test
    void absentMaxForwards_isAddedAs70_rfc3261_16_6_step3() {
        SipRequest message = parseRequest("""
                MESSAGE sip:bob@bob.test SIP/2.0
                Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKm1;rport
                From: <sip:alice@example.com>;tag=a1
                To: <sip:bob@example.com>
                Call-ID: m1@192.0.2.10
                CSeq: 1 MESSAGE
                Content-Length: 0

                """);
        assertThat(message.maxForwards()).isEqualTo(-1);
        fromAlice(message);

        Sent out = onlyRequestTo(BOB, "MESSAGE");
        assertThat(out.request().maxForwards()).isEqualTo(70);
        assertThat(out.request().headerValues(HeaderNames.MAX_FORWARDS)).hasSize(1);
        assertThat(statusesToAlice()).as("no 100 Trying for a non-INVITE").isEmpty();

        answer(out, 200, "b1");
        assertThat(statusesToAlice()).containsExactly(200);
    }

    @Test
    void maxForwardsZero_isAnswered483_andNotForwarded() {
        SipRequest invite = invite("sip:bob@bob.test").withHeader(HeaderNames.MAX_FORWARDS, "0");
        fromAlice(invite);

        assertThat(transport.sent()).hasSize(1);
        SipResponse tooMany = responseToAlice(483);
        assertThat(tooMany.toTag()).as("a final response of ours has a To tag").isNotNull();
        assertThat(resolved).isEmpty();
        fromAlice(ackForNon2xx(invite, tooMany));
    }

    @Test
    void maxForwardsOne_isForwardedWithZero() {
        fromAlice(invite("sip:bob@bob.test").withHeader(HeaderNames.MAX_FORWARDS, "1"));
        Sent out = onlyRequestTo(BOB, "INVITE");
        assertThat(out.request().maxForwards()).isZero();
        answer(out, 486, "b1");
        assertThat(statusesToAlice()).containsExactly(100, 486);
    }

    @Test
    void theSameRequestComingBack_isALoop_482() {
        SipRequest invite = invite("sip:bob@bob.test");
        fromAlice(invite);
        Sent first = onlyRequestTo(BOB, "INVITE");

        // A proxy behind Bob's address sends it straight back to us, unchanged but for its own Via.
        SipRequest looped = (SipRequest) onTheWire(first.request()
                .withHeaderFirst(HeaderNames.VIA, "SIP/2.0/UDP 192.0.2.40:5060;branch=z9hG4bKnext1")
                .withHeader(HeaderNames.MAX_FORWARDS, "68"));
        from(NEXT_PROXY, looped);

        List<Sent> toNext = sentTo(NEXT_PROXY);
        assertThat(toNext).hasSize(1);
        assertThat(toNext.get(0).response().status()).isEqualTo(482);
        assertThat(toNext.get(0).response().topVia().branch()).isEqualTo("z9hG4bKnext1");
        assertThat(requestsTo(BOB, "INVITE")).as("not forwarded a second time").hasSize(1);
        from(NEXT_PROXY, ackForNon2xx(looped, toNext.get(0).response()));

        SipResponse busy = answer(first, 486, "b1");
        fromAlice(ackForNon2xx(invite, responseToAlice(busy.status())));
    }

    @Test
    void aSpiralWithAChangedRequestUri_isNotALoop() {
        SipRequest invite = invite("sip:bob@bob.test");
        fromAlice(invite);
        Sent first = onlyRequestTo(BOB, "INVITE");

        // The element behind Bob's address retargets (say to Bob's other phone) and sends it back through us.
        SipRequest spiral = (SipRequest) onTheWire(first.request()
                .withRequestUri(SipUri.parse("sip:bob@carol.test"))
                .withHeaderFirst(HeaderNames.VIA, "SIP/2.0/UDP 192.0.2.40:5060;branch=z9hG4bKnext2")
                .withHeader(HeaderNames.MAX_FORWARDS, "68"));
        from(NEXT_PROXY, spiral);

        Sent second = onlyRequestTo(CAROL, "INVITE");
        assertThat(second.request().vias()).hasSize(4);
        assertThat(second.request().maxForwards()).isEqualTo(67);
        assertThat(statusesToNext()).containsExactly(100);

        answer(second, 486, "c1");
        assertThat(statusesToNext()).containsExactly(100, 486);
        answer(first, 486, "b1");
        assertThat(statusesToAlice()).containsExactly(100, 486);
    }

    private List<Integer> statusesToNext() {
        return sentTo(NEXT_PROXY).stream().filter(s -> s.message() instanceof SipResponse)
                .map(s -> s.response().status()).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"<sip:192.0.2.1:5060;lr>", "<sip:192.0.2.1;lr>", "<sip:proxy.test;lr>", "<sip:PROXY.test:5060;lr>"})
    void ourTopRoute_isRemoved_andTheNextOneDecides(String ourRoute) {
        fromAlice(request("MESSAGE", "sip:bob@bob.test", "z9hG4bKr1",
                "Route: " + ourRoute + ", <sip:next.test;lr>\n"));

        Sent out = onlyRequestTo(NEXT_PROXY, "MESSAGE");
        assertThat(out.request().requestUri().toString()).isEqualTo("sip:bob@bob.test");
        assertThat(out.request().headerValues(HeaderNames.ROUTE)).containsExactly("<sip:next.test;lr>");
        assertThat(resolved).extracting(Object::toString).containsExactly("sip:next.test;lr");
        answer(out, 200, "b1");
        assertThat(statusesToAlice()).containsExactly(200);
    }

    @Test
    void aRouteToAnotherPortOfOurHost_isNotOurs() {
        fromAlice(request("MESSAGE", "sip:bob@bob.test", "z9hG4bKr2", "Route: <sip:192.0.2.1:5070;lr>\n"));
        List<Sent> out = transport.sent(s -> s.isRequest("MESSAGE"));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).destination().getPort()).isEqualTo(5070);
        assertThat(out.get(0).request().headerValues(HeaderNames.ROUTE)).containsExactly("<sip:192.0.2.1:5070;lr>");
        answer(out.get(0), 200, "x");
    }

    @Test
    void onlyTheFirstOfTwoRoutesNamingUs_isRemoved() {
        // An S-CSCF style Service-Route: the second entry makes the request spiral through us again.
        fromAlice(request("MESSAGE", "sip:bob@bob.test", "z9hG4bKr3",
                "Route: <sip:proxy.test;lr>, <sip:proxy.test;lr;orig>\n"));
        List<Sent> out = transport.sent(s -> s.isRequest("MESSAGE"));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).destination().getAddress().getHostAddress()).isEqualTo(PROXY_HOST);
        assertThat(out.get(0).request().headerValues(HeaderNames.ROUTE)).containsExactly("<sip:proxy.test;lr;orig>");

        // Back through us: a spiral (its Route differs), not a loop.
        from(out.get(0).destination(), onTheWire(out.get(0).request()));
        Sent toBob = onlyRequestTo(BOB, "MESSAGE");
        assertThat(toBob.request().hasHeader(HeaderNames.ROUTE)).isFalse();
        assertThat(toBob.request().vias()).hasSize(3);
        answer(toBob, 200, "b1");
        answer(out.get(0), 200, "b1");
        assertThat(statusesToAlice()).containsExactly(200);
    }

    @Test
    void afterAStrictRouter_ourRecordRouteUriInTheRequestUri_isReplacedByTheLastRoute() {
        // 16.4: the previous hop put our Record-Route URI in the Request-URI and the real one last in Route.
        SipRequest bye = parseRequest("""
                BYE sip:192.0.2.1:5060;lr SIP/2.0
                Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKs1;rport
                Max-Forwards: 70
                Route: <sip:next.test;lr>, <sip:bob@bob.test>
                From: <sip:alice@example.com>;tag=a1
                To: <sip:bob@example.com>;tag=b1
                Call-ID: call-1@192.0.2.10
                CSeq: 2 BYE
                Content-Length: 0

                """);
        fromAlice(bye);
        Sent out = onlyRequestTo(NEXT_PROXY, "BYE");
        assertThat(out.request().requestUri().toString()).isEqualTo("sip:bob@bob.test");
        assertThat(out.request().headerValues(HeaderNames.ROUTE)).containsExactly("<sip:next.test;lr>");
        answer(out, 200, null);
        assertThat(statusesToAlice()).containsExactly(200);
    }

    @Test
    void aStrictRouterAsNextHop_getsTheRequestUriMovedToTheEndOfRoute() {
        SipRequest bye = parseRequest("""
                BYE sip:bob@bob.test SIP/2.0
                Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKs2;rport
                Max-Forwards: 70
                Route: <sip:proxy.test;lr>, <sip:strict.test>, <sip:next.test;lr>
                From: <sip:alice@example.com>;tag=a1
                To: <sip:bob@example.com>;tag=b1
                Call-ID: call-1@192.0.2.10
                CSeq: 2 BYE
                Content-Length: 0

                """);
        fromAlice(bye);
        // 16.6 steps 6 and 7: Request-URI is the strict router, which is also where the request goes.
        Sent out = onlyRequestTo(STRICT_PROXY, "BYE");
        assertThat(out.request().requestUri().toString()).isEqualTo("sip:strict.test");
        assertThat(out.request().routes()).extracting(r -> r.uri().toString())
                .containsExactly("sip:next.test;lr", "sip:bob@bob.test");
        assertThat(resolved).extracting(Object::toString).containsExactly("sip:strict.test");
        answer(out, 200, null);
        assertThat(statusesToAlice()).containsExactly(200);
    }

    @Test
    void recordRoute_isAddedOnTop_whenTheLogicAsks() {
        logic = pr -> pr.recordRoute().forwardToRequestUri();
        SipRequest invite = invite("sip:bob@bob.test", "Record-Route: <sip:next.test;lr>\n");
        fromAlice(invite);
        Sent out = onlyRequestTo(BOB, "INVITE");
        assertThat(out.request().headerValues(HeaderNames.RECORD_ROUTE)).containsExactly(OUR_RR, "<sip:next.test;lr>");
        SipResponse busy = answer(out, 486, "b1");
        fromAlice(ackForNon2xx(invite, responseToAlice(busy.status())));
    }

    @Test
    void recordRoute_isNotAdded_whenTheLogicDoesNotAsk() {
        fromAlice(invite("sip:bob@bob.test"));
        Sent out = onlyRequestTo(BOB, "INVITE");
        assertThat(out.request().hasHeader(HeaderNames.RECORD_ROUTE)).isFalse();
        answer(out, 486, "b1");
    }

    @Test
    void recordRoute_isNotAdded_toARequestThatCreatesNoDialog() {
        logic = pr -> pr.recordRoute().forwardToRequestUri();
        fromAlice(request("MESSAGE", "sip:bob@bob.test", "z9hG4bKm2", ""));
        Sent out = onlyRequestTo(BOB, "MESSAGE");
        assertThat(out.request().hasHeader(HeaderNames.RECORD_ROUTE)).isFalse();
        answer(out, 200, "b1");
    }

    @Test
    void inDialogRequest_followsItsRouteSet() {
        logic = pr -> {
            if (pr.isInDialog()) pr.forwardToRequestUri();
            else pr.respond(404);
        };
        SipRequest bye = parseRequest("""
                BYE sip:bob@bob.test SIP/2.0
                Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKd1;rport
                Max-Forwards: 70
                Route: <sip:192.0.2.1;lr>, <sip:next.test;lr>
                From: <sip:alice@example.com>;tag=a1
                To: <sip:bob@example.com>;tag=b1
                Call-ID: call-1@192.0.2.10
                CSeq: 2 BYE
                Content-Length: 0

                """);
        fromAlice(bye);
        Sent out = onlyRequestTo(NEXT_PROXY, "BYE");
        assertThat(out.request().requestUri().toString()).isEqualTo("sip:bob@bob.test");
        assertThat(out.request().headerValues(HeaderNames.ROUTE)).containsExactly("<sip:next.test;lr>");
        assertThat(out.request().maxForwards()).isEqualTo(69);
        answer(out, 200, null);
        SipResponse ok = responseToAlice(200);
        assertThat(ok.toTag()).isEqualTo("b1");
        assertThat(ok.vias()).hasSize(1);
    }

    @Test
    void recordRoutedCall_theAckFor2xx_isForwardedStatelesslyAlongTheRouteSet() {
        logic = pr -> pr.recordRoute().forwardToRequestUri();
        fromAlice(invite("sip:bob@bob.test"));
        Sent out = onlyRequestTo(BOB, "INVITE");
        answer(out, 180, "b1");
        answer(out, okFromBob(out));
        SipResponse ok = responseToAlice(200);
        assertThat(ok.headerValues(HeaderNames.RECORD_ROUTE)).containsExactly(OUR_RR);

        // Alice's ACK: Request-URI Bob's Contact, Route set from the Record-Route (12.1.2).
        SipRequest ack = parseRequest("""
                ACK sip:bob@bob.test SIP/2.0
                Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKack1;rport
                Max-Forwards: 70
                Route: %s
                From: "Alice" <sip:alice@example.com>;tag=a1
                To: <sip:bob@example.com>;tag=b1
                Call-ID: call-1@192.0.2.10
                CSeq: 1 ACK
                Content-Length: 0

                """.formatted(OUR_RR));
        int transactions = layer.size();
        fromAlice(ack);
        Sent ackOut = onlyRequestTo(BOB, "ACK");
        assertThat(layer.size()).as("no transaction for an ACK").isEqualTo(transactions);
        assertThat(ackOut.request().hasHeader(HeaderNames.ROUTE)).isFalse();
        assertThat(ackOut.request().maxForwards()).isEqualTo(69);
        assertThat(ackOut.request().vias()).hasSize(2);
        assertThat(ackOut.request().topVia().sentBy()).isEqualTo("192.0.2.1:5060");
        assertThat(ackOut.request().topVia().hasRfc3261Branch()).isTrue();

        // A retransmitted ACK goes the same way with the same branch (16.11).
        fromAlice(ack);
        List<Sent> acks = requestsTo(BOB, "ACK");
        assertThat(acks).hasSize(2);
        assertThat(acks.get(1).request().topVia().branch()).isEqualTo(acks.get(0).request().topVia().branch());
    }

    @Test
    void ackFor2xx_withMoreRoutes_goesToTheNextRoute() {
        SipRequest ack = parseRequest("""
                ACK sip:bob@bob.test SIP/2.0
                Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKack2;rport
                Max-Forwards: 70
                Route: <sip:192.0.2.1:5060;lr>, <sip:next.test;lr>
                From: <sip:alice@example.com>;tag=a1
                To: <sip:bob@example.com>;tag=b1
                Call-ID: call-9@192.0.2.10
                CSeq: 1 ACK
                Content-Length: 0

                """);
        fromAlice(ack);
        Sent out = onlyRequestTo(NEXT_PROXY, "ACK");
        assertThat(out.request().headerValues(HeaderNames.ROUTE)).containsExactly("<sip:next.test;lr>");
        assertThat(out.request().requestUri().toString()).isEqualTo("sip:bob@bob.test");
        assertThat(layer.size()).isZero();
        assertThat(core.pendingRequests()).isZero();
    }

    @Test
    void stray2xxRetransmission_afterTheClientTransactionEnded_goesToTheNextViaReceivedAndRport() {
        fromAlice(invite("sip:bob@bob.test"));
        Sent out = onlyRequestTo(BOB, "INVITE");
        SipResponse ok = answer(out, 200, "b1");
        assertThat(statusesToAlice()).containsExactly(100, 200);
        timer.advance(10 * 60_000); // Timers L and M: both transactions gone
        assertThat(layer.size()).isZero();
        transport.clear();

        from(BOB, ok); // Bob did not get the ACK and retransmits
        List<Sent> sent = transport.sent();
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).destination()).as("received and rport of Alice's Via").isEqualTo(ALICE);
        SipResponse again = sent.get(0).response();
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.vias()).hasSize(1);
        assertThat(again.topVia().branch()).isEqualTo("z9hG4bKalice1");
    }

    @Test
    void strayResponse_whoseTopViaIsNotOurs_isDropped() {
        SipResponse foreign = (SipResponse) parse("""
                SIP/2.0 200 OK
                Via: SIP/2.0/UDP 192.0.2.99:5060;branch=z9hG4bKother
                Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKalice1;received=192.0.2.10;rport=40000
                From: <sip:alice@example.com>;tag=a1
                To: <sip:bob@example.com>;tag=b1
                Call-ID: call-1@192.0.2.10
                CSeq: 1 INVITE
                Content-Length: 0

                """);
        from(BOB, foreign);
        assertThat(transport.sent()).isEmpty();
    }

    @Test
    void requestUriThatIsNotSip_getsA416() {
        SipRequest invite = invite("tel:+15551234");
        fromAlice(invite);
        assertThat(statusesToAlice()).containsExactly(100, 416);
        assertThat(responseToAlice(416).toTag()).isNotNull();
        fromAlice(ackForNon2xx(invite, responseToAlice(416)));
    }

    @Test
    void unresolvableTarget_isA503_andTheCallerGets500() {
        SipRequest invite = invite("sip:bob@nowhere.test");
        fromAlice(invite);
        assertThat(statusesToAlice()).containsExactly(100, 500);
        fromAlice(ackForNon2xx(invite, responseToAlice(500)));
    }
}
