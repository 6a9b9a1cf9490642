package org.imsemu.runtime;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imsemu.capture.CaptureBus;
import org.imsemu.capture.CaptureEvent;
import org.imsemu.capture.Protocol;
import org.imsemu.conformance.ExpectedFlow;
import org.imsemu.scenario.Domain;
import org.imsemu.scenario.Node;
import org.imsemu.scenario.Scenario;

/**
 * A network of the scenario that hides its topology ({@code <domain thig="true">}, TS 23.228 4.14): its
 * I-CSCF is the one host others may see, every other host name and address of it is a secret. One home
 * for what the demo, the flow checks and the tests need of it: which messages cross its edge, whether
 * one leaks a secret, and how a flow runs through its exit.
 *
 * @param members  the names of its nodes and of the UEs whose home it is
 * @param secrets  its host names and addresses but the exit's, found only as whole names
 */
public record HiddenTopology(Domain domain, Node exit, Set<String> members, Pattern secrets) {

    /** The hiding networks of a scenario, in scenario order. */
    public static List<HiddenTopology> of(Scenario scenario) {
        List<HiddenTopology> out = new ArrayList<>();
        for (Domain d : scenario.domains()) {
            if (!d.thig()) continue;
            Node exit = d.icscf();
            Set<String> members = new LinkedHashSet<>();
            List<String> alternatives = new ArrayList<>();
            for (Node n : d.nodes()) {
                members.add(n.name());
                if (n.name().equals(exit.name())) continue;
                alternatives.add(Pattern.quote(n.fqdn()));
                for (String a : spellings(n.address())) alternatives.add(Pattern.quote(a));
            }
            scenario.ues().stream().filter(u -> u.homeDomain().equals(d.name())).forEach(u -> members.add(u.name()));
            // not inside a longer name or address: "scscf1.domain1.com" is no secret in "xscscf1.domain1.com"
            Pattern secrets = alternatives.isEmpty() ? Pattern.compile("(?!)") : Pattern.compile("(?<![\\w.-])(?:" + String.join("|", alternatives) + ")(?![\\w-]|\\.[0-9])",
                    Pattern.CASE_INSENSITIVE);
            out.add(new HiddenTopology(d, exit, Set.copyOf(members), secrets));
        }
        return out;
    }

    /** The first secret in {@code text}, or null. */
    public String leakIn(String text) {
        Matcher m = secrets.matcher(text);
        return m.find() ? m.group() : null;
    }

    /** Whether a captured message went between a host of this network and a host of another one. */
    public boolean crosses(CaptureEvent e, CaptureBus bus, Scenario scenario) {
        String from = domainOf(scenario, bus.nameOf(e.source()));
        String to = domainOf(scenario, bus.nameOf(e.destination()));
        if (from == null || to == null || from.equals(to)) return false;
        return from.equals(domain.name()) || to.equals(domain.name());
    }

    /**
     * Every SIP message since {@code mark} that crossed this network's edge and names one of its secrets,
     * as "from>to: secret: start line"; {@code crossed} (if not null) gets how many crossed in all.
     */
    public List<String> leaks(CaptureBus bus, Scenario scenario, long mark, int[] crossed) {
        List<String> leaks = new ArrayList<>();
        for (CaptureEvent e : bus.since(mark)) {
            if (e.protocol() != Protocol.SIP || !crosses(e, bus, scenario)) continue;
            if (crossed != null) crossed[0]++;
            String text = new String(e.bytes(), StandardCharsets.ISO_8859_1);
            String secret = leakIn(text);
            if (secret != null) {
                leaks.add(bus.nameOf(e.source()) + ">" + bus.nameOf(e.destination()) + ": " + secret + ": "
                        + text.substring(0, Math.max(0, text.indexOf('\r'))));
            }
        }
        return leaks;
    }

    /**
     * The flow as it runs with this network hiding, for a procedure with these roles (node name to label;
     * the exit is added, after this network's S-CSCF, when the procedure crosses the edge and the exit has
     * no role yet). Unchanged when no role is outside, or none inside.
     */
    public ExpectedFlow adapt(ExpectedFlow flow, Map<String, String> roles) {
        Set<String> inside = new LinkedHashSet<>();
        boolean outside = false;
        for (Map.Entry<String, String> r : roles.entrySet()) {
            if (members.contains(r.getKey())) {
                if (!r.getKey().equals(exit.name())) inside.add(r.getValue());
            } else {
                outside = true;
            }
        }
        if (inside.isEmpty() || !outside) return flow;
        String exitLabel = roles.get(exit.name());
        if (exitLabel == null) {
            exitLabel = labelFor(roles);
            Map<String, String> with = new LinkedHashMap<>();
            String scscf = domain.scscf().name();
            for (Map.Entry<String, String> r : roles.entrySet()) {
                with.put(r.getKey(), r.getValue());
                if (r.getKey().equals(scscf)) with.put(exit.name(), exitLabel);
            }
            with.putIfAbsent(exit.name(), exitLabel);
            roles.clear();
            roles.putAll(with);
        }
        inside.add(exitLabel);
        return flow.throughTopologyHiding(inside, exitLabel, secrets);
    }

    /** "I-CSCF#k" after the side of this network's S-CSCF, unless taken. */
    private String labelFor(Map<String, String> roles) {
        String scscf = roles.get(domain.scscf().name());
        if (scscf != null && scscf.startsWith("S-CSCF#")) {
            String label = "I-CSCF#" + scscf.substring("S-CSCF#".length());
            if (!roles.containsValue(label)) return label;
        }
        return "I-CSCF(" + domain.name() + ")";
    }

    /** A node's domain, a UE's home domain; null for hosts of no domain (the DNS node, external peers). */
    static String domainOf(Scenario s, String name) {
        for (Node n : s.nodes()) if (n.name().equals(name)) return n.domain();
        return s.ue(name).map(u -> u.homeDomain()).orElse(null);
    }

    /** How an address may be written in a message: IPv6 both in full and compressed (RFC 5952). */
    static List<String> spellings(InetAddress a) {
        String full = a.getHostAddress();
        int zone = full.indexOf('%');
        if (zone >= 0) full = full.substring(0, zone);
        if (!(a instanceof Inet6Address)) return List.of(full);
        String[] groups = full.split(":");
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < groups.length; ) {
            if (!groups[i].equals("0")) {
                i++;
                continue;
            }
            int j = i;
            while (j < groups.length && groups[j].equals("0")) j++;
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        if (bestStart < 0) return List.of(full);
        String head = String.join(":", Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", Arrays.copyOfRange(groups, bestStart + bestLen, groups.length));
        return List.of(full, head + "::" + tail);
    }
}
