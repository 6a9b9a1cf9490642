package org.imsemu.dns;

/** Which addresses of a host name to try first when it has both A and AAAA records. */
public enum AddressFamilyPreference {
    /** A records first, then AAAA (the default). */
    IPV4_FIRST,
    /** AAAA records first, then A: for IPv6 scenarios. */
    IPV6_FIRST
}
