package org.imsemu.scenario;

import java.util.ArrayList;
import java.util.List;

/** Plain-text tables of a scenario (nets, nodes, UEs, subscribers, initial filter criteria), aligned in columns, for {@code imsemu check} and logs. */
public final class ScenarioSummary {
    private ScenarioSummary() {
    }

    public static String of(Scenario s) {
        StringBuilder out = new StringBuilder();
        out.append("scenario ").append(s.name()).append(" (").append(s.source()).append("), addresses: ")
                .append(s.ip().xmlName()).append('\n');

        List<String[]> nets = new ArrayList<>();
        nets.add(new String[] {"NET", "VLAN", "IPV4", "IPV6"});
        for (Net n : s.nets()) {
            nets.add(new String[] {n.name(), n.vlan().isPresent() ? String.valueOf(n.vlan().getAsInt()) : "-",
                    n.ipv4().map(IpPrefix::toString).orElse("-"), n.ipv6().map(IpPrefix::toString).orElse("-")});
        }
        table(out.append('\n'), nets);

        List<String[]> nodes = new ArrayList<>();
        nodes.add(new String[] {"NODE", "ROLE", "DOMAIN", "ADDRESS", "PORT", "FQDN"});
        for (Node n : s.nodes()) {
            nodes.add(new String[] {n.name(), n.role().xmlName(), n.domain() == null ? "-" : n.domain(),
                    IpAddresses.format(n.address()), String.valueOf(n.port()), n.fqdn()});
        }
        table(out.append('\n'), nodes);

        if (!s.ues().isEmpty()) {
            List<String[]> ues = new ArrayList<>();
            ues.add(new String[] {"UE", "IMPU", "IMPI", "P-CSCF", "ADDRESS", "PORT", "AUTH"});
            for (Ue u : s.ues()) {
                String auth = u.password().isPresent() ? (u.aka().isPresent() ? "digest+aka" : "digest") : "aka";
                ues.add(new String[] {u.name(), u.impu(), u.impi(), u.pcscf(), IpAddresses.format(u.address()),
                        String.valueOf(u.port()), auth});
            }
            table(out.append('\n'), ues);
        }

        List<String[]> subs = new ArrayList<>();
        subs.add(new String[] {"DOMAIN", "THIG", "SUBSCRIBERS", "LISTED", "RANGES"});
        for (Domain d : s.domains()) {
            List<String> ranges = d.subscribers().ranges().stream().map(r -> r.prefix() + r.from() + ".." + r.prefix() + r.to()).toList();
            subs.add(new String[] {d.name(), String.valueOf(d.thig()), String.valueOf(d.subscribers().size()),
                    String.valueOf(d.subscribers().listed().size()), ranges.isEmpty() ? "-" : String.join(", ", ranges)});
        }
        table(out.append('\n'), subs);

        List<String[]> ifcs = new ArrayList<>();
        ifcs.add(new String[] {"DOMAIN", "PROFILE", "PRIORITY", "AS", "TRIGGER", "DEFAULT"});
        for (Domain d : s.domains()) {
            for (ServiceProfile p : d.serviceProfiles()) {
                for (InitialFilterCriterion c : p.criteria()) {
                    ifcs.add(new String[] {d.name(), p.name(), String.valueOf(c.priority()), c.applicationServer(), trigger(c),
                            c.defaultHandling().xmlName()});
                }
                if (!p.rawCriteria().isEmpty()) {
                    ifcs.add(new String[] {d.name(), p.name(), "-", "-", p.rawCriteria().size() + " in TS 29.228 XML", "-"});
                }
            }
        }
        if (ifcs.size() > 1) {
            table(out.append('\n'), ifcs);
        }
        return out.toString();
    }

    /** "INVITE originating" and the like; "any request" without conditions. */
    private static String trigger(InitialFilterCriterion c) {
        List<String> parts = new ArrayList<>();
        c.method().ifPresent(parts::add);
        c.sessionCase().ifPresent(sc -> parts.add(sc.xmlName()));
        c.requestUri().ifPresent(u -> parts.add("uri~" + u));
        c.header().ifPresent(h -> parts.add(h + c.headerContent().map(v -> "~" + v).orElse("")));
        if (c.registeredOnly()) {
            parts.add("registered-only");
        }
        return parts.isEmpty() ? "any request" : String.join(" ", parts);
    }

    private static void table(StringBuilder out, List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
