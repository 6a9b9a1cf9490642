package org.imsemu.sdp;

import java.util.List;
import java.util.Objects;

/**
 * A c= line. {@code ttl} (IP4 multicast only) and {@code numberOfAddresses} are null when absent;
 * the constructor rejects combinations that could not be written back unambiguously (an IP4 address
 * count without a TTL, or a TTL on IP6).
 */
public record Connection(String netType, AddressType addressType, String address, Integer ttl,
                         Integer numberOfAddresses) {

    public Connection {
        Syntax.token(netType, "c= network type");
        Objects.requireNonNull(addressType, "addressType");
        Syntax.address(addressType, address, "c= address");
        if (ttl != null) {
            if (addressType != AddressType.IP4) {
                throw new IllegalArgumentException("TTL is only allowed for IP4 addresses");
            }
            Syntax.checkRange(ttl, "TTL", 0, 255);
        }
        if (numberOfAddresses != null) {
            if (addressType == AddressType.IP4 && ttl == null) {
                throw new IllegalArgumentException("IP4 number of addresses needs a TTL");
            }
            Syntax.checkRange(numberOfAddresses, "number of addresses", 1, Integer.MAX_VALUE);
        }
    }

    /** The common unicast case: IN, address type guessed from the address. */
    public static Connection of(String address) {
        return new Connection("IN", AddressType.of(address), address, null, null);
    }

    static Connection parse(String value) {
        List<String> f = Syntax.fields(value, "c= line");
        if (f.size() != 3) {
            throw new IllegalArgumentException(
                    "c= line needs 3 fields '<nettype> <addrtype> <address>' but has " + f.size());
        }
        AddressType type = AddressType.parse(f.get(1));
        String ca = f.get(2);
        int s1 = ca.indexOf('/');
        if (s1 < 0) {
            return new Connection(f.get(0), type, ca, null, null);
        }
        String addr = ca.substring(0, s1);
        int s2 = ca.indexOf('/', s1 + 1);
        String first = s2 < 0 ? ca.substring(s1 + 1) : ca.substring(s1 + 1, s2);
        if (type == AddressType.IP6) {
            if (s2 >= 0) {
                throw new IllegalArgumentException("IP6 connection address '" + ca + "' may have only /<number>");
            }
            return new Connection(f.get(0), type, addr, null,
                    Syntax.parseInt(first, "number of addresses in c= line", 1, Integer.MAX_VALUE));
        }
        int ttl = Syntax.parseInt(first, "TTL in c= line", 0, 255);
        Integer n = s2 < 0 ? null
                : Syntax.parseInt(ca.substring(s2 + 1), "number of addresses in c= line", 1, Integer.MAX_VALUE);
        return new Connection(f.get(0), type, addr, ttl, n);
    }

    void appendTo(StringBuilder sb) {
        sb.append("c=").append(netType).append(' ').append(addressType).append(' ').append(address);
        if (ttl != null) {
            sb.append('/').append(ttl.intValue());
        }
        if (numberOfAddresses != null) {
            sb.append('/').append(numberOfAddresses.intValue());
        }
    }

    /** The c= line without line ending. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(48);
        appendTo(sb);
        return sb.toString();
    }
}
