package org.imsemu.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.imsemu.scenario.Scenario;
import org.imsemu.scenario.ScenarioException;
import org.imsemu.scenario.ScenarioLoader;

/**
 * The optional SCENARIO argument shared by {@code up}, {@code demo} and {@code check}: a file, or the
 * name of a built-in scenario, or nothing for the default (scenarios/two-domains.xml).
 */
final class ScenarioArgument {
    /** Exit status for a scenario file that cannot be used. */
    static final int BAD_SCENARIO = 2;

    private ScenarioArgument() {
    }

    /** The scenario, or null after printing FILE:LINE:COLUMN errors to {@code err}. */
    static Scenario load(String argument, PrintWriter err) {
        try {
            if (argument == null) return ScenarioLoader.loadDefault();
            Path p = Path.of(argument);
            if (!Files.exists(p) && ScenarioLoader.BUILT_IN.contains(argument)) return ScenarioLoader.loadBuiltIn(argument);
            if (!Files.exists(p)) {
                err.println(argument + ": no such file (built-in scenarios: " + String.join(", ", ScenarioLoader.BUILT_IN) + ")");
                return null;
            }
            return ScenarioLoader.load(p);
        } catch (ScenarioException e) {
            err.println(e.report());
            return null;
        }
    }
}
