package org.imsemu.ue;

import java.util.Objects;
import org.imsemu.sip.header.SecurityMechanism;

/**
 * The security agreement a UE reached with its P-CSCF (RFC 3329, ipsec-3gpp of TS 33.203 annex H): the
 * two halves of the parameters of its IPsec SAs. Only the negotiation exists so far; the UE still sends
 * to the P-CSCF's ordinary SIP port, unprotected, until the namespace backend installs the SAs.
 *
 * @param ue    the UE's own Security-Client entry for the chosen algorithm: its spi-c, spi-s, port-c, port-s
 * @param pcscf the P-CSCF's Security-Server entry the UE chose and echoed in Security-Verify
 */
public record SecurityAgreement(SecurityMechanism ue, SecurityMechanism pcscf) {

    public SecurityAgreement {
        Objects.requireNonNull(ue, "ue");
        Objects.requireNonNull(pcscf, "pcscf");
    }

    /** The integrity algorithm, e.g. hmac-sha-1-96. */
    public String algorithm() {
        return pcscf.alg();
    }
}
