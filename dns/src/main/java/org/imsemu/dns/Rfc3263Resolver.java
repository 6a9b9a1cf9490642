package org.imsemu.dns;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import org.imsemu.sip.transport.NextHop;
import org.imsemu.sip.transport.NumericTargetResolver;
import org.imsemu.sip.transport.TargetResolver;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.transport.UnresolvableTargetException;
import org.imsemu.sip.uri.SipUri;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.NAPTRRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Type;

/**
 * Locating SIP servers (RFC 3263 section 4) through one DNS server, without blocking the caller:
 * <ol>
 * <li>an IP literal (or localhost) host: that address, the URI's port or 5060, its transport or UDP;</li>
 * <li>a port in the URI: A/AAAA of the host, transport from the URI or UDP;</li>
 * <li>a transport parameter: SRV {@code _sip._<transport>.<host>}, else A/AAAA on 5060;</li>
 * <li>otherwise NAPTR (the SIP+D2U and SIP+D2T services we speak, by order then preference) → SRV →
 * A/AAAA; without usable NAPTR, SRV for UDP then TCP; without SRV, A/AAAA on 5060 over UDP.</li>
 * </ol>
 * SRV targets are ordered by priority and weighted selection (RFC 2782); a host's addresses come in the
 * configured family order. sips: fails (no TLS yet). Futures complete on the configured executor (the
 * common pool by default), so callers hop back to their stack thread; failures are
 * {@link UnresolvableTargetException}s naming the queries that failed.
 */
public final class Rfc3263Resolver implements TargetResolver {
    private static final int DEFAULT_PORT = NumericTargetResolver.DEFAULT_PORT;
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private final DnsLookup lookup;
    private final AddressFamilyPreference preference;
    private final Random random;
    private final NumericTargetResolver numeric = new NumericTargetResolver();

    /** The steps' results: next hops found so far and what failed on the way (for the error message). */
    private record Candidates(List<NextHop> hops, List<String> problems) {
        static Candidates problem(String p) {
            return new Candidates(List.of(), List.of(p));
        }

        static Candidates concat(List<Candidates> parts) {
            LinkedHashSet<NextHop> hops = new LinkedHashSet<>();
            List<String> problems = new ArrayList<>();
            for (Candidates c : parts) {
                hops.addAll(c.hops);
                problems.addAll(c.problems);
            }
            return new Candidates(List.copyOf(hops), problems);
        }
    }

    private Rfc3263Resolver(Builder b) {
        this.lookup = new DnsLookup(b.server, b.timeout, b.maxNegativeTtl, b.executor, new DnsCache(b.nanoClock));
        this.preference = b.preference;
        this.random = b.random;
    }

    /** A resolver with the defaults: IPv4 first, 5 s timeout, negative answers cached up to 5 s. */
    public Rfc3263Resolver(InetSocketAddress dnsServer) {
        this(builder(dnsServer));
    }

    public static Builder builder(InetSocketAddress dnsServer) {
        return new Builder(dnsServer);
    }

    /** The first candidate of {@link #resolveAll}. */
    @Override
    public CompletableFuture<NextHop> resolve(SipUri uri) {
        return resolveAll(uri).thenApply(hops -> hops.get(0));
    }

    /**
     * Every next hop RFC 3263 gives for the URI, in the order to try them (for failover); never empty: a
     * URI that gives none fails with {@link UnresolvableTargetException}.
     */
    public CompletableFuture<List<NextHop>> resolveAll(SipUri uri) {
        CompletableFuture<Candidates> steps;
        try {
            steps = start(uri);
        } catch (UnresolvableTargetException e) {
            return CompletableFuture.failedFuture(e);
        }
        return steps.thenApply(c -> {
            if (c.hops.isEmpty()) {
                throw new UnresolvableTargetException("Cannot resolve " + uri + ": " + String.join("; ", c.problems));
            }
            return c.hops;
        });
    }

    /** Forgets every cached answer. */
    public void clearCache() {
        lookup.cache().clear();
    }

    public InetSocketAddress dnsServer() {
        return lookup.server();
    }

    @Override
    public String toString() {
        return "Rfc3263Resolver[DNS " + lookup.server() + ", " + preference + "]";
    }

