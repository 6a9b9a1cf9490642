package org.imsemu.conformance;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.imsemu.capture.CaptureBus;
import org.imsemu.capture.CaptureEvent;
import org.imsemu.capture.Direction;
import org.imsemu.capture.Protocol;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;

/**
 * A SIP message as the comparator sees it: sender and receiver by role label, the parsed message, and
 * when it was recorded (monotonic nanoseconds).
 */
public record ObservedMessage(String from, String to, SipMessage message, long timeNanos) {
    public ObservedMessage {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(message, "message");
    }

    /** "P-CSCF#1 -> UE#1 SIP/2.0 401 Unauthorized" */
    public String describe() {
        return from + " -> " + to + " " + message.startLine();
    }

    /**
     * Turns captured events into observed messages: SIP events only, parsed; each end named by the role
     * {@code roles} gives its node, or by the node name (or the address of an external peer) when it has
     * no role. Events whose bytes do not parse as SIP are left out: they can match no step, and the
     * transport has already answered or dropped them.
     *
     * @param nodeNames names the peer of an event from its address (e.g. {@link CaptureBus#nameOf})
     */
    public static List<ObservedMessage> fromCapture(List<CaptureEvent> events, Map<String, String> roles,
                                                    Function<InetSocketAddress, String> nodeNames) {
        List<ObservedMessage> out = new ArrayList<>(events.size());
        for (CaptureEvent e : events) {
            if (e.protocol() != Protocol.SIP) continue;
            SipMessage m;
            try {
                m = SipParser.parse(e.bytes());
            } catch (RuntimeException malformed) {
                continue;
            }
            String self = roles.getOrDefault(e.node(), e.node());
            String peerNode = nodeNames.apply(e.remote());
            String peer = roles.getOrDefault(peerNode, peerNode);
            out.add(e.direction() == Direction.SENT
                    ? new ObservedMessage(self, peer, m, e.timeNanos())
                    : new ObservedMessage(peer, self, m, e.timeNanos()));
        }
        return out;
    }

    /** As {@link #fromCapture(List, Map, Function)}, naming peers through the bus's node registry. */
    public static List<ObservedMessage> fromCapture(List<CaptureEvent> events, Map<String, String> roles, CaptureBus bus) {
        return fromCapture(events, roles, bus::nameOf);
    }
}
