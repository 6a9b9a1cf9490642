package org.imsemu.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imsemu.conformance.Fixtures.hop;
import static org.imsemu.conformance.Fixtures.request;
import static org.imsemu.conformance.Fixtures.response;

import java.util.ArrayList;
import java.util.List;
import org.imsemu.sip.message.SipMessage;
import org.junit.jupiter.api.Test;

class FlowComparatorTest {
    private static final ExpectedFlow REGISTRATION = FlowLibrary.load("registration");

    private static Verdict compare(ExpectedFlow flow, List<ObservedMessage> observed) {
        Verdict v = FlowComparator.compare(flow, observed);
        System.out.println(v.summary()); // the explanation is the product: show it in the test log
        return v;
    }

    private static List<ObservedMessage> replace(List<ObservedMessage> list, int index, ObservedMessage m) {
        List<ObservedMessage> out = new ArrayList<>(list);
        out.set(index, m);
        return out;
    }

    @Test
    void correctRegistrationPasses() {
        Verdict v = compare(REGISTRATION, Fixtures.registration());
        assertThat(v.passed()).as(v.explanation()).isTrue();
        assertThat(v.stepsMatched()).isEqualTo(12);
        assertThat(v.difference()).isNull();
        assertThat(v.summary()).contains("PASS", "12 of 12");
    }

    @Test
    void ignoredTryingRetransmissionsAndOtherNodesTrafficAreSkipped() {
        List<ObservedMessage> in = new ArrayList<>(Fixtures.registration());
        SipMessage trying = response(100, "Trying", "REGISTER", 1, null);
        in.add(1, hop("P-CSCF#1", "UE#1", trying));   // before the forwarded REGISTER: the race 100 is ignored for
        in.add(3, hop("I-CSCF#1", "P-CSCF#1", trying));
        in.add(4, in.get(2));                          // the REGISTER P-CSCF#1 -> I-CSCF#1 again: a retransmission
        in.add(0, hop("UE#2", "P-CSCF#2", request("REGISTER", 1, null, Fixtures.CONTACT))); // bob, elsewhere
        in.add(hop("dns", "P-CSCF#1", response(200, "OK", "OPTIONS", 9, null)));          // a node without a role
        assertThat(FlowComparator.relevant(REGISTRATION, in)).hasSize(12);
        Verdict v = compare(REGISTRATION, in);
        assertThat(v.passed()).as(v.explanation()).isTrue();
        assertThat(v.compared()).isEqualTo(12);
    }

    @Test
    void retransmissionsFailWhenTheFlowDoesNotCollapseThem() {
        ExpectedFlow strict = new ExpectedFlow("strict", null, null, REGISTRATION.steps(), REGISTRATION.ignored(), false);
        List<ObservedMessage> in = new ArrayList<>(Fixtures.registration());
        in.add(1, in.get(0));
        Verdict v = compare(strict, in);
        assertThat(v.passed()).isFalse();
        assertThat(v.difference()).isEqualTo(Difference.WRONG_DIRECTION);
        assertThat(v.failedStep().number()).isEqualTo(2);
    }

    /** The end of a call: 200 to an UPDATE on its way back while the callee's 180 already leaves it. */
    private static final String CROSSING = "<flow name='crossing'><path name='call' roles='UE#1 P-CSCF#1 S-CSCF#1 UE#2'/>"
            + "<hops path='call' reverse='true' message='200' cseq='UPDATE'/>"
            + "<hops path='call' reverse='true' message='180' cseq='INVITE'/></flow>";

    private static List<ObservedMessage> crossing(String... order) {
        List<ObservedMessage> out = new ArrayList<>();
        for (String o : order) {
            String[] hop = o.split(" ");
            SipMessage m = hop[2].equals("180") ? response(180, "Ringing", "INVITE", 1, null) : response(200, "OK", "UPDATE", 3, null);
            out.add(hop(hop[0], hop[1], m));
        }
        return out;
    }

