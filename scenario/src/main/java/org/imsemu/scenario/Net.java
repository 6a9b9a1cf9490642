package org.imsemu.scenario;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** A link (the paper's bridge, with an optional VLAN) and its IPv4 and/or IPv6 prefix. */
public record Net(String name, OptionalInt vlan, Optional<IpPrefix> ipv4, Optional<IpPrefix> ipv6) {

    public Net {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(vlan, "vlan");
        Objects.requireNonNull(ipv4, "ipv4");
        Objects.requireNonNull(ipv6, "ipv6");
    }

    public boolean contains(InetAddress address) {
        return ipv4.map(p -> p.contains(address)).orElse(false) || ipv6.map(p -> p.contains(address)).orElse(false);
    }

    /** The prefix of the given family, if the net has one. */
    public Optional<IpPrefix> prefix(IpVersion version) {
        return version == IpVersion.IPV4 ? ipv4 : ipv6;
    }

    /** "127.0.1.0/24 fd00:1::/64" */
    public String prefixes() {
        StringBuilder s = new StringBuilder();
        ipv4.ifPresent(s::append);
        ipv6.ifPresent(p -> s.append(s.length() > 0 ? " " : "").append(p));
        return s.toString();
    }
}
