package org.imsemu.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.imsemu.scenario.Scenario;
import org.imsemu.scenario.ScenarioLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code imsemu demo --all} on the default scenario: every SIP-axis procedure two UEs of different
 * operators can show, each checked against its flow, on top of the release-1 demo. One run; the tests
 * read its result (the hold's RTP counters are checked inside the procedure and reported as problems).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoAllTest {
    Scenario scenario;
    Demo.Result result;
    RecordingProgress progress = new RecordingProgress();

    @BeforeAll
    void runDemo() throws Exception {
        scenario = ScenarioLoader.loadDefault();
        result = Demo.run(scenario, Demo.Options.defaults().withCallDuration(Duration.ofMillis(500)).withAll(true), progress);
    }

    @Test
    void everyProcedurePassesItsFlow() {
        DemoAssertions.assertEveryProcedurePassed(result, progress);
    }

    @Test
    void everyElementOfTheAxisHasItsProcedure() {
        assertThat(result.flows()).extracting(f -> f.verdict().flow()).containsSubsequence(
                List.of("mo-mt-call", "mo-mt-call-as", "message", "call-cancel", "call-anonymous", "call-hold", "session-modification",
                        "call-transfer", "call-redirection", "mo-mt-call-preconditions", "re-registration"));
        assertThat(result.flows()).extracting(FlowRecorder.FlowResult::title).contains(
                "Hold and resume alice -> bob", "Transfer of bob to carol by alice",
                "Redirection of alice's call from bob to carol", "Call alice -> bob with preconditions");
    }
}
