package org.imsemu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.imsemu.capture.CaptureBus;
import org.imsemu.runtime.ImsNetwork;
import org.imsemu.sip.header.AuthHeader;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IMS AKA (Digest AKAv1-MD5, RFC 3310) with a USIM nobody here wrote: SIPp's {@code [authentication
 * aka_K= aka_OP= aka_AMF=]} registers through P-CSCF, I-CSCF and S-CSCF, the S-CSCF fetching the vector
 * from the HSS with MAR. SIPp checks the network's MAC itself, so a wrong K in SIPp stops SIPp before it
 * answers; a wrong RES (a hand-written Authorization) gets 403 from the S-CSCF.
 *
 * <p>One network for the class ({@link TestImsScenario} 61: home61.test on 127.0.61.x); each test uses
 * its own subscribers, and the SIPp UE is always 127.0.61.200:5060.
 */
class ImsAkaSippTest {
    static final TestImsScenario S = new TestImsScenario(61);
    static final String UE = S.address(200);
    static final int UE_PORT = 5060;
    static final String UE_NAME = UE + ":" + UE_PORT;

    static CaptureBus bus;
    static ImsNetwork net;

    @TempDir
    Path dir;

    @BeforeAll
    static void startNetwork() {
        Sipp.requireInstalled();
        bus = new CaptureBus();
        net = ImsNetwork.start(S.load(), bus, ImsNetwork.Options.defaults());
    }

    @AfterAll
    static void stopNetwork() {
        if (net != null) net.close();
        if (bus != null) bus.close();
    }

    /** Registers {@code user} (its USIM right); returns the bus mark of the successful attempt. */
    private long registeredWithAka(String user) throws Exception {
        String checks = "", references = "";
        String d = S.domain().replace(".", "\\.");
        checks = "    <action>\n"
                + "      <ereg regexp=\"sip:orig@scscf\\." + d + "\" search_in=\"hdr\""
                + " header=\"Service-Route:\" check_it=\"true\" assign_to=\"sr\"/>\n"
                + "      <ereg regexp=\"sip:term@pcscf\\." + d + "\" search_in=\"hdr\""
                + " header=\"Path:\" check_it=\"true\" assign_to=\"path\"/>\n"
                + "    </action>";
        references = "  <Reference variables=\"sr,path\"/>";
        return S.registeredWithAka(bus, dir, UE, user, checks, references);
    }

    @Test
    void registersWithAkaThroughPcscfIcscfScscf() throws Exception {
        long mark = registeredWithAka("ann");

        Captured c = Captured.since(bus, mark);
        assertThat(c.hops(r -> r.isMethod("REGISTER"))).containsExactly(UE_NAME + " -> pcscf", "pcscf -> icscf", "icscf -> scscf");
        assertThat(c.statusesTo(UE_NAME, "REGISTER")).containsExactly(401, 200);
        assertThat(c.firstSenderOf(401)).isEqualTo("scscf");

        // the S-CSCF's challenge carries CK and IK for the P-CSCF (TS 24.229 5.4.1.2.1) ...
        List<SipResponse> fromScscf = c.responses(401, "scscf", "icscf");
        assertThat(fromScscf).isNotEmpty().allSatisfy(r -> {
            AuthHeader ch = r.authHeader("WWW-Authenticate");
            assertThat(ch.param("algorithm")).isEqualTo("AKAv1-MD5");
            assertThat(ch.param("ik")).as("ik to the I-CSCF").matches("\"?[0-9a-fA-F]{32}\"?");
            assertThat(ch.param("ck")).as("ck to the I-CSCF").matches("\"?[0-9a-fA-F]{32}\"?");
        });
        // ... which it keeps: the challenge reaching the UE has the same nonce and neither (SIPp checked it too)
        List<SipResponse> toUe = c.responses(401, "pcscf", UE_NAME);
        assertThat(toUe).isNotEmpty().allSatisfy(r -> {
            AuthHeader ch = r.authHeader("WWW-Authenticate");
            assertThat(ch.param("algorithm")).isEqualTo("AKAv1-MD5");
            assertThat(ch.param("nonce")).isEqualTo(fromScscf.get(0).authHeader("WWW-Authenticate").param("nonce"));
            assertThat(ch.param("ik")).isNull();
            assertThat(ch.param("ck")).isNull();
            assertThat(r.header("WWW-Authenticate")).doesNotContainIgnoringCase("ik=").doesNotContainIgnoringCase("ck=");
        });
        // SIPp's answer is an AKA one (RES as the Digest password), and the S-CSCF asked the HSS for vectors and registered
        List<SipRequest> answered = c.requests("REGISTER", UE_NAME).stream().filter(r -> r.cseq().number() == 2).toList();
        assertThat(answered).isNotEmpty();
        assertThat(answered.get(0).authHeader("Authorization").param("algorithm")).isEqualToIgnoringCase("AKAv1-MD5");
        assertThat(c.diameter("hss")).contains("scscf -> hss MAR", "hss -> scscf MAA 2001", "scscf -> hss SAR", "hss -> scscf SAA 2001");
    }

