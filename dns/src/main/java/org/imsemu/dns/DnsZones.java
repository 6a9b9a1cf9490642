package org.imsemu.dns;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.imsemu.sip.transport.TransportType;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NAPTRRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Immutable authoritative data for one or more zones: SOA (made up per zone), A/AAAA hosts, and the
 * NAPTR/SRV records RFC 3263 clients use to find a domain's SIP servers. Knows nothing of IMS roles.
 * Names are case-insensitive and may be given with or without the trailing dot. Build with
 * {@link #builder()}.
 */
public final class DnsZones {
    /** Default TTL of every record. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(300);
    /** Default SOA MINIMUM: how long resolvers may cache a negative answer (RFC 2308). */
    public static final Duration DEFAULT_NEGATIVE_TTL = Duration.ofSeconds(30);
    static final int DEFAULT_SRV_PRIORITY = 10;
    static final int DEFAULT_SRV_WEIGHT = 10;

    private final Map<Name, SOARecord> zones; // apex -> SOA
    private final Map<Name, Map<Integer, List<Record>>> byName; // owner -> type -> RRset, in insertion order
    private final List<Record> all;

    private DnsZones(Map<Name, SOARecord> zones, Map<Name, Map<Integer, List<Record>>> byName) {
        this.zones = zones;
        this.byName = byName;
        List<Record> list = new ArrayList<>(zones.values());
        byName.values().forEach(types -> types.values().forEach(list::addAll));
        list.sort(Comparator.comparing(Record::getName).thenComparing(r -> r.getType() == Type.SOA ? -1 : r.getType()));
        this.all = List.copyOf(list);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The apex of the closest enclosing zone we are authoritative for, if any. */
    public Optional<Name> zoneOf(Name name) {
        for (Name n = name; ; n = new Name(n, 1)) {
            if (zones.containsKey(n)) return Optional.of(n);
            if (n.labels() <= 1) return Optional.empty();
        }
    }

    /** The SOA of a zone apex returned by {@link #zoneOf}. */
    public SOARecord soa(Name apex) {
        SOARecord soa = zones.get(apex);
        if (soa == null) throw new IllegalArgumentException("Not a zone apex here: " + apex);
        return soa;
    }

    /** The RRset of that name and type (SOA included at apexes); empty when there is none. */
    public List<Record> lookup(Name name, int type) {
        if (type == Type.SOA && zones.containsKey(name)) return List.of(zones.get(name));
        Map<Integer, List<Record>> types = byName.get(name);
        if (types == null) return List.of();
        return types.getOrDefault(type, List.of());
    }

    /** Every record owned by that name (for ANY queries). */
    public List<Record> lookupAll(Name name) {
        List<Record> out = new ArrayList<>();
        if (zones.containsKey(name)) out.add(zones.get(name));
        Map<Integer, List<Record>> types = byName.get(name);
        if (types != null) types.values().forEach(out::addAll);
        return out;
    }

    /**
     * Whether the name exists: owns records, or is an empty non-terminal above a name that does
     * ({@code _udp.domain1.com} above {@code _sip._udp.domain1.com}); RFC 8020 says only a name that
     * does not exist gets NXDOMAIN.
     */
    public boolean exists(Name name) {
        if (zones.containsKey(name) || byName.containsKey(name)) return true;
        for (Name owner : byName.keySet()) if (owner.subdomain(name)) return true;
        return false;
    }

    /** Every record, sorted by owner name then type: for logs and tables. */
    public List<Record> records() {
        return all;
    }

    /** The zone apexes, sorted. */
    public Set<Name> apexes() {
        return new TreeSet<>(zones.keySet());
    }

    /** Master-file text of every record, one per line. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        all.forEach(r -> sb.append(r).append('\n'));
        return sb.toString();
    }

    /** An absolute name from user text ("domain1.com" or "domain1.com."); clear error when malformed. */
    public static Name name(String text) {
        Objects.requireNonNull(text, "name");
        try {
            return Name.fromString(text.toLowerCase(Locale.ROOT), Name.root); // lower case: tidy logs
        } catch (TextParseException e) {
            throw new IllegalArgumentException("Bad domain name '" + text + "': " + e.getMessage(), e);
        }
    }

    /** Collects zone data; not thread-safe. */
    public static final class Builder {
        private final Set<Name> apexes = new LinkedHashSet<>();
        private final Map<Name, Set<InetAddress>> hosts = new LinkedHashMap<>();
        private final Map<Name, Set<TransportType>> sipTransports = new LinkedHashMap<>();
        private final Map<Name, List<SrvTarget>> srvTargets = new LinkedHashMap<>(); // SRV owner -> targets
        private Duration ttl = DEFAULT_TTL;
        private Duration negativeTtl = DEFAULT_NEGATIVE_TTL;

        private record SrvTarget(Name target, int port, int priority, int weight) {
        }

        private Builder() {
        }

        /** We own this zone: names under it that have no data get NXDOMAIN or NODATA with its SOA. */
        public Builder authoritativeFor(String domain) {
            apexes.add(name(domain));
            return this;
        }

        /** An A (IPv4) or AAAA (IPv6) record; a name may have several. */
        public Builder addHost(String fqdn, InetAddress address) {
            Objects.requireNonNull(address, "address");
            hosts.computeIfAbsent(name(fqdn), n -> new LinkedHashSet<>()).add(address);
            return this;
        }

        /** {@link #addSipService(String, String, int, int, int, List)} with priority 10 and weight 10. */
        public Builder addSipService(String domain, String targetFqdn, int port, List<TransportType> transports) {
            return addSipService(domain, targetFqdn, port, DEFAULT_SRV_PRIORITY, DEFAULT_SRV_WEIGHT, transports);
        }

        /**
         * RFC 3263 records for a SIP domain: one NAPTR per transport ("s" flag, SIP+D2U or SIP+D2T,
         * ordered as the transports are first given for this domain) leading to {@code _sip._udp.<domain>}
         * or {@code _sip._tcp.<domain>}, and an SRV there for {@code targetFqdn:port}. Call again for the
         * same domain to add more SRV targets (RFC 2782 priority, lower first; weight, among equals).
         */
        public Builder addSipService(String domain, String targetFqdn, int port, int priority, int weight,
                                     List<TransportType> transports) {
            return addSip(domain, targetFqdn, port, priority, weight, transports, true);
        }

        /**
         * Only the SRV records of {@link #addSipService(String, String, int, int, int, List)}, no NAPTR:
         * RFC 3263 clients then try {@code _sip._udp} and {@code _sip._tcp} themselves.
         */
        public Builder addSipServiceSrvOnly(String domain, String targetFqdn, int port, int priority, int weight,
                                            List<TransportType> transports) {
            return addSip(domain, targetFqdn, port, priority, weight, transports, false);
        }

        private Builder addSip(String domain, String targetFqdn, int port, int priority, int weight,
                               List<TransportType> transports, boolean naptr) {
            Name d = name(domain);
            Name target = name(targetFqdn);
            if (port < 1 || port > 65535) throw new IllegalArgumentException("SRV port out of range: " + port);
            if (priority < 0 || priority > 65535) throw new IllegalArgumentException("SRV priority out of range: " + priority);
            if (weight < 0 || weight > 65535) throw new IllegalArgumentException("SRV weight out of range: " + weight);
            if (transports == null || transports.isEmpty()) throw new IllegalArgumentException("No transport for SIP service of " + domain);
            for (TransportType t : transports) {
                if (naptr) sipTransports.computeIfAbsent(d, n -> new LinkedHashSet<>()).add(t);
                List<SrvTarget> list = srvTargets.computeIfAbsent(srvName(d, t), n -> new ArrayList<>());
                SrvTarget st = new SrvTarget(target, port, priority, weight);
                if (!list.contains(st)) list.add(st);
            }
            return this;
        }

        /** TTL of every record (default 300 s). */
        public Builder ttl(Duration ttl) {
            this.ttl = positive(ttl, "ttl");
            return this;
        }

        /** SOA MINIMUM, the negative-caching TTL (default 30 s). */
        public Builder negativeTtl(Duration negativeTtl) {
            this.negativeTtl = positive(negativeTtl, "negativeTtl");
            return this;
        }

        /**
         * The zone data. Every name given must lie in a zone declared with {@link #authoritativeFor}:
         * otherwise we could never serve it, so this throws {@link IllegalStateException} naming it.
         */
        public DnsZones build() {
            long t = ttl.toSeconds();
            Map<Name, SOARecord> zones = new TreeMap<>();
            for (Name apex : apexes) {
                zones.put(apex, new SOARecord(apex, DClass.IN, t, rel("ns", apex), rel("hostmaster", apex),
                        1, 3600, 600, 86400, negativeTtl.toSeconds()));
            }
            Map<Name, Map<Integer, List<Record>>> byName = new LinkedHashMap<>();
            hosts.forEach((name, addresses) -> {
                for (InetAddress a : addresses) {
                    Record r = a instanceof Inet4Address ? new ARecord(name, DClass.IN, t, a)
                            : new AAAARecord(name, DClass.IN, t, (Inet6Address) a);
                    add(byName, zones, r);
                }
            });
            sipTransports.forEach((domain, transports) -> {
                int i = 0;
                for (TransportType tr : transports) {
                    i++;
                    // Order 10, 20... keeps the given transport order strict (order beats preference).
                    add(byName, zones, new NAPTRRecord(domain, DClass.IN, t, 10 * i, 10, "s", naptrService(tr), "",
                            srvName(domain, tr)));
                }
            });
            srvTargets.forEach((owner, targets) -> {
                for (SrvTarget st : targets) {
                    add(byName, zones, new SRVRecord(owner, DClass.IN, t, st.priority, st.weight, st.port, st.target));
                }
            });
            byName.replaceAll((n, types) -> {
                types.replaceAll((type, rrs) -> List.copyOf(rrs));
                return Collections.unmodifiableMap(types);
            });
            return new DnsZones(Collections.unmodifiableMap(zones), Collections.unmodifiableMap(byName));
        }

        private static void add(Map<Name, Map<Integer, List<Record>>> byName, Map<Name, SOARecord> zones, Record r) {
            Name n = r.getName();
            boolean inZone = false;
            for (Name apex : zones.keySet()) inZone |= n.subdomain(apex);
            if (!inZone) {
                throw new IllegalStateException("Record for " + n + " is outside every zone declared with authoritativeFor "
                        + zones.keySet() + ": " + r);
            }
            List<Record> rrset = byName.computeIfAbsent(n, x -> new LinkedHashMap<>()).computeIfAbsent(r.getType(), x -> new ArrayList<>());
            if (!rrset.contains(r)) rrset.add(r); // Record.equals ignores TTL: an RRset has no duplicates
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero() || d.toSeconds() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(what + " must be between 1 s and 2^31-1 s: " + d);
            }
            return d;
        }

        private static Name rel(String label, Name apex) {
            try {
                return Name.concatenate(new Name(label), apex);
            } catch (NameTooLongException | TextParseException e) {
                throw new IllegalArgumentException("Zone name too long: " + apex, e);
            }
        }
    }

    /** The RFC 3263 SRV owner name for SIP over a transport: {@code _sip._udp.<domain>}. */
    public static Name srvName(Name domain, TransportType transport) {
        try {
            return Name.concatenate(new Name("_sip._" + transport.name().toLowerCase(Locale.ROOT)), domain);
        } catch (NameTooLongException | TextParseException e) {
            throw new IllegalArgumentException("Domain name too long for SRV: " + domain, e);
        }
    }

    /** The RFC 3263 NAPTR service field for SIP over a transport ("SIP+D2U", "SIP+D2T"). */
    public static String naptrService(TransportType transport) {
        return switch (transport) {
            case UDP -> "SIP+D2U";
            case TCP -> "SIP+D2T";
        };
    }
}
