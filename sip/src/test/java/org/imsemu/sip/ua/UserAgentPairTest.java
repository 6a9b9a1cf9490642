package org.imsemu.sip.ua;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import org.imsemu.sip.header.AuthHeader;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.transaction.ManualTimer;
import org.imsemu.sip.transaction.TimerSettings;
import org.imsemu.sip.transaction.TransactionLayer;
import org.imsemu.sip.transport.InboundMessage;
import org.imsemu.sip.transport.SipTransport;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;
import org.junit.jupiter.api.Test;

/** User agents talking to each other through an in-memory network: a whole call, a registration with Digest. */
class UserAgentPairTest {
    static final InetSocketAddress A = new InetSocketAddress("127.0.0.1", 5070);
    static final InetSocketAddress B = new InetSocketAddress("127.0.0.2", 5080);

    final ManualTimer timer = new ManualTimer();
    final Deque<Runnable> network = new ArrayDeque<>();
    final List<String> wire = new ArrayList<>();

    final class Host implements SipTransport {
        final InetSocketAddress address;
        final UserAgent ua;
        final TransactionLayer layer;
        Host peer;

        Host(InetSocketAddress address, String user) {
            this(address, UserAgentConfig.builder(address.getAddress().getHostAddress(), address.getPort()).contactUser(user));
        }

        Host(InetSocketAddress address, UserAgentConfig.Builder config) {
            this.address = address;
            ua = new UserAgent(config.build(), timer);
            layer = new TransactionLayer(this, timer, TimerSettings.DEFAULT, ua);
            ua.attach(layer);
        }

        @Override
        public void send(SipMessage message, TransportType transport, InetSocketAddress destination, Consumer<Throwable> onError) {
            assertThat(destination).isEqualTo(peer.address);
            byte[] bytes = message.encode();
            wire.add(message.startLine());
            network.add(() -> peer.layer.onInbound(new InboundMessage(SipParser.parse(bytes), transport, peer.address, address, timer.now())));
        }

        @Override
        public InetSocketAddress localAddress(TransportType transport) {
            return address;
        }
    }

    void deliverAll() {
        while (!network.isEmpty()) network.poll().run();
    }

    @Test
    void callFromInviteToBye() {
        Host alice = new Host(A, "alice");
        Host bob = new Host(B, "bob");
        alice.peer = bob;
        bob.peer = alice;
        List<String> bobSide = new ArrayList<>();
        bob.ua.setListener(new UserAgentListener() {
            @Override
            public void onInvite(ServerRequest invite) {
                invite.respond(180);
                invite.accept("application/sdp", "v=0\r\n");
            }

            @Override
            public void onAck(Dialog dialog, SipRequest ack) {
                bobSide.add("ack");
            }

            @Override
            public void onDialogTerminated(Dialog dialog, EndCause cause) {
                bobSide.add("ended " + cause);
            }
        });

        ClientInvite call = alice.ua.invite(NameAddress.of(Uri.parse("sip:alice@127.0.0.1:5070")),
                NameAddress.of(Uri.parse("sip:bob@127.0.0.2:5080")), "application/sdp", "v=0\r\n".getBytes(), null);
        deliverAll();
        assertThat(call.state()).isEqualTo(ClientInvite.State.ANSWERED);
        assertThat(bobSide).containsExactly("ack");
        Dialog aliceDialog = call.dialog();
        Dialog bobDialog = bob.ua.dialogs().iterator().next();
        assertThat(aliceDialog.id().localTag()).isEqualTo(bobDialog.id().remoteTag());
        assertThat(aliceDialog.id().remoteTag()).isEqualTo(bobDialog.id().localTag());

        // nothing more is retransmitted once the ACK arrived
        int sent = wire.size();
        timer.advance(10_000);
        deliverAll();
        assertThat(wire).hasSize(sent);

        var bye = call.bye();
        deliverAll();
        assertThat(bye).isCompletedWithValueMatching(r -> r.status() == 200);
        assertThat(bobSide).containsExactly("ack", "ended REMOTE_BYE");
        assertThat(alice.ua.dialogs()).isEmpty();
        assertThat(bob.ua.dialogs()).isEmpty();
        assertThat(wire).containsExactly(
                "INVITE sip:bob@127.0.0.2:5080 SIP/2.0",
                "SIP/2.0 180 Ringing",
                "SIP/2.0 200 OK",
                "ACK sip:bob@127.0.0.2:5080 SIP/2.0",
                "BYE sip:bob@127.0.0.2:5080 SIP/2.0",
                "SIP/2.0 200 OK");

        timer.advance(5 * 64 * 500);
        deliverAll();
        assertThat(alice.layer.size()).isZero();
        assertThat(bob.layer.size()).isZero();
        assertThat(timer.pending()).isZero();
    }

    @Test
    void registrationAgainstARegistrarThatVerifiesDigest() {
        Host ue = new Host(A, UserAgentConfig.builder("127.0.0.1", 5070).contactUser("alice").credentials("alice@example.com", "pw"));
        Host registrar = new Host(B, UserAgentConfig.builder("127.0.0.2", 5080));
        ue.peer = registrar;
        registrar.peer = ue;
        List<String> verdicts = new ArrayList<>();
        registrar.ua.setListener(new UserAgentListener() {
            @Override
            public void onRequest(ServerRequest request) {
                SipRequest r = request.request();
                AuthHeader creds = r.authHeader(HeaderNames.AUTHORIZATION);
                if (creds == null) {
                    request.respond(request.createResponse(401).withHeader(HeaderNames.WWW_AUTHENTICATE,
                            DigestVerifier.challenge("example.com", DigestVerifier.newNonce()).toString()));
                    return;
                }
                boolean ok = DigestVerifier.verify(creds, "REGISTER", r.body(), "pw") && creds.param("uri").equals(r.rawRequestUri());
                verdicts.add(ok ? "verified" : "rejected");
                request.respond(ok
                        ? request.createResponse(200).withHeader(HeaderNames.CONTACT, r.contacts().get(0).withParameter("expires", "300").toString())
                        : request.createResponse(403));
            }
        });
        RegistrationClient rc = new RegistrationClient(ue.ua, SipUri.parse("sip:127.0.0.2:5080"),
                NameAddress.of(Uri.parse("sip:alice@example.com")), 600, null);
        rc.register();
        deliverAll();
        assertThat(verdicts).containsExactly("verified");
        assertThat(rc.isRegistered()).isTrue();
        assertThat(rc.grantedExpires()).isEqualTo(300);
        assertThat(wire).containsExactly("REGISTER sip:127.0.0.2:5080 SIP/2.0", "SIP/2.0 401 Unauthorized",
                "REGISTER sip:127.0.0.2:5080 SIP/2.0", "SIP/2.0 200 OK");
    }
}
