package org.imsemu.scenario;

import java.util.List;
import java.util.Objects;

/**
 * One operator's home network: its nodes (P-, I-, S-CSCF...) on its net and its subscribers.
 *
 * @param name the domain name, lower case (also the realm of its IMPIs)
 * @param thig topology hiding at the I-CSCF (parsed now, used by a later issue)
 */
public record Domain(String name, String net, boolean thig, List<Node> nodes, Subscribers subscribers) {

    public Domain {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(subscribers, "subscribers");
        nodes = List.copyOf(nodes);
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

    /** The domain's one S-CSCF (a loaded scenario has exactly one until the HSS assigns among several). */
    public Node scscf() {
        return nodesOfRole(Role.SCSCF).get(0);
    }
}
