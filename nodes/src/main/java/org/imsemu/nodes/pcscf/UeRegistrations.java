package org.imsemu.nodes.pcscf;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.uri.Uri;

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

    /**
     * What one UE address holds: its registrations by default public identity, the same by every public
     * identity of their implicit sets, and those with SAs by the Call-ID of the registration that agreed them. A test client such as SIPp
     * registers thousands of users from one address, so nothing here is found by scanning.
     */
    private static final class AtAddress {
        final Map<String, Registration> byDefault = new LinkedHashMap<>(2);
        final Map<String, Registration> byImpu = new HashMap<>(2);
        final Map<String, Registration> bySaCallId = new HashMap<>(2);
    }

    private final Map<InetSocketAddress, AtAddress> byUe = new HashMap<>();
    /** The registrations by contact URI (as written): a terminating request's Request-URI finds its UE. */
    private final Map<String, List<Registration>> byContact = new HashMap<>();
    /** The UE addresses (ip:port) with registrations, by IP. */
    private final Map<InetAddress, Set<InetSocketAddress>> uesAt = new HashMap<>();
    private final LongSupplier clock;
    private int count;

    UeRegistrations(LongSupplier clock) {
        this.clock = clock;
    }

    void store(InetSocketAddress ue, NameAddress contact, List<NameAddress> impus, List<NameAddress> serviceRoute,
               long expiresSeconds, SecurityAssociation sa) {
        if (impus.isEmpty()) return;
        String key = key(impus.get(0));
        AtAddress at = byUe.get(ue);
        Registration old = at == null ? null : at.byDefault.get(key);
        if (old != null) unindex(at, old);
        if (expiresSeconds > 0) {
            if (at == null) {
                at = new AtAddress();
                byUe.put(ue, at);
                uesAt.computeIfAbsent(ue.getAddress(), k -> new HashSet<>(2)).add(ue);
            }
            index(at, new Registration(ue, contact, List.copyOf(impus), List.copyOf(serviceRoute),
                    clock.getAsLong() + expiresSeconds * 1000, sa));
            if (old == null) count++;
        } else if (old != null) {
            count--;
        }
        if (at != null && at.byDefault.isEmpty() && byUe.remove(ue) != null) {
            Set<InetSocketAddress> same = uesAt.get(ue.getAddress());
            if (same != null && same.remove(ue) && same.isEmpty()) uesAt.remove(ue.getAddress());
        }
    }

    private void index(AtAddress at, Registration r) {
        at.byDefault.put(key(r.defaultImpu()), r);
        for (NameAddress impu : r.impus()) at.byImpu.put(key(impu), r);
        if (r.securityAssociation() != null) at.bySaCallId.put(r.securityAssociation().callId(), r);
        if (r.contact() != null) byContact.computeIfAbsent(contactKey(r.contact()), k -> new ArrayList<>(1)).add(r);
    }

    private void unindex(AtAddress at, Registration r) {
        at.byDefault.remove(key(r.defaultImpu()), r);
        for (NameAddress impu : r.impus()) at.byImpu.remove(key(impu), r);
        if (r.securityAssociation() != null) at.bySaCallId.remove(r.securityAssociation().callId(), r);
        if (r.contact() != null) {
            String k = contactKey(r.contact());
            List<Registration> same = byContact.get(k);
            if (same != null && same.remove(r) && same.isEmpty()) byContact.remove(k);
        }
    }

    /**
     * The registration a request from {@code source} claiming {@code identity} (its preferred identity or
     * From) belongs to: the one of that address whose identities include the claim, else the address's
     * first live registration, whose default identity is then asserted. Over TCP a UE may send from
     * another port, so failing the exact address, a registration of the same IP with the claimed
     * identity counts. Null when the sender is not registered.
     */
    Registration find(InetSocketAddress source, String identity) {
        String claimed = identity.toLowerCase(Locale.ROOT);
        AtAddress at = byUe.get(source);
        if (at != null) {
            Registration r = live(at.byImpu.get(claimed));
            if (r != null) return r;
            r = firstLive(at);
            if (r != null) return r;
        }
        Set<InetSocketAddress> sameIp = uesAt.get(source.getAddress());
        if (sameIp == null) return null;
        for (InetSocketAddress other : List.copyOf(sameIp)) {
            AtAddress o = byUe.get(other);
            Registration r = o == null ? null : live(o.byImpu.get(claimed));
            if (r != null) return r;
        }
        return null;
    }

    /** The first live registration of an address; expired ones met on the way are dropped. */
    private Registration firstLive(AtAddress at) {
        long now = clock.getAsLong();
        Registration found = null;
        List<Registration> expired = new ArrayList<>(0);
        for (Registration r : at.byDefault.values()) {
            if (r.expiresAtMillis() > now) {
                found = r;
                break;
            }
            expired.add(r);
        }
        for (Registration r : expired) drop(r);
        return found;
    }

    private static boolean claims(Registration r, String identity) {
        return r.impus().stream().anyMatch(i -> key(i).equals(identity.toLowerCase(Locale.ROOT)));
    }

    private static String key(NameAddress impu) {
        return impu.uri().toString().toLowerCase(Locale.ROOT);
    }

    private static String contactKey(NameAddress contact) {
        return contact.uri().toString();
    }

    /** {@code r} if it has not expired; an expired one is dropped. Null for null. */
    private Registration live(Registration r) {
        if (r == null) return null;
        if (r.expiresAtMillis() > clock.getAsLong()) return r;
        drop(r);
        return null;
    }

    private void drop(Registration r) {
        store(r.ue(), r.contact(), r.impus(), r.serviceRoute(), 0, null);
    }

    /** The live registration whose contact is {@code target} (a terminating request's Request-URI), or null. */
    Registration findByContact(Uri target) {
        List<Registration> same = byContact.get(target.toString());
        if (same == null) return null;
        for (Registration r : List.copyOf(same)) {
            if (live(r) != null) return r;
        }
        return null;
    }

    /**
     * Drops the registrations of {@code contactUri} that hold public identity {@code aor} (the network
     * ended them: a reg event NOTIFY said so). Returns how many went.
     */
    int dropContact(String aor, String contactUri) {
        List<Registration> same = byContact.get(contactUri);
        if (same == null) return 0;
        int dropped = 0;
        for (Registration r : List.copyOf(same)) {
            if (claims(r, aor)) {
                drop(r);
                dropped++;
            }
        }
        return dropped;
    }

    /** Whether {@code source}'s IP address is one a UE registered from (the direction of in-dialog requests). */
    boolean knowsAddress(InetAddress source) {
        return uesAt.containsKey(source); // asked for every in-dialog request: no scan of the registrations
    }

    /** The SAs of the live registrations of a UE address (one per registration Call-ID). */
    List<SecurityAssociation> securityAssociations(InetSocketAddress ue) {
        AtAddress at = byUe.get(ue);
        if (at == null) return List.of();
        List<SecurityAssociation> out = new ArrayList<>(1);
        for (Registration r : List.copyOf(at.byDefault.values())) {
            SecurityAssociation sa = live(r) == null ? null : r.securityAssociation();
            if (sa != null && !out.contains(sa)) out.add(sa);
        }
        return out;
    }

    /** The SAs a registration of this UE with this Call-ID agreed on, or null. */
    SecurityAssociation securityAssociation(InetSocketAddress ue, String callId) {
        AtAddress at = byUe.get(ue);
        Registration r = at == null ? null : live(at.bySaCallId.get(callId));
        return r == null ? null : r.securityAssociation();
    }

    /** Registered (UE address, public identity) pairs. */
    int size() {
        return count;
    }
}
