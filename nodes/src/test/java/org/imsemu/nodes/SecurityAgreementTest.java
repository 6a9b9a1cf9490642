package org.imsemu.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.imsemu.nodes.pcscf.PCscf;
import org.imsemu.nodes.pcscf.SecurityAssociation;
import org.imsemu.sip.header.AuthHeader;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.header.SecurityMechanism;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transaction.Branches;
import org.imsemu.sip.ua.ServerRequest;
import org.imsemu.sip.ua.UserAgentListener;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.ue.Call;
import org.imsemu.ue.Registration;
import org.imsemu.ue.SecurityAgreement;
import org.imsemu.ue.UserEquipment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 3329 security agreement between the real UE and the real P-CSCF, with IMS AKA through I-CSCF,
 * S-CSCF and HSS (TS 33.203 7.1, TS 24.229 5.1.1.2 and 5.2.2), on real UDP sockets.
 */
class SecurityAgreementTest {
    private static final String DAVE_IP = "127.0.96.110";
    private static final byte[] SDP = ("v=0\r\no=- 1 1 IN IP4 127.0.96.200\r\ns=-\r\nc=IN IP4 127.0.96.200\r\nt=0 0\r\n"
            + "m=audio 40000 RTP/AVP 0\r\n").getBytes();

    TwoOperatorCore core;

    @BeforeEach
    void start() throws Exception {
        core = new TwoOperatorCore();
    }

    @AfterEach
    void stop() {
        core.close();
    }

    private <T> T onPcscf1(java.util.concurrent.Callable<T> task) {
        return core.stackOf.get("pcscf1").call(task);
    }

    private List<SecurityAssociation> sasOf(InetSocketAddress ue) {
        PCscf p = core.pcscfs.get("pcscf1");
        return onPcscf1(() -> p.securityAssociations(ue));
    }

    private static List<SecurityMechanism> mechanisms(SipMessage m, String header) {
        return SecurityMechanism.of(m.securityMechanisms(header));
    }

    private static boolean carriesSecAgree(SipMessage m) {
        return m.optionTags(HeaderNames.REQUIRE).contains("sec-agree") || m.optionTags(HeaderNames.PROXY_REQUIRE).contains("sec-agree");
    }

