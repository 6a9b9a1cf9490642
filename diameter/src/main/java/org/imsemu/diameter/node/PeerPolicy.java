package org.imsemu.diameter.node;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether an unknown peer (not among the configured ones) may complete a capabilities exchange; a
 * refused one gets DIAMETER_UNKNOWN_PEER (3010) and is disconnected.
 */
@FunctionalInterface
public interface PeerPolicy {
    boolean accept(String originHost, String originRealm, InetSocketAddress remote);

    static PeerPolicy acceptAny() {
        return (h, r, a) -> true;
    }

    /** Only configured peers and these Origin-Hosts (case-insensitive). */
    static PeerPolicy whitelist(Collection<String> hosts) {
        Set<String> allowed = hosts.stream().map(String::toLowerCase).collect(Collectors.toUnmodifiableSet());
        return (h, r, a) -> allowed.contains(h.toLowerCase());
    }

    static PeerPolicy configuredOnly() {
        return (h, r, a) -> false;
    }
}
