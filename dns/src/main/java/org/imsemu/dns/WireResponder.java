package org.imsemu.dns;

import java.util.Optional;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;

/**
 * Bytes in, bytes out, still without sockets: parses a query, answers it with a {@link QueryAnswerer}
 * and encodes the response within the size the transport allows. Over UDP that is 512 bytes (RFC 1035
 * section 4.2.1) or the requester's EDNS payload size up to {@link QueryAnswerer#EDNS_PAYLOAD_SIZE};
 * a response that does not fit is cut at an RRset boundary with the TC bit set (RFC 2181 section 9), and
 * the client retries over TCP, where only the 64 KiB of the length prefix limit it (RFC 7766).
 */
public final class WireResponder {
    public static final int UDP_LIMIT = 512;
    public static final int TCP_LIMIT = 65_535;

    private static final System.Logger LOG = System.getLogger(WireResponder.class.getName());

    private final QueryAnswerer answerer;

    public WireResponder(QueryAnswerer answerer) {
        this.answerer = answerer;
    }

    /**
     * The response bytes, or empty when the input must be dropped: shorter than a DNS header, or a
     * response rather than a query. Input that has a header but does not parse gets FORMERR.
     */
    public Optional<byte[]> respond(byte[] request, boolean overUdp) {
        if (request.length < Header.LENGTH) return Optional.empty();
        Message query;
        try {
            query = new Message(request);
        } catch (Exception e) { // WireParseException mostly; any failure to parse is the sender's format error
            LOG.log(System.Logger.Level.DEBUG, () -> "Malformed DNS query (" + request.length + " bytes): " + e.getMessage());
            return QueryAnswerer.formatError(request).map(m -> m.toWire());
        }
        if (query.getHeader().getFlag(Flags.QR)) return Optional.empty();
        Message response = answerer.answer(query);
        return Optional.of(response.toWire(overUdp ? udpLimit(query) : TCP_LIMIT));
    }

    private static int udpLimit(Message query) {
        OPTRecord opt = query.getOPT();
        if (opt == null) return UDP_LIMIT;
        return Math.max(UDP_LIMIT, Math.min(opt.getPayloadSize(), QueryAnswerer.EDNS_PAYLOAD_SIZE));
    }
}
