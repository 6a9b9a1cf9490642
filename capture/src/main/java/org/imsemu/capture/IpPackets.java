package org.imsemu.capture;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * Builds raw IPv4/IPv6 packets (what LINKTYPE_RAW carries) around a payload: UDP, TCP or SCTP, with
 * real lengths and checksums, so that dissectors take them for packets seen on a wire.
 */
final class IpPackets {
    static final int PROTO_TCP = 6;
    static final int PROTO_UDP = 17;
    static final int PROTO_SCTP = 132;
    static final int IPV4_HEADER = 20;
    static final int IPV6_HEADER = 40;
    static final int UDP_HEADER = 8;
    static final int TCP_HEADER = 20;
    static final int SCTP_HEADERS = 12 + 16; // common header + one DATA chunk header
    static final int TCP_PSH_ACK = 0x18;
    /** RFC 6733 section 2.1: the SCTP payload protocol identifier of Diameter. */
    static final int PPID_DIAMETER = 46;
    private static final int TTL = 64;

    private IpPackets() {
    }

    /** The two addresses in one family: IPv4 when both are, otherwise IPv6 (IPv4 as ::ffff:a.b.c.d). */
    record Ends(byte[] src, int srcPort, byte[] dst, int dstPort) {
        static Ends of(InetSocketAddress source, InetSocketAddress destination) {
            byte[] s = raw(source);
            byte[] d = raw(destination);
            if (s.length != d.length) {
                s = mapped(s);
                d = mapped(d);
            }
            return new Ends(s, source.getPort(), d, destination.getPort());
        }

        boolean v6() {
            return src.length == 16;
        }

        int ipHeader() {
            return v6() ? IPV6_HEADER : IPV4_HEADER;
        }

        private static byte[] raw(InetSocketAddress a) {
            InetAddress ip = a.getAddress();
            if (ip == null) {
                try {
                    ip = InetAddress.getByAddress(new byte[4]); // unresolved: 0.0.0.0 rather than a lookup
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
            return ip.getAddress();
        }

        private static byte[] mapped(byte[] a) {
            if (a.length == 16) return a;
            byte[] m = new byte[16];
            m[10] = (byte) 0xff;
            m[11] = (byte) 0xff;
            System.arraycopy(a, 0, m, 12, 4);
            return m;
        }
    }

    /** The largest payload one packet of this protocol can carry (IP length fields are 16 bits). */
    static int maxPayload(Ends ends, int protocol) {
        int transport = protocol == PROTO_UDP ? UDP_HEADER : protocol == PROTO_TCP ? TCP_HEADER : SCTP_HEADERS + 3;
        return 65535 - transport - (ends.v6() ? 0 : IPV4_HEADER);
    }

    static byte[] udp(Ends e, int ipId, ByteBuffer payload) {
        int len = payload.remaining();
        ByteBuffer p = ip(e, PROTO_UDP, UDP_HEADER + len, ipId);
        int start = p.position();
        p.putShort((short) e.srcPort()).putShort((short) e.dstPort()).putShort((short) (UDP_HEADER + len)).putShort((short) 0);
        p.put(payload.duplicate());
        int sum = checksum(e, PROTO_UDP, p.array(), start, UDP_HEADER + len);
        p.putShort(start + 6, (short) (sum == 0 ? 0xffff : sum)); // RFC 768: a computed 0 is sent as all ones
        return p.array();
    }

    static byte[] tcp(Ends e, int ipId, long seq, long ack, int flags, ByteBuffer payload) {
        int len = payload.remaining();
        ByteBuffer p = ip(e, PROTO_TCP, TCP_HEADER + len, ipId);
        int start = p.position();
        p.putShort((short) e.srcPort()).putShort((short) e.dstPort()).putInt((int) seq).putInt((int) ack)
                .put((byte) (5 << 4)).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        p.put(payload.duplicate());
        p.putShort(start + 16, (short) checksum(e, PROTO_TCP, p.array(), start, TCP_HEADER + len));
        return p.array();
    }

    /** One SCTP packet with one unfragmented DATA chunk (RFC 4960 section 3.3.1), CRC32c checksum. */
    static byte[] sctp(Ends e, int ipId, long tsn, int streamSequence, int ppid, ByteBuffer payload) {
        int len = payload.remaining();
        int padded = (len + 3) & ~3;
        ByteBuffer p = ip(e, PROTO_SCTP, SCTP_HEADERS + padded, ipId);
        int start = p.position();
        p.putShort((short) e.srcPort()).putShort((short) e.dstPort()).putInt(1).putInt(0);
        p.put((byte) 0).put((byte) 0x03).putShort((short) (16 + len)) // DATA, B and E bits: a whole message
                .putInt((int) tsn).putShort((short) 0).putShort((short) streamSequence).putInt(ppid);
        p.put(payload.duplicate());
        CRC32C crc = new CRC32C();
        crc.update(p.array(), start, SCTP_HEADERS + padded);
        // RFC 4960 appendix B: the CRC32c goes out least significant byte first.
        p.order(ByteOrder.LITTLE_ENDIAN).putInt(start + 8, (int) crc.getValue());
        return p.array();
    }

    /** A buffer holding the IP header, positioned at the start of the transport header. */
    private static ByteBuffer ip(Ends e, int protocol, int transportLength, int ipId) {
        ByteBuffer p = ByteBuffer.allocate(e.ipHeader() + transportLength);
        if (e.v6()) {
            p.putInt(0x60000000).putShort((short) transportLength).put((byte) protocol).put((byte) TTL)
                    .put(e.src()).put(e.dst());
        } else {
            p.put((byte) 0x45).put((byte) 0).putShort((short) (IPV4_HEADER + transportLength)).putShort((short) ipId)
                    .putShort((short) 0x4000).put((byte) TTL).put((byte) protocol).putShort((short) 0)
                    .put(e.src()).put(e.dst());
            p.putShort(10, (short) fold(sum(p.array(), 0, IPV4_HEADER, 0)));
        }
        return p;
    }

    /** The UDP/TCP checksum: one's complement sum over the pseudo-header (RFC 768, RFC 8200 8.1) and segment. */
    private static int checksum(Ends e, int protocol, byte[] b, int off, int len) {
        long s = sum(e.src(), 0, e.src().length, 0);
        s = sum(e.dst(), 0, e.dst().length, s);
        s += protocol + len; // both pseudo-header layouts sum to this
        return fold(sum(b, off, len, s));
    }

    private static long sum(byte[] b, int off, int len, long s) {
        int i = off;
        for (; i + 1 < off + len; i += 2) s += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        if (i < off + len) s += (b[i] & 0xff) << 8;
        return s;
    }

    private static int fold(long s) {
        while ((s >>> 16) != 0) s = (s & 0xffff) + (s >>> 16);
        return (int) (~s & 0xffff);
    }
}
