package org.imsemu.runtime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.imsemu.scenario.Scenario;
import org.imsemu.scenario.ScenarioLoader;

/**
 * Scenarios of the runtime tests, on addresses nobody else on this machine uses while they run:
 * operator alpha.test on 127.0.51.0/24 (fd00:51::/64), beta.test on 127.0.52.0/24 (fd00:52::/64), the
 * DNS on 127.0.59.53 (fd00:59::53), port 53.
 */
final class TestScenarios {
    static final String ALPHA = "alpha.test";
    static final String BETA = "beta.test";

    private TestScenarios() {
    }

    /**
     * Two operators and the UEs of every runtime test. The first two UEs (ann calls bea) are the ones
     * {@link Demo} uses. cid is a subscriber that never registers; amos's UE has a password his
     * subscription does not; bud is a subscriber without a UE.
     */
    static Scenario ipv4(String name) {
        return load(name, false, "127.0.59.53", List.of(
                ue("ann", ALPHA, "pcscf-a", "127.0.51.100", null),
                ue("bea", BETA, "pcscf-b", "127.0.52.100", null),
                ue("ben", BETA, "pcscf-b", "127.0.52.101", null),
                ue("bill", BETA, "pcscf-b", "127.0.52.102", null),
                ue("cid", ALPHA, "pcscf-a", "127.0.51.101", null),
                ue("amos", ALPHA, "pcscf-a", "127.0.51.102", "not-the-password")));
    }

    /** The two operators with only the two UEs the demo needs (ann calls bea). */
    static Scenario demo(String name) {
        return load(name, false, "127.0.59.53", List.of(
                ue("ann", ALPHA, "pcscf-a", "127.0.51.100", null),
                ue("bea", BETA, "pcscf-b", "127.0.52.100", null)));
    }

    /** The same two operators over IPv6 only: addresses allocated from fd00:51::/64 and fd00:52::/64. */
    static Scenario ipv6(String name) {
        return load(name, true, "fd00:59::53", List.of(
                ue("ann", ALPHA, "pcscf-a", "fd00:51::100", null),
                ue("bea", BETA, "pcscf-b", "fd00:52::100", null)));
    }

    static String xml(String name, boolean ipv6, String dnsAddress, List<String> ues) {
        StringBuilder sb = new StringBuilder();
        sb.append("<scenario name=\"").append(name).append("\"").append(ipv6 ? " ip=\"ipv6\"" : "").append(">\n");
        if (ipv6) {
            sb.append("  <net name=\"dnsnet\" ipv6=\"fd00:59::/64\"/>\n")
                    .append("  <net name=\"anet\" ipv4=\"127.0.51.0/24\" ipv6=\"fd00:51::/64\"/>\n")
                    .append("  <net name=\"bnet\" ipv4=\"127.0.52.0/24\" ipv6=\"fd00:52::/64\"/>\n");
        } else {
            sb.append("  <net name=\"dnsnet\" ipv4=\"127.0.59.0/24\"/>\n")
                    .append("  <net name=\"anet\" ipv4=\"127.0.51.0/24\"/>\n")
                    .append("  <net name=\"bnet\" ipv4=\"127.0.52.0/24\"/>\n");
        }
        sb.append("  <node name=\"ns\" role=\"dns\" net=\"dnsnet\" address=\"").append(dnsAddress).append("\" port=\"53\"/>\n");
        // no node addresses: allocated from .10 up (::a up), which the tests read from the scenario
        sb.append("  <domain name=\"" + ALPHA + "\" net=\"anet\">\n")
                .append("    <node name=\"pcscf-a\" role=\"pcscf\"/>\n")
                .append("    <node name=\"icscf-a\" role=\"icscf\"/>\n")
                .append("    <node name=\"scscf-a\" role=\"scscf\"/>\n")
                .append("    <node name=\"hss-a\" role=\"hss\"/>\n")
                .append(subscriber("ann", ALPHA)).append(subscriber("cid", ALPHA)).append(subscriber("amos", ALPHA))
                .append("  </domain>\n");
        sb.append("  <domain name=\"" + BETA + "\" net=\"bnet\">\n")
                .append("    <node name=\"pcscf-b\" role=\"pcscf\"/>\n")
                .append("    <node name=\"icscf-b\" role=\"icscf\"/>\n")
                .append("    <node name=\"scscf-b\" role=\"scscf\"/>\n")
                .append("    <node name=\"hss-b\" role=\"hss\"/>\n")
                .append(subscriber("bea", BETA)).append(subscriber("ben", BETA)).append(subscriber("bill", BETA))
                .append(subscriber("bud", BETA))
                .append("  </domain>\n");
        ues.forEach(sb::append);
        return sb.append("</scenario>\n").toString();
    }

    static Scenario load(String name, boolean ipv6, String dnsAddress, List<String> ues) {
        return ScenarioLoader.load(name + ".xml", xml(name, ipv6, dnsAddress, ues).getBytes(StandardCharsets.UTF_8));
    }

    static String impu(String user, String domain) {
        return "sip:" + user + "@" + domain;
    }

    private static String subscriber(String user, String domain) {
        return "    <subscriber impu=\"" + impu(user, domain) + "\" impi=\"" + user + "@" + domain + "\" password=\""
                + user + "-secret\"/>\n";
    }

    private static String ue(String user, String domain, String pcscf, String address, String password) {
        return "  <ue name=\"" + user + "\" impu=\"" + impu(user, domain) + "\" pcscf=\"" + pcscf + "\" address=\"" + address + "\""
                + (password == null ? "" : " password=\"" + password + "\"") + "/>\n";
    }

    /** Every node and UE address of a scenario, as written in captures. */
    static List<String> hostAddresses(Scenario s) {
        List<String> out = new ArrayList<>();
        s.nodes().forEach(n -> out.add(n.address().getHostAddress()));
        s.ues().forEach(u -> out.add(u.address().getHostAddress()));
        return out;
    }
}
