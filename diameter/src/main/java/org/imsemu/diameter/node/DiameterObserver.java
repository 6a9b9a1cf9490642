package org.imsemu.diameter.node;

import java.net.InetSocketAddress;

/**
 * Sees every Diameter message a node sends or receives, malformed ones included, as the bytes on the
 * wire (the capture hook). Called on the node's event loop: must be fast and must not block.
 */
@FunctionalInterface
public interface DiameterObserver {
    enum Direction { SENT, RECEIVED }

    DiameterObserver NONE = (d, l, r, b) -> { };

    void onMessage(Direction direction, InetSocketAddress local, InetSocketAddress remote, byte[] bytes);
}
