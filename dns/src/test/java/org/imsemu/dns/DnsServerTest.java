package org.imsemu.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.imsemu.sip.transport.Transports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The server on real loopback sockets, driven by plain Java sockets. */
class DnsServerTest {
    private static final int RECEIVE_TIMEOUT_MS = 10_000;
    private static EventLoopGroup group;
    private DnsServer server;

    @BeforeAll
    static void startGroup() {
        group = Transports.newEventLoopGroup(2);
    }

    @AfterAll
    static void stopGroup() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @BeforeEach
    void start() throws Exception {
        server = DnsServer.start(QueryAnswererTest.sampleWithBigAnswer(), TestZones.randomBind(), group);
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private Message udp(byte[] query) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(server.address().getAddress(), 0))) {
            s.setSoTimeout(RECEIVE_TIMEOUT_MS);
            s.send(new DatagramPacket(query, query.length, server.address()));
            byte[] buf = new byte[65_536];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            return new Message(Arrays.copyOf(buf, p.getLength()));
        }
    }

    /** Sends the garbage, then a valid query on the same socket: the valid one must be answered. */
    private Message udpAfter(byte[] garbage, Message valid) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(server.address().getAddress(), 0))) {
            s.setSoTimeout(RECEIVE_TIMEOUT_MS);
            s.send(new DatagramPacket(garbage, garbage.length, server.address()));
            byte[] q = valid.toWire();
            s.send(new DatagramPacket(q, q.length, server.address()));
            byte[] buf = new byte[65_536];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            s.receive(p);
            return new Message(Arrays.copyOf(buf, p.getLength()));
        }
    }

    private static void writeFrame(DataOutputStream out, byte[] b) throws IOException {
        out.writeShort(b.length);
        out.write(b);
        out.flush();
    }

    private static Message readFrame(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readUnsignedShort()];
        in.readFully(b);
        return new Message(b);
    }

    @Test
    void answersOverUdp() throws Exception {
        Message r = udp(QueryAnswererTest.query("domain1.com", Type.NAPTR).toWire());
        assertThat(r.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(r.getSection(Section.ANSWER)).hasSize(2);
        assertThat(r.getSection(Section.ADDITIONAL)).extracting(x -> x.getType()).contains(Type.SRV, Type.A);
    }

    @Test
    void keepsServingAfterShortGarbage() throws Exception {
        Message valid = QueryAnswererTest.query("icscf1.domain1.com", Type.A);
        Message r = udpAfter(new byte[] {(byte) 0xde, (byte) 0xad, 0x01}, valid);
        // Garbage shorter than a header gets nothing: the first answer on the socket is the valid one.
        assertThat(r.getHeader().getID()).isEqualTo(valid.getHeader().getID());
        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(r.getSection(Section.ANSWER)).hasSize(1);
    }

    @Test
    void truncatedQueryGetsFormerrAndServerKeepsServing() throws Exception {
        Message broken = QueryAnswererTest.query("icscf1.domain1.com", Type.A);
        byte[] full = broken.toWire();
        Message formerr = udp(Arrays.copyOf(full, full.length - 5));
        assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(formerr.getHeader().getID()).isEqualTo(broken.getHeader().getID());
        Message ok = udp(QueryAnswererTest.query("icscf1.domain1.com", Type.A).toWire());
        assertThat(ok.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(ok.getSection(Section.ANSWER)).hasSize(1);
    }

    @Test
    void refusesNamesOutsideItsZones() throws Exception {
        Message r = udp(QueryAnswererTest.query("www.example.org", Type.A).toWire());
        assertThat(r.getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void nxdomainAndNodataOverUdp() throws Exception {
        Message nx = udp(QueryAnswererTest.query("nobody.domain1.com", Type.A).toWire());
        assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(nx.getSection(Section.AUTHORITY)).extracting(x -> x.getType()).containsExactly(Type.SOA);
        Message nodata = udp(QueryAnswererTest.query("icscf1.domain1.com", Type.AAAA).toWire());
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
        assertThat(nodata.getSection(Section.AUTHORITY)).extracting(x -> x.getType()).containsExactly(Type.SOA);
    }

    @Test
    void largeAnswerIsTruncatedOverUdpAndWholeOverTcp() throws Exception {
        Message q = QueryAnswererTest.query("many.domain1.com", Type.A);
        Message cut = udp(q.toWire());
        assertThat(cut.getHeader().getFlag(Flags.TC)).isTrue();
        assertThat(cut.toWire().length).isLessThanOrEqualTo(512);

        try (Socket s = new Socket()) {
            s.connect(server.address(), RECEIVE_TIMEOUT_MS);
            s.setSoTimeout(RECEIVE_TIMEOUT_MS);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            DataInputStream in = new DataInputStream(s.getInputStream());
            writeFrame(out, q.toWire());
            Message whole = readFrame(in);
            assertThat(whole.getHeader().getFlag(Flags.TC)).isFalse();
            assertThat(whole.getSection(Section.ANSWER)).hasSize(40);
            // RFC 7766: more queries on the same connection, a broken one among them.
            byte[] bad = Arrays.copyOf(q.toWire(), 14);
            writeFrame(out, bad);
            assertThat(readFrame(in).getRcode()).isEqualTo(Rcode.FORMERR);
            Message again = QueryAnswererTest.query("_sip._udp.domain2.com", Type.SRV);
            writeFrame(out, again.toWire());
            Message srv = readFrame(in);
            assertThat(srv.getHeader().getID()).isEqualTo(again.getHeader().getID());
            assertThat(srv.getSection(Section.ANSWER)).hasSize(1);
        }
    }

    @Test
    void tcpConnectionSendingShortGarbageIsClosedButServerKeepsServing() throws Exception {
        try (Socket s = new Socket()) {
            s.connect(server.address(), RECEIVE_TIMEOUT_MS);
            s.setSoTimeout(RECEIVE_TIMEOUT_MS);
            writeFrame(new DataOutputStream(s.getOutputStream()), new byte[] {1, 2, 3, 4});
            assertThat(s.getInputStream().read()).as("closed by the server").isEqualTo(-1);
        }
        assertThat(udp(QueryAnswererTest.query("domain3.com", Type.A).toWire()).getSection(Section.ANSWER)).hasSize(1);
    }

    @Test
    void bindFailureNamesTheAddressAndCloseFreesBothPorts() throws Exception {
        InetSocketAddress taken = server.address();
        assertThatThrownBy(() -> DnsServer.start(TestZones.sample(), taken, group))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(BindException.class)
                .hasMessageContaining(taken.getAddress().getHostAddress() + ":" + taken.getPort());
        server.close();
        server = null;
        // Both UDP and TCP of the same port bind again, and with NIO channels this time.
        EventLoopGroup nio = new NioEventLoopGroup(1);
        try (DnsServer again = DnsServer.start(TestZones.sample(), taken, nio)) {
            assertThat(again.address()).isEqualTo(taken);
        } finally {
            nio.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
