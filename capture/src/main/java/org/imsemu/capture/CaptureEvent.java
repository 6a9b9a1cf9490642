package org.imsemu.capture;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * One message as one node saw it at its socket. Immutable: the bytes are copied in and copied out
 * ({@link #data()} gives a read-only view without copying).
 *
 * @param sequence   order of recording on the bus (0, 1, 2...); a node's SENT is recorded before the
 *                   bytes reach the socket, so causes always precede their effects
 * @param node       the recording node's name
 * @param local      the recording node's address and port
 * @param remote     the peer's address and port
 * @param timeMillis wall-clock time, epoch milliseconds
 * @param timeNanos  monotonic time ({@link System#nanoTime()}), for intervals and ordering
 */
public record CaptureEvent(long sequence, String node, Direction direction, Protocol protocol, Transport transport,
                           InetSocketAddress local, InetSocketAddress remote, long timeMillis, long timeNanos,
                           byte[] bytes) {

    public CaptureEvent {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(remote, "remote");
        bytes = Objects.requireNonNull(bytes, "bytes").clone();
    }

    /** A copy of the message bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The message bytes, read-only, not copied. */
    public ByteBuffer data() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    public int length() {
        return bytes.length;
    }

    /** The sender's address: the recording node for SENT, the peer for RECEIVED. */
    public InetSocketAddress source() {
        return direction == Direction.SENT ? local : remote;
    }

    /** The receiver's address: the peer for SENT, the recording node for RECEIVED. */
    public InetSocketAddress destination() {
        return direction == Direction.SENT ? remote : local;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CaptureEvent e && sequence == e.sequence && timeMillis == e.timeMillis
                && timeNanos == e.timeNanos && node.equals(e.node) && direction == e.direction
                && protocol == e.protocol && transport == e.transport && local.equals(e.local)
                && remote.equals(e.remote) && Arrays.equals(bytes, e.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sequence, node, direction, protocol, transport, local, remote, timeMillis, timeNanos)
                * 31 + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "#" + sequence + " " + node + " " + direction + " " + protocol + "/" + transport + " "
                + source() + " -> " + destination() + " (" + bytes.length + " bytes)";
    }
}
