package org.imsemu.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pcap files of SIP over UDP (IPv4, IPv6) and TCP, read back by the real tshark. */
class PcapWriterTest {
    private static final String[] FIELDS = {"-Y", "sip", "-T", "fields", "-E", "separator=|",
            "-e", "ip.src", "-e", "ipv6.src", "-e", "ip.dst", "-e", "ipv6.dst", "-e", "sip.Method", "-e", "sip.Status-Code"};
    private static final String[] CHECKSUMS = {"-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
            "-o", "tcp.check_checksum:TRUE"};

    @TempDir
    Path dir;
    private long time = 1_700_000_000_000L;
    private long seq;

    private static InetSocketAddress at(String ip, int port) {
        return new InetSocketAddress(ip, port);
    }

    private static String request(String method, String from, String body) {
        return method + " sip:bob@domain2.com SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + from + ";branch=z9hG4bK" + method.toLowerCase() + "1\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:alice@domain1.com>;tag=a1\r\nTo: <sip:bob@domain2.com>\r\n"
                + "Call-ID: call-1\r\nCSeq: 1 " + method + "\r\n"
                + (body.isEmpty() ? "" : "Content-Type: text/plain\r\n")
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static String response(int status, String reason, String method, String via) {
        return "SIP/2.0 " + status + " " + reason + "\r\n"
                + "Via: SIP/2.0/UDP " + via + ";branch=z9hG4bK" + method.toLowerCase() + "1\r\n"
                + "From: <sip:alice@domain1.com>;tag=a1\r\nTo: <sip:bob@domain2.com>;tag=b1\r\n"
                + "Call-ID: call-1\r\nCSeq: 1 " + method + "\r\nContent-Length: 0\r\n\r\n";
    }

    private CaptureEvent sent(Transport t, InetSocketAddress from, InetSocketAddress to, String text) {
        time += 7;
        return new CaptureEvent(seq++, "n", Direction.SENT, Protocol.SIP, t, from, to, time, time * 1_000_000L,
                text.getBytes(StandardCharsets.UTF_8));
    }

    /** A received event: local is the receiver, so source()/destination() are swapped relative to local/remote. */
    private CaptureEvent received(Transport t, InetSocketAddress from, InetSocketAddress to, String text) {
        time += 7;
        return new CaptureEvent(seq++, "n", Direction.RECEIVED, Protocol.SIP, t, to, from, time, time * 1_000_000L,
                text.getBytes(StandardCharsets.UTF_8));
    }

    private List<String> decode(Path file) throws Exception {
        assertThat(Tshark.run(file, "-Y", "_ws.malformed")).as("malformed packets").isEmpty();
        assertThat(Tshark.run(file, concat(CHECKSUMS, "-Y", "ip.checksum.status == 0 || udp.checksum.status == 0 || tcp.checksum.status == 0")))
                .as("packets with bad checksums").isEmpty();
        return Tshark.run(file, FIELDS);
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void sipOverUdpIpv4IsDecodedWithAddressesAndMethods() throws Exception {
        InetSocketAddress ue = at("127.0.1.20", 5060);
        InetSocketAddress pcscf = at("127.0.1.10", 5060);
        List<CaptureEvent> events = List.of(
                sent(Transport.UDP, ue, pcscf, request("INVITE", "127.0.1.20:5060", "v=0\r\n")),
                sent(Transport.UDP, pcscf, ue, response(100, "Trying", "INVITE", "127.0.1.20:5060")),
                received(Transport.UDP, pcscf, ue, response(180, "Ringing", "INVITE", "127.0.1.20:5060")));
        Path file = dir.resolve("udp4.pcap");
        PcapWriter.write(file, events);
        Tshark.assumeInstalled();
        assertThat(decode(file)).containsExactly(
                "127.0.1.20||127.0.1.10||INVITE|",
                "127.0.1.10||127.0.1.20|||100",
                "127.0.1.10||127.0.1.20|||180");
        // UDP checksums are computed (not 0) and verified good.
        assertThat(Tshark.run(file, concat(CHECKSUMS, "-Y", "udp.checksum.status == 1 && ip.checksum.status == 1"))).hasSize(3);
    }

    @Test
    void sipOverUdpIpv6CarriesAVerifiedChecksum() throws Exception {
        InetSocketAddress a = at("fd00:1::10", 5060);
        InetSocketAddress b = at("fd00:2::10", 5062);
        List<CaptureEvent> events = List.of(
                sent(Transport.UDP, a, b, request("REGISTER", "[fd00:1::10]:5060", "")),
                sent(Transport.UDP, b, a, response(401, "Unauthorized", "REGISTER", "[fd00:1::10]:5060")),
                sent(Transport.UDP, a, b, request("MESSAGE", "[fd00:1::10]:5060", "odd length body")));
        Path file = dir.resolve("udp6.pcap");
        PcapWriter.write(file, events);
        Tshark.assumeInstalled();
        assertThat(decode(file)).containsExactly(
                "|fd00:1::10||fd00:2::10|REGISTER|",
                "|fd00:2::10||fd00:1::10||401",
                "|fd00:1::10||fd00:2::10|MESSAGE|");
        assertThat(Tshark.run(file, concat(CHECKSUMS, "-Y", "udp.checksum.status == 1"))).hasSize(3);
        assertThat(Tshark.run(file, "-T", "fields", "-e", "udp.srcport", "-e", "udp.dstport"))
                .containsExactly("5060\t5062", "5062\t5060", "5060\t5062");
    }

    @Test
    void sipOverTcpIsReassembledAcrossSegments() throws Exception {
        InetSocketAddress scscf = at("127.0.1.12", 5060);
        InetSocketAddress icscf = at("127.0.2.11", 40123);
        String big = "x".repeat(70_000) + "\r\n"; // above 64 KB: split into two segments
        List<CaptureEvent> events = List.of(
                sent(Transport.TCP, icscf, scscf, request("INVITE", "127.0.2.11:5060", big)),
                sent(Transport.TCP, scscf, icscf, response(180, "Ringing", "INVITE", "127.0.2.11:5060")),
                sent(Transport.TCP, icscf, scscf, request("BYE", "127.0.2.11:5060", "")),
                sent(Transport.TCP, scscf, icscf, response(200, "OK", "BYE", "127.0.2.11:5060")));
        Path file = dir.resolve("tcp4.pcap");
        try (PcapWriter w = PcapWriter.open(file)) {
            for (CaptureEvent e : events) w.append(e);
            assertThat(w.packets()).isEqualTo(5);
        }
        Tshark.assumeInstalled();
        assertThat(decode(file)).containsExactly(
                "127.0.2.11||127.0.1.12||INVITE|",
                "127.0.1.12||127.0.2.11|||180",
                "127.0.2.11||127.0.1.12||BYE|",
                "127.0.1.12||127.0.2.11|||200");
        // Sequence numbers continue per direction; the ACK number is what the other side has sent.
        assertThat(Tshark.run(file, "-o", "tcp.relative_sequence_numbers:FALSE", "-T", "fields", "-e", "tcp.seq", "-e", "tcp.ack", "-e", "tcp.len"))
                .containsExactly("1\t1\t65000", "65001\t1\t" + (events.get(0).length() - 65_000),
                        "1\t" + (1 + events.get(0).length()) + "\t" + events.get(1).length(), // the 180, from the other side
                        (1 + events.get(0).length()) + "\t" + (1 + events.get(1).length()) + "\t" + events.get(2).length(),
                        (1 + events.get(1).length()) + "\t" + (1 + events.get(0).length() + events.get(2).length()) + "\t" + events.get(3).length());
    }

    @Test
    void smallSegmentsOverIpv6AreReassembledToo() throws Exception {
        InetSocketAddress a = at("fd00:1::12", 5060);
        InetSocketAddress b = at("fd00:2::11", 33000);
        List<CaptureEvent> events = List.of(
                sent(Transport.TCP, a, b, request("INVITE", "[fd00:1::12]:5060", "y".repeat(3000))),
                received(Transport.TCP, b, a, response(200, "OK", "INVITE", "[fd00:1::12]:5060")));
        Path file = dir.resolve("tcp6.pcap");
        try (PcapWriter w = PcapWriter.open(file, 536)) {
            for (CaptureEvent e : events) w.append(e);
            assertThat(w.packets()).isGreaterThan(6);
        }
        Tshark.assumeInstalled();
        assertThat(decode(file)).containsExactly("|fd00:1::12||fd00:2::11|INVITE|", "|fd00:2::11||fd00:1::12||200");
    }

    @Test
    void timestampsKeepNanosecondIntervalsFromTheFirstWallClock() throws Exception {
        InetSocketAddress a = at("127.0.1.1", 5060);
        InetSocketAddress b = at("127.0.1.2", 5060);
        byte[] m = request("OPTIONS", "127.0.1.1:5060", "").getBytes(StandardCharsets.UTF_8);
        List<CaptureEvent> events = new ArrayList<>();
        events.add(new CaptureEvent(0, "a", Direction.SENT, Protocol.SIP, Transport.UDP, a, b, 1_700_000_000_123L, 500, m));
        events.add(new CaptureEvent(1, "a", Direction.SENT, Protocol.SIP, Transport.UDP, a, b, 1_700_000_000_123L, 500 + 1_234_567, m));
        Path file = dir.resolve("time.pcap");
        PcapWriter.write(file, events);
        ByteBuffer b0 = ByteBuffer.wrap(Files.readAllBytes(file));
        assertThat(b0.getInt(0)).isEqualTo(0xa1b23c4d);
        assertThat(b0.getInt(20)).isEqualTo(PcapWriter.LINKTYPE_RAW);
        int second = 24 + 16 + b0.getInt(24 + 8);
        assertThat(b0.getInt(24)).isEqualTo(1_700_000_000);
        assertThat(b0.getInt(28)).isEqualTo(123_000_000);
        assertThat(b0.getInt(second)).isEqualTo(1_700_000_000);
        assertThat(b0.getInt(second + 4)).isEqualTo(124_234_567);
    }

    @Test
    void udpMessageLargerThanAPacketIsSkippedAndCounted() throws Exception {
        InetSocketAddress a = at("127.0.1.1", 5060);
        try (PcapWriter w = PcapWriter.open(dir.resolve("big.pcap"))) {
            w.append(sent(Transport.UDP, a, a, "z".repeat(70_000)));
            assertThat(w.packets()).isZero();
            assertThat(w.skipped()).isOne();
        }
        assertThatThrownBy(() -> PcapWriter.open(dir.resolve("bad.pcap"), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void diameterOverSctpIsWellFormed() throws Exception {
        // A Device-Watchdog-Request (RFC 6733 5.5.1) with one Origin-Host AVP.
        byte[] dwr = java.util.HexFormat.of().parseHex("0100003080000118000000000000000100000001"
                + "000001084000001969637363662e646f6d61696e312e636f6d000000");
        InetSocketAddress icscf = at("127.0.1.11", 3868);
        InetSocketAddress hss = at("127.0.1.30", 3868);
        CaptureEvent e = new CaptureEvent(0, "icscf", Direction.SENT, Protocol.DIAMETER, Transport.SCTP, icscf, hss,
                time, 0, dwr);
        Path file = dir.resolve("sctp.pcap");
        PcapWriter.write(file, List.of(e));
        Tshark.assumeInstalled();
        assertThat(Tshark.run(file, "-Y", "_ws.malformed")).isEmpty();
        assertThat(Tshark.run(file, "-o", "sctp.checksum:crc-32c", "-Y", "sctp.checksum.status == 1 && diameter.cmd.code == 280",
                "-T", "fields", "-e", "ip.src", "-e", "sctp.data_payload_proto_id")).containsExactly("127.0.1.11\t46");
    }

    @Test
    void streamsLiveFromTheBus() throws Exception {
        Path file = dir.resolve("live.pcap");
        InetSocketAddress ue = at("127.0.1.20", 5060);
        InetSocketAddress pcscf = at("127.0.1.10", 5060);
        try (CaptureBus bus = new CaptureBus(); PcapWriter w = PcapWriter.open(file)) {
            bus.registerNode("UE#1", ue.getAddress());
            bus.registerNode("P-CSCF#1", pcscf.getAddress());
            bus.subscribe(w.asListener());
            byte[] invite = request("INVITE", "127.0.1.20:5060", "").getBytes(StandardCharsets.UTF_8);
            byte[] ringing = response(180, "Ringing", "INVITE", "127.0.1.20:5060").getBytes(StandardCharsets.UTF_8);
            bus.record("UE#1", Direction.SENT, Protocol.SIP, Transport.UDP, ue, pcscf, invite);
            bus.record("P-CSCF#1", Direction.RECEIVED, Protocol.SIP, Transport.UDP, pcscf, ue, invite); // dropped: UE#1 reported it
            bus.record("P-CSCF#1", Direction.SENT, Protocol.SIP, Transport.UDP, pcscf, ue, ringing);
            bus.awaitDispatched();
            w.flush();
            assertThat(w.packets()).isEqualTo(2);
        }
        Tshark.assumeInstalled();
        assertThat(decode(file)).containsExactly("127.0.1.20||127.0.1.10||INVITE|", "127.0.1.10||127.0.1.20|||180");
    }
}
