package org.imsemu.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The scenario files in the repository's scenarios/ folder, which are also in the jar. */
class ShippedScenariosTest {
    /** Surefire runs in the module folder; the files live beside it. */
    private static final Path SCENARIOS = Path.of("").toAbsolutePath().getParent().resolve("scenarios");

    @ParameterizedTest
    @ValueSource(strings = {"two-domains.xml", "two-domains-ipv6.xml", "acme-globex.xml"})
    void jarCopyIsByteIdenticalToTheRepositoryFile(String name) throws IOException {
        byte[] file = Files.readAllBytes(SCENARIOS.resolve(name));
        byte[] resource;
        try (InputStream in = ScenarioLoader.class.getResourceAsStream("/org/imsemu/scenario/" + name)) {
            assertThat(in).as("resource " + name).isNotNull();
            resource = in.readAllBytes();
        }
        assertThat(resource).isEqualTo(file);
    }

    @ParameterizedTest
    @ValueSource(strings = {"two-domains.xml", "two-domains-ipv6.xml", "acme-globex.xml"})
    void loadsFromFileAndFromJarAlike(String name) {
        Scenario fromFile = ScenarioLoader.load(SCENARIOS.resolve(name));
        Scenario fromJar = ScenarioLoader.loadBuiltIn(name);
        assertThat(fromFile.source()).endsWith("scenarios/" + name);
        assertThat(fromJar.source()).isEqualTo(name);
        assertThat(fromJar.nodes()).isEqualTo(fromFile.nodes());
        assertThat(fromJar.ues()).isEqualTo(fromFile.ues());
        assertThat(fromJar.nets()).isEqualTo(fromFile.nets());
    }

    @Test
    void defaultScenarioIsTwoDomains() {
        Scenario s = ScenarioLoader.loadDefault();
        assertThat(s.name()).isEqualTo("two-domains");
        assertThat(s.ip()).isEqualTo(IpVersion.IPV4);
        assertThat(s.nets()).extracting(Net::name).containsExactly("dnsnet", "dom1net", "dom2net");
        assertThat(s.net("dom1net").orElseThrow().ipv4().orElseThrow()).hasToString("127.0.1.0/24");
        assertThat(s.net("dom1net").orElseThrow().ipv6().orElseThrow()).hasToString("fd00:1::/64");
        assertThat(s.net("dnsnet").orElseThrow().ipv6()).isEmpty();

        assertThat(s.nodes()).extracting(Node::name)
                .containsExactly("dns", "pcscf1", "icscf1", "scscf1", "pcscf2", "icscf2", "scscf2");
        Node dns = s.dns();
        assertThat(addr(dns)).isEqualTo("127.0.99.53");
        assertThat(dns.port()).isEqualTo(53);
        assertThat(dns.domain()).isNull();
        assertThat(dns.fqdn()).isEqualTo("dns");
        assertThat(s.domainOf(dns)).isEmpty();

        Domain d1 = s.domain("domain1.com").orElseThrow();
        assertThat(d1.net()).isEqualTo("dom1net");
        assertThat(d1.thig()).isFalse();
        assertThat(addr(d1.pcscfs().get(0))).isEqualTo("127.0.1.10");
        assertThat(addr(d1.icscf())).isEqualTo("127.0.1.20");
        assertThat(addr(d1.scscf())).isEqualTo("127.0.1.30");
        assertThat(d1.scscf().port()).isEqualTo(5060);
        assertThat(d1.scscf().fqdn()).isEqualTo("scscf1.domain1.com");
        assertThat(s.domainOf(d1.icscf())).contains(d1);
        Domain d2 = s.domain("DOMAIN2.com").orElseThrow();
        assertThat(d2.nodes()).extracting(n -> addr(n)).containsExactly("127.0.2.10", "127.0.2.20", "127.0.2.30");
        assertThat(s.nodesOfRole(Role.PCSCF)).extracting(Node::name).containsExactly("pcscf1", "pcscf2");

        Subscriber alice = d1.subscribers().byImpu("sip:alice@domain1.com").orElseThrow();
        assertThat(alice.impi()).isEqualTo("alice@domain1.com");
        assertThat(alice.password()).contains("alice-secret");
        Subscriber carol = d1.subscribers().byImpi("carol@domain1.com").orElseThrow();
        assertThat(carol.password()).isEmpty();
        AkaKeys aka = carol.aka().orElseThrow();
        assertThat(aka.k()).isEqualTo("465b5ce8b199b49faa5f0a2ee238a6bc");
        assertThat(aka.op()).contains("cdc202d5123e20f62b6d676ac72cb318");
        assertThat(aka.opc()).isEmpty();
        assertThat(aka.amf()).isEqualTo("b9b9");
        assertThat(d1.subscribers().size()).isEqualTo(1002);
        assertThat(d1.subscribers().byImpi("user1000@domain1.com").orElseThrow().password()).contains("secret");
        assertThat(d2.subscribers().byImpu("sip:bob@domain2.com")).isPresent();
        assertThat(d2.subscribers().byImpu("sip:alice@domain1.com")).isEmpty();

        Ue ueAlice = s.ue("alice").orElseThrow();
        assertThat(ueAlice.impu()).isEqualTo("sip:alice@domain1.com");
        assertThat(ueAlice.impi()).isEqualTo("alice@domain1.com");
        assertThat(ueAlice.password()).contains("alice-secret");
        assertThat(ueAlice.pcscf()).isEqualTo("pcscf1");
        assertThat(s.pcscfOf(ueAlice).name()).isEqualTo("pcscf1");
        assertThat(ueAlice.net()).isEqualTo("dom1net");
        assertThat(IpAddresses.format(ueAlice.address())).isEqualTo("127.0.1.100");
        assertThat(ueAlice.port()).isEqualTo(5060);
        assertThat(ueAlice.homeDomain()).isEqualTo("domain1.com");
        Ue bob = s.ue("bob").orElseThrow();
        assertThat(IpAddresses.format(bob.address())).isEqualTo("127.0.2.100");
        assertThat(bob.password()).contains("bob-secret");
        assertThat(s.hostAt(IpAddresses.parse("127.0.2.100"))).contains("bob");
        assertThat(s.hostAt(IpAddresses.parse("127.0.1.20"))).contains("icscf1");
        assertThat(s.hostAt(IpAddresses.parse("127.0.1.21"))).isEmpty();
    }

