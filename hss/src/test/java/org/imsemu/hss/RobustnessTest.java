package org.imsemu.hss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imsemu.diameter.dictionary.CxValues.*;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.ResultCodes;
import org.imsemu.diameter.dictionary.Applications;
import org.imsemu.diameter.dictionary.BaseAvps;
import org.imsemu.diameter.dictionary.Commands;
import org.imsemu.diameter.dictionary.CxAvps;
import org.imsemu.diameter.dictionary.Vendors;
import org.imsemu.hss.store.HssDatabase;
import org.imsemu.hss.store.RegistrationState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RobustnessTest {
    EventLoopGroup group;

    @BeforeEach
    void start() {
        group = new NioEventLoopGroup(2);
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private static HssConfig config(String address) {
        return HssConfig.builder("hss1.domain1.com", "domain1.com").listen(new InetSocketAddress(address, 0)).scscf(CxTest.SCSCF).build();
    }

    private static DiameterMessage uar(TestPeer p, String impi, String impu) throws Exception {
        return p.send(p.request(Commands.USER_AUTHORIZATION).add(BaseAvps.USER_NAME.of(impi), CxAvps.PUBLIC_IDENTITY.of(impu)));
    }

    /** A peer written by hand on a plain socket, so it can send what a well-behaved node would not. */
    private static DiameterMessage exchange(DataInputStream in, OutputStream out, DiameterMessage m) throws Exception {
        out.write(m.encode());
        out.flush();
        byte[] header = new byte[4];
        in.readFully(header);
        int length = ((header[1] & 0xff) << 16) | ((header[2] & 0xff) << 8) | (header[3] & 0xff);
        byte[] frame = new byte[length];
        System.arraycopy(header, 0, frame, 0, 4);
        in.readFully(frame, 4, length - 4);
        return DiameterMessage.decode(frame);
    }

    @Test
    void aRequestOfAnUnknownApplicationGets3007AndTheHssKeepsServing() throws Exception {
        try (HssDatabase db = HssDatabase.open(HssDatabase.memoryUrl("rob" + System.nanoTime()));
             HssNode hss = HssNode.start(config("127.0.94.3"), db, group)) {
            db.put(Provisioning.digest("alice@domain1.com", List.of("sip:alice@domain1.com"), "a", null, Provisioning.SCENARIO));
            try (Socket s = new Socket(hss.localAddress().getAddress(), hss.localAddress().getPort());
                 TestPeer icscf = new TestPeer("icscf1.domain1.com", "domain1.com", hss, group)) {
                s.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(s.getInputStream());
                DiameterMessage cer = DiameterMessage.request(Commands.CAPABILITIES_EXCHANGE.code(), 0).hopByHop(1).endToEnd(1)
                        .add(BaseAvps.ORIGIN_HOST.of("pcrf.domain1.com"), BaseAvps.ORIGIN_REALM.of("domain1.com"),
                                BaseAvps.HOST_IP_ADDRESS.of(InetAddress.getLoopbackAddress()), BaseAvps.VENDOR_ID.of(Vendors.TGPP),
                                BaseAvps.PRODUCT_NAME.of("raw"), Messages.vendorSpecificApplicationId(Applications.CX),
                                Messages.vendorSpecificApplicationId(Applications.RX)).build();
                assertThat(exchange(in, s.getOutputStream(), cer).resultCode()).contains(ResultCodes.DIAMETER_SUCCESS);

                DiameterMessage aar = DiameterMessage.request(Commands.RX_AA.code(), Applications.RX).proxiable(true).hopByHop(2).endToEnd(2)
                        .add(BaseAvps.SESSION_ID.of("pcrf.domain1.com;1;1"), BaseAvps.AUTH_APPLICATION_ID.of(Applications.RX),
                                BaseAvps.ORIGIN_HOST.of("pcrf.domain1.com"), BaseAvps.ORIGIN_REALM.of("domain1.com"),
                                BaseAvps.DESTINATION_REALM.of("domain1.com")).build();
                DiameterMessage answer = exchange(in, s.getOutputStream(), aar);
                assertThat(answer.resultCode()).contains(ResultCodes.DIAMETER_APPLICATION_UNSUPPORTED);
                assertThat(answer.isError()).isTrue();
                assertThat(answer.hopByHop()).isEqualTo(2);

                // a Cx request missing a mandatory AVP: 5005, on the same connection
                DiameterMessage noUserName = DiameterMessage.request(Commands.USER_AUTHORIZATION.code(), Applications.CX).proxiable(true)
                        .hopByHop(3).endToEnd(3).add(BaseAvps.SESSION_ID.of("pcrf.domain1.com;1;2"), Messages.vendorSpecificApplicationId(Applications.CX),
                                BaseAvps.AUTH_SESSION_STATE.of(1), BaseAvps.ORIGIN_HOST.of("pcrf.domain1.com"), BaseAvps.ORIGIN_REALM.of("domain1.com"),
                                BaseAvps.DESTINATION_REALM.of("domain1.com"), CxAvps.PUBLIC_IDENTITY.of("sip:alice@domain1.com")).build();
                DiameterMessage missing = exchange(in, s.getOutputStream(), noUserName);
                assertThat(missing.resultCode()).contains(ResultCodes.DIAMETER_MISSING_AVP);
                assertThat(missing.avp(BaseAvps.FAILED_AVP)).isPresent();

                assertThat(TestPeer.experimental(uar(icscf, "alice@domain1.com", "sip:alice@domain1.com"))).isEqualTo(DIAMETER_FIRST_REGISTRATION);
            }
        }
    }

    @Test
    void aPeerOfAnotherRealmIsRefusedByDefault() throws Exception {
        try (HssDatabase db = HssDatabase.open(HssDatabase.memoryUrl("rob" + System.nanoTime()));
             HssNode hss = HssNode.start(config("127.0.94.4"), db, group);
             Socket s = new Socket(hss.localAddress().getAddress(), hss.localAddress().getPort())) {
            s.setSoTimeout(10_000);
            DiameterMessage cer = DiameterMessage.request(Commands.CAPABILITIES_EXCHANGE.code(), 0).hopByHop(1).endToEnd(1)
                    .add(BaseAvps.ORIGIN_HOST.of("icscf1.domain2.com"), BaseAvps.ORIGIN_REALM.of("domain2.com"),
                            BaseAvps.HOST_IP_ADDRESS.of(InetAddress.getLoopbackAddress()), BaseAvps.VENDOR_ID.of(Vendors.TGPP),
                            BaseAvps.PRODUCT_NAME.of("raw"), Messages.vendorSpecificApplicationId(Applications.CX)).build();
            assertThat(exchange(new DataInputStream(s.getInputStream()), s.getOutputStream(), cer).resultCode())
                    .contains(ResultCodes.DIAMETER_UNKNOWN_PEER);
        }
    }

    @Test
    void subscribersAddedWhileRunningAreServedAndEverythingSurvivesARestart(@TempDir Path dir) throws Exception {
        String url = HssDatabase.defaultUrl(dir, "domain1.com");
        try (HssDatabase db = HssDatabase.open(url); HssNode hss = HssNode.start(config("127.0.94.5"), db, group);
             TestPeer scscf = new TestPeer("scscf1.domain1.com", "domain1.com", hss, group)) {
            try (HssDatabase cli = HssDatabase.open(url)) { // what `imsemu hss add` does while `imsemu up` runs
                new HssAdmin(cli).add(new HssAdmin.AddRequest("erin@domain1.com", List.of("sip:erin@domain1.com"), null,
                        CxTest.K, null, "cd63cb71954a9f4e48a5994e37a02baf", "8000", null));
            }
            DiameterMessage maa = scscf.send(scscf.request(Commands.MULTIMEDIA_AUTH).add(BaseAvps.USER_NAME.of("erin@domain1.com"),
                    CxAvps.PUBLIC_IDENTITY.of("sip:erin@domain1.com"), CxAvps.SIP_NUMBER_AUTH_ITEMS.of(1),
                    CxAvps.SIP_AUTH_DATA_ITEM.of(CxAvps.SIP_AUTHENTICATION_SCHEME.of(SCHEME_AKAV1_MD5)), CxAvps.SERVER_NAME.of(CxTest.SCSCF)));
            assertThat(TestPeer.result(maa)).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
            scscf.send(scscf.request(Commands.SERVER_ASSIGNMENT).add(CxAvps.PUBLIC_IDENTITY.of("sip:erin@domain1.com"),
                    CxAvps.SERVER_NAME.of(CxTest.SCSCF), CxAvps.SERVER_ASSIGNMENT_TYPE.of(REGISTRATION), CxAvps.USER_DATA_ALREADY_AVAILABLE.of(0)));
        }
        try (HssDatabase db = HssDatabase.open(url); HssNode hss = HssNode.start(config("127.0.94.5"), db, group);
             TestPeer icscf = new TestPeer("icscf1.domain1.com", "domain1.com", hss, group)) {
            DiameterMessage uaa = uar(icscf, "erin@domain1.com", "sip:erin@domain1.com");
            assertThat(TestPeer.experimental(uaa)).isEqualTo(DIAMETER_SUBSEQUENT_REGISTRATION);
            assertThat(TestPeer.serverName(uaa)).isEqualTo(CxTest.SCSCF);
            assertThat(db.sqn("erin@domain1.com")).isEqualTo(32);
            assertThat(db.assignment("sip:erin@domain1.com").orElseThrow().state()).isEqualTo(RegistrationState.REGISTERED);
        }
    }
}
