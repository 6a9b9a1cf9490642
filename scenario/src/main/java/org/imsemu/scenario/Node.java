package org.imsemu.scenario;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One emulated host running one network function.
 *
 * @param domain  the domain (operator) it belongs to, or null for an operator-independent node such as DNS
 * @param net     the net its address is on
 * @param address given in the file or allocated from the net
 * @param port    the port its main protocol listens on (SIP 5060, DNS 53 unless given)
 * @param fqdn    its host name in DNS: the {@code hostname} attribute, else name.domain, else name
 */
public record Node(String name, Role role, String domain, String net, InetAddress address, int port, String fqdn) {

    public Node {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(fqdn, "fqdn");
    }

    public boolean inDomain() {
        return domain != null;
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }
}