    @Test
    void messagesOnUnrelatedHopsMayBeCapturedEitherWayRound() throws Exception {
        ExpectedFlow f = FlowLibrary.parse(new java.io.ByteArrayInputStream(CROSSING.getBytes()), "crossing.xml");
        // the 180 leaves UE#2 and S-CSCF#1 before the 200 has left P-CSCF#1: causality allows it
        Verdict v = compare(f, crossing("UE#2 S-CSCF#1 200", "UE#2 S-CSCF#1 180", "S-CSCF#1 P-CSCF#1 200",
                "S-CSCF#1 P-CSCF#1 180", "P-CSCF#1 UE#1 200", "P-CSCF#1 UE#1 180"));
        assertThat(v.passed()).as(v.explanation()).isTrue();
        assertThat(v.stepsMatched()).isEqualTo(6);

        // but one sender's order is the flow's: UE#2 sends the 180 before the 200
        v = compare(f, crossing("UE#2 S-CSCF#1 180", "UE#2 S-CSCF#1 200", "S-CSCF#1 P-CSCF#1 200",
                "S-CSCF#1 P-CSCF#1 180", "P-CSCF#1 UE#1 200", "P-CSCF#1 UE#1 180"));
        assertThat(v.passed()).isFalse();
        assertThat(v.difference()).isEqualTo(Difference.WRONG_MESSAGE);
        assertThat(v.failedStep().describe()).isEqualTo("step 1: UE#2 -> S-CSCF#1 200 (UPDATE)");

        // and a node does not forward what it has not received: P-CSCF#1 relays the 200 before S-CSCF#1 sent it
        v = compare(f, crossing("UE#2 S-CSCF#1 200", "P-CSCF#1 UE#1 200"));
        assertThat(v.passed()).isFalse();
        assertThat(v.failedStep().describe()).isEqualTo("step 2: S-CSCF#1 -> P-CSCF#1 200 (UPDATE)");
        assertThat(v.difference()).isEqualTo(Difference.WRONG_DIRECTION);
    }

    @Test
    void aNotPatternFailsWhenAnyValueLeaksIt() throws Exception {
        String xml = "<flow name='hidden'><step from='I-CSCF#2' to='S-CSCF#1' message='180'>"
                + "<header name='Via' not-pattern='scscf2|pcscf2'/></step></flow>";
        ExpectedFlow f = FlowLibrary.parse(new java.io.ByteArrayInputStream(xml.getBytes()), "hidden.xml");
        assertThat(f.steps().get(0).headers()).extracting(HeaderRule::toString).containsExactly("Via !~ /scscf2|pcscf2/");
        SipMessage hidden = response(180, "Ringing", "INVITE", 1, null, "Via: SIP/2.0/UDP icscf2.domain2.com;branch=z9hG4bK-thig-x");
        SipMessage leaking = response(180, "Ringing", "INVITE", 1, null,
                "Via: SIP/2.0/UDP icscf2.domain2.com;branch=z9hG4bK-1", "Via: SIP/2.0/UDP scscf2.domain2.com;branch=z9hG4bK-2");
        assertThat(compare(f, List.of(hop("I-CSCF#2", "S-CSCF#1", hidden))).passed()).isTrue();
        Verdict v = compare(f, List.of(hop("I-CSCF#2", "S-CSCF#1", leaking)));
        assertThat(v.passed()).isFalse();
        assertThat(v.difference()).isEqualTo(Difference.HEADER_MISMATCH);
        assertThat(v.explanation()).contains("scscf2.domain2.com", "which it must not");
    }

    @Test
    void maxValuesFailsWhenAHeaderHasMoreValues() throws Exception {
        // a request the UE sent itself carries one Via: its own
        String xml = "<flow name='own'><step from='UE#1' to='P-CSCF#1' message='INVITE'>"
                + "<header name='Via' max-values='1'/></step></flow>";
        ExpectedFlow f = FlowLibrary.parse(new java.io.ByteArrayInputStream(xml.getBytes()), "own.xml");
        SipMessage own = request("INVITE", 1, null);
        SipMessage relayed = request("INVITE", 1, null, "Via: SIP/2.0/UDP pcscf1.domain1.com;branch=z9hG4bK-2");
        assertThat(compare(f, List.of(hop("UE#1", "P-CSCF#1", own))).passed()).isTrue();
        Verdict v = compare(f, List.of(hop("UE#1", "P-CSCF#1", relayed)));
        assertThat(v.passed()).isFalse();
        assertThat(v.difference()).isEqualTo(Difference.HEADER_MISMATCH);
        assertThat(v.explanation()).contains("at most 1 expected");
        String below = "<flow name='bad'><step from='UE#1' to='P-CSCF#1' message='INVITE'>"
                + "<header name='Via' min-values='2' max-values='1'/></step></flow>";
        assertThatThrownBy(() -> FlowLibrary.parse(new java.io.ByteArrayInputStream(below.getBytes()), "bad.xml"))
                .hasMessageContaining("max-values below min-values");
    }

