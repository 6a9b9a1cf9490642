package org.imsemu.dns;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.xbill.DNS.Name;

/**
 * Answers by (name, type) until their TTL runs out. Thread-safe: resolver threads complete queries
 * concurrently. The clock is injectable so expiry can be tested without waiting.
 */
final class DnsCache {
    private static final int MAX_ENTRIES = 10_000;

    private record Key(Name name, int type) {
    }

    private record Entry(DnsAnswer answer, long expiresAtNanos) {
    }

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    DnsCache(LongSupplier nanoClock) {
        this.nanoClock = Objects.requireNonNull(nanoClock);
    }

    /** The unexpired answer, or null. */
    DnsAnswer get(Name name, int type) {
        Key key = new Key(name, type);
        Entry e = entries.get(key);
        if (e == null) return null;
        if (nanoClock.getAsLong() - e.expiresAtNanos >= 0) {
            entries.remove(key, e);
            return null;
        }
        return e.answer;
    }

    /** Keeps an answer for ttlSeconds (nothing when 0 or less, or when it is a failure). */
    void put(DnsAnswer answer, long ttlSeconds) {
        store(answer, ttlSeconds, false);
    }

    /** Like {@link #put} but leaves a live entry alone (for records met in additional sections). */
    void putIfAbsent(DnsAnswer answer, long ttlSeconds) {
        store(answer, ttlSeconds, true);
    }

    int size() {
        return entries.size();
    }

    void clear() {
        entries.clear();
    }

    private void store(DnsAnswer answer, long ttlSeconds, boolean onlyIfAbsent) {
        if (ttlSeconds <= 0 || answer.status() == DnsAnswer.Status.FAILED) return;
        if (entries.size() >= MAX_ENTRIES) evictExpired();
        Key key = new Key(answer.name(), answer.type());
        if (onlyIfAbsent && get(answer.name(), answer.type()) != null) return;
        entries.put(key, new Entry(answer, nanoClock.getAsLong() + ttlSeconds * 1_000_000_000L));
    }

    private void evictExpired() {
        long now = nanoClock.getAsLong();
        entries.values().removeIf(e -> now - e.expiresAtNanos >= 0);
        if (entries.size() >= MAX_ENTRIES) entries.clear(); // still full of live entries: start over rather than grow
    }
}
