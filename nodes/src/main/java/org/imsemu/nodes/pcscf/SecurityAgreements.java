package org.imsemu.nodes.pcscf;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.imsemu.sip.header.Parameters;
import org.imsemu.sip.header.SecurityMechanism;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;

/**
 * The P-CSCF's side of the security agreement (RFC 3329 client-initiated, with the 3GPP changes of
 * TS 33.203 7.1/annex H and TS 24.229 5.2.2): remembers a UE's Security-Client, answers the AKA
 * challenge with a Security-Server of its own SPIs and protected ports, and checks that the REGISTER
 * answering it repeats both (Security-Verify = what we sent, Security-Client = what the UE first
 * offered), which is what makes a downgrade by a man in the middle visible. Stack-thread only.
 */
final class SecurityAgreements {
    static final String SEC_AGREE = "sec-agree";
    /** Integrity algorithms accepted, in our order of preference (TS 33.203 6.3 mandates both). */
    static final List<String> ALGORITHMS = List.of(SecurityMechanism.HMAC_SHA_1_96, SecurityMechanism.HMAC_MD5_96);
    private static final Set<String> ENCRYPTION = Set.of("null", "aes-cbc", "des-ede3-cbc");
    /** How long an offer answered by a 401 waits for its protected REGISTER (the S-CSCF's reg-await-auth is shorter). */
    static final long PENDING_MILLIS = 300_000;

    record Key(InetSocketAddress ue, String callId) {
    }

    /** A challenge sent with our Security-Server, waiting for the REGISTER that verifies it. */
    record Pending(List<SecurityMechanism> offer, SecurityMechanism client, SecurityMechanism server, String ik, String ck,
                   long createdAtMillis) {
    }

    /** What to do with a REGISTER. */
    sealed interface Decision permits Plain, Reject, Proceed {
    }

    /** No security agreement asked for (SIPp, a plain SIP client): the REGISTER goes on untouched. */
    record Plain() implements Decision {
    }

    /** Answer 494 (Security Agreement Required) listing {@code servers} (RFC 3329 2.3.1). */
    record Reject(String reason, List<SecurityMechanism> servers) implements Decision {
    }

    /**
     * Forward with the agreement headers removed. {@code verified} is the pending challenge this REGISTER
     * answered correctly, {@code established} the registration's current SAs it verified (re-registration,
     * de-registration); both null for an initial REGISTER.
     */
    record Proceed(Key key, List<SecurityMechanism> offer, Pending verified, SecurityAssociation established) implements Decision {
    }

    private final Map<Key, Pending> pending = new LinkedHashMap<>();
    private final int portC;
    private final int portS;
    private final LongSupplier clock;

    /**
     * @param portC the P-CSCF's protected client port it announces (not opened yet)
     * @param portS the P-CSCF's protected server port it announces (not opened yet)
     */
    SecurityAgreements(int portC, int portS, LongSupplier clock) {
        this.portC = portC;
        this.portS = portS;
        this.clock = clock;
    }

    /**
     * Decides on a REGISTER from {@code ue}. {@code established} is the SA of that UE's registration with
     * the same Call-ID, if any. Throws SipParseException for malformed security headers.
     */
    Decision decide(InetSocketAddress ue, SipRequest register, SecurityAssociation established) {
        List<SecurityMechanism> client = SecurityMechanism.of(register.securityMechanisms(HeaderNames.SECURITY_CLIENT));
        List<SecurityMechanism> verify = SecurityMechanism.of(register.securityMechanisms(HeaderNames.SECURITY_VERIFY));
        boolean asked = hasTag(register, HeaderNames.REQUIRE) || hasTag(register, HeaderNames.PROXY_REQUIRE)
                || !client.isEmpty() || !verify.isEmpty();
        if (!asked) return new Plain();
        if (client.isEmpty()) {
            // RFC 3329 2.3.1: a request requiring sec-agree is answered 494 with our list, whatever it offered.
            return new Reject("Security-Client missing", offerable());
        }
        if (choose(client) == null) {
            return new Reject("no common security mechanism", offerable());
        }
        Key key = new Key(ue, register.callId());
        if (verify.isEmpty()) return new Proceed(key, client, null, null);
        Pending p = live(key);
        if (p != null) {
            String wrong = mismatch(client, verify, p.offer(), p.server());
            return wrong == null ? new Proceed(key, client, p, null) : new Reject(wrong, List.of(p.server()));
        }
        if (established != null) {
            String wrong = mismatch(client, verify, established.offer(), established.server());
            return wrong == null ? new Proceed(key, client, null, established) : new Reject(wrong, List.of(established.server()));
        }
        // A Security-Verify for an agreement we do not know (we restarted, or it expired): start afresh,
        // the next challenge carries a new Security-Server.
        return new Proceed(key, client, null, null);
    }

    /** RFC 3329 2.3.1 step 5 and TS 24.229 5.2.2: null when both lists are the ones agreed. */
    private static String mismatch(List<SecurityMechanism> client, List<SecurityMechanism> verify,
                                   List<SecurityMechanism> offered, SecurityMechanism sent) {
        if (!SecurityMechanism.sameLists(verify, List.of(sent))) return "Security-Verify does not match Security-Server";
        if (!SecurityMechanism.sameLists(client, offered)) return "Security-Client differs from the first offer";
        return null;
    }

