package org.imsemu.cli;

import java.util.concurrent.Callable;
import org.imsemu.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imsemu check SCENARIO}: validates a scenario file and shows the network it describes. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate a scenario file against the schema and the semantic rules, and print its nodes.",
                "Errors are printed as FILE:LINE:COLUMN: what is wrong; exit status 2 when there is any."})
final class CheckCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO",
            description = "scenario file or built-in name (default: the built-in two-domains.xml)")
    String scenario;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Scenario s = ScenarioArgument.load(scenario, spec.commandLine().getErr());
        if (s == null) return ScenarioArgument.BAD_SCENARIO;
        spec.commandLine().getOut().println(s.source() + ": OK");
        spec.commandLine().getOut().println(s.summary());
        return 0;
    }
}
