package org.imsemu.sip.ua;

import java.net.InetSocketAddress;
import java.util.Objects;
import org.imsemu.sip.transport.TransportType;

/** Where a request goes: a transport and an address (RFC 3263 section 4's result, one entry). */
public record Target(TransportType transport, InetSocketAddress address) {
    public Target {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(address, "address");
    }
}
