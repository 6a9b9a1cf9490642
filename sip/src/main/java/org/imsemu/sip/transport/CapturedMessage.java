package org.imsemu.sip.transport;

import java.net.InetSocketAddress;

/** One message crossing a socket, as the capture bus sees it: bytes, direction, both ends, time. */
public record CapturedMessage(Direction direction, TransportType transport, InetSocketAddress local,
                              InetSocketAddress remote, long timeMillis, long timeNanos, byte[] bytes) {

    public enum Direction { SENT, RECEIVED }
}
