package org.imsemu.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imsemu.scenario.Fixtures.error;
import static org.imsemu.scenario.Fixtures.load;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Hosts without an address get the next free one of their net, in document order. */
class AddressAllocationTest {

    private static String scenario(String ipAttribute, String netPrefixes, String domainBody, String tail) {
        return """
                <scenario name="a"%s>
                  <net name="dnsnet" ipv4="127.0.99.0/24" ipv6="fd00:99::/64"/>
                  <net name="n" %s/>
                  <node name="dns" role="dns" net="dnsnet"/>
                  <domain name="d.test" net="n">
                    %s
                    <node name="h" role="hss" net="dnsnet" address="127.0.99.40"/><subscriber impu="sip:a@d.test" password="pw"/>
                  </domain>
                  %s
                </scenario>
                """.formatted(ipAttribute, netPrefixes, domainBody, tail);
    }

    private static final String CSCFS = "<node name=\"p\" role=\"pcscf\"/><node name=\"i\" role=\"icscf\"/><node name=\"s\" role=\"scscf\"/>";

    /** Of every node but the HSS, which has an explicit address on dnsnet, away from the allocations under test. */
    private static List<String> addresses(Scenario s) {
        return s.nodes().stream().filter(n -> n.role() != Role.HSS).map(n -> n.name() + "=" + IpAddresses.format(n.address())).toList();
    }

    @Test
    void ipv4FromDotTenInDocumentOrder() {
        Scenario s = load(scenario("", "ipv4=\"127.0.5.0/24\"", CSCFS, ""));
        assertThat(addresses(s)).containsExactly("dns=127.0.99.10", "p=127.0.5.10", "i=127.0.5.11", "s=127.0.5.12");
    }

    @Test
    void explicitAddressesAreSkippedEvenWhenWrittenLater() {
        String body = "<node name=\"p\" role=\"pcscf\"/><node name=\"i\" role=\"icscf\"/><node name=\"s\" role=\"scscf\" address=\"127.0.5.11\"/>";
        Scenario s = load(scenario("", "ipv4=\"127.0.5.0/24\"", body, "<ue name=\"u\" impu=\"sip:a@d.test\" pcscf=\"p\"/>"));
        assertThat(addresses(s)).containsExactly("dns=127.0.99.10", "p=127.0.5.10", "i=127.0.5.12", "s=127.0.5.11");
        assertThat(IpAddresses.format(s.ue("u").orElseThrow().address())).isEqualTo("127.0.5.13");
    }

    @Test
    void ueWrittenBeforeItsPcscfIsAllocatedFirst() {
        String xml = scenario("", "ipv4=\"127.0.5.0/24\"", CSCFS, "")
                .replace("<node name=\"dns\"", "<ue name=\"u\" impu=\"sip:a@d.test\" pcscf=\"p\"/><node name=\"dns\"");
        Scenario s = load(xml);
        assertThat(IpAddresses.format(s.ue("u").orElseThrow().address())).isEqualTo("127.0.5.10");
        assertThat(addresses(s)).containsExactly("dns=127.0.99.10", "p=127.0.5.11", "i=127.0.5.12", "s=127.0.5.13");
    }

    @Test
    void dualStackNetGivesIpv4ByDefault() {
        Scenario s = load(scenario("", "ipv4=\"127.0.5.0/24\" ipv6=\"fd00:5::/64\"", CSCFS, ""));
        assertThat(s.ip()).isEqualTo(IpVersion.IPV4);
        assertThat(addresses(s)).containsExactly("dns=127.0.99.10", "p=127.0.5.10", "i=127.0.5.11", "s=127.0.5.12");
    }

    @Test
    void dualStackNetGivesIpv6WhenTheScenarioSaysSo() {
        Scenario s = load(scenario(" ip=\"ipv6\"", "ipv4=\"127.0.5.0/24\" ipv6=\"fd00:5::/64\"", CSCFS,
                "<ue name=\"u\" impu=\"sip:a@d.test\" pcscf=\"p\"/>"));
        assertThat(s.ip()).isEqualTo(IpVersion.IPV6);
        assertThat(addresses(s)).containsExactly("dns=fd00:99::10", "p=fd00:5::10", "i=fd00:5::11", "s=fd00:5::12");
        assertThat(IpAddresses.format(s.ue("u").orElseThrow().address())).isEqualTo("fd00:5::13");
    }

