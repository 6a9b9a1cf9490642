package org.imsemu.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.imsemu.capture.CaptureBus;
import org.imsemu.capture.Direction;
import org.imsemu.capture.Protocol;
import org.imsemu.capture.Transport;
import org.junit.jupiter.api.Test;

/** From bus events to role-labelled messages, and a whole comparison from captured bytes. */
class ObservedMessageTest {
    @Test
    void captureEventsBecomeRoleLabelledMessages() throws Exception {
        CaptureBus bus = new CaptureBus();
        InetSocketAddress ue = new InetSocketAddress("127.0.1.20", 5060);
        InetSocketAddress pcscf = new InetSocketAddress("127.0.1.10", 5060);
        InetSocketAddress icscf = new InetSocketAddress("127.0.1.11", 5060);
        InetSocketAddress scscf = new InetSocketAddress("127.0.1.12", 5060);
        InetSocketAddress sipp = new InetSocketAddress("192.0.2.9", 5080);
        Map<String, InetSocketAddress> at = Map.of("alice-ue", ue, "pcscf.domain1.com", pcscf, "icscf.domain1.com", icscf,
                "scscf.domain1.com", scscf);
        for (var e : at.entrySet()) bus.registerNode(e.getKey(), e.getValue().getAddress());
        Map<String, String> roles = Map.of("alice-ue", "UE#1", "pcscf.domain1.com", "P-CSCF#1", "icscf.domain1.com", "I-CSCF#1",
                "scscf.domain1.com", "S-CSCF#1");
        Map<String, String> nodeOfRole = Map.of("UE#1", "alice-ue", "P-CSCF#1", "pcscf.domain1.com", "I-CSCF#1", "icscf.domain1.com",
                "S-CSCF#1", "scscf.domain1.com");

        // Each message is reported by both ends; the bus keeps one. A DNS query and a message from an
        // external peer are recorded too.
        for (ObservedMessage m : Fixtures.registration()) {
            String from = nodeOfRole.get(m.from());
            String to = nodeOfRole.get(m.to());
            byte[] bytes = m.message().encode();
            bus.record(from, Direction.SENT, Protocol.SIP, Transport.UDP, at.get(from), at.get(to), bytes);
            bus.record(to, Direction.RECEIVED, Protocol.SIP, Transport.UDP, at.get(to), at.get(from), bytes);
        }
        bus.record("pcscf.domain1.com", Direction.SENT, Protocol.DNS, Transport.UDP, pcscf, new InetSocketAddress("127.0.1.2", 53), new byte[12]);
        bus.record("pcscf.domain1.com", Direction.RECEIVED, Protocol.SIP, Transport.UDP, pcscf, sipp,
                Fixtures.request("OPTIONS", 1, null).encode());

        List<ObservedMessage> observed = ObservedMessage.fromCapture(bus.events(), roles, bus);
        assertThat(observed).hasSize(13);
        assertThat(observed.get(0).describe()).isEqualTo("UE#1 -> P-CSCF#1 REGISTER sip:bob@domain2.com SIP/2.0");
        assertThat(observed.get(12).from()).isEqualTo("192.0.2.9:5080");
        assertThat(observed.get(12).to()).isEqualTo("P-CSCF#1");
        assertThat(bus.nodeAt(InetAddress.getByName("127.0.1.12"))).isEqualTo("scscf.domain1.com");

        Verdict v = FlowComparator.compare(FlowLibrary.load("registration"), observed);
        assertThat(v.passed()).as(v.explanation()).isTrue();
        assertThat(v.compared()).isEqualTo(12); // the external OPTIONS plays no role
    }
}
