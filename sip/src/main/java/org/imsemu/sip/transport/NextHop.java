package org.imsemu.sip.transport;

import java.net.InetSocketAddress;
import java.util.Objects;

/** Where a request goes next: a transport and an address (RFC 3263 gives these from a URI). */
public record NextHop(TransportType transport, InetSocketAddress address) {
    public NextHop {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(address, "address");
    }
}
