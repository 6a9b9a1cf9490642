package org.imsemu.dns;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.NAPTRRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The authoritative answering logic, a pure function from query to response (no sockets): exact-match
 * answers with the AA bit, the records a NAPTR or SRV leads to in the additional section (RFC 3263
 * section 4, RFC 2782), NXDOMAIN versus NODATA with the zone's SOA in the authority section (RFC 2308),
 * REFUSED outside our zones, NOTIMP for opcodes other than QUERY, FORMERR for a query without exactly
 * one question, EDNS(0) echoed (RFC 6891).
 */
public final class QueryAnswerer {
    /** The UDP payload size we advertise in EDNS responses (the 2020 DNS flag day value). */
    public static final int EDNS_PAYLOAD_SIZE = 1232;

    private final DnsZones zones;

    public QueryAnswerer(DnsZones zones) {
        this.zones = Objects.requireNonNull(zones, "zones");
    }

    public DnsZones zones() {
        return zones;
    }

    /** The response to a parsed query. The query must not be a response (the server drops those). */
    public Message answer(Message query) {
        Message response = responseTo(query);
        OPTRecord opt = query.getOPT();
        if (opt != null) {
            if (opt.getVersion() != 0) return badVersion(response);
            response.addRecord(new OPTRecord(EDNS_PAYLOAD_SIZE, 0, 0), Section.ADDITIONAL);
        }
        Header h = response.getHeader();
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            h.setRcode(Rcode.NOTIMP);
            return response;
        }
        Record question = query.getQuestion();
        if (question == null || query.getHeader().getCount(Section.QUESTION) != 1) {
            h.setRcode(Rcode.FORMERR);
            return response;
        }
        Name qname = question.getName();
        int qtype = question.getType();
        Optional<Name> zone = zones.zoneOf(qname);
        if (zone.isEmpty() || (question.getDClass() != DClass.IN && question.getDClass() != DClass.ANY)) {
            h.setRcode(Rcode.REFUSED); // not ours: we are no recursive resolver
            return response;
        }
        if (qtype == Type.AXFR || qtype == Type.IXFR) {
            h.setRcode(Rcode.REFUSED); // no zone transfers
            return response;
        }
        h.setFlag(Flags.AA);
        List<Record> answers = qtype == Type.ANY ? zones.lookupAll(qname) : zones.lookup(qname, qtype);
        if (answers.isEmpty()) {
            h.setRcode(zones.exists(qname) ? Rcode.NOERROR : Rcode.NXDOMAIN);
            response.addRecord(negativeSoa(zones.soa(zone.get())), Section.AUTHORITY);
            return response;
        }
        answers.forEach(r -> response.addRecord(r, Section.ANSWER));
        additionalFor(answers).forEach(r -> response.addRecord(r, Section.ADDITIONAL));
        return response;
    }

    /**
     * FORMERR for bytes that are not a valid DNS message but have a whole header (12 bytes), echoing
     * its ID, opcode and RD bit; empty for anything shorter, or a header with QR set, which must be
     * dropped (answering a response could start a loop).
     */
    public static Optional<Message> formatError(byte[] raw) {
        if (raw.length < Header.LENGTH) return Optional.empty();
        int id = ((raw[0] & 0xff) << 8) | (raw[1] & 0xff);
        int flags = ((raw[2] & 0xff) << 8) | (raw[3] & 0xff);
        if ((flags & 0x8000) != 0) return Optional.empty();
        Header h = new Header(id);
        h.setFlag(Flags.QR);
        h.setOpcode((flags >> 11) & 0xf);
        if ((flags & 0x0100) != 0) h.setFlag(Flags.RD);
        h.setRcode(Rcode.FORMERR);
        Message m = new Message();
        m.setHeader(h);
        return Optional.of(m);
    }

    private static Message responseTo(Message query) {
        Header qh = query.getHeader();
        Header h = new Header(qh.getID());
        h.setFlag(Flags.QR);
        h.setOpcode(qh.getOpcode());
        if (qh.getFlag(Flags.RD)) h.setFlag(Flags.RD); // copied; RA stays clear, we do no recursion
        Message response = new Message();
        response.setHeader(h);
        Record question = query.getQuestion();
        if (question != null) response.addRecord(question, Section.QUESTION);
        return response;
    }

    private static Message badVersion(Message response) {
        // BADVERS is extended rcode 16: upper 8 bits in the OPT record, lower 4 (0) in the header.
        response.addRecord(new OPTRecord(EDNS_PAYLOAD_SIZE, Rcode.BADVERS >> 4, 0), Section.ADDITIONAL);
        return response;
    }

    /** RFC 2308 section 3: the SOA's TTL in a negative answer is the lesser of its TTL and MINIMUM. */
    private static SOARecord negativeSoa(SOARecord soa) {
        long ttl = Math.min(soa.getTTL(), soa.getMinimum());
        return new SOARecord(soa.getName(), soa.getDClass(), ttl, soa.getHost(), soa.getAdmin(), soa.getSerial(),
                soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum());
    }

    /** SRV records a NAPTR leads to, and the A/AAAA of every SRV target, that we hold. */
    private List<Record> additionalFor(List<Record> answers) {
        Set<Record> out = new LinkedHashSet<>();
        List<SRVRecord> srvs = new ArrayList<>();
        for (Record r : answers) {
            if (r instanceof NAPTRRecord naptr) {
                String flags = naptr.getFlags();
                if (flags.equalsIgnoreCase("s")) {
                    for (Record s : zones.lookup(naptr.getReplacement(), Type.SRV)) {
                        out.add(s);
                        srvs.add((SRVRecord) s);
                    }
                } else if (flags.equalsIgnoreCase("a")) {
                    addAddresses(naptr.getReplacement(), out);
                }
            } else if (r instanceof SRVRecord srv) {
                srvs.add(srv);
            }
        }
        for (SRVRecord s : srvs) addAddresses(s.getTarget(), out);
        out.removeAll(answers);
        return new ArrayList<>(out);
    }

    private void addAddresses(Name host, Set<Record> out) {
        out.addAll(zones.lookup(host, Type.A));
        out.addAll(zones.lookup(host, Type.AAAA));
    }
}