    @Test
    void throughTopologyHidingSplitsTheStepsThatCrossTheHidingNetworksEdge() throws Exception {
        String xml = "<flow name='out'>"
                + "<step from='S-CSCF#1' to='I-CSCF#2' message='INVITE'><header name='Record-Route' min-values='2'/>"
                + "<header name='P-Asserted-Identity'/></step>"
                + "<step from='I-CSCF#2' to='S-CSCF#1' message='180'/>"
                + "<step from='HSS#1' to='S-CSCF#1' protocol='diameter' message='RTR' optional='true'/></flow>";
        ExpectedFlow plain = FlowLibrary.parse(new java.io.ByteArrayInputStream(xml.getBytes()), "out.xml");
        ExpectedFlow hidden = plain.throughTopologyHiding(java.util.Set.of("S-CSCF#1", "I-CSCF#1", "HSS#1"), "I-CSCF#1",
                java.util.regex.Pattern.compile("scscf1\\.domain1\\.com"));
        assertThat(hidden.steps()).extracting(Step::describe).containsExactly(
                "step 1: S-CSCF#1 -> I-CSCF#1 INVITE", "step 2: I-CSCF#1 -> I-CSCF#2 INVITE",
                "step 3: I-CSCF#2 -> I-CSCF#1 180", "step 4: I-CSCF#1 -> S-CSCF#1 180", "step 5: HSS#1 -> S-CSCF#1 Diameter RTR (optional)");
        // inside, every rule; outside, only presence on what hiding rewrites, and nothing hidden may show
        assertThat(hidden.steps().get(0).headers()).isEqualTo(plain.steps().get(0).headers());
        assertThat(hidden.steps().get(1).headers()).extracting(HeaderRule::toString)
                .containsExactly("Record-Route", "P-Asserted-Identity", String.join("|", ExpectedFlow.HIDDEN_HEADERS) + " !~ /scscf1\\.domain1\\.com/");

        String inside = "Record-Route: <sip:scscf1.domain1.com;lr>, <sip:pcscf1.domain1.com;lr>";
        String tokens = "Record-Route: <sip:icscf1.domain1.com;lr>, <sip:thig-AbC@icscf1.domain1.com;lr>";
        String pai = "P-Asserted-Identity: <sip:alice@domain1.com>";
        List<ObservedMessage> good = List.of(hop("S-CSCF#1", "I-CSCF#1", request("INVITE", 1, null, inside, pai)),
                hop("I-CSCF#1", "I-CSCF#2", request("INVITE", 1, null, tokens, pai)),
                hop("I-CSCF#2", "I-CSCF#1", response(180, "Ringing", "INVITE", 1, null, tokens)),
                hop("I-CSCF#1", "S-CSCF#1", response(180, "Ringing", "INVITE", 1, null, inside)));
        assertThat(compare(hidden, good).passed()).isTrue();
        List<ObservedMessage> leaking = new java.util.ArrayList<>(good);
        leaking.set(1, hop("I-CSCF#1", "I-CSCF#2", request("INVITE", 1, null, inside, pai)));
        Verdict v = compare(hidden, leaking);
        assertThat(v.passed()).isFalse();
        assertThat(v.failedStep().number()).isEqualTo(2);
        assertThat(v.explanation()).contains("scscf1.domain1.com", "which it must not");
        // the plain flow does not accept the detour
        assertThat(compare(plain, good).passed()).isFalse();
    }

