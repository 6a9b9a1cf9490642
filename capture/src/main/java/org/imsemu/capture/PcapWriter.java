package org.imsemu.capture;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes captured events as a classic libpcap file that Wireshark and tshark read: nanosecond
 * timestamps (magic a1b23c4d), LINKTYPE_RAW (each record one IPv4 or IPv6 packet), synthetic UDP, TCP or
 * SCTP headers carrying the nodes' real addresses and ports, with correct lengths and checksums.
 *
 * <p>TCP messages become PSH|ACK segments numbered per connection and direction, so dissectors reassemble
 * a message split over several segments; a message larger than {@code maxSegment} is split. A UDP or
 * SCTP message too large for one IP packet cannot have crossed a socket and is skipped (see
 * {@link #skipped()}).
 *
 * <p>Timestamps: the first event's wall clock anchors the file; later ones add their monotonic offset
 * to it, which keeps microsecond intervals that epoch milliseconds alone would lose.
 *
 * <p>Thread-safe (methods are synchronized); for live capture, subscribe {@link #asListener()} to a
 * {@link CaptureBus}, whose dispatcher thread then does the I/O.
 */
public final class PcapWriter implements Closeable {
    public static final int MAGIC_NANOSECONDS = 0xa1b23c4d;
    public static final int LINKTYPE_RAW = 101;
    public static final int DEFAULT_MAX_SEGMENT = 65_000;
    private static final int SNAPLEN = 262_144;

    private final OutputStream out;
    private final int maxSegment;
    private final Map<String, Long> nextTcpSequence = new HashMap<>();
    private final Map<String, Long> nextSctpTsn = new HashMap<>();
    private long anchorEpochNanos;
    private long anchorMonotonic;
    private boolean anchored;
    private int ipId;
    private int packets;
    private int skipped;

    private PcapWriter(OutputStream out, int maxSegment) throws IOException {
        if (maxSegment < 1 || maxSegment > 65_495) throw new IllegalArgumentException("maxSegment must be 1..65495: " + maxSegment);
        this.out = out;
        this.maxSegment = maxSegment;
        ByteBuffer h = ByteBuffer.allocate(24);
        h.putInt(MAGIC_NANOSECONDS).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                .putInt(SNAPLEN).putInt(LINKTYPE_RAW);
        out.write(h.array());
    }

    /** Creates (or truncates) {@code file} and writes the file header. */
    public static PcapWriter open(Path file) throws IOException {
        return open(file, DEFAULT_MAX_SEGMENT);
    }

    /** As {@link #open(Path)}, splitting TCP messages into segments of at most {@code maxSegment} bytes. */
    public static PcapWriter open(Path file, int maxSegment) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
        try {
            return new PcapWriter(os, maxSegment);
        } catch (IOException | RuntimeException e) {
            os.close();
            throw e;
        }
    }

    /** Writes to a stream the caller owns ({@link #close()} closes it). */
    public static PcapWriter open(OutputStream out, int maxSegment) throws IOException {
        return new PcapWriter(out, maxSegment);
    }

    /** Writes {@code events}, in the order given, to a new file. */
    public static void write(Path file, List<CaptureEvent> events) throws IOException {
        try (PcapWriter w = open(file)) {
            for (CaptureEvent e : events) w.append(e);
        }
    }

    /** Appends the packet(s) carrying one event. */
    public synchronized void append(CaptureEvent e) throws IOException {
        if (!anchored) {
            anchorEpochNanos = e.timeMillis() * 1_000_000L;
            anchorMonotonic = e.timeNanos();
            anchored = true;
        }
        long ts = anchorEpochNanos + (e.timeNanos() - anchorMonotonic);
        IpPackets.Ends ends = IpPackets.Ends.of(e.source(), e.destination());
        ByteBuffer data = e.data();
        switch (e.transport()) {
            case UDP -> {
                if (data.remaining() > IpPackets.maxPayload(ends, IpPackets.PROTO_UDP)) skipped++;
                else record(ts, IpPackets.udp(ends, nextIpId(), data));
            }
            case TCP -> appendTcp(ts, ends, e, data);
            case SCTP -> {
                if (data.remaining() > IpPackets.maxPayload(ends, IpPackets.PROTO_SCTP)) {
                    skipped++;
                } else {
                    String key = connection(e.source(), e.destination());
                    long tsn = nextSctpTsn.merge(key, 1L, Long::sum);
                    int ppid = e.protocol() == Protocol.DIAMETER ? IpPackets.PPID_DIAMETER : 0;
                    record(ts, IpPackets.sctp(ends, nextIpId(), tsn, (int) tsn - 1, ppid, data));
                }
            }
        }
    }

    private void appendTcp(long ts, IpPackets.Ends ends, CaptureEvent e, ByteBuffer data) throws IOException {
        String key = connection(e.source(), e.destination());
        long seq = nextTcpSequence.getOrDefault(key, 1L);
        long ack = nextTcpSequence.getOrDefault(connection(e.destination(), e.source()), 1L);
        int limit = Math.min(maxSegment, IpPackets.maxPayload(ends, IpPackets.PROTO_TCP));
        do {
            int n = Math.min(limit, data.remaining());
            ByteBuffer segment = data.slice();
            segment.limit(n);
            record(ts, IpPackets.tcp(ends, nextIpId(), seq, ack, IpPackets.TCP_PSH_ACK, segment));
            data.position(data.position() + n);
            seq = (seq + n) & 0xffffffffL;
        } while (data.hasRemaining());
        nextTcpSequence.put(key, seq);
    }

    private static String connection(java.net.InetSocketAddress from, java.net.InetSocketAddress to) {
        return CaptureBus.addressLabel(from) + ">" + CaptureBus.addressLabel(to);
    }

    private int nextIpId() {
        ipId = (ipId + 1) & 0xffff;
        return ipId;
    }

    private void record(long epochNanos, byte[] packet) throws IOException {
        ByteBuffer h = ByteBuffer.allocate(16);
        h.putInt((int) Math.floorDiv(epochNanos, 1_000_000_000L)).putInt((int) Math.floorMod(epochNanos, 1_000_000_000L))
                .putInt(packet.length).putInt(packet.length);
        out.write(h.array());
        out.write(packet);
        packets++;
    }

    /** A bus listener appending each event; I/O errors become {@link UncheckedIOException}s. */
    public Consumer<CaptureEvent> asListener() {
        return e -> {
            try {
                append(e);
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
        };
    }

    /** Packets written so far (a split TCP message counts once per segment). */
    public synchronized int packets() {
        return packets;
    }

    /** Events that could not be written (UDP/SCTP messages larger than an IP packet). */
    public synchronized int skipped() {
        return skipped;
    }

    public synchronized void flush() throws IOException {
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
