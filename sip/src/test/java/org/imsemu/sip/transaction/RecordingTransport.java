package org.imsemu.sip.transaction;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transport.SipTransport;
import org.imsemu.sip.transport.TransportType;

/** An in-memory transport: records what is sent, where and when; can fail sends on demand. */
public final class RecordingTransport implements SipTransport {

    /** One send: the message, transport, destination, the clock then, and the error callback it was given. */
    public record Sent(SipMessage message, TransportType transport, InetSocketAddress destination, long time,
                Consumer<Throwable> onError) {
        public SipRequest request() {
            return (SipRequest) message;
        }

        public SipResponse response() {
            return (SipResponse) message;
        }

        public boolean isRequest(String method) {
            return message instanceof SipRequest r && r.isMethod(method);
        }

        public boolean isResponse(int status) {
            return message instanceof SipResponse r && r.status() == status;
        }
    }

    public static final InetSocketAddress LOCAL = new InetSocketAddress("192.0.2.1", 5060);

    private final SipTimer clock;
    private final List<Sent> sent = new ArrayList<>();
    private Throwable failure;

    public RecordingTransport(SipTimer clock) {
        this.clock = clock;
    }

    /** From now on every send fails at once with {@code cause} (null: sends succeed again). */
    public void failWith(Throwable cause) {
        this.failure = cause;
    }

    @Override
    public void send(SipMessage message, TransportType transport, InetSocketAddress destination, Consumer<Throwable> onError) {
        sent.add(new Sent(message, transport, destination, clock.now(), onError));
        if (failure != null) onError.accept(failure);
    }

    @Override
    public InetSocketAddress localAddress(TransportType transport) {
        return LOCAL;
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public List<Sent> sent(Predicate<Sent> which) {
        return sent.stream().filter(which).toList();
    }

    public List<Sent> requests(String method) {
        return sent(s -> s.isRequest(method));
    }

    public List<Sent> responses(int status) {
        return sent(s -> s.isResponse(status));
    }

    /** Times (on the clock) at which requests of this method were sent. */
    public List<Long> requestTimes(String method) {
        return requests(method).stream().map(Sent::time).toList();
    }

    public List<Long> responseTimes(int status) {
        return responses(status).stream().map(Sent::time).toList();
    }

    public Sent last() {
        if (sent.isEmpty()) throw new AssertionError("nothing was sent");
        return sent.get(sent.size() - 1);
    }

    public int count() {
        return sent.size();
    }

    public void clear() {
        sent.clear();
    }
}
