package org.imsemu.sip.ua;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.imsemu.sip.header.AuthHeader;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;
import org.junit.jupiter.api.Test;

class RegistrationClientTest {
    static final SipUri REGISTRAR = SipUri.parse("sip:127.0.0.2");
    static final NameAddress AOR = NameAddress.of(Uri.parse("sip:alice@example.com"));

    final UaHarness h = new UaHarness(UserAgentConfig.builder("127.0.0.1", 5070).contactUser("alice")
            .credentials("alice@example.com", "s3cret"));
    final List<String> events = new ArrayList<>();
    final RegistrationClient reg = new RegistrationClient(h.ua, REGISTRAR, AOR, 600, new RegistrationClient.Listener() {
        @Override
        public void onRegistered(RegistrationClient c, SipResponse r) {
            events.add("registered " + c.grantedExpires());
        }

        @Override
        public void onUnregistered(RegistrationClient c, SipResponse r) {
            events.add("unregistered");
        }

        @Override
        public void onFailed(RegistrationClient c, SipResponse r) {
            events.add("failed " + r.status());
        }
    });

    private SipResponse ok(SipRequest register, String contactExpires) {
        SipResponse r = register.createResponse(200).withToTag("reg1");
        if (contactExpires != null) r = r.withHeader(HeaderNames.CONTACT, "<sip:alice@127.0.0.1:5070>;expires=" + contactExpires);
        return r;
    }

    /** Registers through a 401 challenge; returns the authorized REGISTER. */
    private SipRequest registerWithChallenge(String nonce) {
        CompletableFuture<SipResponse> f = reg.register();
        MemoryTransport.Sent first = h.transport.lastRequest("REGISTER");
        assertThat(first.destination()).isEqualTo(UaHarness.PROXY);
        assertThat(first.transport()).isEqualTo(TransportType.UDP);
        SipRequest r1 = first.request();
        assertThat(r1.hasHeader(HeaderNames.AUTHORIZATION)).isFalse();

        h.inject(r1.createResponse(401).withToTag("x").withHeader(HeaderNames.WWW_AUTHENTICATE,
                DigestVerifier.challenge("example.com", nonce, "opq", true, "MD5", false).toString()));
        assertThat(f).isNotDone();
        assertThat(h.transport.requests("REGISTER")).hasSize(2);
        return h.transport.lastRequest("REGISTER").request();
    }

    @Test
    void registersThrough401WithCorrectDigestThenRefreshesAtHalfTheExpiry() {
        SipRequest r2 = registerWithChallenge("nonce-1");
        SipRequest r1 = h.transport.requests("REGISTER").get(0).request();
        assertThat(reg.state()).isEqualTo(RegistrationClient.State.REGISTERING);

        // the retry: same Call-ID, CSeq + 1, new branch, and an Authorization a registrar accepts
        assertThat(r2.callId()).isEqualTo(r1.callId()).isEqualTo(reg.callId());
        assertThat(r2.cseq().number()).isEqualTo(r1.cseq().number() + 1);
        assertThat(r2.topVia().branch()).isNotEqualTo(r1.topVia().branch());
        assertThat(r2.vias()).hasSize(1);
        assertThat(r2.requestUri()).hasToString("sip:127.0.0.2");
        assertThat(r2.to().uri()).hasToString("sip:alice@example.com");
        assertThat(r2.to().tag()).isNull();
        assertThat(r2.contacts()).extracting(c -> c.uri().toString()).containsExactly("sip:alice@127.0.0.1:5070");
        assertThat(r2.expires()).isEqualTo(600);
        AuthHeader creds = r2.authHeader(HeaderNames.AUTHORIZATION);
        assertThat(creds.param("username")).isEqualTo("alice@example.com");
        assertThat(creds.param("realm")).isEqualTo("example.com");
        assertThat(creds.param("nonce")).isEqualTo("nonce-1");
        assertThat(creds.param("uri")).isEqualTo("sip:127.0.0.2");
        assertThat(creds.param("opaque")).isEqualTo("opq");
        assertThat(creds.param("qop")).isEqualTo("auth");
        assertThat(creds.param("nc")).isEqualTo("00000001");
        assertThat(DigestVerifier.verify(creds, "REGISTER", r2.body(), "s3cret")).isTrue();
        assertThat(creds.param("response")).isEqualTo(DigestCredentialsCalculator.response("alice@example.com",
                "example.com", "s3cret", "REGISTER", "sip:127.0.0.2", "nonce-1", "00000001", creds.param("cnonce"), "auth"));

        SipResponse ok = ok(r2, "600")
                .withHeader(HeaderNames.SERVICE_ROUTE, "<sip:orig@scscf.example.com;lr>")
                .withHeader(HeaderNames.PATH, "<sip:term@pcscf.example.com;lr>")
                .withHeader(HeaderNames.P_ASSOCIATED_URI, "<sip:alice@example.com>, <tel:+15551234>");
        h.inject(ok);
        assertThat(reg.state()).isEqualTo(RegistrationClient.State.REGISTERED);
        assertThat(reg.grantedExpires()).isEqualTo(600);
        assertThat(reg.getServiceRoute()).extracting(n -> n.uri().toString()).containsExactly("sip:orig@scscf.example.com;lr");
        assertThat(reg.getPath()).extracting(n -> n.uri().toString()).containsExactly("sip:term@pcscf.example.com;lr");
        assertThat(reg.getAssociatedUris()).hasSize(2);
        assertThat(events).containsExactly("registered 600");

        // refresh at half of 600 s, not before
        h.timer.advance(299_000);
        assertThat(h.transport.requests("REGISTER")).hasSize(2);
        h.timer.advance(1_000);
        assertThat(h.transport.requests("REGISTER")).hasSize(3);
        SipRequest r3 = h.transport.lastRequest("REGISTER").request();
        assertThat(r3.callId()).isEqualTo(r1.callId());
        assertThat(r3.cseq().number()).isEqualTo(r2.cseq().number() + 1);
        assertThat(reg.state()).isEqualTo(RegistrationClient.State.REGISTERED);

        // this time the registrar grants 120 s in Expires only: next refresh at 60 s
        h.inject(ok(r3, null).withHeader(HeaderNames.EXPIRES, "120"));
        assertThat(reg.grantedExpires()).isEqualTo(120);
        h.timer.advance(59_999);
        assertThat(h.transport.requests("REGISTER")).hasSize(3);
        h.timer.advance(1);
        assertThat(h.transport.requests("REGISTER")).hasSize(4);
        assertThat(events).containsExactly("registered 600", "registered 120");
    }

