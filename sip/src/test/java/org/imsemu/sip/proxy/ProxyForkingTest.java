package org.imsemu.sip.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transaction.RecordingTransport.Sent;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Parallel forking (16.5, 16.6), response selection (16.7), CANCEL (16.10), branch failures. */
class ProxyForkingTest extends ProxyTestBase {

    private SipRequest invite;

    @BeforeEach
    void forkToBobAndCarol() {
        forkTo("sip:bob@bob.test", "sip:bob@carol.test");
        invite = invite("sip:bob@example.com");
    }

    private void forkTo(String... uris) {
        List<Uri> targets = new ArrayList<>();
        for (String u : uris) targets.add(Uri.parse(u));
        logic = pr -> pr.forward(targets);
    }

    private Sent toBob() {
        return requestsTo(BOB, "INVITE").get(0);
    }

    private Sent toCarol() {
        return requestsTo(CAROL, "INVITE").get(0);
    }

    /** The caller ACKs the final non-2xx it got, as its transaction would. */
    private void aliceAcks(int status) {
        fromAlice(ackForNon2xx(invite, responseToAlice(status)));
    }

    @Test
    void bothBranchesGetTheRequest_withTheirOwnBranch() {
        fromAlice(invite);
        assertThat(statusesToAlice()).containsExactly(100);
        SipRequest b = toBob().request();
        SipRequest c = toCarol().request();
        assertThat(b.requestUri().toString()).isEqualTo("sip:bob@bob.test");
        assertThat(c.requestUri().toString()).isEqualTo("sip:bob@carol.test");
        assertThat(b.topVia().branch()).isNotEqualTo(c.topVia().branch());
        // The loop-detection part of the branch (before the dot) is the same for every copy (16.6 step 8).
        String bp = b.topVia().branch();
        String cp = c.topVia().branch();
        assertThat(bp.substring(0, bp.indexOf('.'))).isEqualTo(cp.substring(0, cp.indexOf('.')));
        assertThat(core.pendingRequests()).isEqualTo(1);

        answer(toBob(), 486, "b1");
        answer(toCarol(), 486, "c1");
        aliceAcks(486);
    }

    @Test
    void provisionalsFromBothAreForwarded_theFirst2xxToo_andTheOtherBranchIsCancelled() {
        fromAlice(invite);
        answer(toBob(), 180, "b1");
        answer(toCarol(), 180, "c1");
        assertThat(statusesToAlice()).containsExactly(100, 180, 180);
        assertThat(transport.sent(s -> s.destination().equals(ALICE) && s.isResponse(180)))
                .extracting(s -> s.response().toTag()).containsExactly("b1", "c1");

        answer(toBob(), 200, "b1");
        assertThat(statusesToAlice()).containsExactly(100, 180, 180, 200);
        assertThat(responseToAlice(200).toTag()).isEqualTo("b1");
        assertThat(requestsTo(BOB, "CANCEL")).isEmpty();

        // 16.7 step 10: the pending branch is cancelled, with a CANCEL matching its INVITE (9.1).
        Sent cancel = onlyRequestTo(CAROL, "CANCEL");
        SipRequest carolInvite = toCarol().request();
        assertThat(cancel.request().topVia().branch()).isEqualTo(carolInvite.topVia().branch());
        assertThat(cancel.request().requestUri()).isEqualTo(carolInvite.requestUri());
        assertThat(cancel.request().cseq().number()).isEqualTo(carolInvite.cseq().number());
        assertThat(cancel.request().cseq().method()).isEqualTo("CANCEL");
        assertThat(transport.sent().indexOf(cancel))
                .as("the CANCEL follows the 2xx upstream")
                .isGreaterThan(transport.sent().indexOf(transport.sent(s -> s.isResponse(200)).get(0)));

        answer(cancel, 200, "c1");
        answer(toCarol(), 487, "c1");
        assertThat(statusesToAlice()).as("the 487 of the cancelled branch stays here").containsExactly(100, 180, 180, 200);
        assertThat(requestsTo(CAROL, "ACK")).as("the transaction layer ACKs the 487").hasSize(1);
        assertThat(core.pendingRequests()).isZero();
    }

    @Test
    void theCancelOfABranchWaitsForItsFirstProvisional() {
        fromAlice(invite);
        answer(toBob(), 200, "b1");
        assertThat(statusesToAlice()).containsExactly(100, 200);
        assertThat(requestsTo(CAROL, "CANCEL")).as("9.1: not before a provisional").isEmpty();

        answer(toCarol(), 180, "c1");
        Sent cancel = onlyRequestTo(CAROL, "CANCEL");
        assertThat(statusesToAlice()).as("no provisional after the final").containsExactly(100, 200);

        answer(cancel, 200, "c1");
        answer(toCarol(), 487, "c1");
        assertThat(statusesToAlice()).containsExactly(100, 200);
    }

