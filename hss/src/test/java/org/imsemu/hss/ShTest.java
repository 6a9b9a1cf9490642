package org.imsemu.hss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imsemu.diameter.dictionary.CxValues.*;
import static org.imsemu.diameter.dictionary.ShAvps.*;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.ResultCodes;
import org.imsemu.diameter.dictionary.BaseAvps;
import org.imsemu.diameter.dictionary.Commands;
import org.imsemu.diameter.dictionary.CxAvps;
import org.imsemu.hss.store.HssDatabase;
import org.imsemu.hss.store.RegistrationState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ShTest {
    static final String CAROL = "sip:carol@domain1.com";
    static final String CFNR = "<forward>sip:voicemail@domain1.com</forward>";

    EventLoopGroup group;
    HssDatabase db;
    HssNode hss;
    TestPeer as1;
    TestPeer as2;

    @BeforeEach
    void start() throws Exception {
        group = new NioEventLoopGroup(2);
        db = HssDatabase.open(HssDatabase.memoryUrl("sh" + System.nanoTime()));
        db.put(Provisioning.aka("carol@domain1.com", List.of(CAROL, "tel:+15550003"), CxTest.K, CxTest.OP, null, "8000", CxTest.IFC, Provisioning.SCENARIO));
        hss = HssNode.start(HssConfig.builder("hss1.domain1.com", "domain1.com").listen(new InetSocketAddress("127.0.94.2", 0))
                .scscf(CxTest.SCSCF).build(), db, group);
        as1 = new TestPeer("as1.domain1.com", "domain1.com", hss, group, Commands.PUSH_NOTIFICATION);
        as2 = new TestPeer("as2.domain1.com", "domain1.com", hss, group, Commands.PUSH_NOTIFICATION);
    }

    @AfterEach
    void stop() {
        as2.close();
        as1.close();
        hss.close();
        db.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    static DiameterMessage.Builder identity(TestPeer as, org.imsemu.diameter.CommandDefinition c, String impu) {
        return as.request(c).add(USER_IDENTITY.of(CxAvps.PUBLIC_IDENTITY.of(impu)));
    }

    DiameterMessage udr(String impu, int... refs) throws Exception {
        DiameterMessage.Builder b = identity(as1, Commands.USER_DATA, impu);
        for (int r : refs) b.add(DATA_REFERENCE.of(r));
        return as1.send(b.add(SERVICE_INDICATION.of("cfnr".getBytes(StandardCharsets.UTF_8))));
    }

    DiameterMessage pur(TestPeer as, int sequence, String serviceData) throws Exception {
        String xml = "<?xml version=\"1.0\"?><Sh-Data><RepositoryData><ServiceIndication>cfnr</ServiceIndication><SequenceNumber>" + sequence
                + "</SequenceNumber>" + (serviceData == null ? "" : "<ServiceData>" + serviceData + "</ServiceData>") + "</RepositoryData></Sh-Data>";
        return as.send(identity(as, Commands.PROFILE_UPDATE, CAROL).add(DATA_REFERENCE.of(DR_REPOSITORY_DATA),
                SH_USER_DATA.of(xml.getBytes(StandardCharsets.UTF_8))));
    }

    DiameterMessage snr(TestPeer as, int type) throws Exception {
        return as.send(identity(as, Commands.SUBSCRIBE_NOTIFICATIONS, CAROL).add(SUBS_REQ_TYPE.of(type), DATA_REFERENCE.of(DR_REPOSITORY_DATA),
                SERVICE_INDICATION.of("cfnr".getBytes(StandardCharsets.UTF_8)), DATA_REFERENCE.of(DR_IMS_USER_STATE)));
    }

    static String shData(DiameterMessage m) {
        return TestPeer.utf8(m.required(SH_USER_DATA));
    }

    @Test
    void userDataReadsImsDataAndRepositoryData() throws Exception {
        db.assign(CAROL, RegistrationState.REGISTERED, CxTest.SCSCF, "scscf1.domain1.com");
        DiameterMessage uda = udr("tel:+15550003", DR_IMS_PUBLIC_IDENTITY, DR_IMS_USER_STATE, DR_SCSCF_NAME, DR_INITIAL_FILTER_CRITERIA, DR_REPOSITORY_DATA);
        assertThat(TestPeer.result(uda)).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
        String xml = shData(uda);
        assertThat(xml).contains("<PublicIdentifiers><IMSPublicIdentity>sip:carol@domain1.com</IMSPublicIdentity><IMSPublicIdentity>tel:+15550003</IMSPublicIdentity></PublicIdentifiers>")
                .contains("<S-CSCFName>" + CxTest.SCSCF + "</S-CSCFName>").contains("<IFCs>" + CxTest.IFC + "</IFCs>")
                .contains("<IMSUserState>1</IMSUserState>").doesNotContain("RepositoryData");
        javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new java.io.ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));

        assertThat(TestPeer.experimental(udr("sip:nobody@domain1.com", DR_IMS_USER_STATE))).isEqualTo(DIAMETER_ERROR_USER_UNKNOWN);
        assertThat(TestPeer.experimental(udr(CAROL, DR_LOCATION_INFORMATION))).isEqualTo(DIAMETER_ERROR_USER_DATA_CANNOT_BE_READ);
    }

    @Test
    void profileUpdateFollowsTheSequenceNumberRule() throws Exception {
        assertThat(TestPeer.experimental(pur(as1, 1, CFNR))).isEqualTo(DIAMETER_ERROR_TRANSPARENT_DATA_OUT_OF_SYNC);
        assertThat(TestPeer.result(pur(as1, 0, CFNR))).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
        assertThat(shData(udr(CAROL, DR_REPOSITORY_DATA))).contains("<RepositoryData><ServiceIndication>cfnr</ServiceIndication><SequenceNumber>0</SequenceNumber><ServiceData>"
                + CFNR + "</ServiceData></RepositoryData>");
        assertThat(TestPeer.experimental(pur(as1, 0, "<forward>sip:x@y</forward>"))).isEqualTo(DIAMETER_ERROR_TRANSPARENT_DATA_OUT_OF_SYNC);
        assertThat(TestPeer.experimental(pur(as1, 2, "<forward>sip:x@y</forward>"))).isEqualTo(DIAMETER_ERROR_TRANSPARENT_DATA_OUT_OF_SYNC);
        assertThat(TestPeer.result(pur(as1, 1, "<forward>sip:x@y</forward>"))).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
        assertThat(db.repositoryData(CAROL, "cfnr")).contains(new HssDatabase.RepositoryData(1, "<forward>sip:x@y</forward>"));
        // no ServiceData: deletion
        assertThat(TestPeer.result(pur(as1, 2, null))).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
        assertThat(db.repositoryData(CAROL, "cfnr")).isEmpty();
        assertThat(TestPeer.experimental(pur(as1, 3, null))).isEqualTo(DIAMETER_ERROR_TRANSPARENT_DATA_OUT_OF_SYNC);

        DiameterMessage bad = as1.send(identity(as1, Commands.PROFILE_UPDATE, CAROL).add(DATA_REFERENCE.of(DR_REPOSITORY_DATA),
                SH_USER_DATA.of("<Sh-Data><oops".getBytes(StandardCharsets.UTF_8))));
        assertThat(TestPeer.experimental(bad)).isEqualTo(DIAMETER_ERROR_USER_DATA_NOT_RECOGNIZED);
        DiameterMessage notRepository = as1.send(identity(as1, Commands.PROFILE_UPDATE, CAROL).add(DATA_REFERENCE.of(DR_INITIAL_FILTER_CRITERIA),
                SH_USER_DATA.of("<Sh-Data/>".getBytes(StandardCharsets.UTF_8))));
        assertThat(TestPeer.experimental(notRepository)).isEqualTo(DIAMETER_ERROR_USER_DATA_CANNOT_BE_MODIFIED);
        assertThat(ShService.nextSequence(65535)).isEqualTo(1);
    }

    @Test
    void subscribersAreNotifiedOfRepositoryAndRegistrationChanges() throws Exception {
        hss.putRepositoryData(CAROL, "cfnr", CFNR).get(10, TimeUnit.SECONDS);
        DiameterMessage sna = as2.send(identity(as2, Commands.SUBSCRIBE_NOTIFICATIONS, CAROL).add(SUBS_REQ_TYPE.of(SUBSCRIBE),
                DATA_REFERENCE.of(DR_REPOSITORY_DATA), SERVICE_INDICATION.of("cfnr".getBytes(StandardCharsets.UTF_8)),
                DATA_REFERENCE.of(DR_IMS_USER_STATE), SEND_DATA_INDICATION.of(1)));
        assertThat(TestPeer.result(sna)).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
        assertThat(shData(sna)).contains("<ServiceData>" + CFNR + "</ServiceData>").contains("<IMSUserState>0</IMSUserState>");

        // a change by another AS is pushed to the subscriber, not back to the AS that made it
        assertThat(TestPeer.result(pur(as1, 1, "<forward>sip:bob@domain2.com</forward>"))).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
        DiameterMessage pnr = as2.next();
        assertThat(pnr.commandCode()).isEqualTo(Commands.PUSH_NOTIFICATION.code());
        assertThat(pnr.text(BaseAvps.DESTINATION_HOST)).contains("as2.domain1.com");
        assertThat(pnr.required(USER_IDENTITY).text(CxAvps.PUBLIC_IDENTITY)).contains(CAROL);
        assertThat(shData(pnr)).contains("<SequenceNumber>1</SequenceNumber><ServiceData><forward>sip:bob@domain2.com</forward></ServiceData>");

        // provisioning goes the same way
        assertThat(hss.putRepositoryData(CAROL, "cfnr", CFNR).get(10, TimeUnit.SECONDS).sequence()).isEqualTo(2);
        assertThat(shData(as2.next())).contains("<SequenceNumber>2</SequenceNumber><ServiceData>" + CFNR);

        // a registration changes the IMS user state
        as1.send(as1.request(Commands.SERVER_ASSIGNMENT).add(CxAvps.PUBLIC_IDENTITY.of(CAROL), CxAvps.SERVER_NAME.of(CxTest.SCSCF),
                CxAvps.SERVER_ASSIGNMENT_TYPE.of(REGISTRATION), CxAvps.USER_DATA_ALREADY_AVAILABLE.of(0)));
        assertThat(shData(as2.next())).contains("<IMSUserState>1</IMSUserState>");

        assertThat(TestPeer.result(snr(as2, UNSUBSCRIBE))).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
        assertThat(TestPeer.experimental(snr(as2, UNSUBSCRIBE))).isEqualTo(DIAMETER_ERROR_NO_SUBSCRIPTION_TO_DATA);
        assertThat(TestPeer.result(pur(as1, 3, CFNR))).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
        assertThat(as1.received).isEmpty();
        assertThat(as2.received).isEmpty(); // unsubscribed: no PNR was made at all
    }
}
