package org.imsemu.runtime;

import java.util.List;
import org.imsemu.capture.CaptureBus;
import org.imsemu.capture.CaptureEvent;
import org.imsemu.capture.Direction;
import org.imsemu.capture.MessageLabels;
import org.imsemu.capture.Protocol;
import org.imsemu.capture.Transport;
import org.imsemu.conformance.DiameterSummary;
import org.imsemu.conformance.ObservedMessage;
import org.imsemu.diameter.node.DiameterObserver;

/**
 * Puts Diameter traffic on the capture bus beside SIP, and names both kinds of message for ladders:
 * the capture module knows no Diameter, the runtime knows both.
 */
final class Captures {
    private Captures() {
    }

    /** The capture hook of a Diameter node of host {@code node}. */
    static DiameterObserver diameter(CaptureBus bus, String node) {
        return (direction, local, remote, bytes) -> bus.record(node,
                direction == DiameterObserver.Direction.SENT ? Direction.SENT : Direction.RECEIVED,
                Protocol.DIAMETER, Transport.TCP, local, remote, bytes);
    }

    /** Ladder labels: SIP as the capture module writes them; Diameter as "MAR", "MAA 2001". */
    static List<String> labels(CaptureEvent e) {
        if (e.protocol() != Protocol.DIAMETER) return MessageLabels.choices(e);
        try {
            DiameterSummary d = ObservedMessage.summary(e.bytes());
            return d.request() ? List.of(d.command()) : List.of(d.label(), d.command());
        } catch (RuntimeException ex) {
            return List.of("Diameter?");
        }
    }
}
