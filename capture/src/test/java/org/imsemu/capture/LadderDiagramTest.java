package org.imsemu.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LadderDiagramTest {
    private static final InetSocketAddress UE = new InetSocketAddress("127.0.1.20", 5060);
    private static final InetSocketAddress PCSCF = new InetSocketAddress("127.0.1.10", 5060);
    private static final InetSocketAddress SCSCF = new InetSocketAddress("127.0.1.12", 5060);
    private static final InetSocketAddress SIPP = new InetSocketAddress("192.0.2.7", 5070);

    private static byte[] request(String method) {
        return (method + " sip:bob@domain2.com SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.1.20;branch=z9hG4bK1\r\n"
                + "From: <sip:alice@domain1.com>;tag=1\r\nTo: <sip:bob@domain2.com>\r\nCall-ID: c\r\nCSeq: 1 " + method
                + "\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] response(int status, String reason, String method) {
        return ("SIP/2.0 " + status + " " + reason + "\r\nVia: SIP/2.0/UDP 127.0.1.20;branch=z9hG4bK1\r\n"
                + "From: <sip:alice@domain1.com>;tag=1\r\nTo: <sip:bob@domain2.com>;tag=2\r\nCall-ID: c\r\nCSeq: 1 " + method
                + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static CaptureBus bus() throws Exception {
        CaptureBus bus = new CaptureBus();
        bus.registerNode("UE#1", UE.getAddress());
        bus.registerNode("P-CSCF#1", PCSCF.getAddress());
        bus.registerNode("S-CSCF#1", SCSCF.getAddress());
        return bus;
    }

    private static void send(CaptureBus bus, String node, InetSocketAddress local, InetSocketAddress remote, byte[] m, long ms) {
        bus.record(node, Direction.SENT, Protocol.SIP, Transport.UDP, local, remote, 1_000 + ms, ms * 1_000_000L, m);
    }

    @Test
    void smallFlowHasOneArrowPerMessageWithLabelsAndRelativeTimes() throws Exception {
        CaptureBus bus = bus();
        send(bus, "UE#1", UE, PCSCF, request("INVITE"), 100);
        send(bus, "P-CSCF#1", PCSCF, UE, response(100, "Trying", "INVITE"), 101);
        send(bus, "P-CSCF#1", PCSCF, SCSCF, request("INVITE"), 102);
        send(bus, "S-CSCF#1", SCSCF, PCSCF, response(180, "Ringing", "INVITE"), 150);
        send(bus, "P-CSCF#1", PCSCF, UE, response(200, "OK", "INVITE"), 1_350);
        // The reverse of a registered node's SENT is dropped, an external peer's message is kept.
        bus.record("S-CSCF#1", Direction.RECEIVED, Protocol.SIP, Transport.UDP, SCSCF, PCSCF, request("INVITE"));
        bus.record("S-CSCF#1", Direction.RECEIVED, Protocol.SIP, Transport.UDP, SCSCF, SIPP, request("MESSAGE"));

        LadderDiagram d = LadderDiagram.of(bus.events(), List.of("UE#1", "P-CSCF#1", "S-CSCF#1"), bus);
        assertThat(d.nodes()).containsExactly("UE#1", "P-CSCF#1", "S-CSCF#1", "192.0.2.7:5070");
        assertThat(d.size()).isEqualTo(6);
        String[] lines = d.render().split("\n");
        assertThat(lines).hasSize(1 + 2 * 6);
        assertThat(lines[0]).contains("UE#1", "P-CSCF#1", "S-CSCF#1", "192.0.2.7:5070");
        assertThat(lines[1]).contains("INVITE");
        assertThat(lines[2]).startsWith("0.000 s").contains("--->").doesNotContain("<-");
        assertThat(lines[3]).contains("100 Trying");
        assertThat(lines[4]).startsWith("0.001 s").contains("<---").doesNotContain("->");
        assertThat(lines[7]).contains("180 Ringing");
        assertThat(lines[9]).contains("200 OK (INVITE)");
        assertThat(lines[10]).startsWith("1.250 s");
        assertThat(lines[11]).contains("MESSAGE");
        assertThat(lines[12]).contains("<-"); // from the external column on the right
        // Arrow ends sit on the right lifelines: UE#1 -> P-CSCF#1 ends just before P-CSCF#1's line.
        assertThat(lines[2].charAt(lines[2].indexOf('>') + 1)).isEqualTo('|');
        assertThat(lines[2].indexOf('>') + 1).isEqualTo(lines[0].indexOf("P-CSCF#1") + "P-CSCF#1".length() / 2);
    }

    @Test
    void eightColumnsFitIn130CharactersWithEllipsizedLabels() {
        List<String> nodes = List.of("UE#1", "P-CSCF#1", "S-CSCF#1", "I-CSCF#2", "S-CSCF#2", "P-CSCF#2", "UE#2", "a-very-long-node-name");
        LadderDiagram d = new LadderDiagram(nodes);
        d.add("UE#1", "P-CSCF#1", List.of("401 Unauthorized (REGISTER)", "401 (REGISTER)", "401 Unauthorized"), "0.000 s");
        d.add("P-CSCF#2", "UE#2", "183 Session Progress", "0.010 s");
        d.add("UE#2", "UE#1", "a label long enough to need cutting even across six columns of fifteen characters each, really it is", "0.020 s");
        String out = d.render();
        assertThat(Arrays.stream(out.split("\n")).mapToInt(String::length).max().orElseThrow()).isLessThanOrEqualTo(130);
        assertThat(out).contains("401 Unautho…", "183 Session…", "a-very-long-n…", "UE#2").doesNotContain("really it is");
        String[] lines = out.split("\n");
        assertThat(lines[6]).contains("<------").doesNotContain(">");
    }

    @Test
    void shorterLabelChoiceIsUsedWhenTheFullOneDoesNotFit() {
        LadderDiagram d = new LadderDiagram(List.of("a", "b", "c", "d", "e", "f", "g", "h"));
        d.add("a", "b", MessageLabels.sip(response(200, "OK", "INVITE")), "0.000 s");
        d.add("a", "c", MessageLabels.sip(response(200, "OK", "INVITE")), "0.000 s");
        String[] lines = d.render().split("\n");
        assertThat(lines[1]).contains("200 (INVITE)").doesNotContain("OK");
        assertThat(lines[3]).contains("200 OK (INVITE)");
    }

    @Test
    void labelsNameRequestsStatusAndMethodOfFinalResponses() {
        assertThat(MessageLabels.sip(request("REGISTER"))).containsExactly("REGISTER");
        assertThat(MessageLabels.sip(response(180, "Ringing", "INVITE"))).containsExactly("180 Ringing");
        assertThat(MessageLabels.sip(response(487, "Request Terminated", "INVITE")).get(0)).isEqualTo("487 Request Terminated (INVITE)");
        assertThat(MessageLabels.sip("garbage".getBytes(StandardCharsets.UTF_8))).containsExactly("malformed SIP");
        CaptureEvent dia = new CaptureEvent(0, "n", Direction.SENT, Protocol.DIAMETER, Transport.SCTP, UE, PCSCF, 0, 0, new byte[20]);
        assertThat(MessageLabels.of(dia)).isEqualTo("DIAMETER");
    }

    @Test
    void arrowsBetweenUnknownOrIdenticalColumnsAreRejected() throws Exception {
        LadderDiagram d = new LadderDiagram(List.of("a", "b"));
        assertThatThrownBy(() -> d.add("a", "a", "X", "0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.add("a", "z", "X", "0")).hasMessageContaining("z");
        assertThatThrownBy(() -> new LadderDiagram(List.of("a", "a"))).isInstanceOf(IllegalArgumentException.class);
        CaptureBus bus = bus();
        assertThat(bus.nodeAt(InetAddress.getByName("127.0.1.10"))).isEqualTo("P-CSCF#1");
    }
}
