package org.imsemu.diameter.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.imsemu.diameter.Avp;
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.ResultCodes;
import org.imsemu.diameter.dictionary.Applications;
import org.imsemu.diameter.dictionary.BaseAvps;
import org.imsemu.diameter.dictionary.Commands;
import org.imsemu.diameter.dictionary.CxAvps;
import org.imsemu.diameter.dictionary.Dictionary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real nodes on loopback 127.0.95.x, ephemeral ports. */
class DiameterNodeTest {
    private static EventLoopGroup group;
    private final List<AutoCloseable> closeMe = new ArrayList<>();

    @BeforeAll
    static void group() {
        group = Channels.newEventLoopGroup(2);
    }

    @AfterAll
    static void shutdown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(closeMe);
        for (AutoCloseable c : closeMe) c.close();
    }

    /** Messages a node's observer saw, as "SENT CER" / "RECEIVED DWA 2001". */
    static final class Log implements DiameterObserver {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onMessage(Direction d, InetSocketAddress local, InetSocketAddress remote, byte[] bytes) {
            String label;
            try {
                DiameterMessage m = DiameterMessage.decode(bytes);
                label = Dictionary.standard().abbreviation(m) + m.resultCode().map(rc -> " " + rc).orElse("")
                        + (m.isRetransmission() ? " T" : "");
            } catch (RuntimeException e) {
                label = "garbage";
            }
            lines.add(d + " " + label);
        }

        long count(String line) {
            synchronized (lines) {
                return lines.stream().filter(line::equals).count();
            }
        }
    }

    private DiameterNodeConfig.Builder config(String host, String realm, String ip) {
        return DiameterNodeConfig.builder(host, realm).listen(new InetSocketAddress(ip, 0))
                .application(Applications.CX_AUTH).watchdogInterval(Duration.ofSeconds(30)).reconnectInterval(Duration.ofMillis(300));
    }

    private DiameterNode start(DiameterNodeConfig c) {
        DiameterNode n = DiameterNode.start(c, group);
        closeMe.add(n);
        return n;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    private static PeerConfig peerOf(DiameterNode n) {
        return new PeerConfig(n.originHost(), n.originRealm(), n.localAddress());
    }

    private static DiameterMessage mar(String realm) {
        return Commands.MULTIMEDIA_AUTH.request().add(BaseAvps.SESSION_ID.of("test;" + System.nanoTime()),
                BaseAvps.VENDOR_SPECIFIC_APPLICATION_ID.of(BaseAvps.VENDOR_ID.of(10415), BaseAvps.AUTH_APPLICATION_ID.of(Applications.CX)),
                BaseAvps.AUTH_SESSION_STATE.of(1), BaseAvps.DESTINATION_REALM.of(realm), BaseAvps.USER_NAME.of("alice@test"),
                CxAvps.PUBLIC_IDENTITY.of("sip:alice@test"), CxAvps.SIP_NUMBER_AUTH_ITEMS.of(1)).build();
    }

    private static RequestHandler answering(String who) {
        return (req, peer) -> CompletableFuture.completedFuture(DiameterMessage.answer(req).resultCode(ResultCodes.DIAMETER_SUCCESS)
                .add(CxAvps.SERVER_NAME.of(who)).build());
    }

    @Test
    void capabilitiesExchangeThenRequestAndAnswer() throws Exception {
        Log hssLog = new Log();
        Log cscfLog = new Log();
        DiameterNode hss = start(config("hss.test", "test", "127.0.95.1").observer(hssLog).build());
        hss.registerHandler(Commands.MULTIMEDIA_AUTH, answering("hss"));
        DiameterNode cscf = start(config("scscf.test", "test", "127.0.95.2").observer(cscfLog).peer(peerOf(hss)).build());

        PeerInfo seen = cscf.whenPeerOpen("hss.test").get(10, TimeUnit.SECONDS);
        assertThat(seen.originRealm()).isEqualTo("test");
        assertThat(seen.common()).contains(Applications.CX_AUTH);
        PeerInfo seenByHss = hss.whenPeerOpen("scscf.test").get(10, TimeUnit.SECONDS);
        assertThat(seenByHss.remoteAddress().getAddress().getHostAddress()).isEqualTo("127.0.95.2"); // connects from its own address

        DiameterMessage request = mar("test");
        DiameterMessage answer = cscf.send(request).get(10, TimeUnit.SECONDS);
        assertThat(answer.resultCode()).contains(2001L);
        assertThat(answer.text(CxAvps.SERVER_NAME)).contains("hss");
        assertThat(answer.text(BaseAvps.ORIGIN_HOST)).contains("hss.test"); // filled in by the node
        assertThat(answer.sessionId()).isEqualTo(request.sessionId());
        assertThat(cscfLog.lines).containsSubsequence("SENT CER", "RECEIVED CEA 2001", "SENT MAR", "RECEIVED MAA 2001");
        assertThat(hssLog.lines).containsSubsequence("RECEIVED CER", "SENT CEA 2001", "RECEIVED MAR", "SENT MAA 2001");
    }

    @Test
    void watchdogExchangesDwrAndDwaWhenIdle() throws Exception {
        Log log = new Log();
        DiameterNode hss = start(config("hss.test", "test", "127.0.95.3").watchdogInterval(Duration.ofMillis(200)).build());
        DiameterNode cscf = start(config("icscf.test", "test", "127.0.95.4").observer(log).watchdogInterval(Duration.ofMillis(200))
                .peer(peerOf(hss)).build());
        cscf.whenPeerOpen("hss.test").get(10, TimeUnit.SECONDS);
        await("three DWR/DWA exchanges each way", () -> log.count("SENT DWR") >= 3 && log.count("RECEIVED DWA 2001") >= 3
                && log.count("RECEIVED DWR") >= 3 && log.count("SENT DWA 2001") >= 3);
        assertThat(cscf.openPeer("hss.test")).isPresent();
    }

    /** A peer that completes CER/CEA and then never says anything again. */
    private RawPeer silentPeer(ServerSocket ss, String host) throws Exception {
        Socket s = ss.accept();
        RawPeer p = new RawPeer(s);
        closeMe.add(p);
        DiameterMessage cer = p.read();
        p.send(DiameterMessage.answer(cer).resultCode(2001).add(BaseAvps.ORIGIN_HOST.of(host), BaseAvps.ORIGIN_REALM.of("test"),
                BaseAvps.HOST_IP_ADDRESS.of(s.getLocalAddress()), BaseAvps.VENDOR_ID.of(0), BaseAvps.PRODUCT_NAME.of("silent"),
                BaseAvps.AUTH_APPLICATION_ID.of(Applications.CX)).build());
        return p;
    }

    @Test
    void silentPeerIsDetectedByTheWatchdogAndItsPendingRequestFails() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 5, java.net.InetAddress.getByName("127.0.95.5"))) {
            List<String> downs = Collections.synchronizedList(new ArrayList<>());
            DiameterNode cscf = start(config("scscf.test", "test", "127.0.95.6").watchdogInterval(Duration.ofMillis(300))
                    .peer(new PeerConfig("silent.test", "test", (InetSocketAddress) ss.getLocalSocketAddress())).build());
            cscf.addPeerListener(new PeerListener() {
                @Override
                public void onPeerDown(PeerInfo peer, String reason) {
                    downs.add(peer.originHost() + ": " + reason);
                }
            });
            silentPeer(ss, "silent.test");
            cscf.whenPeerOpen("silent.test").get(10, TimeUnit.SECONDS);
            CompletableFuture<DiameterMessage> f = cscf.send(mar("test"), Duration.ofSeconds(60));
            assertThatThrownBy(() -> f.get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(PeerDownException.class);
            await("peer down", () -> cscf.openPeer("silent.test").isEmpty());
            assertThat(downs).anySatisfy(d -> assertThat(d).contains("watchdog"));
        }
    }

    @Test
    void pendingRequestFailsOverToAnotherPeerOfTheRealm() throws Exception {
        try (ServerSocket ss = new ServerSocket(0, 5, java.net.InetAddress.getByName("127.0.95.7"))) {
            Log backupLog = new Log();
            DiameterNode backup = start(config("hss2.test", "test", "127.0.95.8").observer(backupLog).build());
            backup.registerHandler(Commands.MULTIMEDIA_AUTH, answering("backup"));
            DiameterNode cscf = start(config("scscf.test", "test", "127.0.95.9").watchdogInterval(Duration.ofMillis(300))
                    .peer(new PeerConfig("hss1.test", "test", (InetSocketAddress) ss.getLocalSocketAddress())).peer(peerOf(backup))
                    .realmRoute("test", "hss1.test", "hss2.test").build());
            silentPeer(ss, "hss1.test");
            cscf.whenPeerOpen("hss1.test").get(10, TimeUnit.SECONDS);
            cscf.whenPeerOpen("hss2.test").get(10, TimeUnit.SECONDS);
            DiameterMessage answer = cscf.send(mar("test"), Duration.ofSeconds(60)).get(20, TimeUnit.SECONDS);
            assertThat(answer.text(CxAvps.SERVER_NAME)).contains("backup");
            assertThat(backupLog.lines).contains("RECEIVED MAR T"); // re-sent with the T bit
        }
    }

    @Test
    void disconnectSendsDprAndClosesCleanly() throws Exception {
        Log log = new Log();
        DiameterNode hss = start(config("hss.test", "test", "127.0.95.10").observer(log).build());
        DiameterNode cscf = start(config("scscf.test", "test", "127.0.95.11").peer(peerOf(hss)).build());
        cscf.whenPeerOpen("hss.test").get(10, TimeUnit.SECONDS);
        hss.whenPeerOpen("scscf.test").get(10, TimeUnit.SECONDS);
        cscf.disconnect("hss.test").get(10, TimeUnit.SECONDS);
        assertThat(log.lines).containsSubsequence("RECEIVED DPR", "SENT DPA 2001");
        await("HSS sees the peer go", () -> hss.openPeers().isEmpty());
        assertThat(cscf.openPeers()).isEmpty();
        Thread.sleep(600); // two reconnect intervals: a disconnected peer is not reconnected
        assertThat(cscf.openPeers()).isEmpty();
        assertThat(cscf.send(mar("test")).get(10, TimeUnit.SECONDS).resultCode()).contains(ResultCodes.DIAMETER_UNABLE_TO_DELIVER);
    }

    @Test
    void noCommonApplicationIsRefusedWith5010AndClosed() throws Exception {
        Log log = new Log();
        DiameterNode hss = start(config("hss.test", "test", "127.0.95.12").build());
        DiameterNode as = start(DiameterNodeConfig.builder("as.test", "test").listen(new InetSocketAddress("127.0.95.13", 0))
                .application(Applications.RX_AUTH).observer(log).reconnectInterval(Duration.ofSeconds(30)).peer(peerOf(hss)).build());
        await("CEA", () -> log.count("RECEIVED CEA " + ResultCodes.DIAMETER_NO_COMMON_APPLICATION) == 1);
        assertThat(as.openPeers()).isEmpty();
        assertThat(hss.openPeers()).isEmpty();
        try (RawPeer raw = new RawPeer("127.0.95.14", hss.localAddress())) {
            raw.send(RawPeer.cer("raw.test", "test", true, Applications.SH));
            DiameterMessage cea = raw.read();
            assertThat(cea.resultCode()).contains(5010L);
            assertThat(raw.closedByNode()).isTrue();
        }
    }

    @Test
    void cerWithoutHostIpAddressIsAccepted() throws Exception {
        DiameterNode hss = start(config("hss.test", "test", "127.0.95.15").build());
        try (RawPeer raw = new RawPeer("127.0.95.16", hss.localAddress())) {
            raw.send(RawPeer.cer("cdp.test", "test", false, Applications.CX));
            DiameterMessage cea = raw.read();
            assertThat(cea.resultCode()).contains(2001L);
            assertThat(cea.text(BaseAvps.ORIGIN_HOST)).contains("hss.test");
            assertThat(cea.required(BaseAvps.HOST_IP_ADDRESS).asAddress().getHostAddress()).isEqualTo("127.0.95.15");
            PeerInfo p = hss.whenPeerOpen("cdp.test").get(10, TimeUnit.SECONDS);
            assertThat(p.remoteAddress().getAddress().getHostAddress()).isEqualTo("127.0.95.16");
        }
    }

    @Test
    void whitelistRefusesUnknownPeersWith3010() throws Exception {
        DiameterNode hss = start(config("hss.test", "test", "127.0.95.17").peerPolicy(PeerPolicy.whitelist(List.of("ok.test"))).build());
        try (RawPeer raw = new RawPeer("127.0.95.18", hss.localAddress())) {
            raw.send(RawPeer.cer("intruder.test", "test", true, Applications.CX));
            DiameterMessage cea = raw.read();
            assertThat(cea.resultCode()).contains(ResultCodes.DIAMETER_UNKNOWN_PEER);
            assertThat(cea.isError()).isTrue();
            assertThat(raw.closedByNode()).isTrue();
        }
        try (RawPeer raw = new RawPeer("127.0.95.18", hss.localAddress())) {
            raw.send(RawPeer.cer("ok.test", "test", true, Applications.CX));
            assertThat(raw.read().resultCode()).contains(2001L);
        }
    }

    @Test
    void garbageGetsAnErrorAnswerOrADisconnectAndOtherPeersKeepWorking() throws Exception {
        DiameterNode hss = start(config("hss.test", "test", "127.0.95.19").build());
        hss.registerHandler(Commands.MULTIMEDIA_AUTH, answering("hss"));
        DiameterNode cscf = start(config("scscf.test", "test", "127.0.95.20").peer(peerOf(hss)).build());
        cscf.whenPeerOpen("hss.test").get(10, TimeUnit.SECONDS);

        // a readable header with version 2: DIAMETER_UNSUPPORTED_VERSION, then the connection is closed
        try (RawPeer raw = new RawPeer("127.0.95.21", hss.localAddress())) {
            byte[] bad = mar("test").withHopByHop(0x0badcafe).encode();
            bad[0] = 2;
            raw.write(bad);
            DiameterMessage err = raw.read();
            assertThat(err.resultCode()).contains(ResultCodes.DIAMETER_UNSUPPORTED_VERSION);
            assertThat(err.hopByHop()).isEqualTo(0x0badcafe);
            assertThat(err.isError()).isFalse(); // 5xxx: permanent failure, not a protocol error
            assertThat(raw.closedByNode()).isTrue();
        }
        // a Message Length that is not a multiple of 4: DIAMETER_INVALID_MESSAGE_LENGTH
        try (RawPeer raw = new RawPeer("127.0.95.21", hss.localAddress())) {
            byte[] bad = mar("test").encode();
            bad[3] = (byte) (bad[3] + 1);
            raw.write(bad);
            assertThat(raw.read().resultCode()).contains(ResultCodes.DIAMETER_INVALID_MESSAGE_LENGTH);
            assertThat(raw.closedByNode()).isTrue();
        }
        // bytes that are no header at all: disconnected
        try (RawPeer raw = new RawPeer("127.0.95.21", hss.localAddress())) {
            raw.write("GET / HTTP/1.0\r\n\r\n".getBytes());
            assertThat(raw.closedByNode()).isTrue();
        }
        // an open peer sending an unknown M-bit AVP: 5001 with Failed-AVP, connection kept
        try (RawPeer raw = new RawPeer("127.0.95.22", hss.localAddress())) {
            raw.send(RawPeer.cer("raw.test", "test", true, Applications.CX));
            assertThat(raw.read().resultCode()).contains(2001L);
            Avp unknown = Avp.raw(77777, Avp.FLAG_M, 0, new byte[] {1, 2, 3, 4});
            raw.send(mar("test").withAvp(unknown).withHopByHop(42));
            DiameterMessage err = raw.read();
            assertThat(err.hopByHop()).isEqualTo(42);
            assertThat(err.resultCode()).contains(ResultCodes.DIAMETER_AVP_UNSUPPORTED);
            assertThat(err.required(BaseAvps.FAILED_AVP).asGrouped()).containsExactly(unknown);
            assertThat(err.sessionId()).isPresent();
            // a reserved header bit: 3008 with the E bit
            byte[] bits = mar("test").withHopByHop(43).encode();
            bits[4] |= 0x01;
            raw.write(bits);
            DiameterMessage err2 = raw.read();
            assertThat(err2.resultCode()).contains(ResultCodes.DIAMETER_INVALID_HDR_BITS);
            assertThat(err2.isError()).isTrue();
            // and the connection still serves
            raw.send(mar("test").withHopByHop(44));
            assertThat(raw.read().resultCode()).contains(2001L);
        }
        assertThat(cscf.send(mar("test")).get(10, TimeUnit.SECONDS).resultCode()).contains(2001L);
    }

    @Test
    void routesByHostThenRealmAndAnswers3002WhenUnroutable() throws Exception {
        DiameterNode b1 = start(config("hss1.r1", "r1", "127.0.95.23").build());
        DiameterNode b2 = start(config("hss2.r1", "r1", "127.0.95.24").build());
        DiameterNode c1 = start(config("hss.r2", "r2", "127.0.95.25").build());
        b1.registerHandler(Commands.MULTIMEDIA_AUTH, answering("b1"));
        b2.registerHandler(Commands.MULTIMEDIA_AUTH, answering("b2"));
        c1.registerHandler(Commands.MULTIMEDIA_AUTH, answering("c1"));
        DiameterNode client = start(config("cscf.r0", "r0", "127.0.95.26").peer(peerOf(b1)).peer(peerOf(b2)).peer(peerOf(c1))
                .realmRoute("r1", "hss1.r1", "hss2.r1").build());
        for (String h : List.of("hss1.r1", "hss2.r1", "hss.r2")) client.whenPeerOpen(h).get(10, TimeUnit.SECONDS);

        assertThat(client.send(mar("r1")).get(10, TimeUnit.SECONDS).text(CxAvps.SERVER_NAME)).contains("b1");
        DiameterMessage toB2 = mar("r1").withAvp(BaseAvps.DESTINATION_HOST.of("hss2.r1"));
        assertThat(client.send(toB2).get(10, TimeUnit.SECONDS).text(CxAvps.SERVER_NAME)).contains("b2");
        assertThat(client.send(mar("r2")).get(10, TimeUnit.SECONDS).text(CxAvps.SERVER_NAME)).contains("c1");
        DiameterMessage none = client.send(mar("nowhere")).get(10, TimeUnit.SECONDS);
        assertThat(none.resultCode()).contains(ResultCodes.DIAMETER_UNABLE_TO_DELIVER);
        assertThat(none.isError()).isTrue();
        client.addRealmRoute("*", "hss.r2");
        assertThat(client.send(mar("nowhere")).get(10, TimeUnit.SECONDS).text(CxAvps.SERVER_NAME)).contains("c1");
    }

    @Test
    void unsupportedCommandAndApplicationGet3001And3007() throws Exception {
        DiameterNode hss = start(config("hss.test", "test", "127.0.95.27").application(Applications.SH_AUTH).build());
        hss.registerHandler(Commands.MULTIMEDIA_AUTH, answering("hss"));
        DiameterNode cscf = start(config("scscf.test", "test", "127.0.95.28").application(Applications.SH_AUTH).peer(peerOf(hss)).build());
        cscf.whenPeerOpen("hss.test").get(10, TimeUnit.SECONDS);
        DiameterMessage sar = Commands.SERVER_ASSIGNMENT.request().add(BaseAvps.DESTINATION_REALM.of("test")).build();
        DiameterMessage a1 = cscf.send(sar).get(10, TimeUnit.SECONDS);
        assertThat(a1.resultCode()).contains(ResultCodes.DIAMETER_COMMAND_UNSUPPORTED);
        assertThat(a1.isError()).isTrue();
        assertThat(a1.text(BaseAvps.ORIGIN_HOST)).contains("hss.test");
        DiameterMessage udr = Commands.USER_DATA.request().add(BaseAvps.DESTINATION_REALM.of("test")).build();
        assertThat(cscf.send(udr).get(10, TimeUnit.SECONDS).resultCode()).contains(ResultCodes.DIAMETER_APPLICATION_UNSUPPORTED);
    }

    @Test
    void retransmittedRequestIsAnsweredWithoutServingItTwice() throws Exception {
        AtomicInteger served = new AtomicInteger();
        DiameterNode hss = start(config("hss.test", "test", "127.0.95.29").build());
        hss.registerHandler(Commands.MULTIMEDIA_AUTH, (req, peer) -> CompletableFuture.completedFuture(
                DiameterMessage.answer(req).resultCode(2001).add(CxAvps.SIP_ITEM_NUMBER.of(served.incrementAndGet())).build()));
        DiameterNode cscf = start(config("scscf.test", "test", "127.0.95.30").peer(peerOf(hss)).build());
        cscf.whenPeerOpen("hss.test").get(10, TimeUnit.SECONDS);
        DiameterMessage first = mar("test").withEndToEnd(0x12345678);
        DiameterMessage a1 = cscf.send(first).get(10, TimeUnit.SECONDS);
        DiameterMessage a2 = cscf.send(first.withFlag(DiameterMessage.FLAG_T, true)).get(10, TimeUnit.SECONDS);
        assertThat(served.get()).isEqualTo(1);
        assertThat(a2.number(CxAvps.SIP_ITEM_NUMBER)).isEqualTo(a1.number(CxAvps.SIP_ITEM_NUMBER));
        assertThat(a2.hopByHop()).isNotEqualTo(a1.hopByHop());
    }

    @Test
    void unansweredRequestTimesOutAndHandlerErrorsBecomeAnswers() throws Exception {
        DiameterNode hss = start(config("hss.test", "test", "127.0.95.31").build());
        hss.registerHandler(Commands.MULTIMEDIA_AUTH, (req, peer) -> new CompletableFuture<>()); // never answers
        hss.registerHandler(Commands.SERVER_ASSIGNMENT, (req, peer) -> {
            req.required(CxAvps.SERVER_NAME); // missing: DIAMETER_MISSING_AVP
            return null;
        });
        DiameterNode cscf = start(config("scscf.test", "test", "127.0.95.32").peer(peerOf(hss)).build());
        cscf.whenPeerOpen("hss.test").get(10, TimeUnit.SECONDS);
        CompletableFuture<DiameterMessage> f = cscf.send(mar("test"), Duration.ofMillis(300));
        assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(AnswerTimeoutException.class);
        DiameterMessage saa = cscf.send(Commands.SERVER_ASSIGNMENT.request().add(BaseAvps.DESTINATION_REALM.of("test")).build())
                .get(10, TimeUnit.SECONDS);
        assertThat(saa.resultCode()).contains(ResultCodes.DIAMETER_MISSING_AVP);
        assertThat(saa.required(BaseAvps.FAILED_AVP).asGrouped().get(0).code()).isEqualTo(CxAvps.SERVER_NAME.code());
    }

    @Test
    void closingANodeSendsDprToItsPeers() throws Exception {
        Log log = new Log();
        DiameterNode hss = start(config("hss.test", "test", "127.0.95.33").observer(log).build());
        DiameterNode cscf = DiameterNode.start(config("scscf.test", "test", "127.0.95.34").peer(peerOf(hss)).build(), group);
        cscf.whenPeerOpen("hss.test").get(10, TimeUnit.SECONDS);
        hss.whenPeerOpen("scscf.test").get(10, TimeUnit.SECONDS);
        cscf.close();
        assertThat(log.lines).containsSubsequence("RECEIVED DPR", "SENT DPA 2001");
        await("HSS sees the peer go", () -> hss.openPeers().isEmpty());
    }
}