    @Test
    void throughTopologyHidingMakesTheExitAcknowledgeANon2xxOnEachSide() throws Exception {
        String xml = "<flow name='redirect'>"
                + "<step from='I-CSCF#2' to='S-CSCF#1' message='302' cseq='INVITE'/>"
                + "<step from='S-CSCF#1' to='I-CSCF#2' message='ACK'/>"
                + "<step from='S-CSCF#1' to='P-CSCF#1' message='302' cseq='INVITE'/>"
                + "<step from='I-CSCF#1' to='S-CSCF#1' message='BYE'/></flow>";
        ExpectedFlow hidden = FlowLibrary.parse(new java.io.ByteArrayInputStream(xml.getBytes()), "redirect.xml")
                .throughTopologyHiding(java.util.Set.of("S-CSCF#1", "P-CSCF#1", "I-CSCF#1"), "I-CSCF#1",
                        java.util.regex.Pattern.compile("scscf1"));
        assertThat(hidden.steps()).extracting(Step::describe).containsExactly(
                "step 1: I-CSCF#2 -> I-CSCF#1 302 (INVITE)", "step 2: I-CSCF#1 -> I-CSCF#2 ACK",
                "step 3: I-CSCF#1 -> S-CSCF#1 302 (INVITE)", "step 4: S-CSCF#1 -> I-CSCF#1 ACK",
                "step 5: S-CSCF#1 -> P-CSCF#1 302 (INVITE)", "step 6: I-CSCF#1 -> S-CSCF#1 BYE");
    }

    @Test
    void aBodyPatternMustBeFoundInTheBody() throws Exception {
        String xml = "<flow name='hold'><step from='UE#1' to='P-CSCF#1' message='INVITE'>"
                + "<body type='application/sdp' pattern='a=sendonly'/></step></flow>";
        ExpectedFlow f = FlowLibrary.parse(new java.io.ByteArrayInputStream(xml.getBytes()), "hold.xml");
        assertThat(f.steps().get(0).body()).hasToString("body application/sdp ~ /a=sendonly/");
        String held = Fixtures.SDP + "a=sendonly\r\n";
        assertThat(compare(f, List.of(hop("UE#1", "P-CSCF#1", request("INVITE", 2, held)))).passed()).isTrue();
        Verdict v = compare(f, List.of(hop("UE#1", "P-CSCF#1", request("INVITE", 2, Fixtures.SDP))));
        assertThat(v.difference()).isEqualTo(Difference.BODY_MISMATCH);
        assertThat(v.explanation()).contains("body does not contain /a=sendonly/");
    }

    @Test
    void branchesOfAParallelBlockWaitForNothingOfEachOther() throws Exception {
        // B answers A's request and, independently, asks C; the flow leaves the two in no order
        String xml = "<flow name='fork'><step from='A' to='B' message='REFER'/>"
                + "<parallel><branch><step from='B' to='A' message='202' cseq='REFER'/></branch>"
                + "<branch><step from='B' to='C' message='INVITE'/><step from='C' to='B' message='200' cseq='INVITE'/></branch></parallel>"
                + "<step from='B' to='A' message='NOTIFY'/></flow>";
        ExpectedFlow f = FlowLibrary.parse(new java.io.ByteArrayInputStream(xml.getBytes()), "fork.xml");
        assertThat(f.steps().get(1).isConcurrentWith(f.steps().get(2))).isTrue();
        assertThat(f.steps().get(2).isConcurrentWith(f.steps().get(3))).isFalse();
        ObservedMessage refer = hop("A", "B", request("REFER", 2, null));
        ObservedMessage accepted = hop("B", "A", response(202, "Accepted", "REFER", 2, null));
        ObservedMessage invite = hop("B", "C", request("INVITE", 1, null));
        ObservedMessage ok = hop("C", "B", response(200, "OK", "INVITE", 1, null));
        ObservedMessage notify = hop("B", "A", request("NOTIFY", 1, null));
        assertThat(compare(f, List.of(refer, invite, accepted, ok, notify)).passed()).isTrue();
        assertThat(compare(f, List.of(refer, accepted, invite, ok, notify)).passed()).isTrue();
        // after the block, both branches are behind: a NOTIFY before the 202 is out of order
        Verdict v = compare(f, List.of(refer, invite, ok, notify, accepted));
        assertThat(v.passed()).isFalse();
        assertThat(v.failedStep().number()).isEqualTo(2);
        assertThatThrownBy(() -> FlowLibrary.parse(new java.io.ByteArrayInputStream(
                "<flow name='x'><parallel><branch><step from='A' to='B' message='BYE'/></branch></parallel></flow>".getBytes()), "x.xml"))
                .hasMessageContaining("two <branch> elements or more");
    }

