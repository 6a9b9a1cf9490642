package org.imsemu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.imsemu.capture.CaptureBus;
import org.imsemu.capture.CaptureEvent;
import org.imsemu.capture.Protocol;
import org.imsemu.capture.Transport;
import org.imsemu.conformance.FlowComparator;
import org.imsemu.conformance.FlowLibrary;
import org.imsemu.conformance.ObservedMessage;
import org.imsemu.conformance.Verdict;
import org.imsemu.runtime.ImsNetwork;
import org.imsemu.scenario.ScenarioLoader;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance of release 1 by a SIP implementation nobody here wrote: SIPp registers with Digest MD5
 * through the P-CSCFs of the default scenario (two-domains.xml, every node in this JVM, the CSCFs asking
 * their HSS over Diameter) and calls from
 * domain1.com to domain2.com over UDP and TCP. SIPp checks what it receives (-trace_err must stay
 * empty); the capture bus shows which nodes each request went through.
 *
 * <p>The P-CSCF knows a UE by the address it registered from, so each SIPp UE registers and then calls
 * (or answers, as a second SIPp process) from the same address and port.
 */
class ImsSippInteropTest {
    static final String UE1 = "127.0.1.200";
    static final String UE2 = "127.0.2.200";
    static final int UE_PORT = 5060;
    static final String PCSCF1 = "127.0.1.10:5060";
    static final String PCSCF2 = "127.0.2.10:5060";
    static final String UE1_NAME = UE1 + ":" + UE_PORT; // how the capture bus names an external peer
    static final String UE2_NAME = UE2 + ":" + UE_PORT;

    @TempDir
    Path dir;

    CaptureBus bus;
    ImsNetwork net;

    @BeforeAll
    static void sippInstalled() {
        Sipp.requireInstalled();
    }

    /** A fresh network per test: registrations of one test must not fork another test's calls. */
    @BeforeEach
    void startNetwork() {
        bus = new CaptureBus();
        net = ImsNetwork.start(ScenarioLoader.loadDefault(), bus, ImsNetwork.Options.defaults());
    }

    @AfterEach
    void stopNetwork() {
        if (net != null) net.close();
        if (bus != null) bus.close();
    }

    /** A SIPp UE of {@code domain} (domain1.com or domain2.com) registering through its P-CSCF. */
    private Sipp register(String transport, String ip, String user, String domain, String password, int finalStatus) {
        String n = domain.substring("domain".length(), domain.indexOf('.'));
        String checks = "", references = "";
        if (finalStatus == 200) {
            checks = "    <action>\n"
                    + "      <ereg regexp=\"sip:orig@scscf" + n + "\\.domain" + n + "\\.com;lr\" search_in=\"hdr\""
                    + " header=\"Service-Route:\" check_it=\"true\" assign_to=\"sr\"/>\n"
                    + "      <ereg regexp=\"sip:term@pcscf" + n + "\\.domain" + n + "\\.com;lr\" search_in=\"hdr\""
                    + " header=\"Path:\" check_it=\"true\" assign_to=\"path\"/>\n"
                    + "      <ereg regexp=\"expires=\" search_in=\"hdr\" header=\"Contact:\" check_it=\"true\" assign_to=\"bound\"/>\n"
                    + "    </action>";
            references = "  <Reference variables=\"sr,path,bound\"/>";
        }
        Map<String, String> placeholders = Map.of("DOMAIN", domain, "IMPU", "sip:" + user + "@" + domain,
                "IMPI", user + "@" + domain, "USER", user, "PASSWORD", password, "FINAL", Integer.toString(finalStatus),
                "CHECKS", checks, "REFERENCES", references);
        return new Sipp(dir, "ims-register.xml", placeholders)
                .arg("-t", transport, "-i", ip, "-p", Integer.toString(UE_PORT), "-m", "1",
                        domain.startsWith("domain1") ? PCSCF1 : PCSCF2);
    }

