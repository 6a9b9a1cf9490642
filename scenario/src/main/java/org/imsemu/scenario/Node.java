package org.imsemu.scenario;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One emulated host running one network function.
 *
 * @param domain           the domain (operator) it belongs to, or null for an operator-independent node such as DNS
 * @param net              the net its address is on
 * @param address          given in the file or allocated from the net
 * @param port             the port its main protocol listens on (SIP 5060, DNS 53, Diameter 3868 unless given)
 * @param fqdn             its host name in DNS: the {@code hostname} attribute, else name.domain, else name
 * @param database         an hss node's JDBC URL ({@code database} attribute); empty: the runtime's embedded default
 * @param service          an as node's built-in service ({@code service} attribute, see {@link AsService})
 * @param noAnswerSeconds  a call-forwarding as node's no-answer timer ({@code no-answer-seconds}, default
 *                         {@link AsService#DEFAULT_NO_ANSWER_SECONDS}); empty for every other node
 * @param recursesRedirects an scscf node follows 3xx redirects itself ({@code redirects="recurse"}); false:
 *                          it relays them to the caller (the default, and for every other node)
 */
public record Node(String name, Role role, String domain, String net, InetAddress address, int port, String fqdn,
                   Optional<String> database, Optional<String> service, OptionalInt noAnswerSeconds, boolean recursesRedirects) {

    public Node {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(fqdn, "fqdn");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(noAnswerSeconds, "noAnswerSeconds");
    }

    /** A node that relays redirects. */
    public Node(String name, Role role, String domain, String net, InetAddress address, int port, String fqdn,
                Optional<String> database, Optional<String> service, OptionalInt noAnswerSeconds) {
        this(name, role, domain, net, address, port, fqdn, database, service, noAnswerSeconds, false);
    }

    /** A node with none of the role-specific attributes (database, service, no-answer-seconds, redirects). */
    public Node(String name, Role role, String domain, String net, InetAddress address, int port, String fqdn) {
        this(name, role, domain, net, address, port, fqdn, Optional.empty(), Optional.empty(), OptionalInt.empty(), false);
    }

    public boolean inDomain() {
        return domain != null;
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    /** {@link #service()} as the enum; empty for a node that is not an application server. */
    public Optional<AsService> asService() {
        return service.flatMap(AsService::fromXml);
    }

    /** The SIP URI an iFC names this node by (ApplicationServer/ServerName): {@code sip:fqdn:port}. */
    public String sipUri() {
        return "sip:" + fqdn + ":" + port;
    }
}