    private CompletableFuture<Candidates> start(SipUri uri) {
        if (uri.isSecure()) throw new UnresolvableTargetException("Cannot resolve " + uri + ": sips needs TLS, which is not supported yet");
        String host = uri.maddr() != null ? uri.maddr() : uri.hostAddress();
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        if (isNumeric(host)) {
            return CompletableFuture.completedFuture(new Candidates(List.of(numeric.nextHop(uri)), List.of()));
        }
        TransportType transport = transportParam(uri);
        Name name;
        try {
            name = DnsZones.name(host);
        } catch (IllegalArgumentException e) {
            throw new UnresolvableTargetException("Cannot resolve " + uri + ": " + e.getMessage());
        }
        if (uri.port() == 0) throw new UnresolvableTargetException("Cannot resolve " + uri + ": port 0");
        if (uri.port() > 0) return addresses(name, uri.port(), transport != null ? transport : TransportType.UDP);
        if (transport != null) return srvThenAddresses(name, transport);
        return naptr(name);
    }

    private static boolean isNumeric(String host) {
        return host.indexOf(':') >= 0 || IPV4.matcher(host).matches() || host.equalsIgnoreCase("localhost");
    }

    private static TransportType transportParam(SipUri uri) {
        String t = uri.transport();
        if (t == null) return null;
        try {
            return TransportType.fromName(t);
        } catch (IllegalArgumentException e) {
            throw new UnresolvableTargetException("Cannot resolve " + uri + ": unsupported transport '" + t + "'");
        }
    }

    /** Section 4.1: NAPTR, then the SRV each leads to; without usable NAPTR, SRV for each transport. */
    private CompletableFuture<Candidates> naptr(Name domain) {
        return lookup.query(domain, Type.NAPTR).thenCompose(a -> {
            // No such domain, or no usable answer: the SRV and A queries would not fare better.
            if (a.status() == DnsAnswer.Status.NXDOMAIN || a.status() == DnsAnswer.Status.FAILED) {
                return done(Candidates.problem(a.describe()));
            }
            List<NAPTRRecord> usable = new ArrayList<>();
            for (Record r : a.records()) {
                NAPTRRecord n = (NAPTRRecord) r;
                if (n.getFlags().equalsIgnoreCase("s") && naptrTransport(n) != null) usable.add(n);
            }
            if (usable.isEmpty()) return srvForEachTransport(domain); // RFC 3263: as if there were none
            usable.sort(Comparator.comparingInt(NAPTRRecord::getOrder).thenComparingInt(NAPTRRecord::getPreference));
            List<CompletableFuture<Candidates>> steps = new ArrayList<>();
            for (NAPTRRecord n : usable) steps.add(srv(n.getReplacement(), naptrTransport(n)));
            return all(steps);
        });
    }

    private static TransportType naptrTransport(NAPTRRecord n) {
        return switch (n.getService().toUpperCase(Locale.ROOT)) {
            case "SIP+D2U" -> TransportType.UDP;
            case "SIP+D2T" -> TransportType.TCP;
            default -> null; // SIPS+D2T, SIP+D2S...: transports we do not speak
        };
    }

    /** No NAPTR: SRV for UDP then TCP (the transports we support); if neither exists, A/AAAA on 5060/UDP. */
    private CompletableFuture<Candidates> srvForEachTransport(Name domain) {
        CompletableFuture<DnsAnswer> udp = lookup.query(DnsZones.srvName(domain, TransportType.UDP), Type.SRV);
        CompletableFuture<DnsAnswer> tcp = lookup.query(DnsZones.srvName(domain, TransportType.TCP), Type.SRV);
        return udp.thenCombine(tcp, List::of).thenCompose(answers -> {
            if (answers.stream().noneMatch(DnsAnswer::hasRecords)) {
                List<String> failed = answers.stream().filter(x -> x.status() == DnsAnswer.Status.FAILED).map(DnsAnswer::describe).toList();
                if (!failed.isEmpty()) return done(new Candidates(List.of(), failed));
                return addresses(domain, DEFAULT_PORT, TransportType.UDP);
            }
            return all(List.of(targets(answers.get(0), TransportType.UDP), targets(answers.get(1), TransportType.TCP)));
        });
    }

    /** Section 4.2 with a transport known: SRV, else (no such records) A/AAAA on 5060. */
    private CompletableFuture<Candidates> srvThenAddresses(Name domain, TransportType transport) {
        return lookup.query(DnsZones.srvName(domain, transport), Type.SRV).thenCompose(a -> switch (a.status()) {
            case RECORDS -> targets(a, transport);
            case NODATA, NXDOMAIN -> addresses(domain, DEFAULT_PORT, transport);
            case FAILED -> done(Candidates.problem(a.describe()));
        });
    }

