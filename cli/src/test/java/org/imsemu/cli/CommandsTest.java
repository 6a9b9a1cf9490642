package org.imsemu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands as a user runs them: exit statuses, what they print and write, ports freed. */
class CommandsTest {

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int status = cl.execute(args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void checkAcceptsTheShippedScenarioAndPrintsItsNodes() {
        Run r = run("check", "two-domains.xml");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("OK").contains("pcscf1").contains("127.0.2.30");
    }

    @Test
    void checkReportsFileLineColumnAndExits2(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.xml");
        Files.writeString(bad, """
                <scenario name="x">
                  <net name="n" ipv4="127.0.70.0/24"/>
                  <node name="dns" role="dns" net="n"/>
                  <domain name="a.test" net="n">
                    <node name="p" role="pcscf"/>
                    <node name="h" role="pcrf"/>
                  </domain>
                </scenario>
                """, StandardCharsets.UTF_8);
        Run r = run("check", bad.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains(bad + ":6:5: ").contains("pcrf").contains("not built");
    }

    @Test
    void aMissingScenarioFileExits2() {
        Run r = run("demo", "/nonexistent/scenario.xml");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("no such file");
    }

    @Test
    void upServesWritesTheTopologyAndFreesEveryPortWhenItStops(@TempDir Path dir) throws Exception {
        Path topology = dir.resolve("topology.json");
        Path pcap = dir.resolve("up.pcap");
        Run r = run("up", "acme-globex.xml", "--duration", "1", "--topology-out", topology.toString(), "--pcap", pcap.toString());

        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("is serving").contains("stopped");
        String json = Files.readString(topology);
        assertThat(json).contains("\"scenario\": \"acme-globex\"").contains("\"nodes\": [").contains("\"ues\": [")
                .contains("\"sipPort\": 5060").contains("\"dnsPort\"");
        assertThat(Files.size(pcap)).as("the UEs registered, so there is traffic").isGreaterThan(24);
        // every UDP and TCP port of the scenario's hosts is free again
        for (String address : json.split("\"address\": \"")) {
            if (!Character.isDigit(address.charAt(0))) continue;
            String ip = address.substring(0, address.indexOf('"'));
            try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(InetAddress.getByName(ip), 5060));
                 ServerSocket t = new ServerSocket()) {
                t.bind(new InetSocketAddress(InetAddress.getByName(ip), 5060));
            }
        }
    }

    @Test
    void subscribersAddedWithHssSurviveARestartAndScenarioSubscribersAreNotDuplicated(@TempDir Path dir) {
        String dataDir = dir.toString();
        assertThat(run("up", "acme-globex.xml", "--duration", "0", "--no-ues", "--data-dir", dataDir).status()).isZero();
        Run added = run("hss", "add", "--data-dir", dataDir, "--domain", "acme.test", "--impi", "roadrunner@acme.test",
                "--impu", "sip:roadrunner@acme.test", "--password", "meep");
        assertThat(added.status()).as(added.err()).isZero();
        String before = lastLine(run("hss", "list", "--data-dir", dataDir, "--domain", "acme.test").out());

        assertThat(run("up", "acme-globex.xml", "--duration", "0", "--no-ues", "--data-dir", dataDir).status()).isZero();
        String after = lastLine(run("hss", "list", "--data-dir", dataDir, "--domain", "acme.test").out());
        assertThat(after).as("the count line").endsWith("subscriber(s)").isEqualTo(before);
        assertThat(run("hss", "show", "--data-dir", dataDir, "--domain", "acme.test", "roadrunner@acme.test").out())
                .contains("sip:roadrunner@acme.test");
        assertThat(run("hss", "show", "--data-dir", dataDir, "--domain", "acme.test", "wile@acme.test").status()).isZero();
    }

    private static String lastLine(String text) {
        return text.lines().reduce((a, b) -> b).orElse("");
    }

    /** The acceptance of releases 1 and 2 as a new user sees it: ./imsemu demo on the default scenario. */
    @Test
    void demoOnTheDefaultScenarioPassesEveryFlowAndWritesAPcap(@TempDir Path dir) throws Exception {
        Path pcap = dir.resolve("demo.pcap");
        Run r = run("demo", "--pcap", pcap.toString(), "--call-seconds", "0.5");

        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("call alice -> bob: INVITE path alice -> pcscf1 -> scscf1 -> icscf2 -> scscf2 -> pcscf2 -> bob")
                .contains("call carol -> dave: INVITE path carol -> pcscf1 -> scscf1 -> logger1 -> scscf1 -> icscf2 -> scscf2"
                        + " -> cfw2 -> scscf2 -> pcscf2 -> dave")
                .contains("registration-aka: PASS").contains("mo-mt-call-as: PASS").contains("MAR").contains("SAA 2001")
                .doesNotContain("FAIL").endsWith("PASS" + System.lineSeparator());
        assertThat(r.out().lines().filter(l -> l.contains("tone heard"))).hasSize(4);
        assertThat(Files.size(pcap)).isGreaterThan(10_000);
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[] {"demo", "up", "check", "ue", "hss", "sip-proxy"}) {
            Run r = run(cmd, "--help");
            assertThat(r.status()).as(cmd).isZero();
            assertThat(r.out()).as(cmd).contains("Usage: imsemu " + cmd);
        }
    }
}
