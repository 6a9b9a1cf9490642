package org.imsemu.diameter.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.imsemu.diameter.dictionary.Applications;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * freeDiameter 1.2.1 ({@code freeDiameterd}, Debian package freediameter) as a peer: it advertises the
 * Relay application, so it shares every application with us. TLS off (no TLS_Cred), TCP only.
 */
class FreeDiameterInteropTest {
    private static final String FD = "/usr/bin/freeDiameterd";
    private static EventLoopGroup group;
    @TempDir
    Path dir;
    private Process fd;
    private DiameterNode node;

    @BeforeAll
    static void group() {
        group = Channels.newEventLoopGroup(1);
    }

    @AfterAll
    static void shutdown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        if (node != null) node.close();
        if (fd != null) {
            fd.destroy();
            if (!fd.waitFor(10, TimeUnit.SECONDS)) fd.destroyForcibly();
        }
    }

    private int startFreeDiameter(String ip, String connectPeer) throws IOException {
        assumeTrue(Files.isExecutable(Path.of(FD)), "freeDiameterd not installed");
        int port = 20000 + ThreadLocalRandom.current().nextInt(12000); // below the ephemeral range (32768-60999)
        Files.writeString(dir.resolve("acl.conf"), "ALLOW_IPSEC ims.test\n");
        Files.writeString(dir.resolve("fd.conf"), String.join("\n",
                "Identity = \"fd.test\";", "Realm = \"test\";", "Port = " + port + ";", "SecPort = 0;", "No_SCTP;", "No_IPv6;",
                "ListenOn = \"" + ip + "\";", "TwTimer = 6;", "TcTimer = 3;",
                "LoadExtension = \"acl_wl.fdx\" : \"" + dir.resolve("acl.conf") + "\";", connectPeer, ""));
        fd = new ProcessBuilder(FD, "-c", dir.resolve("fd.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("fd.log").toFile()).start();
        return port;
    }

    private static void await(String what, BooleanSupplier condition, Path log) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what + "; freeDiameter log:\n" + Files.readString(log));
            Thread.sleep(50);
        }
    }

    @Test
    void freeDiameterConnectsToUsAndRunsItsWatchdog() throws Exception {
        DiameterNodeTest.Log log = new DiameterNodeTest.Log();
        node = DiameterNode.start(DiameterNodeConfig.builder("ims.test", "test").listen(new InetSocketAddress("127.0.95.41", 0))
                .application(Applications.CX_AUTH).observer(log).watchdogInterval(Duration.ofSeconds(30)).build(), group);
        int ours = node.localAddress().getPort();
        startFreeDiameter("127.0.95.40", "ConnectPeer = \"ims.test\" { ConnectTo = \"127.0.95.41\"; No_TLS; Port = " + ours + "; };");
        PeerInfo fdPeer = node.whenPeerOpen("fd.test").get(30, TimeUnit.SECONDS);
        assertThat(fdPeer.productName()).containsIgnoringCase("freeDiameter");
        assertThat(fdPeer.common()).contains(Applications.CX_AUTH); // through its Relay application
        assertThat(log.lines).containsSubsequence("RECEIVED CER", "SENT CEA 2001");
        // freeDiameter's Tw is 6 s (±2 s): its DWR comes after that much silence
        await("DWR from freeDiameter and our DWA", () -> log.count("RECEIVED DWR") >= 1 && log.count("SENT DWA 2001") >= 1, dir.resolve("fd.log"));
        assertThat(node.openPeer("fd.test")).isPresent();
    }

    @Test
    void weConnectToFreeDiameterRunOurWatchdogAndDisconnect() throws Exception {
        DiameterNodeTest.Log log = new DiameterNodeTest.Log();
        int port = startFreeDiameter("127.0.95.42", "");
        node = DiameterNode.start(DiameterNodeConfig.builder("ims.test", "test").listen(new InetSocketAddress("127.0.95.43", 0))
                .application(Applications.CX_AUTH).observer(log).watchdogInterval(Duration.ofSeconds(1)).reconnectInterval(Duration.ofMillis(500))
                .peer(new PeerConfig("fd.test", "test", new InetSocketAddress("127.0.95.42", port))).build(), group);
        node.whenPeerOpen("fd.test").get(30, TimeUnit.SECONDS); // retried every 500 ms until freeDiameter listens
        assertThat(log.lines).containsSubsequence("SENT CER", "RECEIVED CEA 2001");
        await("two DWR/DWA", () -> log.count("RECEIVED DWA 2001") >= 2, dir.resolve("fd.log"));
        node.disconnect("fd.test").get(10, TimeUnit.SECONDS);
        assertThat(log.lines).containsSubsequence("SENT DPR", "RECEIVED DPA 2001");
        assertThat(node.openPeers()).isEmpty();
    }
}
