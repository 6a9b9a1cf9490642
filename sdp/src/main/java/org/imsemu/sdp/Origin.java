package org.imsemu.sdp;

import java.util.List;
import java.util.Objects;

/**
 * The o= line. Session id and version are unsigned 64-bit values because many implementations use
 * NTP timestamps there; they are formatted with {@link Long#toUnsignedString(long)}.
 */
public record Origin(String username, long sessionId, long sessionVersion, String netType,
                     AddressType addressType, String address) {

    public Origin {
        Syntax.nonWs(username, "o= username");
        Syntax.token(netType, "o= network type");
        Objects.requireNonNull(addressType, "addressType");
        Syntax.address(addressType, address, "o= address");
    }

    /** Network type IN with the address type guessed from the address, which is what every real user agent uses. */
    public static Origin of(String username, long sessionId, long sessionVersion, String address) {
        return new Origin(username, sessionId, sessionVersion, "IN", AddressType.of(address), address);
    }

    public Origin withSessionVersion(long version) {
        return new Origin(username, sessionId, version, netType, addressType, address);
    }

    /** RFC 3264 section 8 requires the version to grow by one for each changed offer or answer. */
    public Origin nextVersion() {
        return withSessionVersion(sessionVersion + 1);
    }

    static Origin parse(String value) {
        List<String> f = Syntax.fields(value, "o= line");
        if (f.size() != 6) {
            throw new IllegalArgumentException("o= line needs 6 fields '<username> <sess-id> <sess-version> "
                    + "<nettype> <addrtype> <address>' but has " + f.size());
        }
        return new Origin(f.get(0),
                Syntax.parseUnsignedLong(f.get(1), "session id in o= line"),
                Syntax.parseUnsignedLong(f.get(2), "session version in o= line"),
                f.get(3), AddressType.parse(f.get(4)), f.get(5));
    }

    void appendTo(StringBuilder sb) {
        sb.append("o=").append(username).append(' ')
                .append(Long.toUnsignedString(sessionId)).append(' ')
                .append(Long.toUnsignedString(sessionVersion)).append(' ')
                .append(netType).append(' ').append(addressType).append(' ').append(address);
    }

    /** The o= line without line ending. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64);
        appendTo(sb);
        return sb.toString();
    }
}
