package org.imsemu.aka;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The UE's bridge from an AKAv1-MD5 challenge to the Digest client (the sip module's DigestAlgorithm hook
 * asks for the password and for extra auth-params separately): runs the USIM once per nonce and remembers
 * the outcome, so both questions, and a retransmitted challenge, get consistent answers without the
 * second run looking like a replay.
 * <ul>
 * <li>Success: the password is RES.</li>
 * <li>Synchronisation failure: the password is empty and the extra parameter is auts=base64(AUTS)
 * (RFC 3310 section 3.4).</li>
 * <li>MAC failure or an undecodable nonce: no password (null), so the client does not answer the
 * challenge; RES is never released for a network that failed authentication. (TS 24.229 5.1.1.5.3 lets a
 * UE instead send a REGISTER with an empty response and no auts; {@link #outcome} tells the caller which
 * case it is in should it want to.)</li>
 * </ul>
 * Thread-safe.
 */
public final class AkaDigestResponder {
    private static final int REMEMBERED = 16;

    private final UsimAka usim;
    private final Map<String, AkaOutcome> outcomes = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, AkaOutcome> eldest) {
            return size() > REMEMBERED;
        }
    };

    public AkaDigestResponder(UsimAka usim) {
        this.usim = usim;
    }

    /** The USIM's verdict on this nonce (computed once per nonce), or MacFailure for an undecodable nonce. */
    public synchronized AkaOutcome outcome(String nonce) {
        AkaOutcome known = outcomes.get(nonce);
        if (known != null) return known;
        AkaOutcome o;
        try {
            o = usim.authenticate(AkaNonce.decode(nonce));
        } catch (IllegalArgumentException e) {
            o = new AkaOutcome.MacFailure();
        }
        if (nonce != null) outcomes.put(nonce, o);
        return o;
    }

    /** The Digest password octets for this nonce: RES, empty on a synchronisation failure, null to refuse. */
    public byte[] password(String nonce) {
        AkaOutcome o = outcome(nonce);
        if (o instanceof AkaOutcome.Success s) return s.res();
        if (o instanceof AkaOutcome.SyncFailure) return DigestAka.SYNC_FAILURE_PASSWORD.clone();
        return null;
    }

    /** Extra auth-params for the credentials: {auts=base64(AUTS)} on a synchronisation failure, else none. */
    public Map<String, String> authParams(String nonce) {
        if (outcome(nonce) instanceof AkaOutcome.SyncFailure f) return Map.of(DigestAka.AUTS_PARAM, Auts.encode(f.auts()));
        return Map.of();
    }

    /** CK and IK of a successful challenge (for IPsec set-up with the P-CSCF), or null. */
    public AkaOutcome.Success keys(String nonce) {
        return outcome(nonce) instanceof AkaOutcome.Success s ? s : null;
    }
}
