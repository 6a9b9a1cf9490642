package org.imsemu.capture;

/**
 * The transport a captured message crossed. Our own enum rather than the SIP stack's, because Diameter
 * (RFC 6733) also runs over SCTP, which the SIP stack does not speak.
 */
public enum Transport {
    UDP, TCP, SCTP;

    public static Transport of(org.imsemu.sip.transport.TransportType t) {
        return switch (t) {
            case UDP -> UDP;
            case TCP -> TCP;
        };
    }
}