    /** The SRV a NAPTR points to; nothing (with a note why) when it has none. */
    private CompletableFuture<Candidates> srv(Name srvName, TransportType transport) {
        return lookup.query(srvName, Type.SRV).thenCompose(a -> targets(a, transport));
    }

    private CompletableFuture<Candidates> targets(DnsAnswer srv, TransportType transport) {
        if (!srv.hasRecords()) return done(Candidates.problem(srv.describe()));
        List<SRVRecord> ordered = SrvSelector.order(srv.records().stream().map(SRVRecord.class::cast).toList(),
                random != null ? random : ThreadLocalRandom.current());
        if (ordered.isEmpty()) return done(Candidates.problem(srv.describe() + " (service not offered: target '.')"));
        List<CompletableFuture<Candidates>> steps = new ArrayList<>();
        for (SRVRecord r : ordered) steps.add(addresses(r.getTarget(), r.getPort(), transport));
        return all(steps);
    }

    /** A and AAAA of a host (queried together), in the preferred family order. */
    private CompletableFuture<Candidates> addresses(Name host, int port, TransportType transport) {
        CompletableFuture<DnsAnswer> v4 = lookup.query(host, Type.A);
        CompletableFuture<DnsAnswer> v6 = lookup.query(host, Type.AAAA);
        return v4.thenCombine(v6, (a, aaaa) -> {
            List<DnsAnswer> inOrder = preference == AddressFamilyPreference.IPV6_FIRST ? List.of(aaaa, a) : List.of(a, aaaa);
            List<NextHop> hops = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (DnsAnswer answer : inOrder) {
                for (Record r : answer.records()) hops.add(new NextHop(transport, new InetSocketAddress(address(r), port)));
            }
            if (hops.isEmpty()) inOrder.forEach(x -> problems.add(x.describe()));
            return new Candidates(hops, problems);
        });
    }

    private static InetAddress address(Record r) {
        return r instanceof ARecord a ? a.getAddress() : ((AAAARecord) r).getAddress();
    }

    private static CompletableFuture<Candidates> all(List<CompletableFuture<Candidates>> steps) {
        return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new))
                .thenApply(x -> Candidates.concat(steps.stream().map(CompletableFuture::join).toList()));
    }

    private static CompletableFuture<Candidates> done(Candidates c) {
        return CompletableFuture.completedFuture(c);
    }

    /** Resolver settings. */
    public static final class Builder {
        private final InetSocketAddress server;
        private AddressFamilyPreference preference = AddressFamilyPreference.IPV4_FIRST;
        private Duration timeout = Duration.ofSeconds(5);
        private Duration maxNegativeTtl = Duration.ofSeconds(5);
        private Executor executor = ForkJoinPool.commonPool();
        private Random random; // null: ThreadLocalRandom of the completing thread
        private LongSupplier nanoClock = System::nanoTime;

        private Builder(InetSocketAddress server) {
            this.server = Objects.requireNonNull(server, "dnsServer");
            if (server.isUnresolved()) throw new IllegalArgumentException("DNS server address must be numeric: " + server);
        }

        public Builder addressFamilyPreference(AddressFamilyPreference preference) {
            this.preference = Objects.requireNonNull(preference, "preference");
            return this;
        }

        /** How long to wait for each DNS answer (default 5 s). */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive: " + timeout);
            this.timeout = timeout;
            return this;
        }

        /** Upper bound on how long a negative answer is cached (default 5 s; zero disables). */
        public Builder maxNegativeTtl(Duration maxNegativeTtl) {
            if (maxNegativeTtl.isNegative()) throw new IllegalArgumentException("maxNegativeTtl must not be negative: " + maxNegativeTtl);
            this.maxNegativeTtl = maxNegativeTtl;
            return this;
        }

        /** Where futures complete (default: the common fork-join pool). */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** For SRV weighted selection; a seeded one makes tests repeatable. */
        public Builder random(Random random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** For cache expiry; tests use a manual clock. */
        Builder nanoClock(LongSupplier nanoClock) {
            this.nanoClock = Objects.requireNonNull(nanoClock);
            return this;
        }

        public Rfc3263Resolver build() {
            return new Rfc3263Resolver(this);
        }
    }
}
