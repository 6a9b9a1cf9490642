package org.imsemu.hss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imsemu.diameter.dictionary.CxValues.*;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.parsers.DocumentBuilderFactory;
import org.imsemu.aka.AkaKeys;
import org.imsemu.aka.AkaOutcome;
import org.imsemu.aka.Auts;
import org.imsemu.aka.SequenceNumbers;
import org.imsemu.aka.UsimAka;
import org.imsemu.aka.UsimSqnState;
import org.imsemu.diameter.Avp;
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
import org.w3c.dom.Document;

class CxTest {
    static final String K = "465b5ce8b199b49faa5f0a2ee238a6bc";
    static final String OP = "cdc202d5123e20f62b6d676ac72cb318";
    static final String SCSCF = "sip:scscf1.domain1.com:5060";
    static final String IFC = "<InitialFilterCriteria><Priority>1</Priority><TriggerPoint><ConditionTypeCNF>0</ConditionTypeCNF>"
            + "<SPT><Group>0</Group><Method>INVITE</Method></SPT></TriggerPoint>"
            + "<ApplicationServer><ServerName>sip:as1.domain1.com</ServerName><DefaultHandling>0</DefaultHandling></ApplicationServer>"
            + "</InitialFilterCriteria>";
    static final String UNREG_IFC = IFC.replace("</InitialFilterCriteria>", "<ProfilePartIndicator>1</ProfilePartIndicator></InitialFilterCriteria>");
    private static final AtomicInteger DBS = new AtomicInteger();

    EventLoopGroup group;
    HssDatabase db;
    HssNode hss;
    TestPeer icscf;
    TestPeer scscf;

    @BeforeEach
    void start() throws Exception {
        group = new NioEventLoopGroup(2);
        db = HssDatabase.open(HssDatabase.memoryUrl("cx" + DBS.incrementAndGet()));
        db.put(Provisioning.aka("carol@domain1.com", List.of("sip:carol@domain1.com", "tel:+15550003"), K, OP, null, "8000", IFC, Provisioning.SCENARIO));
        db.put(Provisioning.digest("alice@domain1.com", List.of("sip:alice@domain1.com"), "alice-secret", null, Provisioning.SCENARIO));
        db.put(Provisioning.digest("dave@domain1.com", List.of("sip:dave@domain1.com"), "x", UNREG_IFC, Provisioning.SCENARIO));
        hss = HssNode.start(HssConfig.builder("hss1.domain1.com", "domain1.com").listen(new InetSocketAddress("127.0.94.1", 0))
                .scscf(SCSCF).mandatoryCapability(1).optionalCapability(2).build(), db, group);
        icscf = new TestPeer("icscf1.domain1.com", "domain1.com", hss, group);
        scscf = new TestPeer("scscf1.domain1.com", "domain1.com", hss, group, Commands.REGISTRATION_TERMINATION, Commands.PUSH_PROFILE);
    }

