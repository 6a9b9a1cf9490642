package org.imsemu.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.imsemu.conformance.FlowLibrary;
import org.imsemu.scenario.ScenarioLoader;
import org.junit.jupiter.api.Test;

/**
 * {@code imsemu demo --all two-domains-thig.xml}: with domain1.com hiding its topology every procedure
 * still passes its flow, now through icscf1 wherever a message crosses domain1's edge (with no host of
 * domain1 in the rewritten headers there), and the leak scan over the whole run finds nothing.
 */
class DemoAllTopologyHidingTest {

    @Test
    void everyProcedurePassesThroughTheHidingIcscf() throws Exception {
        RecordingProgress progress = new RecordingProgress();
        Demo.Result result = Demo.run(ScenarioLoader.loadBuiltIn("two-domains-thig.xml"),
                Demo.Options.defaults().withCallDuration(Duration.ofMillis(500)).withAll(true), progress);
        DemoAssertions.assertEveryProcedurePassed(result, progress);
        assertThat(progress.toString()).contains("topology hiding of domain1.com");
        // alice's call leaves domain1: the flow has the steps through icscf1 that the plain one lacks
        FlowRecorder.FlowResult call = result.flows().stream().filter(f -> f.title().equals("Call alice -> bob")).findFirst().orElseThrow();
        assertThat(call.verdict().stepsTotal()).isGreaterThan(FlowLibrary.load("mo-mt-call").steps().size());
        assertThat(call.ladder().toString()).contains("icscf1");
    }
}
