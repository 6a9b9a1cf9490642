package org.imsemu.as;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.imsemu.as.samples.ForwardingRule;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.uri.SipUri;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AsHostTest {
    private final IscNetwork net = new IscNetwork();

    @AfterEach
    void close() {
        net.close();
    }

    @Test
    void anAsCanAnswerItselfAndSeesTheIscHeaders() throws Exception {
        List<AsRequest> seen = new CopyOnWriteArrayList<>();
        net.startAs(r -> {
            seen.add(r);
            r.respond(403, "Barred");
        }, Duration.ofSeconds(30), null);
        IscNetwork.Ua alice = net.ua("alice", r -> r.respond(480));
        IscNetwork.Ua bob = net.ua("bob", r -> r.respond(200));

        assertThat(alice.call(bob).result().get(20, TimeUnit.SECONDS).status()).isEqualTo(403);
        assertThat(bob.invites()).isEmpty();
        AsRequest r = seen.get(0);
        assertThat(r.isInitial()).isTrue();
        assertThat(r.servedUser()).map(ServedUser::identity).map(Object::toString).contains("sip:alice@domain1.test");
        assertThat(r.servedUser()).map(ServedUser::registered).contains(true);
        assertThat(r.sessionCase()).isEqualTo(SessionCase.ORIGINATING);
        assertThat(r.consumedRoute().sipUri().host()).isEqualTo("as.domain1.test");
        assertThat(r.remainingRoute()).singleElement().satisfies(n -> assertThat(n.sipUri().user()).startsWith("odi-"));
        assertThatThrownBy(r::proceed).as("one decision per request").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void retargetSendsTheRequestBackToTheScscfWithTheNewRequestUri() throws Exception {
        net.startAs(r -> r.retarget(SipUri.parse("sip:carol@domain1.test")), Duration.ofSeconds(30), null);
        IscNetwork.Ua alice = net.ua("alice", r -> r.respond(480));
        IscNetwork.Ua bob = net.ua("bob", r -> r.respond(200));
        IscNetwork.Ua carol = net.ua("carol", r -> r.respond(200));

        assertThat(alice.call(bob).result().get(20, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(net.returnedFromAs).containsExactly("INVITE sip:carol@domain1.test SIP/2.0");
        assertThat(bob.invites()).isEmpty();
        assertThat(carol.invites()).hasSize(1);
    }

    @Test
    void aFailingServiceGives500() throws Exception {
        net.startAs(r -> {
            throw new IllegalStateException("bug in the service");
        }, Duration.ofSeconds(30), null);
        IscNetwork.Ua alice = net.ua("alice", r -> r.respond(480));
        IscNetwork.Ua bob = net.ua("bob", r -> r.respond(200));
        assertThat(alice.call(bob).result().get(20, TimeUnit.SECONDS).status()).isEqualTo(500);
    }

    @Test
    void closeFreesThePorts() throws Exception {
        AsHost as = net.startAs(AsRequest::proceed, Duration.ofSeconds(30), null);
        InetSocketAddress udp = as.localAddress(TransportType.UDP);
        InetSocketAddress tcp = as.localAddress(TransportType.TCP);
        assertThat(as.uri().toString()).isEqualTo("sip:as.domain1.test:5060;lr");
        as.close();
        try (DatagramSocket d = new DatagramSocket(udp); ServerSocket s = new ServerSocket()) {
            s.bind(tcp);
            assertThat(d.getLocalPort()).isEqualTo(5060);
        }
    }

    @Test
    void badConfigurationIsRefusedClearly() {
        assertThatThrownBy(() -> AsHostConfig.builder("as.test", "127.0.93.250").noAnswerTimeout(Duration.ZERO).build())
                .hasMessageContaining("no-answer timeout");
        assertThatThrownBy(() -> AsHostConfig.builder("as.test", "127.0.93.250").transports(EnumSet.noneOf(TransportType.class)).build())
                .hasMessageContaining("no transport");
        assertThatThrownBy(() -> ForwardingRule.parse("<CallForwarding><On>busy</On></CallForwarding>")).hasMessageContaining("without <Target>");
        assertThatThrownBy(() -> ForwardingRule.parse("<CallForwarding><Target>sip:c@d</Target><On>sometimes</On></CallForwarding>"))
                .hasMessageContaining("unknown call-forwarding condition 'sometimes'");
        ForwardingRule r = ForwardingRule.parse("<CallForwarding><Target>sip:c@d</Target></CallForwarding>");
        assertThat(r.appliesTo(486)).isTrue();
        assertThat(r.appliesTo(408)).isTrue();
        assertThat(r.appliesTo(404)).isFalse();
        assertThat(ForwardingRule.parse(r.toServiceData())).isEqualTo(r);
        assertThat(ServedUser.parse("<sip:bob@d>;sescase=term;regstate=unreg"))
                .isEqualTo(new ServedUser(SipUri.parse("sip:bob@d"), SessionCase.TERMINATING, false));
    }
}