    @AfterEach
    void stop() {
        scscf.close();
        icscf.close();
        hss.close();
        db.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    DiameterMessage uar(String impi, String impu, int type) throws Exception {
        return icscf.send(icscf.request(Commands.USER_AUTHORIZATION).add(BaseAvps.USER_NAME.of(impi), CxAvps.PUBLIC_IDENTITY.of(impu),
                CxAvps.USER_AUTHORIZATION_TYPE.of(type)));
    }

    DiameterMessage mar(String impi, String impu, String scheme, int n, byte[] resync) throws Exception {
        Avp item = resync == null ? CxAvps.SIP_AUTH_DATA_ITEM.of(CxAvps.SIP_AUTHENTICATION_SCHEME.of(scheme))
                : CxAvps.SIP_AUTH_DATA_ITEM.of(CxAvps.SIP_AUTHENTICATION_SCHEME.of(scheme), CxAvps.SIP_AUTHORIZATION.of(resync));
        return scscf.send(scscf.request(Commands.MULTIMEDIA_AUTH).add(BaseAvps.USER_NAME.of(impi), CxAvps.PUBLIC_IDENTITY.of(impu),
                CxAvps.SIP_NUMBER_AUTH_ITEMS.of(n), item, CxAvps.SERVER_NAME.of(SCSCF)));
    }

    DiameterMessage sar(String impi, String impu, int type, int dataAvailable) throws Exception {
        DiameterMessage.Builder b = scscf.request(Commands.SERVER_ASSIGNMENT);
        if (impu != null) b.add(CxAvps.PUBLIC_IDENTITY.of(impu));
        if (impi != null) b.add(BaseAvps.USER_NAME.of(impi));
        return scscf.send(b.add(CxAvps.SERVER_NAME.of(SCSCF), CxAvps.SERVER_ASSIGNMENT_TYPE.of(type),
                CxAvps.USER_DATA_ALREADY_AVAILABLE.of(dataAvailable)));
    }

    DiameterMessage lir(String impu) throws Exception {
        return icscf.send(icscf.request(Commands.LOCATION_INFO).add(CxAvps.PUBLIC_IDENTITY.of(impu)));
    }

    @Test
    void userAuthorizationFirstThenSubsequentRegistrationAndErrors() throws Exception {
        DiameterMessage first = uar("carol@domain1.com", "tel:+15550003", UAT_REGISTRATION);
        assertThat(TestPeer.experimental(first)).isEqualTo(DIAMETER_FIRST_REGISTRATION);
        Avp caps = first.avp(CxAvps.SERVER_CAPABILITIES).orElseThrow();
        assertThat(caps.text(CxAvps.SERVER_NAME)).contains(SCSCF);
        assertThat(caps.number(CxAvps.MANDATORY_CAPABILITY)).contains(1L);
        assertThat(caps.number(CxAvps.OPTIONAL_CAPABILITY)).contains(2L);
        assertThat(first.number(BaseAvps.AUTH_SESSION_STATE)).contains((long) BaseAvps.NO_STATE_MAINTAINED);

        assertThat(TestPeer.experimental(uar("carol@domain1.com", "sip:carol@domain1.com", UAT_DE_REGISTRATION)))
                .isEqualTo(DIAMETER_ERROR_IDENTITY_NOT_REGISTERED);
        assertThat(TestPeer.experimental(uar("alice@domain1.com", "sip:carol@domain1.com", UAT_REGISTRATION)))
                .isEqualTo(DIAMETER_ERROR_IDENTITIES_DONT_MATCH);
        assertThat(TestPeer.experimental(uar("nobody@domain1.com", "sip:nobody@domain1.com", UAT_REGISTRATION)))
                .isEqualTo(DIAMETER_ERROR_USER_UNKNOWN);
        assertThat(TestPeer.experimental(uar("nobody@domain1.com", "sip:carol@domain1.com", UAT_REGISTRATION)))
                .isEqualTo(DIAMETER_ERROR_USER_UNKNOWN);

        assertThat(TestPeer.result(sar("carol@domain1.com", "sip:carol@domain1.com", REGISTRATION, 0))).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
        DiameterMessage again = uar("carol@domain1.com", "sip:carol@domain1.com", UAT_REGISTRATION);
        assertThat(TestPeer.experimental(again)).isEqualTo(DIAMETER_SUBSEQUENT_REGISTRATION);
        assertThat(TestPeer.serverName(again)).isEqualTo(SCSCF);
        DiameterMessage dereg = uar("carol@domain1.com", "sip:carol@domain1.com", UAT_DE_REGISTRATION);
        assertThat(TestPeer.result(dereg)).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
        assertThat(TestPeer.serverName(dereg)).isEqualTo(SCSCF);
        DiameterMessage reselect = uar("carol@domain1.com", "sip:carol@domain1.com", UAT_REGISTRATION_AND_CAPABILITIES);
        assertThat(TestPeer.experimental(reselect)).isEqualTo(DIAMETER_FIRST_REGISTRATION);
        assertThat(reselect.avp(CxAvps.SERVER_CAPABILITIES)).isPresent();
    }

    @Test
    void akaVectorsAreAcceptedByTheUsimAndTheSequenceNumberAdvances() throws Exception {
        DiameterMessage maa = mar("carol@domain1.com", "sip:carol@domain1.com", SCHEME_AKAV1_MD5, 3, null);
        assertThat(TestPeer.result(maa)).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
        List<Avp> items = maa.all(CxAvps.SIP_AUTH_DATA_ITEM);
        assertThat(items).hasSize(3);
        assertThat(maa.number(CxAvps.SIP_NUMBER_AUTH_ITEMS)).contains(3L);
        assertThat(items).extracting(i -> i.number(CxAvps.SIP_ITEM_NUMBER).orElseThrow()).containsExactly(1L, 2L, 3L);
        assertThat(db.sqn("carol@domain1.com")).isEqualTo(SequenceNumbers.sqn(3, 0));

        UsimAka usim = new UsimAka(AkaKeys.fromHex(K, OP, false));
        for (Avp item : items) {
            assertThat(item.text(CxAvps.SIP_AUTHENTICATION_SCHEME)).contains(SCHEME_AKAV1_MD5);
            byte[] challenge = item.required(CxAvps.SIP_AUTHENTICATE).asOctetString();
            AkaOutcome outcome = usim.authenticate(Arrays.copyOfRange(challenge, 0, 16), Arrays.copyOfRange(challenge, 16, 32));
            assertThat(outcome).isInstanceOf(AkaOutcome.Success.class);
            AkaOutcome.Success ok = (AkaOutcome.Success) outcome;
            assertThat(ok.res()).isEqualTo(item.required(CxAvps.SIP_AUTHORIZATION).asOctetString());
            assertThat(ok.ck()).isEqualTo(item.required(CxAvps.CONFIDENTIALITY_KEY).asOctetString());
            assertThat(ok.ik()).isEqualTo(item.required(CxAvps.INTEGRITY_KEY).asOctetString());
        }
        // the S-CSCF is recorded while authentication is pending (TS 29.228 6.3)
        assertThat(db.assignment("sip:carol@domain1.com").orElseThrow().scscf()).isEqualTo(SCSCF);
        assertThat(db.assignment("sip:carol@domain1.com").orElseThrow().state()).isEqualTo(RegistrationState.NOT_REGISTERED);
        // "Unknown" asks for the subscriber's own scheme
        assertThat(mar("carol@domain1.com", "sip:carol@domain1.com", SCHEME_UNKNOWN, 1, null).all(CxAvps.SIP_AUTH_DATA_ITEM).get(0)
                .text(CxAvps.SIP_AUTHENTICATION_SCHEME)).contains(SCHEME_AKAV1_MD5);
    }

    @Test
    void resynchronisationWithAutsFromAUsimThatIsAhead() throws Exception {
        UsimAka usim = new UsimAka(AkaKeys.fromHex(K, OP, false), new UsimSqnState(SequenceNumbers.sqn(5000, 0), SequenceNumbers.DEFAULT_DELTA));
        Avp item = mar("carol@domain1.com", "sip:carol@domain1.com", SCHEME_AKAV1_MD5, 1, null).all(CxAvps.SIP_AUTH_DATA_ITEM).get(0);
        byte[] challenge = item.required(CxAvps.SIP_AUTHENTICATE).asOctetString();
        byte[] rand = Arrays.copyOfRange(challenge, 0, 16);
        AkaOutcome outcome = usim.authenticate(rand, Arrays.copyOfRange(challenge, 16, 32));
        assertThat(outcome).isInstanceOf(AkaOutcome.SyncFailure.class);
        byte[] auts = ((AkaOutcome.SyncFailure) outcome).auts();

        byte[] wrong = auts.clone();
        wrong[13] ^= 1;
        DiameterMessage rejected = mar("carol@domain1.com", "sip:carol@domain1.com", SCHEME_AKAV1_MD5, 1, Auts.sipAuthorization(rand, wrong));
        assertThat(TestPeer.result(rejected)).isEqualTo(ResultCodes.DIAMETER_AUTHENTICATION_REJECTED);

        DiameterMessage resync = mar("carol@domain1.com", "sip:carol@domain1.com", SCHEME_AKAV1_MD5, 1, Auts.sipAuthorization(rand, auts));
        assertThat(TestPeer.result(resync)).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
        assertThat(db.sqn("carol@domain1.com")).isEqualTo(SequenceNumbers.sqn(5001, 0));
        byte[] fresh = resync.all(CxAvps.SIP_AUTH_DATA_ITEM).get(0).required(CxAvps.SIP_AUTHENTICATE).asOctetString();
        AkaOutcome after = usim.authenticate(Arrays.copyOfRange(fresh, 0, 16), Arrays.copyOfRange(fresh, 16, 32));
        assertThat(after).isInstanceOf(AkaOutcome.Success.class);
    }

    @Test
    void sipDigestGivesHa1AndSchemeMismatchIsRefused() throws Exception {
        DiameterMessage maa = mar("alice@domain1.com", "sip:alice@domain1.com", SCHEME_SIP_DIGEST, 1, null);
        assertThat(TestPeer.result(maa)).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
        Avp digest = maa.all(CxAvps.SIP_AUTH_DATA_ITEM).get(0).required(CxAvps.SIP_DIGEST_AUTHENTICATE);
        assertThat(digest.text(CxAvps.DIGEST_REALM)).contains("domain1.com");
        assertThat(digest.text(CxAvps.DIGEST_ALGORITHM)).contains("MD5");
        assertThat(digest.text(CxAvps.DIGEST_QOP)).contains("auth");
        byte[] expected = java.security.MessageDigest.getInstance("MD5").digest("alice@domain1.com:domain1.com:alice-secret".getBytes(StandardCharsets.UTF_8));
        assertThat(digest.text(CxAvps.DIGEST_HA1)).contains(HexFormat.of().formatHex(expected));

        assertThat(TestPeer.experimental(mar("alice@domain1.com", "sip:alice@domain1.com", SCHEME_AKAV1_MD5, 1, null)))
                .isEqualTo(DIAMETER_ERROR_AUTH_SCHEME_NOT_SUPPORTED);
        assertThat(TestPeer.experimental(mar("carol@domain1.com", "sip:carol@domain1.com", SCHEME_SIP_DIGEST, 1, null)))
                .isEqualTo(DIAMETER_ERROR_AUTH_SCHEME_NOT_SUPPORTED);
        assertThat(TestPeer.experimental(mar("alice@domain1.com", "sip:carol@domain1.com", SCHEME_UNKNOWN, 1, null)))
                .isEqualTo(DIAMETER_ERROR_IDENTITIES_DONT_MATCH);
    }

    @Test
    void serverAssignmentReturnsUserDataAndDrivesTheRegistrationState() throws Exception {
        DiameterMessage saa = sar("carol@domain1.com", "sip:carol@domain1.com", REGISTRATION, USER_DATA_NOT_AVAILABLE);
        assertThat(TestPeer.result(saa)).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
        assertThat(saa.text(BaseAvps.USER_NAME)).contains("carol@domain1.com");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(saa.required(CxAvps.USER_DATA).asOctetString()));
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("IMSSubscription");
        assertThat(doc.getElementsByTagName("PrivateID").item(0).getTextContent()).isEqualTo("carol@domain1.com");
        assertThat(doc.getElementsByTagName("Identity").getLength()).isEqualTo(2);
        assertThat(doc.getElementsByTagName("Identity").item(1).getTextContent()).isEqualTo("tel:+15550003");
        assertThat(doc.getElementsByTagName("ServerName").item(0).getTextContent()).isEqualTo("sip:as1.domain1.com");
        assertThat(TestPeer.utf8(saa.required(CxAvps.USER_DATA))).contains(IFC);
        assertThat(db.assignment("tel:+15550003").orElseThrow()).isEqualTo(
                new HssDatabase.Assignment(RegistrationState.REGISTERED, SCSCF, "scscf1.domain1.com"));

        DiameterMessage lia = lir("tel:+15550003");
        assertThat(TestPeer.result(lia)).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
        assertThat(TestPeer.serverName(lia)).isEqualTo(SCSCF);

        DiameterMessage reReg = sar("carol@domain1.com", "sip:carol@domain1.com", RE_REGISTRATION, USER_DATA_ALREADY_AVAILABLE);
        assertThat(TestPeer.result(reReg)).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
        assertThat(reReg.avp(CxAvps.USER_DATA)).isEmpty();

        DiameterMessage wrongServer = scscf.send(scscf.request(Commands.SERVER_ASSIGNMENT).add(CxAvps.PUBLIC_IDENTITY.of("sip:carol@domain1.com"),
                CxAvps.SERVER_NAME.of("sip:scscf9.domain1.com"), CxAvps.SERVER_ASSIGNMENT_TYPE.of(NO_ASSIGNMENT), CxAvps.USER_DATA_ALREADY_AVAILABLE.of(0)));
        assertThat(TestPeer.result(wrongServer)).isEqualTo(ResultCodes.DIAMETER_UNABLE_TO_COMPLY);
        assertThat(sar(null, "sip:carol@domain1.com", NO_ASSIGNMENT, 0).avp(CxAvps.USER_DATA)).isPresent();

        assertThat(TestPeer.result(sar("carol@domain1.com", null, USER_DEREGISTRATION, 0))).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
        assertThat(db.assignment("sip:carol@domain1.com").orElseThrow()).isEqualTo(new HssDatabase.Assignment(RegistrationState.NOT_REGISTERED, null));
        assertThat(TestPeer.experimental(lir("sip:carol@domain1.com"))).isEqualTo(DIAMETER_ERROR_IDENTITY_NOT_REGISTERED);

        assertThat(TestPeer.experimental(sar("nobody@domain1.com", "sip:nobody@domain1.com", REGISTRATION, 0))).isEqualTo(DIAMETER_ERROR_USER_UNKNOWN);
        assertThat(TestPeer.experimental(sar("alice@domain1.com", "sip:carol@domain1.com", REGISTRATION, 0))).isEqualTo(DIAMETER_ERROR_IDENTITIES_DONT_MATCH);
        assertThat(TestPeer.experimental(sar("carol@domain1.com", "sip:carol@domain1.com", 99, 0))).isEqualTo(DIAMETER_ERROR_IN_ASSIGNMENT_TYPE);
        assertThat(TestPeer.experimental(lir("sip:nobody@domain1.com"))).isEqualTo(DIAMETER_ERROR_USER_UNKNOWN);
    }

