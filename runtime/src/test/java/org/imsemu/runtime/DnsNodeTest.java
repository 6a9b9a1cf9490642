package org.imsemu.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imsemu.capture.CaptureBus;
import org.imsemu.scenario.Domain;
import org.imsemu.scenario.Node;
import org.imsemu.scenario.Role;
import org.imsemu.scenario.Scenario;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The scenario's DNS node as dig sees it, and where it goes when port 53 is not to be had. */
class DnsNodeTest {
    private static final String DIG = "/usr/bin/dig";
    private static final Scenario SCENARIO = TestScenarios.ipv4("rt-dns");

    /** Queries of a running network, on port 53. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Answers {
        CaptureBus bus;
        ImsNetwork net;

        @BeforeAll
        void start() {
            bus = new CaptureBus();
            net = ImsNetwork.start(SCENARIO, bus, ImsNetwork.Options.defaults());
        }

        @AfterAll
        void stop() {
            net.close();
            bus.close();
        }

        @Test
        void servesOnTheScenarioAddressAndPort53() {
            assertThat(net.dnsAddress()).isEqualTo(SCENARIO.dns().socketAddress());
            assertThat(net.dnsAddress().getPort()).isEqualTo(53);
            assertThat(net.notices()).isEmpty();
        }

        @Test
        void naptrOfEachDomainLeadsToSipOverUdpAndTcpAtItsIcscf() throws Exception {
            for (Domain d : SCENARIO.domains()) {
                List<String> naptr = dig(net.dnsAddress(), "NAPTR", d.name());
                assertThat(naptr).as("NAPTR " + d.name()).hasSize(2);
                assertThat(String.join("\n", naptr)).contains("\"SIP+D2U\"", "_sip._udp." + d.name() + ".", "\"SIP+D2T\"",
                        "_sip._tcp." + d.name() + ".");
            }
        }

        @Test
        void srvOfEachDomainNamesItsIcscf() throws Exception {
            for (Domain d : SCENARIO.domains()) {
                Node icscf = d.icscf();
                List<String> srv = dig(net.dnsAddress(), "SRV", "_sip._udp." + d.name());
                assertThat(srv).as("SRV _sip._udp." + d.name()).singleElement().asString()
                        .endsWith(" " + icscf.port() + " " + icscf.fqdn() + ".");
            }
        }

        @Test
        void everyNodeNameHasItsAddress() throws Exception {
            for (Domain d : SCENARIO.domains()) {
                for (Node n : d.nodes()) {
                    assertThat(dig(net.dnsAddress(), "A", n.fqdn())).as("A " + n.fqdn())
                            .containsExactly(n.address().getHostAddress());
                    if (n.role() == Role.HSS) continue; // Diameter peers are configured from the scenario, no SIP SRV
                    assertThat(dig(net.dnsAddress(), "SRV", "_sip._udp." + n.fqdn())).as("SRV of " + n.fqdn())
                            .singleElement().asString().endsWith(" " + n.port() + " " + n.fqdn() + ".");
                }
            }
            assertThat(SCENARIO.domains()).extracting(Domain::name).containsExactly("alpha.test", "beta.test");
        }

        @Test
        void unknownNameIsNxdomain() throws Exception {
            assumeTrue(Processes.installed(DIG), "dig is not installed");
            Processes.Output out = Processes.run(30, DIG, "@" + net.dnsAddress().getAddress().getHostAddress(), "-p",
                    Integer.toString(net.dnsAddress().getPort()), "+time=5", "+tries=2", "A", "nothing-here.alpha.test");
            assertThat(out.stdout()).contains("status: NXDOMAIN");
        }
    }

    /** A port taken by someone else: the DNS node moves to the fallback port, the network still works. */
    @Test
    void occupiedPortFallsBackToTheUnprivilegedPort() throws Exception {
        try (DatagramSocket squatter = new DatagramSocket(SCENARIO.dns().socketAddress());
             CaptureBus bus = new CaptureBus();
             ImsNetwork net = ImsNetwork.start(SCENARIO, bus, new ImsNetwork.Options(10_559, 181_000, null))) {
            assertThat(squatter.isBound()).isTrue();
            assertThat(net.dnsAddress()).isEqualTo(new InetSocketAddress(SCENARIO.dns().address(), 10_559));
            assertThat(net.notices()).singleElement().asString().contains("ns", "53", "10559");
            assertThat(net.topology().nodes()).filteredOn(e -> e.name().equals("ns")).extracting(Topology.Entry::dnsPort)
                    .containsExactly(10_559);
            assertThat(dig(net.dnsAddress(), "A", "pcscf-a.alpha.test"))
                    .containsExactly(SCENARIO.node("pcscf-a").orElseThrow().address().getHostAddress());
        }
    }

