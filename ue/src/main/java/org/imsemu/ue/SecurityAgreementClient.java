package org.imsemu.ue;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.imsemu.sip.header.SecurityMechanism;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;

/**
 * The UE's side of the security agreement (TS 24.229 5.1.1.2.1 and 5.1.1.4.1, TS 33.203 7.1, RFC 3329):
 * every REGISTER of the session offers the same Security-Client (hmac-sha-1-96 first, hmac-md5-96, one
 * pair of our SPIs and protected ports) with "sec-agree" in Require, Proxy-Require and Supported; once a
 * 401 brought the P-CSCF's Security-Server, the following REGISTERs echo it in Security-Verify. The 200
 * makes the agreement established.
 *
 * <p>Keeping the same Security-Client on re-registration is a simplification: TS 24.229 5.1.1.4.1 offers
 * new SPIs then, which would matter only once SAs are really set up. A 401 without a usable
 * Security-Server (a P-CSCF without RFC 3329, or a Digest MD5 subscriber, which has no keys) is answered
 * without the agreement instead of abandoned as 5.1.1.5.1 says: the emulated UE stays usable with plain
 * proxies. Stack thread only.
 */
final class SecurityAgreementClient {
    private static final List<String> ALGORITHMS = List.of(SecurityMechanism.HMAC_SHA_1_96, SecurityMechanism.HMAC_MD5_96);

    private final int portC;
    private final int portS;
    private List<SecurityMechanism> offer;
    private List<SecurityMechanism> serverList; // as received, for Security-Verify
    private SecurityAgreement chosen;
    private volatile SecurityAgreement established;
    private boolean declined;

    /** @param sipPort the UE's SIP port; the protected ports announced are the two above it */
    SecurityAgreementClient(int sipPort) {
        int base = sipPort > 0 && sipPort + 2 <= 65535 ? sipPort : 5060;
        this.portC = base + 1;
        this.portS = base + 2;
        reset();
    }

    /** The offer of this session: one mechanism per algorithm, sharing SPIs and ports (TS 33.203 7.1). */
    List<SecurityMechanism> offer() {
        return offer;
    }

    /** The agreement the last successful registration established, or null. Any thread. */
    SecurityAgreement established() {
        return established;
    }

    /** The REGISTER with the agreement headers, or unchanged once the P-CSCF declined. */
    SipRequest decorate(SipRequest register) {
        if (declined) return register;
        SipRequest out = register.withHeader(HeaderNames.SECURITY_CLIENT, SecurityMechanism.format(offer))
                .withHeader(HeaderNames.REQUIRE, "sec-agree")
                .withHeader(HeaderNames.PROXY_REQUIRE, "sec-agree")
                .withHeader(HeaderNames.SUPPORTED, "path, sec-agree");
        if (serverList != null) out = out.withHeader(HeaderNames.SECURITY_VERIFY, SecurityMechanism.format(serverList));
        return out;
    }

    /** A 401 about to be answered: takes its Security-Server, or gives the agreement up for this session. */
    void onChallenge(SipResponse challenge) {
        if (declined) return;
        List<SecurityMechanism> servers;
        try {
            servers = SecurityMechanism.of(challenge.securityMechanisms(HeaderNames.SECURITY_SERVER));
        } catch (RuntimeException e) {
            servers = List.of();
        }
        SecurityMechanism pick = choose(servers);
        if (pick == null) {
            declined = true;
            serverList = null;
            chosen = null;
            return;
        }
        serverList = servers;
        for (SecurityMechanism mine : offer) {
            if (mine.alg().equals(pick.alg())) chosen = new SecurityAgreement(mine, pick);
        }
    }

    /** The final response of a registration procedure. */
    void onFinal(SipResponse response, boolean deregistration) {
        if (response.isSuccess() && !deregistration) {
            if (!declined && chosen != null) established = chosen;
            return;
        }
        // De-registered or refused: the next REGISTER starts a new agreement, unprotected.
        reset();
    }

    /**
     * RFC 3329 2.3.1 / TS 33.203 7.2: the P-CSCF's mechanism with the highest q among those we offered
     * (ipsec-3gpp, an algorithm of ours, all SPIs and ports present); null if none.
     */
    private static SecurityMechanism choose(List<SecurityMechanism> servers) {
        SecurityMechanism best = null;
        for (SecurityMechanism m : servers) {
            try {
                if (!m.isIpsec3gpp() || !ALGORITHMS.contains(m.alg())) continue;
                if (m.spiC() < 0 || m.spiS() < 0 || m.portC() < 0 || m.portS() < 0) continue;
                if (best == null || m.q() > best.q()) best = m;
            } catch (RuntimeException e) {
                // a malformed entry is not usable; others may be
            }
        }
        return best;
    }

    private void reset() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long spiC = rnd.nextLong(256, 0x1_0000_0000L); // RFC 4303 2.1: 1-255 reserved
        long spiS;
        do {
            spiS = rnd.nextLong(256, 0x1_0000_0000L);
        } while (spiS == spiC);
        long c = spiC;
        long s = spiS;
        offer = ALGORITHMS.stream().map(alg -> SecurityMechanism.ipsec3gpp(alg, c, s, portC, portS)).toList();
        serverList = null;
        chosen = null;
        established = null;
        declined = false;
    }
}
