package org.imsemu.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/** One domain's subscribers: those listed one by one, then the ranges, which are looked up without being expanded. */
public final class Subscribers implements Iterable<Subscriber> {
    private final List<Subscriber> listed;
    private final List<SubscriberRange> ranges;
    private final Map<String, Subscriber> listedByImpi = new HashMap<>();
    private final Map<String, Subscriber> listedByImpu = new HashMap<>();

    public Subscribers(List<Subscriber> listed, List<SubscriberRange> ranges) {
        this.listed = List.copyOf(listed);
        this.ranges = List.copyOf(ranges);
        for (Subscriber s : this.listed) {
            listedByImpi.putIfAbsent(Identities.normalizeImpi(s.impi()), s);
            Identities.normalizeImpu(s.impu()).ifPresent(u -> listedByImpu.putIfAbsent(u, s));
        }
    }

    public static Subscribers none() {
        return new Subscribers(List.of(), List.of());
    }

    /** By private identity (user@realm; the realm is case-insensitive). */
    public Optional<Subscriber> byImpi(String impi) {
        Subscriber s = listedByImpi.get(Identities.normalizeImpi(impi));
        if (s != null) {
            return Optional.of(s);
        }
        for (SubscriberRange r : ranges) {
            Optional<Subscriber> found = r.byImpi(impi);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** By public identity, a sip: (or sips:) URI; the host is case-insensitive and URI parameters are ignored. */
    public Optional<Subscriber> byImpu(String impu) {
        Optional<String> normalized = Identities.normalizeImpu(impu);
        if (normalized.isEmpty()) {
            return Optional.empty();
        }
        Subscriber s = listedByImpu.get(normalized.get());
        if (s != null) {
            return Optional.of(s);
        }
        for (SubscriberRange r : ranges) {
            Optional<Subscriber> found = r.byImpu(normalized.get());
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** All subscribers, listed and in ranges. */
    public long size() {
        return listed.size() + ranges.stream().mapToLong(SubscriberRange::size).sum();
    }

    public List<Subscriber> listed() {
        return listed;
    }

    public List<SubscriberRange> ranges() {
        return ranges;
    }

    /** Listed subscribers first, then each range in order, made one at a time. */
    @Override
    public Iterator<Subscriber> iterator() {
        List<Iterator<Subscriber>> parts = new ArrayList<>();
        parts.add(listed.iterator());
        for (SubscriberRange r : ranges) {
            parts.add(new Iterator<>() {
                private long next = r.from();

                @Override
                public boolean hasNext() {
                    return next <= r.to();
                }

                @Override
                public Subscriber next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return r.subscriber((int) next++);
                }
            });
        }
        Iterator<Iterator<Subscriber>> outer = parts.iterator();
        return new Iterator<>() {
            private Iterator<Subscriber> current = outer.next();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && outer.hasNext()) {
                    current = outer.next();
                }
                return current.hasNext();
            }

            @Override
            public Subscriber next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    public Stream<Subscriber> stream() {
        return StreamSupport.stream(Spliterators.spliterator(iterator(), size(), Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public String toString() {
        return "Subscribers[" + size() + ": " + listed.size() + " listed" + (ranges.isEmpty() ? "" : ", ranges " + ranges) + "]";
    }
}