    @Test
    void missingHeaderIsExplained() {
        List<ObservedMessage> in = replace(Fixtures.registration(), 3,
                hop("S-CSCF#1", "I-CSCF#1", response(401, "Unauthorized", "REGISTER", 1, null)));
        Verdict v = compare(REGISTRATION, in);
        assertThat(v.passed()).isFalse();
        assertThat(v.difference()).isEqualTo(Difference.MISSING_HEADER);
        assertThat(v.stepsMatched()).isEqualTo(3);
        assertThat(v.failedStep().number()).isEqualTo(4);
        assertThat(v.actualIndex()).isEqualTo(4);
        assertThat(v.explanation())
                .contains("step 4: S-CSCF#1 -> I-CSCF#1 401")
                .contains("found:    message 4 of 12: S-CSCF#1 -> I-CSCF#1 SIP/2.0 401 Unauthorized")
                .contains("problem:  missing header WWW-Authenticate");
    }

    @Test
    void forbiddenHeaderIsExplained() {
        List<ObservedMessage> in = replace(Fixtures.registration(), 0,
                hop("UE#1", "P-CSCF#1", request("REGISTER", 1, null, Fixtures.CONTACT, Fixtures.PATH)));
        Verdict v = compare(REGISTRATION, in);
        assertThat(v.difference()).isEqualTo(Difference.FORBIDDEN_HEADER);
        assertThat(v.failedStep().number()).isEqualTo(1);
        assertThat(v.explanation()).contains("header Path present but must be absent: \"<sip:term@127.0.1.10:5060;lr>\"");
    }

    @Test
    void headerValueNotMatchingItsPatternIsExplained() {
        List<ObservedMessage> in = replace(Fixtures.registration(), 1,
                hop("P-CSCF#1", "I-CSCF#1", request("REGISTER", 1, null, Fixtures.CONTACT, "Path: <sip:term@127.0.1.10:5060>")));
        Verdict v = compare(REGISTRATION, in);
        assertThat(v.difference()).isEqualTo(Difference.HEADER_MISMATCH);
        assertThat(v.explanation()).contains("header Path value \"<sip:term@127.0.1.10:5060>\" does not match /<sip:[^>]*;lr(;[^>]*)?>/");
    }

    @Test
    void wrongDirectionIsExplained() {
        // The P-CSCF sends the REGISTER straight to the S-CSCF, skipping the I-CSCF.
        List<ObservedMessage> in = replace(Fixtures.registration(), 1,
                hop("P-CSCF#1", "S-CSCF#1", request("REGISTER", 1, null, Fixtures.CONTACT, Fixtures.PATH)));
        Verdict v = compare(REGISTRATION, in);
        assertThat(v.difference()).isEqualTo(Difference.WRONG_DIRECTION);
        assertThat(v.failedStep().number()).isEqualTo(2);
        assertThat(v.explanation()).contains("wrong direction: REGISTER expected from P-CSCF#1 to I-CSCF#1, found from P-CSCF#1 to S-CSCF#1");
        // A reversed hop says so.
        List<ObservedMessage> reversed = replace(Fixtures.registration(), 0,
                hop("P-CSCF#1", "UE#1", request("REGISTER", 1, null, Fixtures.CONTACT)));
        assertThat(compare(REGISTRATION, reversed).explanation()).contains("wrong direction (reversed)");
    }

