package org.imsemu.sip.transport;

import java.net.InetSocketAddress;
import org.imsemu.sip.message.SipMessage;

/**
 * A message as the transport delivered it: the message and where it came from. Responses to a request
 * go back over {@code transport} to {@code remote} (RFC 3261 section 18.2.2 with rport, RFC 3581).
 */
public record InboundMessage(SipMessage message, TransportType transport, InetSocketAddress local,
                             InetSocketAddress remote, long receivedAtMillis) {
}
