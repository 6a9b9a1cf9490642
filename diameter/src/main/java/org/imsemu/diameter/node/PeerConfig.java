package org.imsemu.diameter.node;

import java.net.InetSocketAddress;
import java.util.Objects;

/** A peer this node connects to (and reconnects to every Tc while it is down). */
public record PeerConfig(String host, String realm, InetSocketAddress address) {
    public PeerConfig {
        Objects.requireNonNull(host);
        Objects.requireNonNull(address);
    }
}
