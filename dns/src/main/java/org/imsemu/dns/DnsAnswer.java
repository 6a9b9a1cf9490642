package org.imsemu.dns;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * What one DNS query gave the resolver: the records of the asked type (RECORDS), none for an existing
 * name (NODATA), no such name (NXDOMAIN), or no usable answer at all (FAILED: timeout, SERVFAIL,
 * REFUSED...; {@code error} says which). Only FAILED is never cached.
 */
record DnsAnswer(Name name, int type, Status status, List<Record> records, String error) {
    enum Status { RECORDS, NODATA, NXDOMAIN, FAILED }

    DnsAnswer {
        records = List.copyOf(records);
    }

    static DnsAnswer of(Name name, int type, List<Record> records) {
        return new DnsAnswer(name, type, records.isEmpty() ? Status.NODATA : Status.RECORDS, records, null);
    }

    static DnsAnswer nxdomain(Name name, int type) {
        return new DnsAnswer(name, type, Status.NXDOMAIN, List.of(), null);
    }

    static DnsAnswer failed(Name name, int type, String error) {
        return new DnsAnswer(name, type, Status.FAILED, List.of(), error);
    }

    boolean hasRecords() {
        return status == Status.RECORDS;
    }

    /** "domain1.com NAPTR: NXDOMAIN (no such name)": for error messages. */
    String describe() {
        String what = switch (status) {
            case RECORDS -> records.size() + " record(s)";
            case NODATA -> "no records (NODATA)";
            case NXDOMAIN -> "NXDOMAIN (no such name)";
            case FAILED -> error;
        };
        return name.toString(true) + " " + Type.string(type) + ": " + what;
    }
}