    private void registered(String transport, String ip, String user, String domain, String password) throws Exception {
        Sipp reg = register(transport, ip, user, domain, password, 200).start();
        assertThat(reg.await(60)).as("SIPp REGISTER of %s@%s exit status\n%s", user, domain, reg.output() + reg.messages()).isZero();
        assertThat(reg.errors()).as("SIPp -trace_err").isEmpty();
    }

    @Test
    void registersWithDigestThroughPcscfIcscfScscf() throws Exception {
        long mark = bus.mark();
        registered("u1", UE1, "alice", "domain1.com", "alice-secret");

        List<CaptureEvent> events = bus.since(mark);
        assertThat(hops(events, r -> r.isMethod("REGISTER")))
                .containsExactly(UE1_NAME + " -> pcscf1", "pcscf1 -> icscf1", "icscf1 -> scscf1");
        assertThat(statusesTo(events, UE1_NAME, "REGISTER")).containsExactly(401, 200);
        assertThat(firstSenderOf(events, 401)).isEqualTo("scscf1");
        // Cx: the I-CSCF asks where to register (UAR), the S-CSCF for credentials (MAR) and to register (SAR)
        assertThat(diameterHops(events)).contains("icscf1 -> hss1", "scscf1 -> hss1");
    }

    @Test
    void wrongPasswordIsRefusedAfterTheChallengeAndLeavesNoRegistration() throws Exception {
        long mark = bus.mark();
        Sipp bad = register("u1", UE1, "alice", "domain1.com", "not-alice-secret", 403).start();
        assertThat(bad.await(60)).as("SIPp wrong-password REGISTER\n%s", bad.output() + bad.messages()).isZero();
        assertThat(bad.errors()).as("SIPp -trace_err").isEmpty();
        assertThat(statusesTo(bus.since(mark), UE1_NAME, "REGISTER")).containsExactly(401, 403);
        assertThat(firstSenderOf(bus.since(mark), 403)).isEqualTo("scscf1");

        // the P-CSCF learnt nothing: a call from that address is not served
        refused(UE1, "sip:bob@domain2.com", 403);
    }

    @Test
    void callFromDomain1ToDomain2OverUdp() throws Exception {
        callThroughBothDomains("u1", Transport.UDP, "alice", "alice-secret", "bob", "bob-secret");
    }

    @Test
    void callFromDomain1ToDomain2OverTcp() throws Exception {
        callThroughBothDomains("t1", Transport.TCP, "user1", "secret", "user2", "secret");
    }

    /**
     * Issue 5, element 1: SIPp UEs of both operators run the TS 24.228 7.2 flow with preconditions (Require:
     * 100rel, precondition): reliable 183 and 180 each acknowledged by PRACK with the right RAck, UPDATE when
     * the caller's QoS is met; SIPp checks RSeq, RAck and the SDP status lines on both sides, the capture
     * shows every PRACK and UPDATE on the dialog's Record-Route path.
     */
    @Test
    void preconditionCallWithPrackAndUpdateFromDomain1ToDomain2() throws Exception {
        List<CaptureEvent> call = callThroughBothDomains("u1", Transport.UDP, "alice", "alice-secret", "bob", "bob-secret",
                "ims-uac-prack.xml", "ims-uas-prack.xml");
        List<String> path = List.of(UE1_NAME + " -> pcscf1", "pcscf1 -> scscf1", "scscf1 -> icscf2",
                "icscf2 -> scscf2", "scscf2 -> pcscf2", "pcscf2 -> " + UE2_NAME);
        for (String rack : List.of("1 1 INVITE", "2 1 INVITE")) {
            assertThat(hops(call, r -> r.isMethod("PRACK") && rack.equals(r.header("RAck"))))
                    .as("PRACK with RAck %s", rack).containsExactlyElementsOf(path);
        }
        assertThat(hops(call, r -> r.isMethod("UPDATE"))).as("UPDATE path").containsExactlyElementsOf(path);
        assertThat(hops(call, r -> r.isMethod("ACK"))).as("ACK path").containsExactlyElementsOf(path);

        // and the whole exchange is the TS 24.228 flow with preconditions, message for message
        Map<String, String> roles = new java.util.LinkedHashMap<>();
        roles.put(UE1_NAME, "UE#1");
        for (String n : List.of("pcscf1", "scscf1", "icscf2", "scscf2", "pcscf2")) {
            roles.put(n, n.substring(0, 1).toUpperCase() + "-CSCF#" + n.charAt(n.length() - 1));
        }
        roles.put(UE2_NAME, "UE#2");
        List<CaptureEvent> withoutRegEvent = call.stream().filter(e -> {
            SipMessage m = parse(e);
            return m == null || !List.of("SUBSCRIBE", "NOTIFY").contains(m.cseq().method());
        }).toList();
        Verdict v = FlowComparator.compare(FlowLibrary.load("mo-mt-call-preconditions"),
                ObservedMessage.fromCapture(withoutRegEvent, roles, bus));
        assertThat(v.passed()).as("%s", v).isTrue();
    }