    @Test
    void subscriberOfAnAkaRangeRegistersWithAka() throws Exception {
        long mark = registeredWithAka("aka" + TestImsScenario.AKA_RANGE);
        assertThat(Captured.since(bus, mark).statusesTo(UE_NAME, "REGISTER")).containsExactly(401, 200);
    }

    /**
     * SIPp holding another K finds the network's MAC wrong ("MAC != eXpectedMAC") and stops without
     * answering (TS 33.102 6.3.3): no 200 ever; then the same subscriber with the right K registers.
     */
    @Test
    void wrongKInTheUeNeverGets200AndTheNetworkKeepsServing() throws Exception {
        long mark = bus.mark();
        Sipp bad = S.registerAka(dir, UE, "aka2", "imsemu-aka-key02", 200, "", "").start();
        int exit = bad.await(60);
        String said = bad.output() + bad.errors();
        assertThat(exit).as("SIPp with a wrong K\n%s", said).isNotZero();
        assertThat(said).as("SIPp's reason").contains("MAC");

        Captured c = Captured.since(bus, mark);
        assertThat(c.statusesTo(UE_NAME, "REGISTER")).containsExactly(401);
        assertThat(c.requests("REGISTER", UE_NAME)).allMatch(r -> r.cseq().number() == 1); // never answered the challenge
        assertThat(c.responses(200, "scscf", "icscf")).isEmpty();

        mark = registeredWithAka("aka2");
        assertThat(Captured.since(bus, mark).statusesTo(UE_NAME, "REGISTER")).containsExactly(401, 200);
    }

    /** An answer with the right nonce but a RES no USIM computed: 403 from the S-CSCF, and no registration. */
    @Test
    void wrongResIsRefusedWith403ByTheScscf() throws Exception {
        long mark = bus.mark();
        String d = S.domain();
        Sipp bad = new Sipp(dir, "ims-register-aka-wrong-response.xml", Map.of("DOMAIN", d, "IMPU", "sip:aka3@" + d,
                "IMPI", "aka3@" + d, "USER", "aka3", "FINAL", "403"))
                .arg("-i", UE, "-p", Integer.toString(UE_PORT), "-m", "1", S.pcscf()).start();
        assertThat(bad.await(60)).as("SIPp wrong RES\n%s", bad.output() + bad.messages()).isZero();
        assertThat(bad.errors()).as("SIPp -trace_err").isEmpty();

        Captured c = Captured.since(bus, mark);
        assertThat(c.statusesTo(UE_NAME, "REGISTER")).containsExactly(401, 403);
        assertThat(c.firstSenderOf(403)).isEqualTo("scscf");
        assertThat(c.diameter("hss")).doesNotContain("scscf -> hss SAR");

        mark = registeredWithAka("aka3");
        assertThat(Captured.since(bus, mark).statusesTo(UE_NAME, "REGISTER")).containsExactly(401, 200);
    }

    /** A Digest MD5 subscriber of the same HSS still registers with MD5 (SIPp's password=). */
    @Test
    void digestMd5SubscriberRegistersBesideAkaOnes() throws Exception {
        long mark = bus.mark();
        String d = S.domain();
        Sipp reg = new Sipp(dir, "ims-register.xml", Map.of("DOMAIN", d, "IMPU", "sip:dan@" + d, "IMPI", "dan@" + d,
                "USER", "dan", "PASSWORD", "dan-secret", "FINAL", "200", "CHECKS", "", "REFERENCES", ""))
                .arg("-i", UE, "-p", Integer.toString(UE_PORT), "-m", "1", S.pcscf()).start();
        assertThat(reg.await(60)).as("SIPp MD5 REGISTER\n%s", reg.output() + reg.messages()).isZero();
        assertThat(reg.errors()).as("SIPp -trace_err").isEmpty();

        Captured c = Captured.since(bus, mark);
        assertThat(c.statusesTo(UE_NAME, "REGISTER")).containsExactly(401, 200);
        assertThat(c.responses(401, "pcscf", UE_NAME)).isNotEmpty()
                .allSatisfy(r -> assertThat(r.authHeader("WWW-Authenticate").param("algorithm")).isEqualToIgnoringCase("MD5"));
    }
}