    @Test
    void wrongMessageIsExplained() {
        List<ObservedMessage> in = replace(Fixtures.registration(), 3,
                hop("S-CSCF#1", "I-CSCF#1", response(403, "Forbidden", "REGISTER", 1, null)));
        Verdict v = compare(REGISTRATION, in);
        assertThat(v.difference()).isEqualTo(Difference.WRONG_MESSAGE);
        assertThat(v.explanation()).contains("wrong message: expected 401, found 403 Forbidden (REGISTER)");
    }

    @Test
    void missingMessageAtTheEndIsExplained() {
        List<ObservedMessage> in = new ArrayList<>(Fixtures.registration());
        in.remove(11);
        in.remove(10);
        Verdict v = compare(REGISTRATION, in);
        assertThat(v.difference()).isEqualTo(Difference.MISSING_STEPS);
        assertThat(v.stepsMatched()).isEqualTo(10);
        assertThat(v.failedStep().number()).isEqualTo(11);
        assertThat(v.actual()).isNull();
        assertThat(v.explanation()).contains("step 11: I-CSCF#1 -> P-CSCF#1 200 (REGISTER)",
                "the capture ended after 10 compared messages", "missing steps at the end: 2 mandatory steps from step 11 to step 12");
    }

    @Test
    void missingMessageInTheMiddleShowsWhatCameInstead() {
        List<ObservedMessage> in = new ArrayList<>(Fixtures.registration());
        in.remove(4); // the I-CSCF never forwards the 401, yet the P-CSCF sends one
        Verdict v = compare(REGISTRATION, in);
        assertThat(v.difference()).isEqualTo(Difference.WRONG_DIRECTION);
        assertThat(v.failedStep().number()).isEqualTo(5);
        assertThat(v.explanation()).contains("found from P-CSCF#1 to UE#1");
    }

    @Test
    void extraMessageAtTheEndIsExplained() {
        List<ObservedMessage> in = new ArrayList<>(Fixtures.registration());
        in.add(hop("UE#1", "P-CSCF#1", request("REGISTER", 5, null, Fixtures.CONTACT)));
        Verdict v = compare(REGISTRATION, in);
        assertThat(v.passed()).isFalse();
        assertThat(v.difference()).isEqualTo(Difference.EXTRA_MESSAGE);
        assertThat(v.stepsMatched()).isEqualTo(12);
        assertThat(v.actualIndex()).isEqualTo(13);
        assertThat(v.explanation()).contains("unexpected extra message at the end: message 13 of 13 compared, UE#1 -> P-CSCF#1 REGISTER sip:bob@domain2.com SIP/2.0");
    }

    @Test
    void callPassesAndMissingRecordRouteEntriesAreCaught() {
        ExpectedFlow call = FlowLibrary.load("mo-mt-call");
        List<ObservedMessage> ok = Fixtures.call();
        Verdict v = compare(call, ok);
        assertThat(v.passed()).as(v.explanation()).isTrue();
        assertThat(v.stepsMatched()).isEqualTo(36);

        // I-CSCF#2 does not record-route: the INVITE to S-CSCF#2 has 2 entries where 3 are expected.
        SipMessage invite = ok.get(3).message().withoutHeader("Record-Route")
                .withHeaderLast("Record-Route", "<sip:127.0.1.12:5060;lr>").withHeaderLast("Record-Route", "<sip:127.0.1.10:5060;lr>");
        Verdict bad = compare(call, replace(ok, 3, hop("I-CSCF#2", "S-CSCF#2", invite)));
        assertThat(bad.difference()).isEqualTo(Difference.HEADER_MISMATCH);
        assertThat(bad.failedStep().number()).isEqualTo(4);
        assertThat(bad.explanation()).contains("header Record-Route has 2 values, at least 3 expected");

        // An INVITE without SDP.
        SipMessage noSdp = ok.get(0).message().withBody(null, new byte[0]);
        Verdict body = compare(call, replace(ok, 0, hop("UE#1", "P-CSCF#1", noSdp)));
        assertThat(body.difference()).isEqualTo(Difference.BODY_MISMATCH);
        assertThat(body.explanation()).contains("missing body (application/sdp)");
    }

