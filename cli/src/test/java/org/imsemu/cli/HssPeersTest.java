package org.imsemu.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.imsemu.capture.CaptureBus;
import org.imsemu.diameter.Avp;
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.ResultCodes;
import org.imsemu.diameter.dictionary.Applications;
import org.imsemu.diameter.dictionary.BaseAvps;
import org.imsemu.diameter.dictionary.Commands;
import org.imsemu.diameter.dictionary.CxAvps;
import org.imsemu.diameter.dictionary.Vendors;
import org.imsemu.runtime.ImsNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HSS of a running IMS ({@link TestImsScenario} 62: home62.test on 127.0.62.x, hss at .40:3868) with
 * Diameter peers other than its CSCFs: freeDiameter ({@code freeDiameterd}, package freediameter) as a
 * base-protocol peer of the HSS's realm, and a hand-driven socket sending what no well-behaved peer
 * sends. Meanwhile the HSS must keep serving the CSCFs: a SIPp AKA registration through the chain works.
 */
class HssPeersTest {
    static final TestImsScenario S = new TestImsScenario(62);
    static final String UE = S.address(200);
    static final String FD = "/usr/bin/freeDiameterd";

    static CaptureBus bus;
    static ImsNetwork net;

    @TempDir
    Path dir;

    @BeforeAll
    static void startNetwork() {
        Sipp.requireInstalled();
        bus = new CaptureBus();
        net = ImsNetwork.start(S.load(), bus, ImsNetwork.Options.defaults());
    }

    @AfterAll
    static void stopNetwork() {
        if (net != null) net.close();
        if (bus != null) bus.close();
    }

    /** SIPp registers {@code user} with AKA through P-, I- and S-CSCF; the S-CSCF asks the HSS (MAR, SAR). */
    private void registersThroughTheChain(String user, Path workDir) throws Exception {
        long mark = S.registeredWithAka(bus, workDir, UE, user, "", "");
        List<String> cx = Captured.since(bus, mark).diameter("hss");
        // UAA 2001 first registration, or 2002 when a refused earlier attempt left the S-CSCF name stored
        assertThat(cx).anyMatch(l -> l.matches("hss -> icscf UAA 200[12]")).contains("hss -> scscf MAA 2001", "hss -> scscf SAA 2001");
    }

    /** Diameter between the HSS and peers that are no node of the network, as "CER", "CEA 2001"... (in order). */
    private List<String> withOutsiders(long mark) {
        Captured c = Captured.since(bus, mark);
        return c.diameter("hss").stream().filter(s -> s.contains(":")) // outsiders are named ip:port
                .map(s -> (s.startsWith("hss ") ? "HSS " : "PEER ") + s.substring(s.indexOf(' ', s.indexOf("-> ") + 3) + 1))
                .toList();
    }

