package org.imsemu.dns;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * One query at a time to one DNS server, asynchronously (dnsjava's {@link SimpleResolver#sendAsync}
 * on its NIO selector thread: the caller never blocks; it falls back to TCP itself when an answer
 * comes back truncated). Answers are cached for their TTL, negative ones (RFC 2308) for the SOA's
 * negative TTL but no longer than {@code maxNegativeTtl}; concurrent queries for the same name and type
 * share one request. Futures always complete normally: a query that got no usable answer gives a
 * {@link DnsAnswer.Status#FAILED} answer saying why.
 */
final class DnsLookup {
    private record Key(Name name, int type) {
    }

    private final InetSocketAddress server;
    private final SimpleResolver resolver;
    private final Executor executor;
    private final DnsCache cache;
    private final long maxNegativeTtlSeconds;
    private final ConcurrentHashMap<Key, CompletableFuture<DnsAnswer>> inFlight = new ConcurrentHashMap<>();

    DnsLookup(InetSocketAddress server, Duration timeout, Duration maxNegativeTtl, Executor executor, DnsCache cache) {
        this.server = server;
        this.resolver = new SimpleResolver(server);
        resolver.setTimeout(timeout);
        // EDNS(0) with the 2020 flag-day size: most answers fit in one datagram, bigger ones go TCP.
        resolver.setEDNS(0, QueryAnswerer.EDNS_PAYLOAD_SIZE, 0, List.of());
        this.executor = executor;
        this.cache = cache;
        this.maxNegativeTtlSeconds = maxNegativeTtl.toSeconds();
    }

    InetSocketAddress server() {
        return server;
    }

    DnsCache cache() {
        return cache;
    }

    CompletableFuture<DnsAnswer> query(Name name, int type) {
        DnsAnswer cached = cache.get(name, type);
        if (cached != null) return CompletableFuture.completedFuture(cached);
        Key key = new Key(name, type);
        CompletableFuture<DnsAnswer> mine = new CompletableFuture<>();
        CompletableFuture<DnsAnswer> existing = inFlight.putIfAbsent(key, mine);
        if (existing != null) return existing;
        // Leave the in-flight map before completing: dependents run inside complete(), and a query they
        // (or a thread they wake) make must not find this finished future and skip the cache check.
        send(name, type).whenComplete((a, e) -> {
            inFlight.remove(key, mine);
            mine.complete(a); // send never fails, see below
        });
        return mine;
    }

    private CompletableFuture<DnsAnswer> send(Name name, int type) {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        CompletableFuture<Message> response;
        try {
            response = resolver.sendAsync(query, executor).toCompletableFuture();
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        return response.handle((m, e) -> {
            if (e != null) return DnsAnswer.failed(name, type, "query to " + format(server) + " failed: " + describe(e));
            try {
                return classify(name, type, m);
            } catch (RuntimeException ex) {
                return DnsAnswer.failed(name, type, "unusable answer from " + format(server) + ": " + ex);
            }
        });
    }

    private DnsAnswer classify(Name name, int type, Message m) {
        int rcode = m.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            DnsAnswer a = DnsAnswer.nxdomain(name, type);
            cache.put(a, negativeTtl(m));
            return a;
        }
        if (rcode != Rcode.NOERROR) {
            return DnsAnswer.failed(name, type, "server " + format(server) + " answered " + Rcode.string(rcode));
        }
        List<Record> records = answerRecords(m, name, type);
        DnsAnswer a = DnsAnswer.of(name, type, records);
        cache.put(a, a.hasRecords() ? minTtl(records) : negativeTtl(m));
        if (m.getHeader().getFlag(Flags.AA) && !m.getHeader().getFlag(Flags.TC)) cacheAdditional(m);
        return a;
    }

    /** The records of the type for the name, following a CNAME chain inside the answer section. */
    private static List<Record> answerRecords(Message m, Name name, int type) {
        List<Record> answer = m.getSection(Section.ANSWER);
        Name target = name;
        for (int hops = 0; hops < 8; hops++) {
            List<Record> out = new ArrayList<>();
            Name next = null;
            for (Record r : answer) {
                if (!r.getName().equals(target)) continue;
                if (r.getType() == type) out.add(r);
                else if (r instanceof CNAMERecord c && type != Type.CNAME) next = c.getTarget();
            }
            if (!out.isEmpty() || next == null) return out;
            target = next;
        }
        return List.of();
    }

    /**
     * SRV and A/AAAA RRsets the server put in the additional section (RFC 3263 section 4 asks clients to
     * use them) save the queries that would follow. Only from an authoritative, untruncated answer.
     */
    private void cacheAdditional(Message m) {
        for (RRset rrset : m.getSectionRRsets(Section.ADDITIONAL)) {
            int t = rrset.getType();
            if (t != Type.SRV && t != Type.A && t != Type.AAAA) continue;
            List<Record> rs = rrset.rrs(false);
            cache.putIfAbsent(DnsAnswer.of(rrset.getName(), t, rs), minTtl(rs));
        }
    }

    private static long minTtl(List<Record> records) {
        return records.stream().mapToLong(Record::getTTL).min().orElse(0);
    }

    /** RFC 2308 section 5: the lesser of the SOA's TTL and MINIMUM; not cached without an SOA. */
    private long negativeTtl(Message m) {
        for (Record r : m.getSection(Section.AUTHORITY)) {
            if (r instanceof SOARecord soa) return Math.min(Math.min(soa.getTTL(), soa.getMinimum()), maxNegativeTtlSeconds);
        }
        return 0;
    }

    private static String format(InetSocketAddress a) {
        String host = a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static String describe(Throwable e) {
        Throwable t = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof java.net.PortUnreachableException) return "port unreachable (no DNS server there)";
        String simple = t.getClass().getSimpleName();
        boolean timeout = simple.contains("Timeout") || (t.getMessage() != null && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("timed out"));
        return (timeout ? "timed out" : simple) + (t.getMessage() == null ? "" : " (" + t.getMessage() + ")");
    }
}
