package org.imsemu.sip.ua;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transaction.SipTimer;
import org.imsemu.sip.transport.SipTransport;
import org.imsemu.sip.transport.TransportType;

/**
 * An in-memory transport: records every message sent, as the peer would parse it off the wire (so the
 * encoding is exercised too), with transport, destination and time. No sockets.
 */
final class MemoryTransport implements SipTransport {

    record Sent(SipMessage message, TransportType transport, InetSocketAddress destination, long time) {
        SipRequest request() {
            return (SipRequest) message;
        }

        SipResponse response() {
            return (SipResponse) message;
        }

        boolean isRequest(String method) {
            return message instanceof SipRequest r && r.isMethod(method);
        }

        boolean isResponse(int status) {
            return message instanceof SipResponse r && r.status() == status;
        }
    }

    private final SipTimer clock;
    private final InetSocketAddress local;
    private final List<Sent> sent = new ArrayList<>();

    MemoryTransport(SipTimer clock, InetSocketAddress local) {
        this.clock = clock;
        this.local = local;
    }

    @Override
    public void send(SipMessage message, TransportType transport, InetSocketAddress destination, Consumer<Throwable> onError) {
        sent.add(new Sent(SipParser.parse(message.encode()), transport, destination, clock.now()));
    }

    @Override
    public InetSocketAddress localAddress(TransportType transport) {
        return local;
    }

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    List<Sent> sent(Predicate<Sent> which) {
        return sent.stream().filter(which).toList();
    }

    List<Sent> requests(String method) {
        return sent(s -> s.isRequest(method));
    }

    List<Sent> responses(int status) {
        return sent(s -> s.isResponse(status));
    }

    Sent last() {
        return sent.get(sent.size() - 1);
    }

    Sent lastRequest(String method) {
        List<Sent> l = requests(method);
        if (l.isEmpty()) throw new AssertionError("no " + method + " sent; sent: " + sent.stream().map(s -> s.message().startLine()).toList());
        return l.get(l.size() - 1);
    }

    Sent lastResponse(int status) {
        List<Sent> l = responses(status);
        if (l.isEmpty()) throw new AssertionError("no " + status + " sent; sent: " + sent.stream().map(s -> s.message().startLine()).toList());
        return l.get(l.size() - 1);
    }

    void clear() {
        sent.clear();
    }
}
