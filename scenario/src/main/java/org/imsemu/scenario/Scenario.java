package org.imsemu.scenario;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded and checked scenario: what {@link ScenarioLoader} returns. Immutable.
 *
 * @param source the file path or resource name it was loaded from (the FILE of error messages)
 * @param ip     the family given to nodes of dual-stack nets ({@code <scenario ip="ipv6">})
 * @param nodes  all nodes, outside and inside domains, in document order
 */
public record Scenario(String name, String source, IpVersion ip, List<Net> nets, List<Node> nodes,
                       List<Domain> domains, List<Ue> ues) {

    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(ip, "ip");
        nets = List.copyOf(nets);
        nodes = List.copyOf(nodes);
        domains = List.copyOf(domains);
        ues = List.copyOf(ues);
    }

    public Optional<Net> net(String name) {
        return nets.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    public Optional<Node> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** By domain name, case-insensitively. */
    public Optional<Domain> domain(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return domains.stream().filter(d -> d.name().equals(lower)).findFirst();
    }

    public Optional<Ue> ue(String name) {
        return ues.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    public List<Node> nodesOfRole(Role role) {
        return nodes.stream().filter(n -> n.role() == role).toList();
    }

    /** The domain a node belongs to; empty for an operator-independent node (DNS). */
    public Optional<Domain> domainOf(Node node) {
        return node.domain() == null ? Optional.empty() : domain(node.domain());
    }

    /** The one DNS server every host uses. */
    public Node dns() {
        return nodesOfRole(Role.DNS).get(0);
    }

    /** The P-CSCF a UE uses. */
    public Node pcscfOf(Ue ue) {
        return node(ue.pcscf()).orElseThrow();
    }

    /** The name of the node or UE at an address (for labelling captures and ladders). */
    public Optional<String> hostAt(InetAddress address) {
        Optional<String> node = nodes.stream().filter(n -> n.address().equals(address)).map(Node::name).findFirst();
        return node.isPresent() ? node : ues.stream().filter(u -> u.address().equals(address)).map(Ue::name).findFirst();
    }

    /** Readable tables of nets, nodes, UEs and subscribers (what {@code imsemu check} prints). */
    public String summary() {
        return ScenarioSummary.of(this);
    }

    @Override
    public String toString() {
        return summary();
    }
}