    @Test
    void a2xxFromTheOtherBranch_isForwardedToo() {
        fromAlice(invite);
        answer(toCarol(), 180, "c1");
        answer(toBob(), 200, "b1");
        Sent cancel = onlyRequestTo(CAROL, "CANCEL");
        // Carol answered before our CANCEL reached her.
        answer(toCarol(), 200, "c1");
        answer(cancel, 200, "c1");
        assertThat(transport.sent(s -> s.destination().equals(ALICE) && s.isResponse(200)))
                .extracting(s -> s.response().toTag()).containsExactly("b1", "c1");
        assertThat(core.pendingRequests()).isZero();
    }

    @Test
    void allBranchesFail_theLowestClassWins_notThe503() {
        forkTo("sip:bob@bob.test", "sip:bob@carol.test", "sip:bob@next.test");
        fromAlice(invite);
        answer(toBob(), 486, "b1");
        assertThat(statusesToAlice()).as("finals wait for every branch").containsExactly(100);
        answer(onlyRequestTo(NEXT_PROXY, "INVITE"), 503, "n1");
        answer(toCarol(), 404, "c1");
        assertThat(statusesToAlice()).containsExactly(100, 486);
        SipResponse busy = responseToAlice(486);
        assertThat(busy.toTag()).isEqualTo("b1");
        assertThat(busy.vias()).hasSize(1);
        aliceAcks(486);
    }

    @Test
    void a3xx_beatsA4xx() {
        fromAlice(invite);
        answer(toBob(), 404, "b1");
        answer(toCarol(), 302, "c1");
        assertThat(statusesToAlice()).containsExactly(100, 302);
        aliceAcks(302);
    }

    @Test
    void onlyA503_isSentUpstreamAs500() {
        fromAlice(invite);
        answer(toBob(), 503, "b1");
        answer(toCarol(), 503, "c1");
        assertThat(statusesToAlice()).containsExactly(100, 500);
        assertThat(responseToAlice(500).reason()).isNotEqualTo("Service Unavailable");
        aliceAcks(500);
    }

    @Test
    void a6xx_winsAndCancelsTheOtherBranches() {
        fromAlice(invite);
        answer(toBob(), 180, "b1");
        answer(toCarol(), 180, "c1");
        answer(toCarol(), 603, "c1");
        Sent cancel = onlyRequestTo(BOB, "CANCEL");
        assertThat(statusesToAlice()).as("the 6xx waits for the cancelled branch").containsExactly(100, 180, 180);

        answer(cancel, 200, "b1");
        answer(toBob(), 487, "b1");
        assertThat(statusesToAlice()).containsExactly(100, 180, 180, 603);
        assertThat(responseToAlice(603).toTag()).isEqualTo("c1");
        aliceAcks(603);
    }

    @Test
    void a6xx_beatsAnEarlier4xx() {
        fromAlice(invite);
        answer(toBob(), 486, "b1");
        answer(toCarol(), 600, "c1");
        assertThat(statusesToAlice()).containsExactly(100, 600);
        aliceAcks(600);
    }

    @Test
    void challengesOfEvery401And407_areMergedIntoTheChosenOne() {
        forkTo("sip:bob@bob.test", "sip:bob@carol.test", "sip:bob@next.test");
        fromAlice(invite);
        answer(toBob(), 404, "b1");
        answer(toCarol(), responseTo(toCarol(), 401, "c1")
                .withHeaderLast(HeaderNames.WWW_AUTHENTICATE, "Digest realm=\"carol\", nonce=\"n1\""));
        Sent toNext = onlyRequestTo(NEXT_PROXY, "INVITE");
        answer(toNext, responseTo(toNext, 407, "n1")
                .withHeaderLast(HeaderNames.PROXY_AUTHENTICATE, "Digest realm=\"next\", nonce=\"n2\"")
                .withHeaderLast(HeaderNames.PROXY_AUTHENTICATE, "Digest realm=\"next2\", nonce=\"n3\""));

        // 16.7 step 6 prefers a 401/407 over the 404; step 7 merges the challenges.
        assertThat(statusesToAlice()).containsExactly(100, 401);
        SipResponse chosen = responseToAlice(401);
        assertThat(chosen.toTag()).isEqualTo("c1");
        assertThat(chosen.authHeaders(HeaderNames.WWW_AUTHENTICATE)).extracting(a -> a.param("realm"))
                .containsExactly("carol");
        assertThat(chosen.authHeaders(HeaderNames.PROXY_AUTHENTICATE)).extracting(a -> a.param("realm"))
                .containsExactly("next", "next2");
        aliceAcks(401);
    }

