package org.imsemu.scenario;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code <subscribers prefix="user" from="1" to="1000" .../>}: subscribers user1@domain ... user1000@domain
 * (IMPU sip:user1@domain) with the same credentials and service profile, for load tests. Never expanded into objects:
 * lookups parse the number out of the identity.
 */
public record SubscriberRange(String domain, String prefix, int from, int to, Optional<String> password, Optional<AkaKeys> aka,
                              Optional<String> profile) {

    public SubscriberRange {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(aka, "aka");
        Objects.requireNonNull(profile, "profile");
        if (from < 0 || from > to) {
            throw new IllegalArgumentException("range " + from + ".." + to + " is empty or negative");
        }
    }

    /** A range without service profile. */
    public SubscriberRange(String domain, String prefix, int from, int to, Optional<String> password, Optional<AkaKeys> aka) {
        this(domain, prefix, from, to, password, aka, Optional.empty());
    }

    public long size() {
        return (long) to - from + 1;
    }

    /** The n-th subscriber, {@code from <= n <= to}. */
    public Subscriber subscriber(int n) {
        if (n < from || n > to) {
            throw new IndexOutOfBoundsException(n + " is outside " + from + ".." + to);
        }
        String userAtHost = prefix + n + "@" + domain;
        return new Subscriber("sip:" + userAtHost, userAtHost, password, aka, profile, Map.of());
    }

    public Optional<Subscriber> byImpi(String impi) {
        String normalized = Identities.normalizeImpi(impi);
        int at = normalized.lastIndexOf('@');
        if (at < 0 || !normalized.substring(at + 1).equals(domain)) {
            return Optional.empty();
        }
        OptionalInt n = numberOf(normalized.substring(0, at));
        return n.isPresent() ? Optional.of(subscriber(n.getAsInt())) : Optional.empty();
    }

    public Optional<Subscriber> byImpu(String impu) {
        return Identities.normalizeImpu(impu).flatMap(u -> byImpi(Identities.userAtHostOf(u)));
    }

    /** The number n when {@code user} is prefix + n written without leading zeros and n is in range. */
    OptionalInt numberOf(String user) {
        if (!user.startsWith(prefix)) {
            return OptionalInt.empty();
        }
        String digits = user.substring(prefix.length());
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return OptionalInt.empty();
        }
        int n = Integer.parseInt(digits);
        return n >= from && n <= to ? OptionalInt.of(n) : OptionalInt.empty();
    }

    /** True when some identity belongs to both ranges, also through prefixes like "user" and "user1". */
    public boolean overlaps(SubscriberRange other) {
        if (!domain.equals(other.domain)) {
            return false;
        }
        return covers(this, other) || covers(other, this);
    }

    /** Whether some name of {@code longer} (whose prefix extends that of {@code shorter}) is in {@code shorter}. */
    private static boolean covers(SubscriberRange shorter, SubscriberRange longer) {
        if (!longer.prefix.startsWith(shorter.prefix)) {
            return false;
        }
        String lead = longer.prefix.substring(shorter.prefix.length());
        if (lead.isEmpty()) {
            return longer.from <= shorter.to && shorter.from <= longer.to;
        }
        if (!lead.chars().allMatch(c -> c >= '0' && c <= '9') || lead.charAt(0) == '0' || lead.length() > 9) {
            return false; // the longer prefix's names are not canonical numbers of the shorter one
        }
        long leadValue = Long.parseLong(lead);
        long power = 1; // 10^(digits of n)
        for (int digits = 1; digits <= 10; digits++) {
            power *= 10;
            long lo = Math.max(longer.from, digits == 1 ? 0 : power / 10);
            long hi = Math.min(longer.to, power - 1);
            if (lo <= hi) {
                long first = leadValue * power + lo;
                long last = leadValue * power + hi;
                if (first <= shorter.to && shorter.from <= last) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return prefix + from + ".." + prefix + to + "@" + domain;
    }
}