    @Test
    void akaUeAgreesOnIpsecParametersWithItsPCscfAndKeepsThemUntilDeRegistration() throws Exception {
        UserEquipment dave = core.realUe("dave", DAVE_IP, "dave@domain1.com", 1);
        Registration reg = dave.register().get(15, TimeUnit.SECONDS);
        assertThat(reg.status()).as(reg.toString()).isEqualTo(200);

        // what the UE sent (TS 24.229 5.1.1.2.1)
        List<SipMessage> fromUe = core.messagesTo("pcscf1", "REGISTER");
        assertThat(fromUe).hasSize(2);
        SipMessage first = fromUe.get(0);
        List<SecurityMechanism> offer = mechanisms(first, HeaderNames.SECURITY_CLIENT);
        assertThat(offer).extracting(SecurityMechanism::alg).containsExactly("hmac-sha-1-96", "hmac-md5-96");
        assertThat(first.optionTags(HeaderNames.REQUIRE)).containsExactly("sec-agree");
        assertThat(first.optionTags(HeaderNames.PROXY_REQUIRE)).containsExactly("sec-agree");
        assertThat(first.optionTags(HeaderNames.SUPPORTED)).contains("sec-agree", "path");
        assertThat(first.hasHeader(HeaderNames.SECURITY_VERIFY)).isFalse();

        // what the P-CSCF forwarded: no agreement headers, no sec-agree (TS 24.229 5.2.2.1)
        for (SipMessage towardsHome : core.messagesTo("icscf1", "REGISTER")) {
            assertThat(towardsHome.hasHeader(HeaderNames.SECURITY_CLIENT)).isFalse();
            assertThat(towardsHome.hasHeader(HeaderNames.SECURITY_VERIFY)).isFalse();
            assertThat(towardsHome.hasHeader(HeaderNames.REQUIRE)).as("Require left empty is removed").isFalse();
            assertThat(towardsHome.hasHeader(HeaderNames.PROXY_REQUIRE)).isFalse();
            assertThat(towardsHome.optionTags(HeaderNames.SUPPORTED)).contains("sec-agree");
        }

        // the 401: keys from the S-CSCF, Security-Server to the UE in their place (TS 33.203 7.1)
        AuthHeader toPcscf = core.messagesTo("pcscf1", "SIP/2.0 401").get(0).authHeader(HeaderNames.WWW_AUTHENTICATE);
        assertThat(toPcscf.param("ik")).isNotBlank();
        assertThat(toPcscf.param("ck")).isNotBlank();
        SipMessage challenge = core.messagesTo("dave", "SIP/2.0 401").get(0);
        assertThat(challenge.authHeader(HeaderNames.WWW_AUTHENTICATE).param("ik")).isNull();
        assertThat(challenge.authHeader(HeaderNames.WWW_AUTHENTICATE).param("ck")).isNull();
        List<SecurityMechanism> server = mechanisms(challenge, HeaderNames.SECURITY_SERVER);
        assertThat(server).hasSize(1);
        SecurityMechanism ours = server.get(0);
        assertThat(ours.isIpsec3gpp()).isTrue();
        assertThat(ours.alg()).isEqualTo("hmac-sha-1-96");
        assertThat(ours.q()).isEqualTo(0.1);
        assertThat(ours.portC()).isEqualTo(5061);
        assertThat(ours.portS()).isEqualTo(5062);
        assertThat(ours.spiC()).isNotEqualTo(ours.spiS()).isGreaterThan(255);

        // the second REGISTER verifies: Security-Verify = Security-Server, Security-Client as first
        SipMessage second = fromUe.get(1);
        assertThat(SecurityMechanism.sameLists(mechanisms(second, HeaderNames.SECURITY_VERIFY), server)).isTrue();
        assertThat(SecurityMechanism.sameLists(mechanisms(second, HeaderNames.SECURITY_CLIENT), offer)).isTrue();
        assertThat(carriesSecAgree(second)).isTrue();

        // both sides hold the same parameters, and the SPIs cross
        SecurityAgreement ueSide = dave.securityAgreement();
        assertThat(ueSide).isNotNull();
        assertThat(ueSide.algorithm()).isEqualTo("hmac-sha-1-96");
        InetSocketAddress daveAddress = new InetSocketAddress(DAVE_IP, TwoOperatorCore.PORT);
        List<SecurityAssociation> sas = sasOf(daveAddress);
        assertThat(sas).hasSize(1);
        SecurityAssociation sa = sas.get(0);
        assertThat(sa.client().sameAs(ueSide.ue())).isTrue();
        assertThat(sa.server().sameAs(ueSide.pcscf())).isTrue();
        assertThat(sa.ik()).isEqualTo(toPcscf.param("ik"));
        assertThat(sa.ck()).isEqualTo(toPcscf.param("ck"));
        assertThat(sa.toString()).doesNotContain(sa.ik());
        SecurityAssociation.IpsecSa intoPcscf = sa.ipsecSas().get(0);
        assertThat(intoPcscf.fromPort()).isEqualTo(ueSide.ue().portC());
        assertThat(intoPcscf.toPort()).isEqualTo(ueSide.pcscf().portS());
        assertThat(intoPcscf.spi()).as("inbound at the P-CSCF: its own spi-s").isEqualTo(ueSide.pcscf().spiS());
        assertThat(sa.ipsecSas().get(3).spi()).as("inbound at the UE: the UE's spi-c").isEqualTo(ueSide.ue().spiC());
        assertThat(onPcscf1(() -> core.pcscfs.get("pcscf1").pendingSecurityAgreements())).isZero();

        // a re-registration verifies the same agreement and keeps it
        Registration again = dave.register().get(15, TimeUnit.SECONDS);
        assertThat(again.status()).isEqualTo(200);
        SipMessage third = core.messagesTo("pcscf1", "REGISTER").get(2);
        assertThat(SecurityMechanism.sameLists(mechanisms(third, HeaderNames.SECURITY_VERIFY), server)).isTrue();
        assertThat(sasOf(daveAddress)).containsExactly(sa);

        // calls work with the agreement in place, to a plain client without it
        TwoOperatorCore.Ue bob = core.ue("bob", "127.0.96.200", "bob@domain2.com", 2);
        assertThat(bob.stack().call(bob.registration()::register).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        bob.stack().call(() -> {
            bob.ua().setListener(new UserAgentListener() {
                @Override
                public void onInvite(ServerRequest invite) {
                    invite.accept("application/sdp", SDP);
                }
            });
            return null;
        });
        Call call = dave.call(bob.impu());
        assertThat(call.answered().get(15, TimeUnit.SECONDS).finalStatus()).isEqualTo(200);
        call.hangUp().get(15, TimeUnit.SECONDS);

        // de-registration is verified too, then the SAs are gone
        assertThat(dave.unregister().get(15, TimeUnit.SECONDS).status()).isEqualTo(200);
        SipMessage dereg = core.messagesTo("pcscf1", "REGISTER").get(3);
        assertThat(SecurityMechanism.sameLists(mechanisms(dereg, HeaderNames.SECURITY_VERIFY), server)).isTrue();
        assertThat(sasOf(daveAddress)).isEmpty();
        assertThat(dave.securityAgreement()).isNull();
    }

    @Test
    void aTamperedSecurityVerifyOrSecurityClientIs494AndNotForwarded() throws Exception {
        TwoOperatorCore.Ue dave = core.rawUe("dave", DAVE_IP, "dave@domain1.com", 1);
        List<SecurityMechanism> offer = List.of(SecurityMechanism.ipsec3gpp("hmac-md5-96", 1000, 1001, 6001, 6002));
        String callId = Branches.newCallId(DAVE_IP);
        SipResponse challenge = send(dave, register(dave, callId, 1).withHeader(HeaderNames.SECURITY_CLIENT, SecurityMechanism.format(offer))
                .withHeader(HeaderNames.REQUIRE, "sec-agree").withHeader(HeaderNames.PROXY_REQUIRE, "sec-agree, path-x"));
        assertThat(challenge.status()).isEqualTo(401);
        SecurityMechanism server = mechanisms(challenge, HeaderNames.SECURITY_SERVER).get(0);
        assertThat(server.alg()).as("the only algorithm offered").isEqualTo("hmac-md5-96");
        SipMessage forwarded = core.messagesTo("icscf1", "REGISTER").get(0);
        assertThat(forwarded.optionTags(HeaderNames.PROXY_REQUIRE)).as("other tags stay").containsExactly("path-x");
        assertThat(forwarded.hasHeader(HeaderNames.REQUIRE)).isFalse();
        int forwardedBefore = core.messagesTo("icscf1", "REGISTER").size();

        // a man in the middle removed the stronger choice: Security-Verify no longer matches
        SecurityMechanism downgraded = server.with("spi-s", Long.toString(server.spiS() + 1));
        SipResponse tampered = send(dave, register(dave, callId, 2).withHeader(HeaderNames.SECURITY_CLIENT, SecurityMechanism.format(offer))
                .withHeader(HeaderNames.SECURITY_VERIFY, downgraded.toString()).withHeader(HeaderNames.REQUIRE, "sec-agree"));
        assertThat(tampered.status()).isEqualTo(494);
        assertThat(SecurityMechanism.sameLists(mechanisms(tampered, HeaderNames.SECURITY_SERVER), List.of(server))).isTrue();

        // the Security-Client changed between the two REGISTERs
        List<SecurityMechanism> otherOffer = List.of(SecurityMechanism.ipsec3gpp("hmac-md5-96", 1000, 1001, 6001, 6003));
        SipResponse changed = send(dave, register(dave, callId, 3).withHeader(HeaderNames.SECURITY_CLIENT, SecurityMechanism.format(otherOffer))
                .withHeader(HeaderNames.SECURITY_VERIFY, server.toString()).withHeader(HeaderNames.REQUIRE, "sec-agree"));
        assertThat(changed.status()).isEqualTo(494);
        assertThat(core.messagesTo("icscf1", "REGISTER")).as("494s are the P-CSCF's own").hasSize(forwardedBefore);

        // the right lists pass the P-CSCF (the S-CSCF then wants an AKA answer this raw UA cannot give)
        SipResponse verified = send(dave, register(dave, callId, 4).withHeader(HeaderNames.SECURITY_CLIENT, SecurityMechanism.format(offer))
                .withHeader(HeaderNames.SECURITY_VERIFY, server.toString()).withHeader(HeaderNames.REQUIRE, "sec-agree"));
        assertThat(verified.status()).isNotEqualTo(494);
        assertThat(core.messagesTo("icscf1", "REGISTER")).hasSize(forwardedBefore + 1);
        assertThat(core.messagesTo("icscf1", "REGISTER").get(forwardedBefore).hasHeader(HeaderNames.SECURITY_VERIFY)).isFalse();
    }

    @Test
    void requiringSecAgreeWithoutSecurityClientIs494WithOurMechanisms() throws Exception {
        TwoOperatorCore.Ue dave = core.rawUe("dave", DAVE_IP, "dave@domain1.com", 1);
        SipResponse r = send(dave, register(dave, Branches.newCallId(DAVE_IP), 1).withHeader(HeaderNames.PROXY_REQUIRE, "sec-agree"));
        assertThat(r.status()).isEqualTo(494);
        assertThat(r.reason()).isEqualTo("Security Agreement Required");
        assertThat(mechanisms(r, HeaderNames.SECURITY_SERVER)).extracting(SecurityMechanism::alg).containsExactly("hmac-sha-1-96", "hmac-md5-96");
        assertThat(core.messagesTo("icscf1", "REGISTER")).isEmpty();

        SipResponse bad = send(dave, register(dave, Branches.newCallId(DAVE_IP), 1)
                .withHeader(HeaderNames.SECURITY_CLIENT, "ipsec-3gpp;alg=hmac-sha-1-96;spi-c=1;spi-s=2;port-c=3;port-s=4;q=\"x"));
        assertThat(bad.status()).isEqualTo(400);
    }

    @Test
    void clientsWithoutSecAgreeAndDigestSubscribersRegisterWithoutSecurityServer() throws Exception {
        // a plain client: nothing of RFC 3329 anywhere
        TwoOperatorCore.Ue alice = core.ue("alice", "127.0.96.100", "alice@domain1.com", 1);
        assertThat(alice.stack().call(alice.registration()::register).get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(core.messagesTo("alice", "SIP/2.0 401")).allSatisfy(m -> assertThat(m.hasHeader(HeaderNames.SECURITY_SERVER)).isFalse());
        assertThat(sasOf(new InetSocketAddress("127.0.96.100", TwoOperatorCore.PORT))).isEmpty();

        // our UE with a Digest MD5 subscriber asks, but a challenge without AKA keys gives nothing to agree on
        UserEquipment carol = core.realUe("carol", "127.0.96.111", "alice@domain1.com", 1);
        Registration reg = carol.register().get(15, TimeUnit.SECONDS);
        assertThat(reg.status()).isEqualTo(200);
        List<SipMessage> fromCarol = core.messagesTo("pcscf1", "REGISTER").stream()
                .filter(m -> m.topVia().host().equals("127.0.96.111")).toList();
        assertThat(fromCarol.get(0).hasHeader(HeaderNames.SECURITY_CLIENT)).isTrue();
        assertThat(core.messagesTo("carol", "SIP/2.0 401").get(0).hasHeader(HeaderNames.SECURITY_SERVER)).isFalse();
        assertThat(fromCarol.get(1).hasHeader(HeaderNames.SECURITY_CLIENT)).isFalse();
        assertThat(carriesSecAgree(fromCarol.get(1))).isFalse();
        assertThat(carol.securityAgreement()).isNull();
        assertThat(sasOf(new InetSocketAddress("127.0.96.111", TwoOperatorCore.PORT))).isEmpty();
    }

    private static SipRequest register(TwoOperatorCore.Ue ue, String callId, long cseq) {
        NameAddress aor = NameAddress.of(SipUri.parse(ue.impu()));
        return SipRequest.builder("REGISTER", SipUri.of(null, ue.domain())).maxForwards(70).from(aor.withTag(Branches.newTag()))
                .to(aor).callId(callId).cseq(cseq).contact(ue.ua().localContact()).header(HeaderNames.EXPIRES, "600").build();
    }

    private static SipResponse send(TwoOperatorCore.Ue ue, SipRequest request) throws Exception {
        CompletableFuture<SipResponse> f = ue.stack().call(() -> ue.ua().sendRequest(request));
        return f.get(10, TimeUnit.SECONDS);
    }
}
