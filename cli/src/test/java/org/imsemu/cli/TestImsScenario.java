package org.imsemu.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.imsemu.aka.AkaNonce;
import org.imsemu.aka.SippAkaText;
import org.imsemu.capture.CaptureBus;
import org.imsemu.scenario.Scenario;
import org.imsemu.scenario.ScenarioLoader;
import org.imsemu.sip.message.SipResponse;

/**
 * One IMS operator for the tests with external peers, on addresses of its own (never the default
 * scenario's): domain {@code homeN.test} on 127.0.N.0/24 with pcscf .10, icscf .20, scscf .30 and hss
 * .40 (Diameter 3868), the DNS on 127.0.69.N:53.
 *
 * <p>Subscribers: ann (IMS AKA) and dan (Digest MD5, password dan-secret), plus the AKA range
 * aka1..aka{@value #AKA_RANGE}. SIPp takes aka_K, aka_OP and aka_AMF as the raw octets of the text it is
 * given, so the AKA subscribers' K, OP and AMF are the octets of printable text ({@link #K_TEXT}...): the
 * same secret is then written as text for SIPp and as hex for the HSS.
 */
record TestImsScenario(int n) {
    static final String K_TEXT = "imsemu-aka-key01";
    static final String OP_TEXT = "imsemu-aka-op-01";
    static final String AMF_TEXT = "AB";
    static final int AKA_RANGE = 50;

    String domain() {
        return "home" + n + ".test";
    }

    String address(int host) {
        return "127.0." + n + "." + host;
    }

    String pcscf() {
        return address(10) + ":5060";
    }

    String hssAddress() {
        return address(40);
    }

    String hssHost() {
        return "hss." + domain();
    }

    String dnsAddress() {
        return "127.0.69." + n;
    }

    /**
     * SIPp (not started yet) registering {@code user} with IMS AKA from {@code ueIp}:5060 through the
     * P-CSCF, its USIM holding K text {@code kText}; {@code checks}/{@code references} go into the final
     * response's {@code <recv>} (see ims-register-aka.xml).
     */
    Sipp registerAka(Path workDir, String ueIp, String user, String kText, int finalStatus, String checks, String references) {
        String d = domain();
        Map<String, String> placeholders = Map.of("DOMAIN", d, "IMPU", "sip:" + user + "@" + d, "IMPI", user + "@" + d,
                "USER", user, "K", kText, "OP", OP_TEXT, "AMF", AMF_TEXT,
                "FINAL", Integer.toString(finalStatus), "CHECKS", checks, "REFERENCES", references);
        // No BYE when a refused REGISTER aborts the call (SIPp's default): its answer would arrive during the
        // next attempt, from the same port, as a message SIPp cannot place, and fail that attempt.
        return new Sipp(workDir, "ims-register-aka.xml", placeholders)
                .arg("-default_behaviors", "all,-bye", "-i", ueIp, "-p", "5060", "-m", "1", pcscf());
    }

    /**
     * Registers {@code user} with SIPp's AKA from {@code ueIp}:5060 and returns the capture-bus mark taken
     * just before the successful attempt.
     *
     * <p>SIPp 3.6.1 uses RES as a C string: when one of RES's 8 octets is 0 (about 3 % of challenges) it
     * hashes a truncated password and the S-CSCF rightly answers 403. Only then is the registration
     * retried (a new challenge has a new RAND, so a new RES): any other failure fails the test, and so
     * does a 403 for a RES without a zero octet.
     */
    long registeredWithAka(CaptureBus bus, Path workDir, String ueIp, String user, String checks, String references)
            throws Exception {
        StringBuilder history = new StringBuilder();
        for (int attempt = 1; attempt <= 4; attempt++) {
            Path d = Files.createDirectories(workDir.resolve(user + "-" + attempt));
            long mark = bus.mark();
            Sipp reg = registerAka(d, ueIp, user, K_TEXT, 200, checks, references).start();
            int exit = reg.await(60);
            if (exit == 0 && reg.errors().isEmpty()) return mark;
            Captured c = Captured.since(bus, mark);
            String ue = ueIp + ":5060";
            List<SipResponse> challenges = c.responses(401, "pcscf", ue);
            boolean refused = c.statusesTo(ue, "REGISTER").contains(403);
            if (!refused || challenges.isEmpty() || !resHasZeroOctet(challenges.get(0).authHeader("WWW-Authenticate").param("nonce"))) {
                throw new AssertionError("SIPp AKA REGISTER of " + user + " failed (exit " + exit + ")\n" + history
                        + reg.output() + reg.messages() + reg.errors());
            }
            history.append("attempt ").append(attempt).append(": 403 for a RES with a zero octet (SIPp 3.6.1)\n");
        }
        throw new AssertionError("SIPp AKA REGISTER of " + user + " failed 4 times:\n" + history);
    }

    /** Whether the RES a USIM with this scenario's keys computes for this nonce has an octet 0. */
    static boolean resHasZeroOctet(String nonce) {
        byte[] rand = AkaNonce.decode(nonce.replace("\"", "")).rand();
        for (byte b : SippAkaText.keys(K_TEXT, OP_TEXT).milenage().f2345(rand).res()) {
            if (b == 0) return true;
        }
        return false;
    }

    Scenario load() {
        String d = domain();
        String keys = " k=\"" + SippAkaText.hexOf(K_TEXT, 16, "K") + "\" op=\"" + SippAkaText.hexOf(OP_TEXT, 16, "OP")
                + "\" amf=\"" + SippAkaText.hexOf(AMF_TEXT, 2, "AMF") + "\"";
        String xml = "<scenario name=\"peers" + n + "\">\n"
                + "  <net name=\"dnsnet\" ipv4=\"127.0.69.0/24\"/>\n"
                + "  <net name=\"homenet\" ipv4=\"127.0." + n + ".0/24\"/>\n"
                + "  <node name=\"dns\" role=\"dns\" net=\"dnsnet\" address=\"" + dnsAddress() + "\" port=\"53\"/>\n"
                + "  <domain name=\"" + d + "\" net=\"homenet\">\n"
                + "    <node name=\"pcscf\" role=\"pcscf\" address=\"" + address(10) + "\"/>\n"
                + "    <node name=\"icscf\" role=\"icscf\" address=\"" + address(20) + "\"/>\n"
                + "    <node name=\"scscf\" role=\"scscf\" address=\"" + address(30) + "\"/>\n"
                + "    <node name=\"hss\" role=\"hss\" address=\"" + hssAddress() + "\"/>\n"
                + "    <subscriber impu=\"sip:ann@" + d + "\" impi=\"ann@" + d + "\"" + keys + "/>\n"
                + "    <subscriber impu=\"sip:dan@" + d + "\" impi=\"dan@" + d + "\" password=\"dan-secret\"/>\n"
                + "    <subscribers prefix=\"aka\" from=\"1\" to=\"" + AKA_RANGE + "\"" + keys + "/>\n"
                + "  </domain>\n"
                + "</scenario>\n";
        return ScenarioLoader.load("peers" + n + ".xml", xml.getBytes(StandardCharsets.UTF_8));
    }
}