    @Test
    void aBranchThatNeverAnswers_timesOutWithTimerB_andTheCallerGets408() {
        forkTo("sip:bob@bob.test");
        fromAlice(invite);
        timer.advance(31_999);
        assertThat(statusesToAlice()).containsExactly(100);
        timer.advance(1);
        assertThat(statusesToAlice()).containsExactly(100, 408);
        SipResponse timeout = responseToAlice(408);
        assertThat(timeout.toTag()).as("a response we make up gets a To tag").isNotNull();
        assertThat(timeout.vias()).hasSize(1);
        assertThat(timeout.topVia().branch()).isEqualTo("z9hG4bKalice1");
        aliceAcks(408);
    }

    @Test
    void aTimedOutBranch_losesToAnAnsweredOne() {
        fromAlice(invite);
        answer(toBob(), 486, "b1");
        timer.advance(32_000);
        assertThat(statusesToAlice()).containsExactly(100, 486);
        aliceAcks(486);
    }

    @Test
    void aTransportError_countsAs503_andTheCallerGets500() {
        forkTo("sip:bob@dead.test");
        unreachable.add(DEAD);
        fromAlice(invite);
        assertThat(requestsTo(DEAD, "INVITE")).hasSize(1);
        assertThat(statusesToAlice()).containsExactly(100, 500);
        assertThat(responseToAlice(500).toTag()).isNotNull();
        aliceAcks(500);
    }

    @Test
    void aBranchFailingAtOnce_doesNotEndTheContextBeforeTheOthersStart() {
        forkTo("sip:bob@dead.test", "sip:bob@bob.test");
        unreachable.add(DEAD);
        fromAlice(invite);
        assertThat(statusesToAlice()).containsExactly(100);
        assertThat(requestsTo(BOB, "INVITE")).hasSize(1);
        assertThat(core.pendingRequests()).isEqualTo(1);

        answer(toBob(), 486, "b1");
        assertThat(statusesToAlice()).as("the 4xx beats the transport error").containsExactly(100, 486);
        aliceAcks(486);
    }

    @Test
    void cancelFromTheCaller_cancelsEveryBranch_andTheCallerGets487() {
        fromAlice(invite);
        answer(toBob(), 180, "b1");
        answer(toCarol(), 180, "c1");
        fromAlice(cancelFor(invite));

        SipResponse cancelOk = responseToAlice(200);
        assertThat(cancelOk.cseq().method()).isEqualTo("CANCEL");
        Sent cancelBob = onlyRequestTo(BOB, "CANCEL");
        Sent cancelCarol = onlyRequestTo(CAROL, "CANCEL");
        assertThat(statusesToAlice()).containsExactly(100, 180, 180, 200);

        answer(cancelBob, 200, "b1");
        answer(toBob(), 487, "b1");
        assertThat(statusesToAlice()).as("waits for the other branch").containsExactly(100, 180, 180, 200);
        answer(cancelCarol, 200, "c1");
        answer(toCarol(), 487, "c1");
        assertThat(statusesToAlice()).containsExactly(100, 180, 180, 200, 487);
        SipResponse terminated = responseToAlice(487);
        assertThat(terminated.cseq().method()).isEqualTo("INVITE");
        assertThat(terminated.toTag()).isNotNull();
        aliceAcks(487);
    }

    @Test
    void cancelBeforeAnyProvisional_answers487AtOnce_andCancelsEachBranchWhenItsProvisionalComes() {
        fromAlice(invite);
        fromAlice(cancelFor(invite));
        assertThat(transport.sent(s -> s.isRequest("CANCEL"))).as("9.1: no CANCEL before a provisional").isEmpty();
        assertThat(statusesToAlice()).containsExactly(100, 200, 487);
        SipResponse terminated = responseToAlice(487);
        assertThat(terminated.cseq().method()).isEqualTo("INVITE");
        assertThat(terminated.toTag()).isNotNull();
        assertThat(core.pendingRequests()).isZero();
        aliceAcks(487);

        answer(toBob(), 180, "b1");
        Sent cancelBob = onlyRequestTo(BOB, "CANCEL");
        answer(cancelBob, 200, "b1");
        answer(toBob(), 487, "b1");
        answer(toCarol(), 100, null);
        Sent cancelCarol = onlyRequestTo(CAROL, "CANCEL");
        answer(cancelCarol, 200, "c1");
        answer(toCarol(), 487, "c1");
        assertThat(statusesToAlice()).as("nothing more for Alice").containsExactly(100, 200, 487);
    }

