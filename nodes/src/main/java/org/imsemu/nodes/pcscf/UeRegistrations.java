package org.imsemu.nodes.pcscf;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.imsemu.sip.header.NameAddress;

/**
 * The P-CSCF's view of registered UEs (TS 24.229 5.2.2): learnt from the 200 to each REGISTER it
 * relayed, keyed by the address the UE sends from, since that is what identifies a UE's requests until
 * the IPsec SAs exist (the namespace backend). A registration that agreed on security (RFC 3329) holds
 * its SAs, so they go with it at de-registration or expiry. Stack-thread only.
 */
final class UeRegistrations {

    /**
     * One registered UE.
     *
     * @param impus the registered public identities (P-Associated-URI, else the To of the REGISTER); the
     *              first is the default one asserted for the UE
     * @param serviceRoute the Service-Route the S-CSCF returned (RFC 3608), enforced on originating requests
     * @param securityAssociation the SAs agreed at registration, or null (no sec-agree, or Digest MD5)
     */
    record Registration(InetSocketAddress ue, NameAddress contact, List<NameAddress> impus,
                        List<NameAddress> serviceRoute, long expiresAtMillis, SecurityAssociation securityAssociation) {
        NameAddress defaultImpu() {
            return impus.get(0);
        }
    }

    /** By the UE's address, then by its default public identity: a test client may register many users. */
    private final Map<InetSocketAddress, Map<String, Registration>> byUe = new HashMap<>();
    /** How many UE addresses (ip:port) with registrations each IP has. */
    private final Map<java.net.InetAddress, Integer> uesAt = new HashMap<>();
    private final LongSupplier clock;
    private int count;

    UeRegistrations(LongSupplier clock) {
        this.clock = clock;
    }

    void store(InetSocketAddress ue, NameAddress contact, List<NameAddress> impus, List<NameAddress> serviceRoute,
               long expiresSeconds, SecurityAssociation sa) {
        if (impus.isEmpty()) return;
        String key = key(impus.get(0));
        Map<String, Registration> users = byUe.computeIfAbsent(ue, k -> {
            uesAt.merge(k.getAddress(), 1, Integer::sum);
            return new HashMap<>(2);
        });
        Registration old = expiresSeconds <= 0 ? users.remove(key)
                : users.put(key, new Registration(ue, contact, List.copyOf(impus), List.copyOf(serviceRoute),
                        clock.getAsLong() + expiresSeconds * 1000, sa));
        if (old == null && expiresSeconds > 0) count++;
        if (old != null && expiresSeconds <= 0) count--;
        if (users.isEmpty() && byUe.remove(ue) != null) uesAt.computeIfPresent(ue.getAddress(), (a, n) -> n == 1 ? null : n - 1);
    }

    /**
     * The registration a request from {@code source} claiming {@code identity} (its preferred identity or
     * From) belongs to: the one of that address whose identities include the claim, else the address's
     * only (or first) registration, whose default identity is then asserted. Over TCP a UE may send from
     * another port, so failing the exact address, a registration of the same IP with the claimed
     * identity counts. Null when the sender is not registered.
     */
    Registration find(InetSocketAddress source, String identity) {
        Map<String, Registration> users = byUe.get(source);
        if (users != null) {
            Registration fallback = null;
            for (Registration r : List.copyOf(users.values())) {
                if (live(r) == null) continue;
                if (claims(r, identity)) return r;
                if (fallback == null) fallback = r;
            }
            if (fallback != null) return fallback;
        }
        for (Map<String, Registration> other : List.copyOf(byUe.values())) {
            for (Registration r : List.copyOf(other.values())) {
                if (live(r) != null && r.ue().getAddress().equals(source.getAddress()) && claims(r, identity)) return r;
            }
        }
        return null;
    }

    private static boolean claims(Registration r, String identity) {
        return r.impus().stream().anyMatch(i -> key(i).equals(identity.toLowerCase(java.util.Locale.ROOT)));
    }

    private static String key(NameAddress impu) {
        return impu.uri().toString().toLowerCase(java.util.Locale.ROOT);
    }

    private Registration live(Registration r) {
        if (r.expiresAtMillis() > clock.getAsLong()) return r;
        store(r.ue(), r.contact(), r.impus(), r.serviceRoute(), 0, null);
        return null;
    }

    /**
     * The live registration whose contact is {@code target} (a terminating request's Request-URI), or
     * null. The contact's host is the UE's address: no name is ever resolved here.
     */
    Registration findByContact(org.imsemu.sip.uri.Uri target) {
        if (!(target instanceof org.imsemu.sip.uri.SipUri s)) return null;
        String host = s.host();
        if (host.startsWith("[")) host = host.substring(1, host.length() - 1);
        if (host.indexOf(':') < 0 && !host.matches("[0-9.]+")) return null; // a name: not resolved here
        InetSocketAddress ue;
        try {
            ue = new InetSocketAddress(java.net.InetAddress.getByName(host), s.port() < 0 ? 5060 : s.port());
        } catch (java.net.UnknownHostException | RuntimeException e) {
            return null;
        }
        Map<String, Registration> users = byUe.get(ue);
        if (users == null) return null;
        String wanted = s.toString();
        for (Registration r : List.copyOf(users.values())) {
            if (live(r) != null && r.contact() != null && r.contact().uri().toString().equals(wanted)) return r;
        }
        return null;
    }

    /**
     * Drops the registrations of {@code contactUri} that hold public identity {@code aor} (the network
     * ended them: a reg event NOTIFY said so). Returns how many went.
     */
    int dropContact(String aor, String contactUri) {
        int dropped = 0;
        for (Map<String, Registration> users : List.copyOf(byUe.values())) {
            for (Registration r : List.copyOf(users.values())) {
                if (r.contact() != null && r.contact().uri().toString().equals(contactUri) && claims(r, aor)) {
                    store(r.ue(), r.contact(), r.impus(), r.serviceRoute(), 0, null);
                    dropped++;
                }
            }
        }
        return dropped;
    }

    /** Whether {@code source}'s IP address is one a UE registered from (the direction of in-dialog requests). */
    boolean knowsAddress(java.net.InetAddress source) {
        return uesAt.containsKey(source); // asked for every in-dialog request: no scan of the registrations
    }

    /** The SAs of the live registrations of a UE address (one per registration Call-ID). */
    List<SecurityAssociation> securityAssociations(InetSocketAddress ue) {
        Map<String, Registration> users = byUe.get(ue);
        if (users == null) return List.of();
        List<SecurityAssociation> out = new java.util.ArrayList<>(1);
        for (Registration r : List.copyOf(users.values())) {
            SecurityAssociation sa = live(r) == null ? null : r.securityAssociation();
            if (sa != null && !out.contains(sa)) out.add(sa);
        }
        return out;
    }

    /** The SAs a registration of this UE with this Call-ID agreed on, or null. */
    SecurityAssociation securityAssociation(InetSocketAddress ue, String callId) {
        for (SecurityAssociation sa : securityAssociations(ue)) {
            if (sa.callId().equals(callId)) return sa;
        }
        return null;
    }

    /** Registered (UE address, public identity) pairs. */
    int size() {
        return count;
    }
}
