package org.imsemu.runtime;

import java.util.List;
import java.util.Objects;

/**
 * What a running scenario looks like from outside: every node and UE with its address and ports. Written
 * as JSON by {@code imsemu up --topology-out}, a public contract: field names never change, new fields
 * may be added.
 */
public record Topology(String scenario, List<Entry> nodes, List<Entry> ues) {

    /**
     * One host. Ports are null where the host has no such service.
     *
     * @param domain null for operator-independent nodes (the DNS)
     */
    public record Entry(String name, String role, String domain, String address, Integer sipPort, Integer diameterPort,
                        Integer dnsPort, String impu) {
        public Entry {
            Objects.requireNonNull(name);
            Objects.requireNonNull(role);
            Objects.requireNonNull(address);
        }
    }

    public Topology {
        nodes = List.copyOf(nodes);
        ues = List.copyOf(ues);
    }

    /** The JSON form: {"scenario": NAME, "nodes": [...], "ues": [...]}; absent ports are left out. */
    public String toJson() {
        StringBuilder sb = new StringBuilder("{\n  \"scenario\": ").append(quote(scenario)).append(",\n  \"nodes\": [");
        appendEntries(sb, nodes);
        sb.append("],\n  \"ues\": [");
        appendEntries(sb, ues);
        return sb.append("]\n}\n").toString();
    }

    /** A table for the terminal, one line per host. */
    public String toTable() {
        StringBuilder sb = new StringBuilder(String.format("%-10s %-6s %-14s %-26s %s%n", "NODE", "ROLE", "DOMAIN", "ADDRESS", "SERVICES"));
        for (Entry e : nodes) sb.append(row(e));
        for (Entry e : ues) sb.append(row(e));
        return sb.toString();
    }

    private static String row(Entry e) {
        StringBuilder services = new StringBuilder();
        if (e.sipPort() != null) services.append("sip/").append(e.sipPort()).append(' ');
        if (e.diameterPort() != null) services.append("diameter/").append(e.diameterPort()).append(' ');
        if (e.dnsPort() != null) services.append("dns/").append(e.dnsPort()).append(' ');
        if (e.impu() != null) services.append(e.impu());
        return String.format("%-10s %-6s %-14s %-26s %s%n", e.name(), e.role(), e.domain() == null ? "-" : e.domain(),
                e.address(), services.toString().trim());
    }

    private static void appendEntries(StringBuilder sb, List<Entry> entries) {
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("    {\"name\": ").append(quote(e.name()))
                    .append(", \"role\": ").append(quote(e.role()))
                    .append(", \"domain\": ").append(e.domain() == null ? "null" : quote(e.domain()))
                    .append(", \"address\": ").append(quote(e.address()));
            if (e.sipPort() != null) sb.append(", \"sipPort\": ").append(e.sipPort());
            if (e.diameterPort() != null) sb.append(", \"diameterPort\": ").append(e.diameterPort());
            if (e.dnsPort() != null) sb.append(", \"dnsPort\": ").append(e.dnsPort());
            if (e.impu() != null) sb.append(", \"impu\": ").append(quote(e.impu()));
            sb.append('}');
        }
        if (!entries.isEmpty()) sb.append("\n  ");
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
