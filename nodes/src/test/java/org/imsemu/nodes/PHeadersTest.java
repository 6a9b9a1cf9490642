package org.imsemu.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.imsemu.sip.header.ChargingVector;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.ua.ClientInvite;
import org.imsemu.sip.ua.RegistrationClient;
import org.imsemu.sip.ua.ServerRequest;
import org.imsemu.sip.ua.UserAgentListener;
import org.imsemu.sip.uri.SipUri;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The 3GPP P-headers (RFC 7315) on a registration and a call across two operators, hop by hop. */
class PHeadersTest {
    private static final byte[] SDP = ("v=0\r\no=- 1 1 IN IP4 127.0.96.100\r\ns=-\r\nc=IN IP4 127.0.96.100\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\n").getBytes();
    private static final String PANI = "3GPP-E-UTRAN-FDD; utran-cell-id-3gpp=262011234567890";

    TwoOperatorCore core;
    TwoOperatorCore.Ue alice;
    TwoOperatorCore.Ue bob;

    @BeforeEach
    void start() throws Exception {
        core = new TwoOperatorCore();
        alice = core.ue("alice", "127.0.96.100", "alice@domain1.com", 1);
        bob = core.ue("bob", "127.0.96.200", "bob@domain2.com", 2);
    }

    @AfterEach
    void stop() {
        core.close();
    }

    private static void register(TwoOperatorCore.Ue ue) throws Exception {
        RegistrationClient reg = ue.registration();
        assertThat(ue.stack().call(reg::register).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
    }

    @Test
    void registerCarriesVisitedNetworkAndAChargingVectorIntoTheNetworkOnly() throws Exception {
        register(alice);

        for (SipMessage m : core.messagesTo("icscf1", "REGISTER")) {
            assertThat(m.header(HeaderNames.P_VISITED_NETWORK_ID)).isEqualTo("\"domain1.com\"");
            assertThat(m.pChargingVector().parameters().get("icid-generated-at")).isEqualTo("pcscf1.domain1.com");
        }
        assertThat(core.messagesTo("icscf1", "REGISTER")).hasSize(2);
        assertThat(core.messagesTo("pcscf1", "REGISTER")).allSatisfy(m -> assertThat(m.hasHeader(HeaderNames.P_VISITED_NETWORK_ID)).isFalse());
        assertThat(core.messagesTo("alice", "SIP/2.0")).isNotEmpty().allSatisfy(PHeadersTest::noNetworkOnlyHeaders);
    }

    @Test
    void callCarriesChargingVectorIoisAndCalledPartyIdButNothingReachesTheUes() throws Exception {
        register(alice);
        register(bob);
        bob.stack().call(() -> {
            bob.ua().setListener(new UserAgentListener() {
                @Override
                public void onInvite(ServerRequest invite) {
                    invite.respond(180);
                    invite.accept("application/sdp", SDP);
                }
            });
            return null;
        });
        ClientInvite call = alice.stack().call(() -> {
            // A UE sending charging headers of its own: the P-CSCF must not let them through.
            SipRequest inv = alice.ua().createRequest("INVITE", SipUri.parse(bob.impu()), NameAddress.of(SipUri.parse(alice.impu())),
                            NameAddress.of(SipUri.parse(bob.impu())))
                    .withBody("application/sdp", SDP)
                    .withHeader(HeaderNames.P_CHARGING_VECTOR, "icid-value=forged;orig-ioi=evil.example")
                    .withHeader(HeaderNames.P_CHARGING_FUNCTION_ADDRESSES, "ccf=evil.example")
                    .withHeader(HeaderNames.P_ACCESS_NETWORK_INFO, PANI);
            return alice.ua().invite(inv, new ClientInvite.Listener() { });
        });
        assertThat(call.result().get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(alice.stack().call(call::bye).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);

        ChargingVector atS1 = core.messagesTo("scscf1", "INVITE").get(0).pChargingVector();
        assertThat(atS1.icid()).isNotEqualTo("forged").isNotBlank();
        assertThat(atS1.parameters().get("icid-generated-at")).isEqualTo("pcscf1.domain1.com");
        assertThat(atS1.origIoi()).isNull();
        SipMessage atS1Invite = core.messagesTo("scscf1", "INVITE").get(0);
        assertThat(atS1Invite.hasHeader(HeaderNames.P_CHARGING_FUNCTION_ADDRESSES)).isFalse();
        assertThat(atS1Invite.header(HeaderNames.P_ACCESS_NETWORK_INFO)).as("the UE's PANI goes into the network").isEqualTo(PANI);

        SipMessage atI2 = core.messagesTo("icscf2", "INVITE").get(0);
        assertThat(atI2.pChargingVector().icid()).isEqualTo(atS1.icid());
        assertThat(atI2.pChargingVector().origIoi()).isEqualTo("domain1.com");
        assertThat(atI2.pChargingVector().termIoi()).isNull();
        assertThat(atI2.header(HeaderNames.P_CHARGING_FUNCTION_ADDRESSES)).isEqualTo("ccf=cdf.domain1.com");

        SipMessage atP2 = core.messagesTo("pcscf2", "INVITE").get(0);
        assertThat(atP2.pChargingVector().icid()).isEqualTo(atS1.icid());
        assertThat(atP2.pChargingVector().origIoi()).isEqualTo("domain1.com");
        assertThat(atP2.pChargingVector().termIoi()).isEqualTo("domain2.com");
        assertThat(atP2.header(HeaderNames.P_CHARGING_FUNCTION_ADDRESSES)).isEqualTo("ccf=cdf.domain2.com");

        SipMessage atBob = core.messagesTo("bob", "INVITE").get(0);
        assertThat(atBob.pCalledPartyId().uri().toString()).isEqualTo("sip:bob@domain2.com");
        assertThat(atBob.startLine()).doesNotContain("bob@domain2.com"); // retargeted to the contact

        for (String ue : List.of("alice", "bob")) {
            List<SipMessage> toUe = core.messagesTo(ue, "");
            assertThat(toUe).as("messages to " + ue).hasSizeGreaterThan(3);
            assertThat(toUe).as("messages to " + ue).allSatisfy(PHeadersTest::noNetworkOnlyHeaders);
        }
        // responses as well as requests reached each UE
        assertThat(core.messagesTo("alice", "SIP/2.0 200")).isNotEmpty();
        assertThat(core.messagesTo("bob", "BYE")).isNotEmpty();
    }

    private static void noNetworkOnlyHeaders(SipMessage m) {
        assertThat(m.hasHeader(HeaderNames.P_CHARGING_VECTOR)).as(m.startLine()).isFalse();
        assertThat(m.hasHeader(HeaderNames.P_CHARGING_FUNCTION_ADDRESSES)).as(m.startLine()).isFalse();
        assertThat(m.hasHeader(HeaderNames.P_ACCESS_NETWORK_INFO)).as(m.startLine()).isFalse();
    }
}
