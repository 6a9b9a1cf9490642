package org.imsemu.nodes.scscf;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.imsemu.nodes.scscf.ifc.ServiceProfile;

/**
 * The users this S-CSCF serves, by every public identity of their implicit registration set
 * (TS 23.228 4.3.3.3): the private identity, the set, the service profile from the HSS, and the
 * identity the UE registered (its bindings live in the location service under it). Stack-thread only.
 */
final class ServedUsers {

    record User(String impi, List<String> impus, ServiceProfile profile, String registeredImpu) {
    }

    private final Map<String, User> byImpu = new HashMap<>();

    User get(String impu) {
        return byImpu.get(key(impu));
    }

    void put(User u) {
        for (String i : u.impus()) byImpu.put(key(i), u);
        byImpu.put(key(u.registeredImpu()), u);
    }

    /** Removes the user's whole implicit set; returns it, or null. */
    User remove(String impu) {
        User u = byImpu.get(key(impu));
        if (u == null) return null;
        byImpu.values().removeIf(x -> x == u);
        return u;
    }

    /** Removes every user of a private identity (network-initiated de-registration). */
    List<User> removeByImpi(String impi) {
        List<User> gone = byImpu.values().stream().filter(u -> u.impi().equals(impi)).distinct().toList();
        byImpu.values().removeIf(u -> u.impi().equals(impi));
        return gone;
    }

    int size() {
        return (int) byImpu.values().stream().distinct().count();
    }

    private static String key(String impu) {
        int at = impu.lastIndexOf('@');
        return at < 0 ? impu : impu.substring(0, at + 1) + impu.substring(at + 1).toLowerCase(Locale.ROOT);
    }
}