    /** A port above 1024 that is taken is the user's choice gone wrong: a clear error, no fallback. */
    @Test
    void occupiedUnprivilegedPortIsAClearError() throws Exception {
        String xml = TestScenarios.xml("rt-dns-custom-port", false, "127.0.59.53", List.of())
                .replace("port=\"53\"", "port=\"10553\"");
        Scenario s = org.imsemu.scenario.ScenarioLoader.load("custom.xml", xml.getBytes(StandardCharsets.UTF_8));
        assertThat(s.dns().port()).isEqualTo(10553);
        try (DatagramSocket squatter = new DatagramSocket(s.dns().socketAddress()); CaptureBus bus = new CaptureBus()) {
            assertThat(squatter.isBound()).isTrue();
            assertThatThrownBy(() -> ImsNetwork.start(s, bus, ImsNetwork.Options.defaults()))
                    .hasMessageContaining("127.0.59.53").hasMessageContaining("10553");
        }
    }

    /**
     * Without the privilege to bind ports below 1024 (a child JVM run with CAP_NET_BIND_SERVICE dropped
     * by setpriv), the DNS node serves on the fallback port and every host uses it.
     */
    @Test
    void withoutPrivilegesTheDnsNodeServesOnTheFallbackPort() throws Exception {
        assumeTrue(Processes.installed("/usr/bin/setpriv"), "setpriv is not installed: cannot drop CAP_NET_BIND_SERVICE");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of("/usr/bin/setpriv", "--inh-caps=-net_bind_service", "--bounding-set=-net_bind_service",
                java, "-cp", System.getProperty("java.class.path"), UnprivilegedNetworkMain.class.getName(), "10558");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("READY")) lines.add(line);
            assertThat(line).as("child output:\n" + String.join("\n", lines)).isEqualTo("READY");
            assertThat(lines).contains("DNS 10558", "REGISTER 200");
            assertThat(lines).anyMatch(l -> l.startsWith("NOTICE ") && l.contains("10558"));
            assertThat(dig(new InetSocketAddress(SCENARIO.dns().address(), 10558), "A", "scscf-b.beta.test"))
                    .containsExactly(SCENARIO.node("scscf-b").orElseThrow().address().getHostAddress());
            child.getOutputStream().close();
            while ((line = out.readLine()) != null) lines.add(line);
        } finally {
            if (!child.waitFor(30, TimeUnit.SECONDS)) child.destroyForcibly();
        }
        assertThat(lines).as(String.join("\n", lines)).contains("CLOSED");
        assertThat(child.exitValue()).isZero();
    }

    /** The answer section of {@code dig +short}, one record a line; skips the test without dig. */
    static List<String> dig(InetSocketAddress server, String type, String name) throws Exception {
        assumeTrue(Processes.installed(DIG), "dig is not installed");
        Processes.Output out = Processes.run(30, DIG, "@" + server.getAddress().getHostAddress(), "-p",
                Integer.toString(server.getPort()), "+short", "+time=5", "+tries=2", type, name);
        assertThat(out.exitCode()).as(out.stdout() + out.stderr()).isZero();
        return out.stdout().lines().filter(l -> !l.isBlank()).toList();
    }
}