    @Test
    void singleFamilyNetsGiveTheirFamily() {
        assertThat(addresses(load(scenario("", "ipv6=\"fd00:5::/64\"", CSCFS, ""))))
                .containsExactly("dns=127.0.99.10", "p=fd00:5::10", "i=fd00:5::11", "s=fd00:5::12");
        assertThat(addresses(load(scenario(" ip=\"ipv6\"", "ipv4=\"127.0.5.0/24\"", CSCFS, ""))))
                .containsExactly("dns=fd00:99::10", "p=127.0.5.10", "i=127.0.5.11", "s=127.0.5.12");
    }

    @Test
    void ipv6CountsInHexAndSkipsExplicitAddresses() {
        StringBuilder body = new StringBuilder(CSCFS.replace("<node name=\"p\" role=\"pcscf\"/>", "<node name=\"p\" role=\"pcscf\" address=\"fd00:5::11\"/>"));
        for (int i = 0; i < 9; i++) {
            body.append("<node name=\"extra").append(i).append("\" role=\"pcscf\"/>");
        }
        Scenario s = load(scenario("", "ipv6=\"fd00:5::/64\"", body.toString(), ""));
        assertThat(addresses(s)).containsExactly("dns=127.0.99.10", "p=fd00:5::11", "i=fd00:5::10", "s=fd00:5::12",
                "extra0=fd00:5::13", "extra1=fd00:5::14", "extra2=fd00:5::15", "extra3=fd00:5::16", "extra4=fd00:5::17",
                "extra5=fd00:5::18", "extra6=fd00:5::19", "extra7=fd00:5::1a", "extra8=fd00:5::1b");
    }

    @Test
    void aFullNetIsReported() {
        // 127.0.5.0/28: .10 to .14 are free for allocation (.15 is the broadcast address)
        String body = CSCFS + "<node name=\"p2\" role=\"pcscf\"/><node name=\"p3\" role=\"pcscf\"/><node name=\"p4\" role=\"pcscf\"/>";
        assertThat(error(scenario("", "ipv4=\"127.0.5.0/28\"", body, ""))).isEqualTo(
                "t.xml:6:152: net n (127.0.5.0/28) has no free address left for node \"p4\" (addresses are given from .10 up);"
                        + " give it an address or use a larger prefix");
        Scenario s = load(scenario("", "ipv4=\"127.0.5.0/28\"", CSCFS + "<node name=\"p2\" role=\"pcscf\"/><node name=\"p3\" role=\"pcscf\"/>", ""));
        assertThat(IpAddresses.format(s.node("p3").orElseThrow().address())).isEqualTo("127.0.5.14");
    }

    @Test
    void allocationIsDeterministic() {
        String xml = scenario("", "ipv4=\"127.0.5.0/24\" ipv6=\"fd00:5::/64\"", CSCFS, "<ue name=\"u\" impu=\"sip:a@d.test\" pcscf=\"p\"/>");
        Scenario first = load(xml);
        for (int i = 0; i < 5; i++) {
            Scenario again = load(xml);
            assertThat(again.nodes()).isEqualTo(first.nodes());
            assertThat(again.ues()).isEqualTo(first.ues());
        }
    }

    @Test
    void portsDefaultPerRole() {
        Scenario s = load(scenario("", "ipv4=\"127.0.5.0/24\"", CSCFS.replace("role=\"scscf\"", "role=\"scscf\" port=\"5070\""), ""));
        assertThat(s.dns().port()).isEqualTo(53);
        assertThat(s.node("p").orElseThrow().port()).isEqualTo(5060);
        assertThat(s.node("s").orElseThrow().port()).isEqualTo(5070);
        assertThat(s.node("s").orElseThrow().socketAddress().getPort()).isEqualTo(5070);
    }

    @Test
    void hostnameAttributeOverridesTheFqdn() {
        Scenario s = load(scenario("", "ipv4=\"127.0.5.0/24\"", CSCFS.replace("name=\"p\" role=\"pcscf\"", "name=\"p\" role=\"pcscf\" hostname=\"Edge.D.test\""), ""));
        assertThat(s.node("p").orElseThrow().fqdn()).isEqualTo("edge.d.test");
        assertThat(s.node("i").orElseThrow().fqdn()).isEqualTo("i.d.test");
    }
}