    /**
     * A 401 with AKA keys goes to a UE that offered {@code d.offer()}: picks its mechanism, draws our SPIs
     * and remembers the pending agreement; returns what goes into Security-Server.
     */
    Pending challenge(Proceed d, String ik, String ck) {
        prune();
        SecurityMechanism client = choose(d.offer());
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long spiC = spi(rnd);
        long spiS;
        do {
            spiS = spi(rnd);
        } while (spiS == spiC);
        // q first, as TS 24.228 shows it; only what the UE chose, so there is nothing left to pick.
        SecurityMechanism server = new SecurityMechanism(SecurityMechanism.IPSEC_3GPP, Parameters.EMPTY)
                .with("q", "0.1").with("alg", client.alg());
        if (client.parameter("prot") != null) server = server.with("prot", client.prot());
        if (client.parameter("mod") != null) server = server.with("mod", client.mod());
        if (client.parameter("ealg") != null) server = server.with("ealg", client.ealg());
        server = server.with("spi-c", Long.toString(spiC)).with("spi-s", Long.toString(spiS))
                .with("port-c", Integer.toString(portC)).with("port-s", Integer.toString(portS));
        Pending p = new Pending(d.offer(), client, server, ik, ck, clock.getAsLong());
        pending.remove(d.key()); // re-insert: the map stays in creation order for prune()
        pending.put(d.key(), p);
        return p;
    }

    /** The 200 to a REGISTER that proceeded: the SA it establishes or keeps, or null. */
    SecurityAssociation complete(Proceed d) {
        if (d.verified() != null) {
            pending.remove(d.key(), d.verified());
            Pending p = d.verified();
            return new SecurityAssociation(d.key().ue(), d.key().callId(), p.offer(), p.client(), p.server(), p.ik(), p.ck());
        }
        return d.established();
    }

    /** Negotiations waiting for their protected REGISTER, for tests and leak checks. */
    int pendingCount() {
        prune();
        return pending.size();
    }

    /**
     * The UE's mechanism we accept: ipsec-3gpp with a supported algorithm, ESP in transport mode, a known
     * (or no) encryption, and all four SPI/port parameters; hmac-sha-1-96 preferred. Null if none.
     */
    static SecurityMechanism choose(List<SecurityMechanism> offer) {
        for (String alg : ALGORITHMS) {
            for (SecurityMechanism m : offer) {
                if (acceptable(m) && alg.equals(m.alg())) return m;
            }
        }
        return null;
    }

    private static boolean acceptable(SecurityMechanism m) {
        try {
            return m.isIpsec3gpp() && m.prot().equals("esp") && m.mod().equals("trans") && ENCRYPTION.contains(m.ealg())
                    && m.spiC() >= 0 && m.spiS() >= 0 && m.portC() > 0 && m.portS() > 0;
        } catch (RuntimeException e) { // a bad number in one mechanism makes only that one unusable
            return false;
        }
    }

    /** What a 494 lists when there is no pending agreement: each algorithm we take, with fresh SPIs. */
    private List<SecurityMechanism> offerable() {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long spiC = spi(rnd);
        long spiS = spiC == 0xFFFFFFFFL ? spiC - 1 : spiC + 1;
        List<SecurityMechanism> out = new ArrayList<>(ALGORITHMS.size());
        double q = 0.1;
        for (String alg : ALGORITHMS) {
            out.add(new SecurityMechanism(SecurityMechanism.IPSEC_3GPP, Parameters.EMPTY).with("q", String.format(Locale.ROOT, "%.1f", q))
                    .with("alg", alg).with("spi-c", Long.toString(spiC)).with("spi-s", Long.toString(spiS))
                    .with("port-c", Integer.toString(portC)).with("port-s", Integer.toString(portS)));
            q /= 2;
        }
        return out;
    }

    /** RFC 4303 2.1: SPIs 1-255 are reserved, 0 is never sent. Collisions among 2^32 are left to chance. */
    private static long spi(ThreadLocalRandom rnd) {
        return rnd.nextLong(256, 0x1_0000_0000L);
    }

    private Pending live(Key key) {
        Pending p = pending.get(key);
        if (p != null && clock.getAsLong() - p.createdAtMillis() > PENDING_MILLIS) {
            pending.remove(key);
            return null;
        }
        return p;
    }

    private void prune() {
        long now = clock.getAsLong();
        for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
            if (now - it.next().createdAtMillis() <= PENDING_MILLIS) break;
            it.remove();
        }
    }

    static boolean hasTag(SipRequest r, String header) {
        return r.optionTags(header).stream().anyMatch(SEC_AGREE::equalsIgnoreCase);
    }

    /**
     * TS 24.229 5.2.2.1 / TS 24.228 6.2: before forwarding, the P-CSCF removes Security-Client and
     * Security-Verify and the "sec-agree" option tag from Require and Proxy-Require, and a header left
     * empty altogether. Supported keeps it: it only says what the UE can do.
     */
    static SipRequest strip(SipRequest r) {
        SipRequest out = r.withoutHeader(HeaderNames.SECURITY_CLIENT).withoutHeader(HeaderNames.SECURITY_VERIFY);
        for (String name : List.of(HeaderNames.REQUIRE, HeaderNames.PROXY_REQUIRE)) {
            if (!hasTag(out, name)) continue;
            List<String> rest = out.optionTags(name).stream().filter(t -> !SEC_AGREE.equalsIgnoreCase(t)).toList();
            out = rest.isEmpty() ? out.withoutHeader(name) : out.withHeader(name, String.join(", ", rest));
        }
        return out;
    }
}
