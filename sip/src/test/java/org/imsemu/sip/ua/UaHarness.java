package org.imsemu.sip.ua;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transaction.ManualTimer;
import org.imsemu.sip.transaction.TimerSettings;
import org.imsemu.sip.transaction.TransactionLayer;
import org.imsemu.sip.transport.InboundMessage;
import org.imsemu.sip.transport.TransportType;

/** A UA on a manual clock, a real transaction layer and an in-memory transport; the test plays the network. */
final class UaHarness {
    static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 5070);
    static final InetSocketAddress PROXY = new InetSocketAddress("127.0.0.2", 5060);
    static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.3", 5080);

    final ManualTimer timer = new ManualTimer();
    final MemoryTransport transport = new MemoryTransport(timer, LOCAL);
    final UserAgent ua;
    final TransactionLayer layer;

    UaHarness(UserAgentConfig.Builder config) {
        ua = new UserAgent(config.build(), timer);
        layer = new TransactionLayer(transport, timer, TimerSettings.DEFAULT, ua);
        ua.attach(layer);
    }

    UaHarness() {
        this(UserAgentConfig.builder("127.0.0.1", 5070).contactUser("alice"));
    }

    /** A message arrives from {@code from} over UDP. */
    void inject(SipMessage m, InetSocketAddress from) {
        // Through the codec, as a transport would deliver it.
        SipMessage parsed = SipParser.parse(m.encode());
        layer.onInbound(new InboundMessage(parsed, TransportType.UDP, LOCAL, from, timer.now()));
    }

    void inject(SipMessage m) {
        inject(m, PROXY);
    }

    /** A response to {@code request} as the far end makes it: To tag, optional Contact and Record-Routes. */
    static SipResponse response(SipRequest request, int status, String toTag, String contact, String... recordRoutes) {
        SipResponse r = request.createResponse(status);
        if (toTag != null) r = r.withToTag(toTag);
        if (contact != null) r = r.withHeader(HeaderNames.CONTACT, contact);
        for (String rr : recordRoutes) r = r.withHeaderLast(HeaderNames.RECORD_ROUTE, rr);
        return r;
    }

    static SipRequest request(String text) {
        return (SipRequest) SipParser.parse(text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Lets every transaction and timer run out. */
    void drain() {
        timer.advance(10 * 64 * TimerSettings.DEFAULT.t1());
    }
}
