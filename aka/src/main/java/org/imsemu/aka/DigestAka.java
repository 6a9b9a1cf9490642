package org.imsemu.aka;

/**
 * Names and rules of HTTP Digest AKA (RFC 3310) as IMS uses it (TS 24.229 5.1.1.5 and 5.4.1.2): the
 * algorithm token, the auts parameter, and how a server tells the three kinds of answer apart. The Digest
 * arithmetic itself is plain MD5 Digest with RES (raw octets, not hex) as the password, which the sip
 * module's DigestVerifier/DigestClient already do given the password octets.
 */
public final class DigestAka {
    /** The algorithm token of RFC 3310 section 3.1. */
    public static final String ALGORITHM = "AKAv1-MD5";
    /** The auth-param carrying base64(AUTS) on a synchronisation failure (RFC 3310 section 3.4). */
    public static final String AUTS_PARAM = "auts";
    /** The password a client uses for the response when it sends auts (RFC 3310 section 3.4): empty. */
    public static final byte[] SYNC_FAILURE_PASSWORD = new byte[0];

    private DigestAka() {
    }

    /** What an Authorization header answering an AKA challenge means. */
    public enum AnswerKind {
        /** A response computed with RES: check it with XRES as the password. */
        RESPONSE,
        /** An auts parameter: the UE's SQN is out of range; resynchronise via the HSS (MAR with RAND || AUTS). */
        SYNCHRONISATION_FAILURE,
        /**
         * An empty response and no auts: the UE found MAC-A wrong (TS 24.229 5.1.1.5.3, network
         * authentication failure); the S-CSCF answers 403.
         */
        NETWORK_AUTHENTICATION_FAILURE
    }

    /** Classifies an answer from its response and auts parameter values (either may be null). */
    public static AnswerKind classify(String response, String auts) {
        if (auts != null && !auts.isBlank()) return AnswerKind.SYNCHRONISATION_FAILURE;
        if (response == null || response.isEmpty()) return AnswerKind.NETWORK_AUTHENTICATION_FAILURE;
        return AnswerKind.RESPONSE;
    }
}