    /**
     * Issue 5, element 9 from outside: a SIPp transferor REFERs its callee (a SIPp UAS of the other operator)
     * to a third party; REFER, 202 and both NOTIFYs of the implicit subscription (message/sipfrag 100 then
     * 200, terminated) cross both operators on the dialog's path. SIPp checks Event, Refer-To, Referred-By,
     * the sipfrag bodies and Subscription-State.
     */
    @Test
    void referAndItsNotifiesCrossBothDomains() throws Exception {
        List<CaptureEvent> call = callThroughBothDomains("u1", Transport.UDP, "alice", "alice-secret", "bob", "bob-secret",
                "ims-uac-refer.xml", "ims-uas-refer.xml");
        List<String> forward = List.of(UE1_NAME + " -> pcscf1", "pcscf1 -> scscf1", "scscf1 -> icscf2",
                "icscf2 -> scscf2", "scscf2 -> pcscf2", "pcscf2 -> " + UE2_NAME);
        List<String> back = new java.util.ArrayList<>();
        for (int i = forward.size() - 1; i >= 0; i--) {
            String[] hop = forward.get(i).split(" -> ");
            back.add(hop[1] + " -> " + hop[0]);
        }
        assertThat(hops(call, r -> r.isMethod("REFER"))).as("REFER path").containsExactlyElementsOf(forward);
        assertThat(hops(call, r -> r.isMethod("NOTIFY") && r.header("Event").strip().startsWith("refer"))) // not the reg event's
                .as("NOTIFY path, callee to caller").containsExactlyElementsOf(back);
        assertThat(statusesTo(call, UE1_NAME, "REFER")).containsExactly(202);
    }

    private void callThroughBothDomains(String transport, Transport expected, String caller, String callerPassword,
                                        String callee, String calleePassword) throws Exception {
        callThroughBothDomains(transport, expected, caller, callerPassword, callee, calleePassword, "ims-uac.xml", "uas.xml");
    }