    @Test
    void a2xxAfterTheCallerCancelled_stillReachesTheCaller() {
        fromAlice(invite);
        fromAlice(cancelFor(invite));
        assertThat(statusesToAlice()).containsExactly(100, 200, 487);
        aliceAcks(487);

        // Bob answered before he could see any CANCEL: the 2xx goes upstream all the same (16.7 step 5).
        answer(toBob(), 200, "b1");
        List<Sent> oks = transport.sent(s -> s.destination().equals(ALICE) && s.isResponse(200)
                && s.response().cseq().method().equals("INVITE"));
        assertThat(oks).hasSize(1);
        assertThat(oks.get(0).response().toTag()).isEqualTo("b1");
        answer(toCarol(), 487, "c1");
    }

    @Test
    void cancelWhileTheLogicIsStillDeciding_isAnswered487_andALateDecisionIsIgnored() {
        List<ProxyRequest> waiting = new ArrayList<>();
        logic = waiting::add;
        fromAlice(invite);
        fromAlice(cancelFor(invite));
        assertThat(statusesToAlice()).containsExactly(200, 487);
        aliceAcks(487);

        waiting.get(0).forward(SipUri.parse("sip:bob@bob.test"));
        assertThat(requestsTo(BOB, "INVITE")).isEmpty();
        assertThat(core.pendingRequests()).isZero();
    }

    @Test
    void forkedNonInvite_onlyTheFirstFinalGoesUpstream() {
        SipRequest message = request("MESSAGE", "sip:bob@example.com", "z9hG4bKm1", "");
        fromAlice(message);
        Sent b = onlyRequestTo(BOB, "MESSAGE");
        Sent c = onlyRequestTo(CAROL, "MESSAGE");
        answer(b, 200, "b1");
        answer(c, 202, "c1");
        assertThat(statusesToAlice()).containsExactly(200);
        assertThat(transport.sent(s -> s.isRequest("CANCEL"))).as("a non-INVITE is never cancelled").isEmpty();
        assertThat(core.pendingRequests()).isZero();
    }

    @Test
    void aBranchToANonSipUri_countsAs416_butTheOtherBranchGoesOn() {
        forkTo("tel:+15551234", "sip:bob@bob.test");
        fromAlice(invite);
        assertThat(requestsTo(BOB, "INVITE")).hasSize(1);
        assertThat(statusesToAlice()).containsExactly(100);
        answer(toBob(), 200, "b1");
        assertThat(statusesToAlice()).containsExactly(100, 200);
    }

    @Test
    void responseHook_seesEveryResponseGoingUpstream() {
        List<Integer> seen = new ArrayList<>();
        logic = pr -> pr.onResponse(r -> {
            seen.add(r.status());
            return r.withHeaderLast("X-Seen", "yes");
        }).forward(SipUri.parse("sip:bob@bob.test"));
        fromAlice(invite);
        answer(toBob(), 100, null);
        answer(toBob(), 183, "b1");
        answer(toBob(), 200, "b1");
        assertThat(seen).containsExactly(183, 200);
        assertThat(responseToAlice(200).header("X-Seen")).isEqualTo("yes");
    }

    @Test
    void onFailureTheLogicMayRecurseToNewTargets_andTheirAnswerGoesUpstream() {
        logic = pr -> pr.onFailure(r -> r.status() == 486 ? List.of(Uri.parse("sip:bob@carol.test")) : List.of())
                .forward(Uri.parse("sip:bob@bob.test"));
        fromAlice(invite);
        answer(toBob(), 486, "b1");
        assertThat(statusesToAlice()).as("the busy is not forwarded").containsExactly(100);
        assertThat(requestsTo(CAROL, "INVITE")).hasSize(1);
        assertThat(core.pendingRequests()).isEqualTo(1);

        answer(toCarol(), 200, "c1");
        assertThat(statusesToAlice()).containsExactly(100, 200);
        assertThat(responseToAlice(200).toTag()).isEqualTo("c1");
    }

    @Test
    void whenTheRecursionFailsToo_itsFailureGoesUpstream_andAnEmptyAnswerEndsTheRecursion() {
        List<Integer> seen = new ArrayList<>();
        logic = pr -> pr.onFailure(r -> {
            seen.add(r.status());
            return seen.size() == 1 ? List.of(Uri.parse("sip:bob@carol.test")) : List.of();
        }).forward(Uri.parse("sip:bob@bob.test"));
        fromAlice(invite);
        answer(toBob(), 486, "b1");
        answer(toCarol(), 404, "c1");
        assertThat(seen).containsExactly(486, 404);
        assertThat(statusesToAlice()).containsExactly(100, 404);
        aliceAcks(404);
    }
}
