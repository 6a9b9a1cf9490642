package org.imsemu.scenario;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gives every host its address. Explicit addresses are checked (inside the net, not the network or
 * broadcast address, not taken twice) and reserved first; then hosts without one get, in document
 * order, the next free address of their net from .10 (IPv4) or ::10 (IPv6) up. Same file, same addresses.
 */
final class AddressPlan {
    static final BigInteger FIRST_IPV4 = BigInteger.valueOf(10);
    static final BigInteger FIRST_IPV6 = BigInteger.valueOf(0x10);

    private AddressPlan() {
    }

    static void assign(List<HostDraft> hosts, Map<String, Net> nets, IpVersion preferred, Problems problems) {
        Map<InetAddress, HostDraft> taken = new HashMap<>();
        for (HostDraft host : hosts) {
            if (host.explicitAddress == null || host.net == null) {
                continue;
            }
            InetAddress address = host.explicitAddress;
            Net net = nets.get(host.net);
            String text = IpAddresses.format(address);
            if (!net.contains(address)) {
                problems.add(host.element, "address " + text + " of " + host.describe() + " is not inside net "
                        + net.name() + " (" + net.prefixes() + ")");
                continue;
            }
            IpPrefix prefix = prefixContaining(net, address);
            BigInteger offset = prefix.offsetOf(address);
            if (offset.signum() == 0 && prefix.size().compareTo(BigInteger.TWO) > 0) {
                problems.add(host.element, "address " + text + " of " + host.describe() + " is the network address of "
                        + prefix + "; use a host address");
                continue;
            }
            if (prefix.isIpv4() && offset.equals(prefix.size().subtract(BigInteger.ONE)) && prefix.length() < 31) {
                problems.add(host.element, "address " + text + " of " + host.describe() + " is the broadcast address of "
                        + prefix + "; use a host address");
                continue;
            }
            HostDraft holder = taken.putIfAbsent(address, host);
            if (holder != null) {
                problems.add(host.element, "address " + text + " of " + host.describe() + " is given twice: "
                        + holder.describe() + " (line " + holder.element.line + ") already has it");
                continue;
            }
            host.address = address;
        }

        Map<String, BigInteger> next = new HashMap<>();
        for (HostDraft host : hosts) {
            if (host.explicitAddress != null || host.net == null) {
                continue;
            }
            Net net = nets.get(host.net);
            Optional<IpPrefix> chosen = familyFor(net, preferred);
            if (chosen.isEmpty()) {
                continue; // a net without prefixes is reported where it is defined
            }
            IpPrefix prefix = chosen.get();
            String key = net.name() + "/" + prefix.version();
            BigInteger offset = next.getOrDefault(key, prefix.isIpv4() ? FIRST_IPV4 : FIRST_IPV6);
            BigInteger last = prefix.size().subtract(prefix.isIpv4() && prefix.length() < 31 ? BigInteger.TWO : BigInteger.ONE);
            while (true) {
                Optional<InetAddress> candidate = offset.compareTo(last) <= 0 ? prefix.host(offset) : Optional.empty();
                if (candidate.isEmpty()) {
                    problems.add(host.element, "net " + net.name() + " (" + prefix + ") has no free address left for "
                            + host.describe() + " (addresses are given from " + (prefix.isIpv4() ? ".10" : "::10")
                            + " up); give it an address or use a larger prefix");
                    break;
                }
                offset = offset.add(BigInteger.ONE);
                if (!taken.containsKey(candidate.get())) {
                    host.address = candidate.get();
                    taken.put(candidate.get(), host);
                    break;
                }
            }
            next.put(key, offset);
        }
    }

    /** IPv4 unless the scenario prefers IPv6 and the net has it; a single-family net gives its family. */
    static Optional<IpPrefix> familyFor(Net net, IpVersion preferred) {
        Optional<IpPrefix> first = net.prefix(preferred);
        return first.isPresent() ? first : net.prefix(preferred == IpVersion.IPV4 ? IpVersion.IPV6 : IpVersion.IPV4);
    }

    private static IpPrefix prefixContaining(Net net, InetAddress address) {
        return net.ipv4().filter(p -> p.contains(address)).orElseGet(() -> net.ipv6().orElseThrow());
    }
}
