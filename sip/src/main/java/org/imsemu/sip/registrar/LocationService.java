package org.imsemu.sip.registrar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.imsemu.sip.header.NameAddress;

/** The registrar's bindings (RFC 3261 section 10.3): address-of-record to contacts, each with its expiry. */
public final class LocationService {

    /** One contact of an AOR, with the Path it was registered through (RFC 3327) and the Call-ID/CSeq that set it. */
    public record Binding(NameAddress contact, long expiresAtMillis, String callId, long cseq, List<NameAddress> path) {
        public long secondsLeft(long now) {
            return Math.max(0, (expiresAtMillis - now + 999) / 1000);
        }
    }

    private final Map<String, List<Binding>> bindings = new HashMap<>();
    private final LongSupplier clock;

    public LocationService(LongSupplier clock) {
        this.clock = clock;
    }

    public long now() {
        return clock.getAsLong();
    }

    /** The live bindings of an AOR; expired ones are dropped on the way. */
    public List<Binding> lookup(String aor) {
        List<Binding> list = bindings.get(aor);
        if (list == null) return List.of();
        long now = clock.getAsLong();
        list.removeIf(b -> b.expiresAtMillis <= now);
        if (list.isEmpty()) bindings.remove(aor);
        return List.copyOf(list);
    }

    /** Adds or refreshes (expires > 0) or removes (expires = 0) the binding of one contact URI. */
    public void update(String aor, NameAddress contact, long expiresSeconds, String callId, long cseq, List<NameAddress> path) {
        List<Binding> list = bindings.computeIfAbsent(aor, k -> new ArrayList<>(1));
        String key = contact.uri().toString();
        list.removeIf(b -> b.contact.uri().toString().equals(key));
        if (expiresSeconds > 0) {
            list.add(new Binding(contact, clock.getAsLong() + expiresSeconds * 1000, callId, cseq, List.copyOf(path)));
        }
        if (list.isEmpty()) bindings.remove(aor);
    }

    public Binding find(String aor, NameAddress contact) {
        String key = contact.uri().toString();
        for (Binding b : lookup(aor)) {
            if (b.contact.uri().toString().equals(key)) return b;
        }
        return null;
    }

    public void removeAll(String aor) {
        bindings.remove(aor);
    }

    public int size() {
        return bindings.size();
    }
}
