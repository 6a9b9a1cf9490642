package org.imsemu.nodes.common.cx;

import java.util.List;

/** What the CSCFs read from Cx answers (TS 29.229 6.1), as plain values. */
public final class CxAnswers {
    private CxAnswers() {
    }

    /** Result-Code, or the Experimental-Result-Code of a 3GPP answer; 0 if neither. */
    public interface Result {
        long result();

        default boolean isSuccess() {
            return result() >= 2000 && result() < 3000;
        }
    }

    /**
     * UAA: the assigned S-CSCF (Server-Name), or the capabilities to choose one with.
     *
     * @param capabilityServerNames Server-Name values listed inside Server-Capabilities
     */
    public record UserAuthorization(long result, String serverName, List<Long> mandatory, List<Long> optional,
                                    List<String> capabilityServerNames) implements Result {
    }

    /** LIA: the S-CSCF serving a public identity, or capabilities (unregistered services). */
    public record LocationInfo(long result, String serverName, List<String> capabilityServerNames) implements Result {
    }

    /**
     * One SIP-Auth-Data-Item of a MAA: for Digest-AKAv1-MD5 the challenge (RAND||AUTN), XRES, CK and IK;
     * for SIP Digest the realm, algorithm, qop and HA1.
     */
    public record AuthItem(String scheme, byte[] authenticate, byte[] authorization, byte[] ck, byte[] ik,
                           String digestRealm, String digestAlgorithm, String digestQop, String digestHa1) {
    }

    public record MultimediaAuth(long result, List<AuthItem> items) implements Result {
    }

    /** SAA: the user's profile (TS 29.228 annex E User-Data), when sent. */
    public record ServerAssignment(long result, String userData) implements Result {
    }
}
