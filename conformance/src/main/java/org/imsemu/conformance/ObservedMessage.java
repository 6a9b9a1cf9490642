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
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.dictionary.Dictionary;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;

/**
 * A message as the comparator sees it: sender and receiver by role label, the parsed SIP message or
 * the summary of a Diameter message (exactly one of the two), and when it was recorded (monotonic
 * nanoseconds).
 */
public record ObservedMessage(String from, String to, SipMessage message, DiameterSummary diameter, long timeNanos) {
    public ObservedMessage {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if ((message == null) == (diameter == null)) throw new IllegalArgumentException("a SIP or a Diameter message");
    }

    /** A SIP message. */
    public ObservedMessage(String from, String to, SipMessage message, long timeNanos) {
        this(from, to, Objects.requireNonNull(message, "message"), null, timeNanos);
    }

    public boolean isDiameter() {
        return diameter != null;
    }

    /** The bytes as recorded: retransmissions are byte-identical. */
    byte[] bytes() {
        return isDiameter() ? diameter.bytes() : message.encode();
    }

    /** "P-CSCF#1 -> UE#1 SIP/2.0 401 Unauthorized", "S-CSCF#1 -> HSS#1 Diameter MAR" */
    public String describe() {
        return from + " -> " + to + " " + (isDiameter() ? "Diameter " + diameter.label() : message.startLine());
    }

    /**
     * Turns captured events into observed messages: SIP and Diameter events, parsed; each end named by the role
     * {@code roles} gives its node, or by the node name (or the address of an external peer) when it has
     * no role. Events whose bytes do not parse are left out: they can match no step, and the transport
     * has already answered or dropped them.
     *
     * @param nodeNames names the peer of an event from its address (e.g. {@link CaptureBus#nameOf})
     */
    public static List<ObservedMessage> fromCapture(List<CaptureEvent> events, Map<String, String> roles,
                                                    Function<InetSocketAddress, String> nodeNames) {
        List<ObservedMessage> out = new ArrayList<>(events.size());
        for (CaptureEvent e : events) {
            if (e.protocol() != Protocol.SIP && e.protocol() != Protocol.DIAMETER) continue;
            SipMessage m = null;
            DiameterSummary d = null;
            try {
                if (e.protocol() == Protocol.SIP) m = SipParser.parse(e.bytes());
                else d = summary(e.bytes());
            } catch (RuntimeException malformed) {
                continue;
            }
            String self = roles.getOrDefault(e.node(), e.node());
            String peerNode = nodeNames.apply(e.remote());
            String peer = roles.getOrDefault(peerNode, peerNode);
            out.add(e.direction() == Direction.SENT
                    ? new ObservedMessage(self, peer, m, d, e.timeNanos())
                    : new ObservedMessage(peer, self, m, d, e.timeNanos()));
        }
        return out;
    }

    private static final Dictionary DICTIONARY = Dictionary.standard();

    /** A Diameter message's command abbreviation and result, decoded with the standard dictionary. */
    public static DiameterSummary summary(byte[] bytes) {
        DiameterMessage dm = DiameterMessage.decode(bytes);
        return new DiameterSummary(DICTIONARY.abbreviation(dm), dm.isRequest(), dm.resultCode().orElse(null), bytes);
    }

    /** As {@link #fromCapture(List, Map, Function)}, naming peers through the bus's node registry. */
    public static List<ObservedMessage> fromCapture(List<CaptureEvent> events, Map<String, String> roles, CaptureBus bus) {
        return fromCapture(events, roles, bus::nameOf);
    }
}