    @Test
    void locationInfoForAUserWithUnregisteredServices() throws Exception {
        DiameterMessage lia = lir("sip:dave@domain1.com");
        assertThat(TestPeer.experimental(lia)).isEqualTo(DIAMETER_UNREGISTERED_SERVICE);
        assertThat(lia.avp(CxAvps.SERVER_CAPABILITIES).orElseThrow().text(CxAvps.SERVER_NAME)).contains(SCSCF);

        assertThat(TestPeer.result(sar(null, "sip:dave@domain1.com", UNREGISTERED_USER, 0))).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
        assertThat(db.assignment("sip:dave@domain1.com").orElseThrow().state()).isEqualTo(RegistrationState.UNREGISTERED);
        DiameterMessage served = lir("sip:dave@domain1.com");
        assertThat(TestPeer.result(served)).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
        assertThat(TestPeer.serverName(served)).isEqualTo(SCSCF);
    }

    @Test
    void registrationTerminationAndPushProfileReachTheAssignedScscf() throws Exception {
        sar("carol@domain1.com", "sip:carol@domain1.com", REGISTRATION, 0);

        DiameterMessage ppa = hss.pushProfile("carol@domain1.com").get(10, TimeUnit.SECONDS);
        assertThat(TestPeer.result(ppa)).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
        DiameterMessage ppr = scscf.next();
        assertThat(ppr.commandCode()).isEqualTo(Commands.PUSH_PROFILE.code());
        assertThat(ppr.text(BaseAvps.DESTINATION_HOST)).contains("scscf1.domain1.com");
        assertThat(TestPeer.utf8(ppr.required(CxAvps.USER_DATA))).contains("<PrivateID>carol@domain1.com</PrivateID>");

        DiameterMessage rta = hss.deregister("carol@domain1.com", PERMANENT_TERMINATION, "subscription ended").get(10, TimeUnit.SECONDS);
        assertThat(TestPeer.result(rta)).isEqualTo(ResultCodes.DIAMETER_SUCCESS);
        DiameterMessage rtr = scscf.next();
        assertThat(rtr.commandCode()).isEqualTo(Commands.REGISTRATION_TERMINATION.code());
        assertThat(rtr.text(BaseAvps.USER_NAME)).contains("carol@domain1.com");
        assertThat(rtr.all(CxAvps.PUBLIC_IDENTITY)).extracting(Avp::asUtf8String).containsExactly("sip:carol@domain1.com", "tel:+15550003");
        Avp reason = rtr.required(CxAvps.DEREGISTRATION_REASON);
        assertThat(reason.number(CxAvps.REASON_CODE)).contains((long) PERMANENT_TERMINATION);
        assertThat(reason.text(CxAvps.REASON_INFO)).contains("subscription ended");
        assertThat(hss.assignment("tel:+15550003").toCompletableFuture().get(10, TimeUnit.SECONDS))
                .isEqualTo(new HssDatabase.Assignment(RegistrationState.NOT_REGISTERED, null));

        // nobody to send it to any more
        assertThat(hss.deregister("carol@domain1.com", PERMANENT_TERMINATION, null))
                .failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withMessageContaining("no S-CSCF assigned");
    }
}
