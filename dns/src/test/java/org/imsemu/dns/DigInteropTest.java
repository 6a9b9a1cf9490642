package org.imsemu.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoopGroup;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.imsemu.sip.transport.Transports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Our server as BIND's dig sees it: an independent parser of the wire format. */
class DigInteropTest {
    private static final File DIG = new File("/usr/bin/dig");
    private static EventLoopGroup group;
    private static DnsServer server;

    /** What dig printed: the status, the header flags and each section's records as whitespace-split fields. */
    record DigOutput(String status, List<String> flags, Map<String, List<List<String>>> sections, String text) {
        List<List<String>> section(String name) {
            return sections.getOrDefault(name, List.of());
        }

        /** The records of one type in a section, as "owner rdata..." strings (TTL and class left out). */
        List<String> records(String section, String type) {
            List<String> out = new ArrayList<>();
            for (List<String> f : section(section)) {
                if (f.size() >= 5 && f.get(3).equals(type)) out.add(f.get(0) + " " + String.join(" ", f.subList(4, f.size())));
            }
            return out;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        group = Transports.newEventLoopGroup(1);
        server = DnsServer.start(QueryAnswererTest.sampleWithBigAnswer(), TestZones.randomBind(), group);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    static DigOutput dig(String... args) throws Exception {
        assumeTrue(DIG.canExecute(), "dig not installed (package dnsutils): interop test skipped");
        List<String> cmd = new ArrayList<>(List.of(DIG.getPath(), "@" + server.address().getAddress().getHostAddress(),
                "-p", String.valueOf(server.address().getPort()), "+norecurse", "+time=5", "+tries=1"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("dig exit status; output:\n" + text).isZero();
        return parse(text);
    }

    static DigOutput parse(String text) {
        String status = null;
        List<String> flags = List.of();
        Map<String, List<List<String>>> sections = new LinkedHashMap<>();
        String current = null;
        for (String line : text.split("\n")) {
            if (line.startsWith(";; ->>HEADER<<-")) {
                status = line.replaceAll(".*status: ([A-Z]+),.*", "$1");
            } else if (line.startsWith(";; flags:")) {
                flags = List.of(line.substring(";; flags:".length(), line.indexOf(';', 3)).trim().split(" "));
            } else if (line.matches(";; [A-Z]+ SECTION:")) {
                current = line.substring(3, line.indexOf(' ', 3));
                sections.put(current, new ArrayList<>());
            } else if (line.isBlank()) {
                current = null;
            } else if (current != null && !line.startsWith(";")) {
                sections.get(current).add(List.of(line.trim().split("\\s+")));
            }
        }
        return new DigOutput(status, flags, sections, text);
    }

    @Test
    void naptrWithSrvAndAInAdditional() throws Exception {
        DigOutput out = dig("NAPTR", "domain1.com");
        assertThat(out.status()).as(out.text()).isEqualTo("NOERROR");
        assertThat(out.flags()).contains("qr", "aa");
        assertThat(out.records("ANSWER", "NAPTR")).containsExactly(
                "domain1.com. 10 10 \"s\" \"SIP+D2U\" \"\" _sip._udp.domain1.com.",
                "domain1.com. 20 10 \"s\" \"SIP+D2T\" \"\" _sip._tcp.domain1.com.");
        assertThat(out.records("ADDITIONAL", "SRV")).containsExactly(
                "_sip._udp.domain1.com. 10 10 5060 icscf1.domain1.com.",
                "_sip._tcp.domain1.com. 10 10 5060 icscf1.domain1.com.");
        assertThat(out.records("ADDITIONAL", "A")).containsExactly("icscf1.domain1.com. 127.0.1.20");
    }

    @Test
    void srv() throws Exception {
        DigOutput out = dig("SRV", "_sip._udp.domain1.com");
        assertThat(out.status()).isEqualTo("NOERROR");
        assertThat(out.records("ANSWER", "SRV")).containsExactly("_sip._udp.domain1.com. 10 10 5060 icscf1.domain1.com.");
        assertThat(out.records("ADDITIONAL", "A")).containsExactly("icscf1.domain1.com. 127.0.1.20");
    }

    @Test
    void aOverUdpAndTcp() throws Exception {
        for (String transport : List.of("+notcp", "+tcp")) {
            DigOutput out = dig(transport, "A", "icscf1.domain1.com");
            assertThat(out.flags()).as(transport).contains("aa");
            assertThat(out.records("ANSWER", "A")).as(transport).containsExactly("icscf1.domain1.com. 127.0.1.20");
            assertThat(out.section("ANSWER").get(0).get(1)).as("TTL").isEqualTo("300");
        }
    }

    @Test
    void nxdomainWithSoaAndRefusedOutside() throws Exception {
        DigOutput nx = dig("A", "nobody.domain1.com");
        assertThat(nx.status()).isEqualTo("NXDOMAIN");
        assertThat(nx.records("AUTHORITY", "SOA")).singleElement().asString().startsWith("domain1.com. ns.domain1.com.");
        assertThat(dig("A", "www.example.org").status()).isEqualTo("REFUSED");
    }

    @Test
    void truncatedOverUdpThenDigRetriesOverTcp() throws Exception {
        DigOutput out = dig("+noedns", "A", "many.domain1.com");
        assertThat(out.text()).contains("Truncated, retrying in TCP mode");
        assertThat(out.records("ANSWER", "A")).hasSize(40);
        DigOutput cut = dig("+noedns", "+ignore", "A", "many.domain1.com");
        assertThat(cut.flags()).contains("tc");
    }
}
