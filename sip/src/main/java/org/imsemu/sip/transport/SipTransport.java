package org.imsemu.sip.transport;

import java.net.InetSocketAddress;
import java.util.function.Consumer;
import org.imsemu.sip.message.SipMessage;

/** What the layers above need from the transport: send a message, know our own addresses. */
public interface SipTransport {

    /**
     * Sends {@code message} to {@code destination}. Over TCP an existing connection to that address is
     * reused (responses go back on the connection their request came in on), otherwise one is opened.
     * A failure (unreachable, connection refused, message too large for UDP) is reported to
     * {@code onError} on the stack thread; success is silent.
     */
    void send(SipMessage message, TransportType transport, InetSocketAddress destination, Consumer<Throwable> onError);

    /** The address a transport listens on (for Via sent-by and Contact). */
    InetSocketAddress localAddress(TransportType transport);
}