    @Test
    void unregisterSendsExpiresZeroAndStopsRefreshing() {
        SipRequest r2 = registerWithChallenge("n");
        h.inject(ok(r2, "3600"));
        assertThat(reg.isRegistered()).isTrue();

        CompletableFuture<SipResponse> f = reg.unregister();
        assertThat(reg.state()).isEqualTo(RegistrationClient.State.UNREGISTERING);
        SipRequest un = h.transport.lastRequest("REGISTER").request();
        assertThat(un.expires()).isZero();
        assertThat(un.contacts().get(0).parameter("expires")).isEqualTo("0");
        assertThat(un.cseq().number()).isEqualTo(r2.cseq().number() + 1);
        assertThat(un.callId()).isEqualTo(r2.callId());

        // the registrar challenges the unregistration too: the UA retries with credentials
        h.inject(un.createResponse(401).withToTag("x").withHeader(HeaderNames.WWW_AUTHENTICATE,
                DigestVerifier.challenge("example.com", "n2").toString()));
        SipRequest un2 = h.transport.lastRequest("REGISTER").request();
        assertThat(DigestVerifier.verify(un2.authHeader(HeaderNames.AUTHORIZATION), "REGISTER", null, "s3cret")).isTrue();
        assertThat(un2.expires()).isZero();
        h.inject(un2.createResponse(200).withToTag("reg1"));

        assertThat(f).isCompletedWithValueMatching(r -> r.status() == 200);
        assertThat(reg.state()).isEqualTo(RegistrationClient.State.UNREGISTERED);
        assertThat(reg.grantedExpires()).isZero();
        assertThat(events).containsExactly("registered 3600", "unregistered");

        int sent = h.transport.requests("REGISTER").size();
        h.timer.advance(3_600_000);
        assertThat(h.transport.requests("REGISTER")).hasSize(sent);
        assertThat(h.layer.size()).isZero();
    }

    @Test
    void intervalTooBriefIsRetriedWithMinExpires() {
        reg.register();
        SipRequest r1 = h.transport.lastRequest("REGISTER").request();
        h.inject(r1.createResponse(423).withToTag("x").withHeader(HeaderNames.MIN_EXPIRES, "1800"));
        SipRequest r2 = h.transport.lastRequest("REGISTER").request();
        assertThat(r2.expires()).isEqualTo(1800);
        assertThat(r2.cseq().number()).isEqualTo(r1.cseq().number() + 1);
        h.inject(ok(r2, "1800"));
        assertThat(reg.grantedExpires()).isEqualTo(1800);
        assertThat(reg.isRegistered()).isTrue();
    }

    @Test
    void failureIsReportedAndNotRetried() {
        CompletableFuture<SipResponse> f = reg.register();
        SipRequest r1 = h.transport.lastRequest("REGISTER").request();
        h.inject(r1.createResponse(403).withToTag("x"));
        assertThat(f).isCompletedWithValueMatching(r -> r.status() == 403);
        assertThat(reg.state()).isEqualTo(RegistrationClient.State.FAILED);
        assertThat(events).containsExactly("failed 403");
        h.timer.advance(3_600_000);
        assertThat(h.transport.requests("REGISTER")).hasSize(1);
    }

    @Test
    void secondChallengeAfterCredentialsIsFinal() {
        SipRequest r2 = registerWithChallenge("n1");
        h.inject(r2.createResponse(401).withToTag("x").withHeader(HeaderNames.WWW_AUTHENTICATE,
                DigestVerifier.challenge("example.com", "n2").toString()));
        assertThat(h.transport.requests("REGISTER")).hasSize(2); // one retry only, no loop
        assertThat(reg.state()).isEqualTo(RegistrationClient.State.FAILED);
        assertThat(events).containsExactly("failed 401");
    }

    @Test
    void timeoutIsA408() {
        CompletableFuture<SipResponse> f = reg.register();
        h.timer.advance(32_000);
        assertThat(f).isCompletedWithValueMatching(r -> r.status() == 408);
        assertThat(reg.state()).isEqualTo(RegistrationClient.State.FAILED);
        assertThat(h.transport.requests("REGISTER").size()).isGreaterThan(5); // Timer E retransmissions
    }
}
