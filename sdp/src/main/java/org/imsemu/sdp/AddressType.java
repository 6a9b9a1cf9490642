package org.imsemu.sdp;

/**
 * SDP address types. Only IP4 and IP6 exist for the IN network type, so an enum lets callers switch
 * on it instead of comparing strings.
 */
public enum AddressType {
    IP4,
    IP6;

    /** Picks the type from a literal or host name; a colon can only appear in an IPv6 literal. */
    public static AddressType of(String address) {
        return address.indexOf(':') >= 0 ? IP6 : IP4;
    }

    static AddressType parse(String s) {
        switch (s) {
            case "IP4":
                return IP4;
            case "IP6":
                return IP6;
            default:
                throw new IllegalArgumentException("unknown address type '" + s + "' (expected IP4 or IP6)");
        }
    }
}
