package org.imsemu.scenario;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One operator's home network: its nodes (P-, I-, S-CSCF, HSS, application servers...) on its net, its
 * subscribers and the service profiles they refer to.
 *
 * @param name            the domain name, lower case (also the realm of its IMPIs)
 * @param thig            topology hiding at the I-CSCF (TS 23.228 4.14): the domain's Via, Record-Route,
 *                        Path and Service-Route entries leave it encrypted
 * @param trusted         whether the network belongs to the common trust domain of the scenario (RFC 3325,
 *                        TS 24.229 4.4): true by default; an untrusted domain is trusted by no other, and
 *                        trusts no other
 * @param serviceProfiles the {@code <service-profile>}s, in document order
 */
public record Domain(String name, String net, boolean thig, boolean trusted, List<Node> nodes, Subscribers subscribers,
                     List<ServiceProfile> serviceProfiles) {

    public Domain {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(subscribers, "subscribers");
        nodes = List.copyOf(nodes);
        serviceProfiles = List.copyOf(serviceProfiles);
    }

    /** A trusted domain. */
    public Domain(String name, String net, boolean thig, List<Node> nodes, Subscribers subscribers,
                  List<ServiceProfile> serviceProfiles) {
        this(name, net, thig, true, nodes, subscribers, serviceProfiles);
    }

    /** A trusted domain without service profiles. */
    public Domain(String name, String net, boolean thig, List<Node> nodes, Subscribers subscribers) {
        this(name, net, thig, true, nodes, subscribers, List.of());
    }

    public List<Node> nodesOfRole(Role role) {
        return nodes.stream().filter(n -> n.role() == role).toList();
    }

    public List<Node> pcscfs() {
        return nodesOfRole(Role.PCSCF);
    }

    /** The domain's one I-CSCF (a loaded scenario has exactly one). */
    public Node icscf() {
        return nodesOfRole(Role.ICSCF).get(0);
    }

    /** The domain's first S-CSCF; the only one in a domain without HSS. */
    public Node scscf() {
        return nodesOfRole(Role.SCSCF).get(0);
    }

    /** All S-CSCFs, in document order (at least one; several only with an HSS, which assigns them). */
    public List<Node> scscfs() {
        return nodesOfRole(Role.SCSCF);
    }

    /** The domain's HSS; present whenever the domain has subscribers. */
    public Optional<Node> hss() {
        return nodesOfRole(Role.HSS).stream().findFirst();
    }

    /** The nodes of role as, in document order. */
    public List<Node> applicationServers() {
        return nodesOfRole(Role.AS);
    }

    public Optional<ServiceProfile> serviceProfile(String profileName) {
        return serviceProfiles.stream().filter(p -> p.name().equals(profileName)).findFirst();
    }

    /**
     * The TS 29.228 XML of a profile's initial filter criteria (see {@link ServiceProfile#initialFilterCriteriaXml()}).
     *
     * @throws IllegalArgumentException if the domain has no such profile
     */
    public String initialFilterCriteriaXml(String profileName) {
        return serviceProfile(profileName).orElseThrow(() -> new IllegalArgumentException(
                "domain " + name + " has no service profile \"" + profileName + "\"")).initialFilterCriteriaXml();
    }
}