    private static void await(String what, Supplier<Boolean> condition, Path log) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
        while (!condition.get()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what + (log != null && Files.exists(log)
                        ? "; freeDiameter log:\n" + Files.readString(log) : ""));
            }
            Thread.sleep(50);
        }
    }

    /**
     * freeDiameter connects to the HSS as a peer of realm home62.test: CER/CEA, then its watchdog (Tw 6 s)
     * runs DWR/DWA while the HSS serves a registration; stopped, it disconnects with DPR/DPA.
     */
    @Test
    void freeDiameterPeersWithTheHssWhileItServesTheCscfs() throws Exception {
        assumeTrue(Files.isExecutable(Path.of(FD)), "freeDiameterd not installed (apt-get install freediameter)");
        long mark = bus.mark();
        // Below Linux's ephemeral range (32768-60999): freeDiameter binds its port on every address, and a
        // port there could be taken meanwhile as the source port of one of our own connections.
        int port = 20000 + ThreadLocalRandom.current().nextInt(12000);
        Path log = dir.resolve("fd.log");
        Files.writeString(dir.resolve("fd.conf"), String.join("\n",
                "Identity = \"fd." + S.domain() + "\";", "Realm = \"" + S.domain() + "\";",
                "Port = " + port + ";", "SecPort = 0;", "No_SCTP;", "No_IPv6;", "ListenOn = \"" + S.address(90) + "\";",
                "TwTimer = 6;", "TcTimer = 3;",
                "ConnectPeer = \"" + S.hssHost() + "\" { ConnectTo = \"" + S.hssAddress() + "\"; No_TLS; Port = 3868; };", ""));
        Process fd = new ProcessBuilder(FD, "-c", dir.resolve("fd.conf").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            await("CER/CEA", () -> withOutsiders(mark).containsAll(List.of("PEER CER", "HSS CEA 2001")), log);
            assertThat(withOutsiders(mark)).startsWith("PEER CER", "HSS CEA 2001");
            await("freeDiameter's DWR and the HSS's DWA",
                    () -> withOutsiders(mark).containsAll(List.of("PEER DWR", "HSS DWA 2001")), log);

            registersThroughTheChain("aka5", dir.resolve("sipp"));

            // the peering outlived the registration: another watchdog round on the same connection
            long afterRegistration = bus.mark();
            await("a DWR/DWA after the registration",
                    () -> withOutsiders(afterRegistration).containsAll(List.of("PEER DWR", "HSS DWA 2001")), log);
            assertThat(withOutsiders(mark).stream().filter(l -> l.equals("PEER CER")).count()).as("one connection").isEqualTo(1);
            assertThat(Files.readString(log)).contains(S.hssHost());
        } finally {
            fd.destroy(); // SIGTERM: freeDiameter says goodbye with DPR
            if (!fd.waitFor(20, TimeUnit.SECONDS)) fd.destroyForcibly();
        }
        assertThat(withOutsiders(mark)).as("freeDiameter's goodbye").contains("PEER DPR", "HSS DPA 2001");
        registersThroughTheChain("aka6", dir.resolve("sipp-after"));
    }

    /**
     * Bad Diameter input from a raw socket gets the RFC 6733 error answer or a clean disconnect, and the
     * HSS keeps serving: the same connection afterwards, and the CSCFs (a registration through the chain).
     */
    @Test
    void badDiameterInputGetsAnErrorAnswerOrADisconnectAndTheHssKeepsServing() throws Exception {
        InetSocketAddress hss = new InetSocketAddress(S.hssAddress(), 3868);

        // truncated header (12 of 20 octets), then end of stream: the HSS closes its side
        try (RawPeer raw = new RawPeer(S.address(91), hss)) {
            raw.write(java.util.Arrays.copyOf(uar("ann", 1).encode(), 12));
            raw.socket.shutdownOutput();
            assertThat(raw.closedByHss()).as("closed after a truncated header").isTrue();
        }
        // Message Length not a multiple of 4: 5015 DIAMETER_INVALID_MESSAGE_LENGTH, then disconnected (framing lost)
        try (RawPeer raw = new RawPeer(S.address(91), hss)) {
            byte[] bad = uar("ann", 0x5015).encode();
            bad[3] = (byte) (bad[3] + 2);
            raw.write(bad);
            DiameterMessage err = raw.read();
            assertThat(err.resultCode()).contains(ResultCodes.DIAMETER_INVALID_MESSAGE_LENGTH);
            assertThat(err.hopByHop()).isEqualTo(0x5015);
            assertThat(raw.closedByHss()).isTrue();
        }
        // Message Length shorter than a header: the same
        try (RawPeer raw = new RawPeer(S.address(91), hss)) {
            byte[] bad = uar("ann", 0x5016).encode();
            bad[1] = 0;
            bad[2] = 0;
            bad[3] = 16;
            raw.write(bad);
            assertThat(raw.read().resultCode()).contains(ResultCodes.DIAMETER_INVALID_MESSAGE_LENGTH);
            assertThat(raw.closedByHss()).isTrue();
        }
        // a CER from another realm: 3010 DIAMETER_UNKNOWN_PEER (the HSS serves its own realm), closed
        try (RawPeer raw = new RawPeer(S.address(91), hss)) {
            raw.send(cer("raw.elsewhere.test", "elsewhere.test", Applications.CX));
            DiameterMessage cea = raw.read();
            assertThat(cea.resultCode()).contains(ResultCodes.DIAMETER_UNKNOWN_PEER);
            assertThat(raw.closedByHss()).isTrue();
        }
        // a CER with only an application the HSS does not serve (Rx): 5010 DIAMETER_NO_COMMON_APPLICATION, closed
        try (RawPeer raw = new RawPeer(S.address(91), hss)) {
            raw.send(cer("raw." + S.domain(), S.domain(), Applications.RX));
            assertThat(raw.read().resultCode()).contains(ResultCodes.DIAMETER_NO_COMMON_APPLICATION);
            assertThat(raw.closedByHss()).isTrue();
        }
        // an open peer of the realm
        try (RawPeer raw = new RawPeer(S.address(92), hss)) {
            raw.send(cer("raw." + S.domain(), S.domain(), Applications.CX));
            assertThat(raw.read().resultCode()).contains(ResultCodes.DIAMETER_SUCCESS);

            // an unknown AVP with the M bit: 5001 DIAMETER_AVP_UNSUPPORTED naming it in Failed-AVP
            Avp unknown = Avp.raw(77777, Avp.FLAG_M, 0, new byte[] {1, 2, 3, 4});
            DiameterMessage err = raw.exchange(uar("ann", 0x5001).withAvp(unknown));
            assertThat(err.hopByHop()).isEqualTo(0x5001);
            assertThat(err.resultCode()).contains(ResultCodes.DIAMETER_AVP_UNSUPPORTED);
            assertThat(err.required(BaseAvps.FAILED_AVP).asGrouped()).containsExactly(unknown);
            // the same AVP without the M bit is ignored: a normal answer
            assertThat(raw.exchange(uar("ann", 0x2001).withAvp(Avp.raw(77777, 0, 0, new byte[] {1, 2, 3, 4}))).resultCode())
                    .contains(ResultCodes.DIAMETER_SUCCESS);
            // a request of an application the HSS does not serve (Rx AAR): 3007 with the E bit
            DiameterMessage aar = Commands.RX_AA.request().hopByHop(0x3007).endToEnd(0x3007)
                    .add(BaseAvps.SESSION_ID.of("raw;" + System.nanoTime()), BaseAvps.AUTH_APPLICATION_ID.of(Applications.RX),
                            BaseAvps.ORIGIN_HOST.of("raw." + S.domain()), BaseAvps.ORIGIN_REALM.of(S.domain()),
                            BaseAvps.DESTINATION_REALM.of(S.domain()))
                    .build();
            DiameterMessage e3007 = raw.exchange(aar);
            assertThat(e3007.resultCode()).contains(ResultCodes.DIAMETER_APPLICATION_UNSUPPORTED);
            assertThat(e3007.isError()).isTrue();
            // a Cx command code under another application id (UAR sent as Sh, which the HSS serves): 3001
            byte[] wrongApp = uar("ann", 0x3001).encode();
            wrongApp[11] = 0x01; // Application-ID 0x01000000 (Cx) -> 0x01000001 (Sh)
            raw.write(wrongApp);
            DiameterMessage eApp = raw.read();
            assertThat(eApp.hopByHop()).isEqualTo(0x3001);
            assertThat(eApp.resultCode()).contains(ResultCodes.DIAMETER_COMMAND_UNSUPPORTED); // Sh has no command 300
            assertThat(eApp.isError()).isTrue();
            // a reserved header bit: 3008 DIAMETER_INVALID_HDR_BITS
            byte[] bits = uar("ann", 0x3008).encode();
            bits[4] |= 0x01;
            raw.write(bits);
            DiameterMessage e3008 = raw.read();
            assertThat(e3008.resultCode()).contains(ResultCodes.DIAMETER_INVALID_HDR_BITS);
            assertThat(e3008.isError()).isTrue();
            // an AVP whose length runs past the end of the message: 5014 DIAMETER_INVALID_AVP_LENGTH
            byte[] overrun = uar("ann", 0x5014).encode();
            int firstAvp = 20;
            overrun[firstAvp + 5] = 0;
            overrun[firstAvp + 6] = 0x7f; // AVP Length 0x7fxx
            raw.write(overrun);
            DiameterMessage e5014 = raw.read();
            assertThat(e5014.hopByHop()).isEqualTo(0x5014);
            assertThat(e5014.resultCode()).contains(ResultCodes.DIAMETER_INVALID_AVP_LENGTH);

            // after all that the connection still serves
            assertThat(raw.exchange(uar("ann", 0x2002)).resultCode()).contains(ResultCodes.DIAMETER_SUCCESS);
        }
        registersThroughTheChain("aka7", dir.resolve("sipp"));
    }

    /** A UAR for {@code user} of the realm, hop-by-hop {@code id}, as an I-CSCF sends it at registration. */
    private static DiameterMessage uar(String user, int id) {
        return Commands.USER_AUTHORIZATION.request().hopByHop(id).endToEnd(id)
                .add(BaseAvps.SESSION_ID.of("raw." + S.domain() + ";" + System.nanoTime()),
                        BaseAvps.VENDOR_SPECIFIC_APPLICATION_ID.of(BaseAvps.VENDOR_ID.of(Vendors.TGPP),
                                BaseAvps.AUTH_APPLICATION_ID.of(Applications.CX)),
                        BaseAvps.AUTH_SESSION_STATE.of(1), BaseAvps.ORIGIN_HOST.of("raw." + S.domain()),
                        BaseAvps.ORIGIN_REALM.of(S.domain()), BaseAvps.DESTINATION_REALM.of(S.domain()),
                        BaseAvps.USER_NAME.of(user + "@" + S.domain()), CxAvps.PUBLIC_IDENTITY.of("sip:" + user + "@" + S.domain()),
                        CxAvps.VISITED_NETWORK_IDENTIFIER.of(S.domain().getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .build();
    }

    private static DiameterMessage cer(String host, String realm, long app) throws IOException {
        return Commands.CAPABILITIES_EXCHANGE.request().hopByHop(1).endToEnd(1)
                .add(BaseAvps.ORIGIN_HOST.of(host), BaseAvps.ORIGIN_REALM.of(realm),
                        BaseAvps.HOST_IP_ADDRESS.of(InetAddress.getByName(S.address(92))), BaseAvps.VENDOR_ID.of(0),
                        BaseAvps.PRODUCT_NAME.of("raw"),
                        BaseAvps.VENDOR_SPECIFIC_APPLICATION_ID.of(BaseAvps.VENDOR_ID.of(Vendors.TGPP), BaseAvps.AUTH_APPLICATION_ID.of(app)))
                .build();
    }

    /** A hand-driven Diameter peer on a plain socket. */
    private static final class RawPeer implements AutoCloseable {
        final Socket socket = new Socket();
        private final DataInputStream in;

        RawPeer(String localIp, InetSocketAddress remote) throws IOException {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localIp), 0));
            socket.connect(remote, 5000);
            socket.setSoTimeout(15_000);
            in = new DataInputStream(socket.getInputStream());
        }

        void write(byte[] bytes) throws IOException {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        }

        void send(DiameterMessage m) throws IOException {
            write(m.encode());
        }

        /** Sends a request and reads the answer (nothing else is in flight on this connection). */
        DiameterMessage exchange(DiameterMessage request) throws IOException {
            send(request);
            DiameterMessage a = read();
            assertThat(a).as("answer to %s", request).isNotNull();
            assertThat(a.isRequest()).isFalse();
            assertThat(a.hopByHop()).isEqualTo(request.hopByHop());
            return a;
        }

        /** The next message, skipping the HSS's DWRs (answered), or null at end of stream. */
        DiameterMessage read() throws IOException {
            while (true) {
                byte[] head = new byte[4];
                try {
                    in.readFully(head);
                } catch (EOFException e) {
                    return null;
                }
                int len = ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
                byte[] all = new byte[len];
                System.arraycopy(head, 0, all, 0, 4);
                in.readFully(all, 4, len - 4);
                DiameterMessage m = DiameterMessage.decode(all);
                if (!(m.isRequest() && m.commandCode() == Commands.DEVICE_WATCHDOG.code())) return m;
                send(DiameterMessage.answer(m).resultCode(ResultCodes.DIAMETER_SUCCESS)
                        .add(BaseAvps.ORIGIN_HOST.of("raw." + S.domain()), BaseAvps.ORIGIN_REALM.of(S.domain())).build());
            }
        }

        /** Reads until the HSS closes the connection; true if it did within the socket timeout. */
        boolean closedByHss() throws IOException {
            try {
                while (read() != null) {
                    // whatever comes before the close
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
