package org.imsemu.cli.demo;

import org.imsemu.capture.LadderDiagram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.imsemu.sip.message.SipRequest;
import org.junit.jupiter.api.Test;

/** The demo runs end to end on its own loopback addresses and its flow check passes. */
class StackDemoTest {

    @Test
    void demoFlowPassesAndIsDrawn() throws Exception {
        StackDemo.Result result = new StackDemo("127.0.2", 15060).run();
        assertThat(result.problems()).isEmpty();
        assertThat(result.passed()).isTrue();
        List<StackDemo.Hop> invites = result.hops().stream()
                .filter(h -> h.message() instanceof SipRequest r && r.isMethod("INVITE")).toList();
        assertThat(invites).extracting(h -> h.from() + ">" + h.to()).containsExactly("alice>proxy", "proxy>bob");
        assertThat(((SipRequest) invites.get(1).message()).header("Record-Route")).contains("127.0.2.1:15060;lr");
        String ladder = result.ladder().render();
        assertThat(ladder).contains("alice", "proxy", "bob", "INVITE", "180 Ringing", "BYE");
        assertThat(result.ladder().size()).isEqualTo(result.hops().size());
    }

    @Test
    void ladderDrawsArrowsInBothDirections() {
        LadderDiagram d = new LadderDiagram(List.of("a", "b", "c"));
        d.add("a", "c", "INVITE", "0.000 s");
        d.add("b", "a", "100 Trying", "0.001 s");
        String[] lines = d.render().split("\n");
        assertThat(lines).hasSize(5);
        assertThat(lines[2]).contains("------>").doesNotContain("<-");
        assertThat(lines[4]).contains("<-----").doesNotContain("->");
        assertThat(lines[1]).contains("INVITE");
    }
}
