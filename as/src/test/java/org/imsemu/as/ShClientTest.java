package org.imsemu.as;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.imsemu.as.sh.RepositoryData;
import org.imsemu.as.sh.ShClient;
import org.imsemu.as.sh.ShConfig;
import org.imsemu.as.sh.ShData;
import org.imsemu.as.sh.ShException;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Sh client against a Diameter HSS over TCP. */
class ShClientTest {
    private static final Uri ALICE = SipUri.parse("sip:alice@domain1.test");

    private final IscNetwork net = new IscNetwork();
    private TestHss hss;
    private ShClient sh;

    @BeforeEach
    void connect() throws Exception {
        hss = net.startHss();
        sh = ShClient.start(ShConfig.of(hss.address(), TestHss.HOST, TestHss.REALM, "as.domain1.test"), net.nextIp(), net.group);
        sh.ready().get(20, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        sh.close();
        net.close();
    }

    @Test
    void readsPublicIdentitiesAndMissingRepositoryData() throws Exception {
        assertThat(sh.readPublicIdentities(ALICE).get(20, TimeUnit.SECONDS)).containsExactly("sip:alice@domain1.test", "tel:+1alice");
        assertThat(sh.readRepositoryData(ALICE, "call-forwarding").get(20, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void updatesRepositoryDataWithSequenceNumbers() throws Exception {
        RepositoryData created = RepositoryData.create("notes", "<Notes><Line>one</Line></Notes>");
        sh.updateRepositoryData(ALICE, created).get(20, TimeUnit.SECONDS);
        Optional<RepositoryData> read = sh.readRepositoryData(ALICE, "notes").get(20, TimeUnit.SECONDS);
        assertThat(read).contains(created);

        // Creating again (sequence 0) while data exists is out of sync; the next number is accepted.
        assertThatThrownBy(() -> sh.updateRepositoryData(ALICE, created).get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOfSatisfying(ShException.class, e -> {
                    assertThat(e.isOutOfSync()).isTrue();
                    assertThat(e.resultCode()).isEqualTo(ShException.TRANSPARENT_DATA_OUT_OF_SYNC);
                });
        RepositoryData next = read.get().next("<Notes><Line>two</Line></Notes>");
        assertThat(next.sequenceNumber()).isEqualTo(1);
        sh.updateRepositoryData(ALICE, next).get(20, TimeUnit.SECONDS);
        assertThat(hss.get(ALICE.toString(), "notes")).isEqualTo(next);

        // Without ServiceData the update removes the data.
        sh.updateRepositoryData(ALICE, next.next(null)).get(20, TimeUnit.SECONDS);
        assertThat(sh.readRepositoryData(ALICE, "notes").get(20, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void subscriptionDeliversPushNotifications() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        sh.addNotificationListener((user, data) -> seen.add(user + " " + data.repositoryData("notes").map(RepositoryData::serviceData).orElse("-")));
        sh.subscribeRepositoryData(ALICE, "notes").get(20, TimeUnit.SECONDS);
        hss.update(ALICE.toString(), new RepositoryData("notes", 7, "<Notes>pushed</Notes>"));
        assertThat(seen).containsExactly("sip:alice@domain1.test <Notes>pushed</Notes>");
    }

    @Test
    void unreachableHssFailsTheRequestWithAnShException() throws Exception {
        // A client whose HSS is not there: the request is not deliverable (no open peer).
        try (ShClient lonely = ShClient.start(ShConfig.of(new InetSocketAddress("127.0.93.255", 3868), "nohss.test", "test", "as2.test"),
                null, net.group)) {
            assertThatThrownBy(() -> lonely.readPublicIdentities(ALICE).get(20, TimeUnit.SECONDS))
                    .cause().isInstanceOf(ShException.class).hasMessageContaining("DIAMETER_UNABLE_TO_DELIVER");
        }
    }

    @Test
    void shDataParsesTheAnnexDDocument() {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Sh-Data>
                  <PublicIdentifiers><IMSPublicIdentity>sip:alice@domain1.test</IMSPublicIdentity></PublicIdentifiers>
                  <RepositoryData>
                    <ServiceIndication>call-forwarding</ServiceIndication>
                    <SequenceNumber>3</SequenceNumber>
                    <ServiceData><CallForwarding><Target>sip:carol@domain1.test</Target></CallForwarding></ServiceData>
                  </RepositoryData>
                  <Sh-IMS-Data><S-CSCFName>sip:scscf.domain1.test</S-CSCFName><IMSUserState>1</IMSUserState></Sh-IMS-Data>
                </Sh-Data>""";
        ShData d = ShData.parse(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(d.publicIdentities()).containsExactly("sip:alice@domain1.test");
        assertThat(d.repositoryData("call-forwarding")).contains(new RepositoryData("call-forwarding", 3,
                "<CallForwarding><Target>sip:carol@domain1.test</Target></CallForwarding>"));
        assertThat(d.scscfName()).isEqualTo("sip:scscf.domain1.test");
        assertThat(d.imsUserState()).isEqualTo(1);
        assertThat(ShData.parse(ShData.repositoryDataXml(d.repositoryData().get(0)).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .repositoryData()).isEqualTo(d.repositoryData());
        assertThatThrownBy(() -> ShData.parse("<Other/>".getBytes())).hasMessageContaining("not an Sh-Data document");
        assertThatThrownBy(() -> ShData.parse("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><Sh-Data>&e;</Sh-Data>".getBytes()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sequenceNumbersWrapToOne() {
        assertThat(RepositoryData.nextSequenceNumber(0)).isEqualTo(1);
        assertThat(RepositoryData.nextSequenceNumber(65535)).isEqualTo(1);
        assertThatThrownBy(() -> new RepositoryData("x", 65536, null)).hasMessageContaining("0..65535");
    }
}
