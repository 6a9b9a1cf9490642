package org.imsemu.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import org.imsemu.sip.registrar.LocationService;
import org.imsemu.cli.sipproxy.RegistrarProxy;
import org.imsemu.sip.proxy.ProxyCore;
import org.imsemu.sip.stack.SipStack;
import org.imsemu.sip.transport.TargetResolver;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.transport.Transports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIPp, a SIP implementation nobody here wrote, drives the registrar proxy assembled from our stack:
 * REGISTER, then calls relayed from a SIPp UAC to a SIPp UAS, over UDP and TCP, with -trace_err
 * reporting any unexpected message.
 */
class SippInteropTest {
    static final String DOMAIN = "example.com";

    @TempDir
    Path dir;

    EventLoopGroup group;
    SipStack proxy;
    LocationService location;
    int proxyPort;

    @BeforeAll
    static void sippInstalled() {
        Sipp.requireInstalled();
    }

    /** Without passwords the registrar accepts every REGISTER; with them it challenges with Digest MD5. */
    void startProxy(java.util.Map<String, String> passwords) {
        startProxy("127.0.0.1", passwords);
    }

    void startProxy(String address, java.util.Map<String, String> passwords) {
        group = Transports.newEventLoopGroup(1);
        location = new LocationService(System::currentTimeMillis);
        proxy = SipStack.startProxy(new SipStack.Config(address, 0, EnumSet.of(TransportType.UDP, TransportType.TCP), null, null),
                group, new RegistrarProxy(DOMAIN, location, passwords), TargetResolver.NUMERIC, pc -> pc);
        proxyPort = proxy.localAddress(TransportType.UDP).getPort();
    }

    @AfterEach
    void stop() {
        if (proxy != null) proxy.close();
        if (group != null) group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private String proxyAddress() {
        return "127.0.0.1:" + proxyPort;
    }

    @Test
    void sippRegistersThenCallsRegisteredUserThroughProxy() throws Exception {
        startProxy(java.util.Map.of());
        int uasPort = Sipp.freePort();
        Sipp uas = new Sipp(dir, "uas.xml").arg("-i", "127.0.0.1", "-p", Integer.toString(uasPort), "-m", "3").start();
        try {
            Sipp register = new Sipp(dir, "register.xml").key("domain", DOMAIN).key("user", "bob")
                    .key("contact_host", "127.0.0.1").key("contact_port", Integer.toString(uasPort))
                    .arg("-i", "127.0.0.1", "-m", "1", proxyAddress()).start();
            assertThat(register.await(60)).as("SIPp REGISTER exit status\n%s", register.messages()).isZero();
            assertThat(proxy.call(() -> location.lookup("sip:bob@" + DOMAIN))).hasSize(1);

            Sipp uac = new Sipp(dir, "uac.xml").key("target", "sip:bob@" + DOMAIN)
                    .arg("-i", "127.0.0.1", "-m", "3", "-r", "5", proxyAddress()).start();
            assertThat(uac.await(60)).as("SIPp UAC exit status\n%s", uac.messages()).isZero();
            assertThat(uas.await(60)).as("SIPp UAS exit status\n%s", uas.messages()).isZero();
            assertThat(uac.errors() + uas.errors()).as("SIPp -trace_err").isEmpty();
        } finally {
            uas.kill();
        }
        assertThat(proxy.call(() -> ((ProxyCore) proxy.user()).pendingRequests())).isZero();
    }

    @Test
    void sippCallRelayedByRequestUriOverTcp() throws Exception {
        startProxy(java.util.Map.of());
        int uasPort = Sipp.freePort();
        Sipp uas = new Sipp(dir, "uas.xml").arg("-t", "t1", "-i", "127.0.0.1", "-p", Integer.toString(uasPort), "-m", "2").start();
        try {
            Sipp uac = new Sipp(dir, "uac.xml").key("target", "sip:service@127.0.0.1:" + uasPort + ";transport=tcp")
                    .arg("-t", "t1", "-i", "127.0.0.1", "-m", "2", "-r", "5", proxyAddress()).start();
            assertThat(uac.await(60)).as("SIPp UAC exit status\n%s", uac.messages()).isZero();
            assertThat(uas.await(60)).as("SIPp UAS exit status\n%s", uas.messages()).isZero();
            assertThat(uac.errors() + uas.errors()).as("SIPp -trace_err").isEmpty();
        } finally {
            uas.kill();
        }
    }

    @Test
    void sippAuthenticatesWithDigestMd5() throws Exception {
        startProxy(java.util.Map.of("carol", "carol-secret"));
        Sipp ok = new Sipp(dir, "register-digest.xml", java.util.Map.of("USER", "carol", "PASSWORD", "carol-secret", "FINAL", "200"))
                .key("domain", DOMAIN).arg("-i", "127.0.0.1", "-m", "2", proxyAddress()).start();
        assertThat(ok.await(60)).as("SIPp Digest REGISTER\n%s", ok.messages()).isZero();
        assertThat(ok.errors()).isEmpty();
        assertThat(proxy.call(() -> location.lookup("sip:carol@" + DOMAIN))).hasSize(1);
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        startProxy(java.util.Map.of("carol", "carol-secret"));
        Sipp bad = new Sipp(dir, "register-digest.xml", java.util.Map.of("USER", "carol", "PASSWORD", "not-her-password", "FINAL", "403"))
                .key("domain", DOMAIN).arg("-i", "127.0.0.1", "-m", "1", proxyAddress()).start();
        assertThat(bad.await(60)).as("SIPp wrong-password REGISTER\n%s", bad.messages()).isZero();
        assertThat(proxy.call(() -> location.lookup("sip:carol@" + DOMAIN))).isEmpty();
    }

    @Test
    void sippCallOverIpv6() throws Exception {
        startProxy("::1", java.util.Map.of());
        int uasPort = Sipp.freePort();
        Sipp uas = new Sipp(dir, "uas.xml").arg("-i", "::1", "-p", Integer.toString(uasPort), "-m", "2").start();
        try {
            Sipp uac = new Sipp(dir, "uac.xml").key("target", "sip:service@[::1]:" + uasPort)
                    .arg("-i", "::1", "-m", "2", "-r", "5", "[::1]:" + proxyPort).start();
            assertThat(uac.await(60)).as("SIPp UAC over IPv6\n%s", uac.messages()).isZero();
            assertThat(uas.await(60)).as("SIPp UAS over IPv6\n%s", uas.messages()).isZero();
            assertThat(uac.errors() + uas.errors()).as("SIPp -trace_err").isEmpty();
        } finally {
            uas.kill();
        }
    }

    @Test
    void callToUnregisteredUserGets404() throws Exception {
        startProxy(java.util.Map.of());
        Sipp uac = new Sipp(dir, "uac.xml").key("target", "sip:nobody@" + DOMAIN)
                .arg("-i", "127.0.0.1", "-m", "1", proxyAddress()).start();
        // The scenario expects 200: a 404 makes SIPp count a failed call (exit 1) and log the unexpected response.
        assertThat(uac.await(60)).isNotZero();
        assertThat(uac.errors()).contains("SIP/2.0 404");
    }
}
