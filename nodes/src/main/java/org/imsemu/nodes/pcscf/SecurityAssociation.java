package org.imsemu.nodes.pcscf;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import org.imsemu.sip.header.SecurityMechanism;

/**
 * The security associations agreed between a UE and this P-CSCF (TS 33.203 7.1, RFC 3329 with the
 * ipsec-3gpp mechanism): the UE's chosen Security-Client entry, the Security-Server entry the P-CSCF
 * sent, and the keys the S-CSCF gave with the AKA challenge. Immutable.
 *
 * <p>Only the negotiation is real so far: no kernel SA exists and nobody listens on the protected ports
 * (the namespace backend will install them); requests keep flowing on the P-CSCF's normal SIP port.
 *
 * @param ue     where the UE sends from (its unprotected address)
 * @param callId the Call-ID of the registration that negotiated it
 * @param offer  the UE's whole Security-Client, which its later REGISTERs must repeat
 * @param client the UE's mechanism with the chosen algorithm: its spi-c/spi-s and port-c/port-s
 * @param server the P-CSCF's mechanism as sent in Security-Server: its SPIs and protected ports
 * @param ik     integrity key, hex, as the S-CSCF gave it in the 401 (TS 33.203 7.1)
 * @param ck     cipher key, hex
 */
public record SecurityAssociation(InetSocketAddress ue, String callId, List<SecurityMechanism> offer, SecurityMechanism client,
                                  SecurityMechanism server, String ik, String ck) {

    public SecurityAssociation {
        Objects.requireNonNull(ue, "ue");
        offer = List.copyOf(offer);
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(server, "server");
    }

    /** The integrity algorithm both sides use. */
    public String algorithm() {
        return server.alg();
    }

    /**
     * One unidirectional IPsec SA: traffic from {@code fromPort} of one side to {@code toPort} of the
     * other, under the SPI its receiver chose.
     */
    public record IpsecSa(String direction, int fromPort, int toPort, long spi) {
    }

    /**
     * The four SAs of TS 33.203 7.1, from the P-CSCF's view: two inbound (SPIs the P-CSCF chose), two
     * outbound (SPIs the UE chose). The UE installs the same four with the directions swapped.
     */
    public List<IpsecSa> ipsecSas() {
        return List.of(
                new IpsecSa("UE port-c -> P-CSCF port-s", client.portC(), server.portS(), server.spiS()),
                new IpsecSa("UE port-s -> P-CSCF port-c", client.portS(), server.portC(), server.spiC()),
                new IpsecSa("P-CSCF port-c -> UE port-s", server.portC(), client.portS(), client.spiS()),
                new IpsecSa("P-CSCF port-s -> UE port-c", server.portS(), client.portC(), client.spiC()));
    }

    /** Without the keys: they are secrets even in an emulator's log. */
    @Override
    public String toString() {
        return "SecurityAssociation[" + ue + " " + algorithm() + ", UE " + client + ", P-CSCF " + server + "]";
    }
}