    /**
     * Callee registers (SIPp process 1), answers as a SIPp UAS on the same socket (2); caller registers and calls
     * (3, 4). Returns what was captured during the call.
     */
    private List<CaptureEvent> callThroughBothDomains(String transport, Transport expected, String caller, String callerPassword,
                                                      String callee, String calleePassword, String uacScenario,
                                                      String uasScenario) throws Exception {
        registered(transport, UE2, callee, "domain2.com", calleePassword);
        Sipp uas = new Sipp(dir, uasScenario).arg("-t", transport, "-i", UE2, "-p", Integer.toString(UE_PORT), "-m", "1").start();
        try {
            Sipp.awaitListening(UE2, UE_PORT, transport.equals("t1"), 30);
            registered(transport, UE1, caller, "domain1.com", callerPassword);

            long mark = bus.mark();
            Sipp uac = new Sipp(dir, uacScenario).key("target", "sip:" + callee + "@domain2.com")
                    .key("refer_to", "sip:dave@domain2.com")
                    .key("caller", "sip:" + caller + "@domain1.com")
                    .arg("-t", transport, "-i", UE1, "-p", Integer.toString(UE_PORT), "-m", "1", PCSCF1).start();
            assertThat(uac.await(60)).as("SIPp UAC exit status\n%s", uac.output() + uac.messages()).isZero();
            assertThat(uas.await(60)).as("SIPp UAS exit status\n%s", uas.output() + uas.messages()).isZero();
            assertThat(uac.errors() + uas.errors()).as("SIPp -trace_err").isEmpty();

            List<CaptureEvent> call = bus.since(mark);
            List<String> path = List.of(UE1_NAME + " -> pcscf1", "pcscf1 -> scscf1", "scscf1 -> icscf2",
                    "icscf2 -> scscf2", "scscf2 -> pcscf2", "pcscf2 -> " + UE2_NAME);
            assertThat(hops(call, r -> r.isMethod("INVITE"))).as("INVITE path").containsExactlyElementsOf(path);
            assertThat(hops(call, r -> r.isMethod("ACK"))).as("ACK path").containsExactlyElementsOf(path);
            assertThat(hops(call, r -> r.isMethod("BYE"))).as("BYE path").containsExactlyElementsOf(path);
            assertThat(call).filteredOn(e -> !bus.nameOf(e.source()).matches("[a-z]+[0-9]")
                            || !bus.nameOf(e.destination()).matches("[a-z]+[0-9]"))
                    .as("transport between the SIPp UEs and their P-CSCFs").isNotEmpty()
                    .allMatch(e -> e.transport() == expected);
            return call;
        } finally {
            uas.kill();
        }
    }

    /** Issue 5, element 4: a page-mode MESSAGE between two SIPp UEs of different operators. */
    @Test
    void messageFromDomain1ToDomain2() throws Exception {
        registered("u1", UE2, "bob", "domain2.com", "bob-secret");
        Sipp uas = new Sipp(dir, "ims-message-uas.xml").arg("-t", "u1", "-i", UE2, "-p", Integer.toString(UE_PORT), "-m", "1").start();
        try {
            Sipp.awaitListening(UE2, UE_PORT, false, 30);
            registered("u1", UE1, "alice", "domain1.com", "alice-secret");

            long mark = bus.mark();
            Sipp uac = new Sipp(dir, "ims-message-uac.xml").key("target", "sip:bob@domain2.com")
                    .key("caller", "sip:alice@domain1.com")
                    .arg("-t", "u1", "-i", UE1, "-p", Integer.toString(UE_PORT), "-m", "1", PCSCF1).start();
            assertThat(uac.await(60)).as("SIPp UAC exit status\n%s", uac.output() + uac.messages()).isZero();
            assertThat(uas.await(60)).as("SIPp UAS exit status\n%s", uas.output() + uas.messages()).isZero();
            assertThat(uac.errors() + uas.errors()).as("SIPp -trace_err").isEmpty();
            assertThat(hops(bus.since(mark), r -> r.isMethod("MESSAGE"))).as("MESSAGE path").containsExactly(
                    UE1_NAME + " -> pcscf1", "pcscf1 -> scscf1", "scscf1 -> icscf2", "icscf2 -> scscf2", "scscf2 -> pcscf2",
                    "pcscf2 -> " + UE2_NAME);
        } finally {
            uas.kill();
        }
    }

    @Test
    void unregisteredCallerIsRefusedByItsPcscf() throws Exception {
        long mark = bus.mark();
        refused(UE1, "sip:bob@domain2.com", 403);
        List<CaptureEvent> events = bus.since(mark);
        assertThat(hops(events, r -> r.isMethod("INVITE"))).containsExactly(UE1_NAME + " -> pcscf1");
        assertThat(firstSenderOf(events, 403)).isEqualTo("pcscf1");
    }

