package org.imsemu.ue;

import java.util.Map;
import org.imsemu.aka.AkaDigestResponder;
import org.imsemu.aka.AkaKeys;
import org.imsemu.aka.DigestAka;
import org.imsemu.aka.UsimAka;
import org.imsemu.sip.header.AuthHeader;
import org.imsemu.sip.ua.DigestAlgorithm;
import org.imsemu.sip.ua.DigestCredentials;

/**
 * Digest AKAv1-MD5 (RFC 3310) for the UE: the USIM checks the network's AUTN (MAC and sequence number)
 * and gives RES, used as the Digest password; a sequence number out of range gives an AUTS to send back
 * with an empty password; a wrong MAC gives nothing, so the UE does not answer (TS 33.203 6.1.1).
 */
public final class AkaAlgorithm implements DigestAlgorithm {
    private final AkaDigestResponder responder;

    public AkaAlgorithm(AkaKeys keys) {
        this.responder = new AkaDigestResponder(new UsimAka(keys));
    }

    /** From the hex a scenario or command line gives: K and OP (or OPc). */
    public static AkaAlgorithm fromHex(String k, String opOrOpc, boolean isOpc) {
        return new AkaAlgorithm(AkaKeys.fromHex(k, opOrOpc, isOpc));
    }

    @Override
    public String name() {
        return DigestAka.ALGORITHM;
    }

    @Override
    public byte[] password(AuthHeader challenge, DigestCredentials credentials) {
        return responder.password(challenge.param("nonce"));
    }

    @Override
    public Map<String, String> extraParams(AuthHeader challenge) {
        return responder.authParams(challenge.param("nonce"));
    }

    @Override
    public String toString() {
        return name();
    }
}
