package org.imsemu.nodes.pcscf;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.imsemu.sip.header.NameAddress;

/**
 * The P-CSCF's view of registered UEs (TS 24.229 5.2.2): learnt from the 200 to each REGISTER it
 * relayed, keyed by the address the UE sends from, since that is what identifies a UE's requests until
 * security associations do (IMS AKA, a later issue). Stack-thread only.
 */
final class UeRegistrations {

    /**
     * One registered UE.
     *
     * @param impus the registered public identities (P-Associated-URI, else the To of the REGISTER); the
     *              first is the default one asserted for the UE
     * @param serviceRoute the Service-Route the S-CSCF returned (RFC 3608), enforced on originating requests
     */
    record Registration(InetSocketAddress ue, NameAddress contact, List<NameAddress> impus,
                        List<NameAddress> serviceRoute, long expiresAtMillis) {
        NameAddress defaultImpu() {
            return impus.get(0);
        }
    }

    private final Map<InetSocketAddress, Registration> byUe = new HashMap<>();
    private final LongSupplier clock;

    UeRegistrations(LongSupplier clock) {
        this.clock = clock;
    }

    void store(InetSocketAddress ue, NameAddress contact, List<NameAddress> impus, List<NameAddress> serviceRoute,
               long expiresSeconds) {
        if (expiresSeconds <= 0 || impus.isEmpty()) {
            byUe.remove(ue);
            return;
        }
        byUe.put(ue, new Registration(ue, contact, List.copyOf(impus), List.copyOf(serviceRoute),
                clock.getAsLong() + expiresSeconds * 1000));
    }

    void remove(InetSocketAddress ue) {
        byUe.remove(ue);
    }

    /**
     * The registration of the UE sending from {@code source}. Over TCP a UE may send from a new port, so
     * failing an exact match, a UE on the same address whose identities include {@code identity} counts.
     */
    Registration find(InetSocketAddress source, String identity) {
        Registration r = live(byUe.get(source));
        if (r != null) return r;
        for (Registration c : new ArrayList<>(byUe.values())) {
            if (live(c) != null && c.ue().getAddress().equals(source.getAddress())
                    && c.impus().stream().anyMatch(i -> i.uri().toString().equalsIgnoreCase(identity))) {
                return c;
            }
        }
        return null;
    }

    private Registration live(Registration r) {
        if (r == null) return null;
        if (r.expiresAtMillis() > clock.getAsLong()) return r;
        byUe.remove(r.ue());
        return null;
    }

    int size() {
        return byUe.size();
    }
}
