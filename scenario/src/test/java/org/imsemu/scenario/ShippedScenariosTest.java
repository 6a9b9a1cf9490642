package org.imsemu.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The scenario files in the repository's scenarios/ folder, which are also in the jar. */
class ShippedScenariosTest {
    /** Surefire runs in the module folder; the files live beside it. */
    private static final Path SCENARIOS = Path.of("").toAbsolutePath().getParent().resolve("scenarios");

    @ParameterizedTest
    @ValueSource(strings = {"two-domains.xml", "two-domains-ipv6.xml", "acme-globex.xml", "two-domains-thig.xml"})
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
    @ValueSource(strings = {"two-domains.xml", "two-domains-ipv6.xml", "acme-globex.xml", "two-domains-thig.xml"})
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
                .containsExactly("dns", "pcscf1", "icscf1", "scscf1", "hss1", "logger1", "pcscf2", "icscf2", "scscf2", "hss2", "cfw2");
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
        assertThat(d2.nodes()).extracting(n -> addr(n)).containsExactly("127.0.2.10", "127.0.2.20", "127.0.2.30", "127.0.2.40", "127.0.2.50");
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
        assertThat(d2.subscribers().byImpu("sip:dave@domain2.com").orElseThrow().password()).contains("dave-secret");
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
        assertThat(s.ues()).extracting(Ue::name).containsExactly("alice", "carol", "bob", "dave");
        Ue ueCarol = s.ue("carol").orElseThrow();
        assertThat(IpAddresses.format(ueCarol.address())).isEqualTo("127.0.1.101");
        assertThat(ueCarol.password()).isEmpty();
        assertThat(ueCarol.aka()).isEqualTo(carol.aka());
        assertThat(s.pcscfOf(ueCarol).name()).isEqualTo("pcscf1");
        Ue dave = s.ue("dave").orElseThrow();
        assertThat(IpAddresses.format(dave.address())).isEqualTo("127.0.2.101");
        assertThat(dave.password()).contains("dave-secret");
        assertThat(s.pcscfOf(dave).name()).isEqualTo("pcscf2");
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
                .containsExactly("fd00:99::53", "fd00:1::10", "fd00:1::20", "fd00:1::30", "fd00:1::40", "fd00:1::50",
                        "fd00:2::10", "fd00:2::20", "fd00:2::30", "fd00:2::40", "fd00:2::50");
        assertThat(s.ues()).extracting(u -> IpAddresses.format(u.address()))
                .containsExactly("fd00:1::100", "fd00:1::101", "fd00:2::100", "fd00:2::101");
        assertHssAndServices(s);
    }

    @Test
    void acmeGlobexAllocatesAddressesInDocumentOrder() {
        Scenario s = ScenarioLoader.loadBuiltIn("acme-globex.xml");
        assertThat(s.domains()).extracting(Domain::name).containsExactly("acme.test", "globex.test");
        assertThat(addr(s.dns())).isEqualTo("127.0.42.2");
        assertThat(s.nodes()).extracting(ShippedScenariosTest::addr).containsExactly(
                "127.0.42.2", "127.0.11.10", "127.0.11.11", "127.0.11.12", "127.0.11.13",
                "127.0.12.10", "127.0.12.11", "127.0.12.12", "127.0.12.13");
        assertThat(s.domains()).allSatisfy(d -> {
            assertThat(d.hss()).hasValueSatisfying(h -> assertThat(h.port()).isEqualTo(3868));
            assertThat(d.hss().orElseThrow().database()).isEmpty();
        });
        assertThat(s.node("hss-globex").orElseThrow().fqdn()).isEqualTo("hss-globex.globex.test");
        assertThat(s.node("entry-acme").orElseThrow().fqdn()).isEqualTo("entry-acme.acme.test");
        Ue wile = s.ue("wile").orElseThrow();
        assertThat(IpAddresses.format(wile.address())).isEqualTo("127.0.11.14");
        assertThat(wile.impi()).isEqualTo("wile@acme.test");
        assertThat(wile.password()).contains("coyote");
        Ue hank = s.ue("hank").orElseThrow();
        assertThat(IpAddresses.format(hank.address())).isEqualTo("127.0.12.14");
        assertThat(hank.port()).isEqualTo(5070);
        assertThat(s.domain("acme.test").orElseThrow().subscribers().byImpi("load150@acme.test")).isPresent();
        assertThat(s.domain("acme.test").orElseThrow().subscribers().byImpi("load99@acme.test")).isEmpty();
    }

    @Test
    void defaultScenarioHasHssApplicationServersProfilesAndRepositoryData() {
        Scenario s = ScenarioLoader.loadDefault();
        assertHssAndServices(s);
        Domain d1 = s.domain("domain1.com").orElseThrow();
        assertThat(addr(d1.hss().orElseThrow())).isEqualTo("127.0.1.40");
        assertThat(addr(d1.applicationServers().get(0))).isEqualTo("127.0.1.50");
        Domain d2 = s.domain("domain2.com").orElseThrow();
        assertThat(addr(d2.hss().orElseThrow())).isEqualTo("127.0.2.40");
        assertThat(addr(d2.applicationServers().get(0))).isEqualTo("127.0.2.50");
        assertThat(d1.initialFilterCriteriaXml("logged-calls")).isEqualTo("<InitialFilterCriteria><Priority>10</Priority>"
                + "<TriggerPoint><ConditionTypeCNF>1</ConditionTypeCNF>"
                + "<SPT><ConditionNegated>0</ConditionNegated><Group>0</Group><Method>INVITE</Method></SPT>"
                + "<SPT><ConditionNegated>0</ConditionNegated><Group>1</Group><SessionCase>0</SessionCase></SPT></TriggerPoint>"
                + "<ApplicationServer><ServerName>sip:logger1.domain1.com:5060</ServerName><DefaultHandling>0</DefaultHandling>"
                + "</ApplicationServer></InitialFilterCriteria>");
        assertThat(d2.initialFilterCriteriaXml("forwarding")).contains("<SessionCase>1</SessionCase>")
                .contains("<ServerName>sip:cfw2.domain2.com:5060</ServerName>");
    }

    /** What two-domains.xml and two-domains-ipv6.xml share: HSSs, the two sample ASs, profiles, bob's forwarding. */
    private static void assertHssAndServices(Scenario s) {
        Domain d1 = s.domain("domain1.com").orElseThrow();
        Domain d2 = s.domain("domain2.com").orElseThrow();
        Node hss1 = d1.hss().orElseThrow();
        assertThat(hss1.name()).isEqualTo("hss1");
        assertThat(hss1.port()).isEqualTo(3868);
        assertThat(hss1.fqdn()).isEqualTo("hss1.domain1.com");
        assertThat(hss1.database()).isEmpty();
        assertThat(d2.hss().orElseThrow().name()).isEqualTo("hss2");
        assertThat(d1.scscfs()).extracting(Node::name).containsExactly("scscf1");

        Node logger = d1.applicationServers().get(0);
        assertThat(d1.applicationServers()).hasSize(1);
        assertThat(logger.name()).isEqualTo("logger1");
        assertThat(logger.service()).contains("call-logger");
        assertThat(logger.asService()).contains(AsService.CALL_LOGGER);
        assertThat(logger.noAnswerSeconds()).isEmpty();
        assertThat(logger.port()).isEqualTo(5060);
        Node cfw = d2.applicationServers().get(0);
        assertThat(cfw.name()).isEqualTo("cfw2");
        assertThat(cfw.asService()).contains(AsService.CALL_FORWARDING);
        assertThat(cfw.noAnswerSeconds()).hasValue(10);

        assertThat(d1.serviceProfiles()).extracting(ServiceProfile::name).containsExactly("logged-calls");
        InitialFilterCriterion logged = d1.serviceProfile("logged-calls").orElseThrow().criteria().get(0);
        assertThat(logged.applicationServer()).isEqualTo("logger1");
        assertThat(logged.method()).contains("INVITE");
        assertThat(logged.sessionCase()).contains(InitialFilterCriterion.SessionCase.ORIGINATING);
        assertThat(logged.defaultHandling()).isEqualTo(InitialFilterCriterion.DefaultHandling.CONTINUE);
        InitialFilterCriterion forwarding = d2.serviceProfile("forwarding").orElseThrow().criteria().get(0);
        assertThat(forwarding.applicationServer()).isEqualTo("cfw2");
        assertThat(forwarding.sessionCase()).contains(InitialFilterCriterion.SessionCase.TERMINATING);

        assertThat(d1.subscribers().byImpu("sip:alice@domain1.com").orElseThrow().profile()).isEmpty();
        assertThat(d1.subscribers().byImpu("sip:carol@domain1.com").orElseThrow().profile()).contains("logged-calls");
        assertThat(d1.subscribers().byImpi("user7@domain1.com").orElseThrow().profile()).isEmpty();
        // alice and bob have no services, so that their call is the plain TS 24.228 flow
        Subscriber bob = d2.subscribers().byImpu("sip:bob@domain2.com").orElseThrow();
        assertThat(bob.profile()).isEmpty();
        assertThat(bob.repositoryData()).isEmpty();
        Subscriber dave = d2.subscribers().byImpu("sip:dave@domain2.com").orElseThrow();
        assertThat(dave.profile()).contains("forwarding");
        assertThat(dave.repositoryData()).containsExactly(Map.entry("call-forwarding",
                "<CallForwarding><Target>sip:bob@domain2.com</Target><On>busy no-answer</On></CallForwarding>"));
        assertThat(s.ue("carol").orElseThrow().aka()).isPresent();
        assertThat(s.ue("dave").orElseThrow().pcscf()).isEqualTo("pcscf2");
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
        assertThat(summary).containsPattern("(?m)^hss1 +hss +domain1\\.com +127\\.0\\.1\\.40 +3868 +hss1\\.domain1\\.com$");
        assertThat(summary).containsPattern("(?m)^carol +sip:carol@domain1\\.com +carol@domain1\\.com +pcscf1 +127\\.0\\.1\\.101 +5060 +aka$");
        assertThat(summary).containsPattern("(?m)^DOMAIN +PROFILE +PRIORITY +AS +TRIGGER +DEFAULT$");
        assertThat(summary).containsPattern("(?m)^domain1\\.com +logged-calls +10 +logger1 +INVITE originating +continue$");
        assertThat(summary).containsPattern("(?m)^domain2\\.com +forwarding +10 +cfw2 +INVITE terminating +continue$");
        assertThat(summary).doesNotContain("alice-secret").doesNotContain("dave-secret");
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