    @Test
    void deregistrationPassesWithAndWithoutTheChallenge() {
        ExpectedFlow dereg = FlowLibrary.load("deregistration");
        Verdict direct = compare(dereg, Fixtures.deregistration(false));
        assertThat(direct.passed()).as(direct.explanation()).isTrue();
        assertThat(direct.stepsMatched()).isEqualTo(6);
        Verdict challenged = compare(dereg, Fixtures.deregistration(true));
        assertThat(challenged.passed()).as(challenged.explanation()).isTrue();
        assertThat(challenged.stepsMatched()).isEqualTo(12);
    }

    @Test
    void optionalStepThatHappensMustStillHoldInFull() {
        ExpectedFlow dereg = FlowLibrary.load("deregistration");
        List<ObservedMessage> in = replace(Fixtures.deregistration(true), 3,
                hop("S-CSCF#1", "I-CSCF#1", response(401, "Unauthorized", "REGISTER", 3, null)));
        Verdict v = compare(dereg, in);
        assertThat(v.difference()).isEqualTo(Difference.MISSING_HEADER);
        assertThat(v.failedStep().number()).isEqualTo(4);
        assertThat(v.explanation()).contains("(optional)", "missing header WWW-Authenticate");
    }

    @Test
    void deregistrationWithoutExpiryZeroFails() {
        ExpectedFlow dereg = FlowLibrary.load("deregistration");
        List<ObservedMessage> in = replace(Fixtures.deregistration(false), 0,
                hop("UE#1", "P-CSCF#1", request("REGISTER", 3, null, "Contact: <sip:alice@127.0.1.20:5060>;expires=600", "Expires: 600")));
        Verdict v = compare(dereg, in);
        assertThat(v.difference()).isEqualTo(Difference.HEADER_MISMATCH);
        assertThat(v.explanation()).contains("header Expires|Contact values \"600\", \"<sip:alice@127.0.1.20:5060>;expires=600\" do not match");
    }

    @Test
    void cancelledCallPasses() {
        Verdict v = compare(FlowLibrary.load("call-cancel"), Fixtures.cancelledCall());
        assertThat(v.passed()).as(v.explanation()).isTrue();
        assertThat(v.stepsMatched()).isEqualTo(24);
        assertThat(v.compared()).isEqualTo(24);
    }

    @Test
    void diameterStepsMatchCommandAndResult() throws Exception {
        ExpectedFlow rtr = FlowLibrary.parse(new java.io.ByteArrayInputStream(("<flow name='network-deregistration'>"
                + "<step from='HSS#1' to='S-CSCF#1' protocol='diameter' message='RTR'/>"
                + "<step from='S-CSCF#1' to='HSS#1' protocol='diameter' message='RTA' result='2001'/></flow>").getBytes()), "rtr.xml");
        ObservedMessage request = new ObservedMessage("HSS#1", "S-CSCF#1", null,
                new DiameterSummary("RTR", true, null, new byte[] {1}), 1);
        ObservedMessage answer = new ObservedMessage("S-CSCF#1", "HSS#1", null,
                new DiameterSummary("RTA", false, 2001L, new byte[] {2}), 2);
        assertThat(compare(rtr, List.of(request, answer)).passed()).isTrue();

        ObservedMessage refused = new ObservedMessage("S-CSCF#1", "HSS#1", null,
                new DiameterSummary("RTA", false, 5001L, new byte[] {3}), 2);
        Verdict v = compare(rtr, List.of(request, refused));
        assertThat(v.passed()).isFalse();
        assertThat(v.difference()).isEqualTo(Difference.WRONG_MESSAGE);
        assertThat(v.explanation()).contains("expected Diameter RTA 2001, found Diameter RTA 5001");
    }

    @Test
    void aDiameterStepWithHeaderRulesIsALoadError() {
        assertThatThrownBy(() -> FlowLibrary.parse(new java.io.ByteArrayInputStream(("<flow name='f'><step from='A' to='B' "
                + "protocol='diameter' message='MAR'><header name='Via'/></step></flow>").getBytes()), "t.xml"))
                .hasMessageContaining("a Diameter step takes no <header> or <body> rules");
    }
}
