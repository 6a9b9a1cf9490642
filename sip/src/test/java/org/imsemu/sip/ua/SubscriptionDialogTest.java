package org.imsemu.sip.ua;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transaction.ManualTimer;
import org.imsemu.sip.transaction.TimerSettings;
import org.imsemu.sip.transaction.TransactionLayer;
import org.imsemu.sip.transport.InboundMessage;
import org.imsemu.sip.transport.SipTransport;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.uri.Uri;
import org.junit.jupiter.api.Test;

/** Subscription dialogs (RFC 6665): formed by the 2xx to SUBSCRIBE on both sides, or by a NOTIFY that comes first. */
class SubscriptionDialogTest {
    final ManualTimer timer = new ManualTimer();
    final Deque<Runnable> network = new ArrayDeque<>();

    final class Host implements SipTransport {
        final InetSocketAddress address;
        final UserAgent ua;
        final TransactionLayer layer;
        Host peer;

        Host(String ip, int port, String user) {
            address = new InetSocketAddress(ip, port);
            ua = new UserAgent(UserAgentConfig.builder(ip, port).contactUser(user).build(), timer);
            layer = new TransactionLayer(this, timer, TimerSettings.DEFAULT, ua);
            ua.attach(layer);
        }

        @Override
        public void send(SipMessage message, TransportType transport, InetSocketAddress destination, Consumer<Throwable> onError) {
            byte[] bytes = message.encode();
            network.add(() -> peer.layer.onInbound(new InboundMessage(SipParser.parse(bytes), transport, peer.address, address, timer.now())));
        }

        @Override
        public InetSocketAddress localAddress(TransportType transport) {
            return address;
        }
    }

    final Host subscriber = new Host("127.0.0.1", 5070, "alice");
    final Host notifier = new Host("127.0.0.2", 5080, "scscf");
    final List<ServerRequest> subscribes = new ArrayList<>();
    final List<String> notifiesSeen = new ArrayList<>();
    final List<Dialog> formed = new ArrayList<>();
    final List<Dialog> refreshes = new ArrayList<>();

    {
        subscriber.peer = notifier;
        notifier.peer = subscriber;
        notifier.ua.setListener(new UserAgentListener() {
            @Override
            public void onRequest(ServerRequest request) {
                subscribes.add(request);
            }

            @Override
            public void onDialogRequest(Dialog dialog, ServerRequest request) {
                refreshes.add(dialog);
                request.respond(200);
            }
        });
        subscriber.ua.setListener(new UserAgentListener() {
            @Override
            public void onDialogRequest(Dialog dialog, ServerRequest request) {
                notifiesSeen.add(request.method() + " in " + (dialog == formed.get(0) ? "the formed dialog" : dialog));
                request.respond(200);
            }
        });
    }

    void deliverAll() {
        while (!network.isEmpty()) network.poll().run();
    }

    CompletableFuture<SipResponse> subscribe() {
        SipRequest s = subscriber.ua.createRequest("SUBSCRIBE", Uri.parse("sip:alice@127.0.0.2:5080"),
                NameAddress.of(Uri.parse("sip:alice@example.com")), NameAddress.of(Uri.parse("sip:alice@example.com")))
                .withHeader(HeaderNames.EVENT, "reg").withHeader(HeaderNames.EXPIRES, "600000");
        return subscriber.ua.subscribe(s, formed::add);
    }

    SipRequest notifyIn(Dialog d, String state) {
        return d.createRequest("NOTIFY").withHeader(HeaderNames.EVENT, "reg").withHeader(HeaderNames.SUBSCRIPTION_STATE, state);
    }

    @Test
    void theTwoHundredFormsBothDialogsAndNotifyFlowsInIt() {
        CompletableFuture<SipResponse> r = subscribe();
        deliverAll();
        ServerRequest sub = subscribes.get(0);
        sub.respond(sub.createResponse(200).withHeader(HeaderNames.EXPIRES, "600000"));
        Dialog notifierSide = sub.dialog();
        assertThat(notifierSide).isNotNull();
        assertThat(notifierSide.isConfirmed()).isTrue();
        deliverAll();
        assertThat(r).isCompletedWithValueMatching(x -> x.status() == 200 && x.contacts().size() == 1);
        assertThat(formed).hasSize(1);
        assertThat(formed.get(0).id().remoteTag()).isEqualTo(notifierSide.id().localTag());

        CompletableFuture<SipResponse> n = notifier.ua.sendRequest(notifierSide, notifyIn(notifierSide, "active;expires=600000"));
        deliverAll();
        assertThat(n).isCompletedWithValueMatching(x -> x.status() == 200);
        assertThat(notifiesSeen).containsExactly("NOTIFY in the formed dialog");

        // a refresh in the dialog
        CompletableFuture<SipResponse> refresh = subscriber.ua.sendRequest(formed.get(0), "SUBSCRIBE");
        deliverAll();
        assertThat(refresh).isCompletedWithValueMatching(x -> x.status() == 200);
        assertThat(refreshes).containsExactly(notifierSide); // matched to the notifier's dialog
        subscriber.ua.terminateDialog(formed.get(0));
        assertThat(subscriber.ua.dialogs()).isEmpty();
    }

    @Test
    void aNotifyBeforeTheTwoHundredFormsTheDialog() {
        CompletableFuture<SipResponse> r = subscribe();
        deliverAll();
        ServerRequest sub = subscribes.get(0);
        // the notifier answers 200, but the NOTIFY overtakes it on the network
        sub.respond(sub.createResponse(200).withHeader(HeaderNames.EXPIRES, "600000"));
        Runnable twoHundred = network.poll();
        notifier.ua.sendRequest(sub.dialog(), notifyIn(sub.dialog(), "active;expires=600000"));
        deliverAll();
        assertThat(formed).hasSize(1);
        assertThat(notifiesSeen).containsExactly("NOTIFY in the formed dialog");
        twoHundred.run();
        deliverAll();
        assertThat(r).isCompletedWithValueMatching(x -> x.status() == 200);
        assertThat(formed).hasSize(1); // not formed twice
        assertThat(subscriber.ua.dialogs()).hasSize(1);
    }
}
