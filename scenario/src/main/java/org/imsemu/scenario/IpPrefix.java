package org.imsemu.scenario;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/** An IPv4 or IPv6 prefix such as 127.0.1.0/24 or fd00:1::/64; host bits of {@code network} are zero. */
public record IpPrefix(InetAddress network, int length) {

    public IpPrefix {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("prefix length " + length + " is outside 0-" + bits);
        }
        BigInteger value = toInteger(network);
        if (!value.equals(value.and(mask(bits, length)))) {
            throw new IllegalArgumentException("prefix " + IpAddresses.format(network) + "/" + length
                    + " has host bits set; did you mean " + IpAddresses.format(fromInteger(value.and(mask(bits, length)), bits))
                    + "/" + length + "?");
        }
    }

    /** Parses "address/length", checking that the host bits are zero. */
    public static IpPrefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("\"" + text + "\" is not a prefix (address/length)");
        }
        InetAddress address = IpAddresses.parse(text.substring(0, slash));
        String len = text.substring(slash + 1);
        if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("\"" + text + "\" has a bad prefix length");
        }
        return new IpPrefix(address, Integer.parseInt(len));
    }

    public boolean isIpv4() {
        return network instanceof Inet4Address;
    }

    public IpVersion version() {
        return isIpv4() ? IpVersion.IPV4 : IpVersion.IPV6;
    }

    private int bits() {
        return network.getAddress().length * 8;
    }

    public boolean contains(InetAddress address) {
        if (address.getAddress().length != network.getAddress().length) {
            return false;
        }
        return toInteger(address).and(mask(bits(), length)).equals(toInteger(network));
    }

    /** True when the two prefixes share at least one address (one contains the other). */
    public boolean overlaps(IpPrefix other) {
        return other.isIpv4() == isIpv4() && (contains(other.network) || other.contains(network));
    }

    /** The address {@code offset} places after the network address, if still inside the prefix. */
    public Optional<InetAddress> host(BigInteger offset) {
        if (offset.signum() < 0 || offset.bitLength() > bits() - length) {
            return Optional.empty();
        }
        return Optional.of(fromInteger(toInteger(network).add(offset), bits()));
    }

    /** The offset of {@code address} from the network address (its host part). */
    public BigInteger offsetOf(InetAddress address) {
        return toInteger(address).subtract(toInteger(network));
    }

    /** Number of addresses in the prefix. */
    public BigInteger size() {
        return BigInteger.ONE.shiftLeft(bits() - length);
    }

    @Override
    public String toString() {
        return IpAddresses.format(network) + "/" + length;
    }

    private static BigInteger mask(int bits, int length) {
        return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - length).subtract(BigInteger.ONE));
    }

    static BigInteger toInteger(InetAddress address) {
        return new BigInteger(1, address.getAddress());
    }

    private static InetAddress fromInteger(BigInteger value, int bits) {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[bits / 8];
        int copy = Math.min(raw.length, bytes.length);
        System.arraycopy(raw, raw.length - copy, bytes, bytes.length - copy, copy);
        return IpAddresses.fromBytes(bytes);
    }
}