    /**
     * The terminating I-CSCF asks the callee's HSS (Cx LIR) and refuses itself (TS 24.229 5.3.2.1): 404
     * for a user the HSS does not know, 480 for one registered nowhere without unregistered services.
     */
    @Test
    void callsToUnknownAndToUnregisteredUsersAreRefusedByTheTerminatingIcscf() throws Exception {
        registered("u1", UE1, "alice", "domain1.com", "alice-secret");
        List<String> toIcscf2 = List.of(UE1_NAME + " -> pcscf1", "pcscf1 -> scscf1", "scscf1 -> icscf2");

        long mark = bus.mark();
        refused(UE1, "sip:nobody@domain2.com", 404);
        assertThat(hops(bus.since(mark), r -> r.isMethod("INVITE"))).containsExactlyElementsOf(toIcscf2);
        assertThat(firstSenderOf(bus.since(mark), 404)).isEqualTo("icscf2");
        assertThat(diameterHops(bus.since(mark))).contains("icscf2 -> hss2", "hss2 -> icscf2");

        mark = bus.mark();
        refused(UE1, "sip:user7@domain2.com", 480);
        assertThat(hops(bus.since(mark), r -> r.isMethod("INVITE"))).containsExactlyElementsOf(toIcscf2);
        assertThat(firstSenderOf(bus.since(mark), 480)).isEqualTo("icscf2");
        assertThat(diameterHops(bus.since(mark))).contains("icscf2 -> hss2", "hss2 -> icscf2");
    }

    /** A SIPp UAC at {@code ip} calls {@code target} as alice and must get exactly {@code status}. */
    private void refused(String ip, String target, int status) throws Exception {
        Sipp uac = new Sipp(dir, "ims-uac-refused.xml", Map.of("STATUS", Integer.toString(status)))
                .key("target", target).key("caller", "sip:alice@domain1.com")
                .arg("-i", ip, "-p", Integer.toString(UE_PORT), "-m", "1", PCSCF1).start();
        assertThat(uac.await(60)).as("SIPp UAC expecting %d for %s\n%s", status, target, uac.output() + uac.messages()).isZero();
        assertThat(uac.errors()).as("SIPp -trace_err").isEmpty();
    }

    /** "sender -> receiver" of each request matching {@code which}, in order, each hop once (retransmissions). */
    private List<String> hops(List<CaptureEvent> events, Predicate<SipRequest> which) {
        Set<String> out = new LinkedHashSet<>();
        for (CaptureEvent e : events) {
            if (parse(e) instanceof SipRequest r && which.test(r)) {
                out.add(bus.nameOf(e.source()) + " -> " + bus.nameOf(e.destination()));
            }
        }
        return new ArrayList<>(out);
    }

    /** "sender -> receiver" of each Diameter message, in order, each pair once. */
    private List<String> diameterHops(List<CaptureEvent> events) {
        Set<String> out = new LinkedHashSet<>();
        for (CaptureEvent e : events) {
            if (e.protocol() == Protocol.DIAMETER) out.add(bus.nameOf(e.source()) + " -> " + bus.nameOf(e.destination()));
        }
        return new ArrayList<>(out);
    }

    /** Final statuses of {@code method} responses sent to {@code receiver}, in order, retransmissions once. */
    private List<Integer> statusesTo(List<CaptureEvent> events, String receiver, String method) {
        Set<String> seen = new LinkedHashSet<>();
        List<Integer> out = new ArrayList<>();
        for (CaptureEvent e : events) {
            if (parse(e) instanceof SipResponse r && r.status() >= 200 && r.cseq().method().equals(method)
                    && bus.nameOf(e.destination()).equals(receiver) && seen.add(r.cseq().number() + " " + r.status())) {
                out.add(r.status());
            }
        }
        return out;
    }

    /** The node that first sent a response with {@code status}: the one that refused. */
    private String firstSenderOf(List<CaptureEvent> events, int status) {
        for (CaptureEvent e : events) {
            if (parse(e) instanceof SipResponse r && r.status() == status) return bus.nameOf(e.source());
        }
        return null;
    }

    /** The SIP message of an event; null for the other protocols on the bus (Diameter, DNS). */
    private static SipMessage parse(CaptureEvent e) {
        return e.protocol() == Protocol.SIP ? SipParser.parse(e.bytes()) : null;
    }
}