    @Test
    void ipv6ScenarioUsesUniqueLocalAddressesOnly() {
        Scenario s = ScenarioLoader.loadBuiltIn("two-domains-ipv6.xml");
        assertThat(s.ip()).isEqualTo(IpVersion.IPV6);
        assertThat(s.nets()).allSatisfy(n -> assertThat(n.ipv4()).isEmpty());
        assertThat(addr(s.dns())).isEqualTo("fd00:99::53");
        assertThat(s.dns().port()).isEqualTo(53);
        assertThat(s.nodes()).extracting(ShippedScenariosTest::addr)
                .containsExactly("fd00:99::53", "fd00:1::10", "fd00:1::20", "fd00:1::30", "fd00:2::10", "fd00:2::20", "fd00:2::30");
        assertThat(s.ues()).extracting(u -> IpAddresses.format(u.address())).containsExactly("fd00:1::100", "fd00:2::100");
    }

    @Test
    void acmeGlobexAllocatesAddressesInDocumentOrder() {
        Scenario s = ScenarioLoader.loadBuiltIn("acme-globex.xml");
        assertThat(s.domains()).extracting(Domain::name).containsExactly("acme.test", "globex.test");
        assertThat(addr(s.dns())).isEqualTo("127.0.42.2");
        assertThat(s.nodes()).extracting(ShippedScenariosTest::addr).containsExactly(
                "127.0.42.2", "127.0.11.10", "127.0.11.11", "127.0.11.12", "127.0.12.10", "127.0.12.11", "127.0.12.12");
        assertThat(s.node("entry-acme").orElseThrow().fqdn()).isEqualTo("entry-acme.acme.test");
        Ue wile = s.ue("wile").orElseThrow();
        assertThat(IpAddresses.format(wile.address())).isEqualTo("127.0.11.13");
        assertThat(wile.impi()).isEqualTo("wile@acme.test");
        assertThat(wile.password()).contains("coyote");
        Ue hank = s.ue("hank").orElseThrow();
        assertThat(IpAddresses.format(hank.address())).isEqualTo("127.0.12.13");
        assertThat(hank.port()).isEqualTo(5070);
        assertThat(s.domain("acme.test").orElseThrow().subscribers().byImpi("load150@acme.test")).isPresent();
        assertThat(s.domain("acme.test").orElseThrow().subscribers().byImpi("load99@acme.test")).isEmpty();
    }

    @Test
    void summaryListsEveryNodeWithRoleDomainAddressAndPort() {
        String summary = ScenarioLoader.loadDefault().summary();
        assertThat(summary).startsWith("scenario two-domains (two-domains.xml), addresses: ipv4\n");
        assertThat(summary).containsPattern("(?m)^NODE +ROLE +DOMAIN +ADDRESS +PORT +FQDN$");
        assertThat(summary).containsPattern("(?m)^dns +dns +- +127\\.0\\.99\\.53 +53 +dns$");
        assertThat(summary).containsPattern("(?m)^scscf2 +scscf +domain2\\.com +127\\.0\\.2\\.30 +5060 +scscf2\\.domain2\\.com$");
        assertThat(summary).containsPattern("(?m)^alice +sip:alice@domain1\\.com +alice@domain1\\.com +pcscf1 +127\\.0\\.1\\.100 +5060 +digest$");
        assertThat(summary).containsPattern("(?m)^domain1\\.com +false +1002 +2 +user1\\.\\.user1000$");
        assertThat(summary).doesNotContain("alice-secret");
    }

    @Test
    void loadingAMissingFileNamesIt() {
        Path missing = SCENARIOS.resolve("no-such.xml");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScenarioLoader.load(missing))
                .isInstanceOf(ScenarioException.class).hasMessage(missing + ": no such file");
    }

    static String addr(Node n) {
        return IpAddresses.format(n.address());
    }
}
