package org.imsemu.runtime;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the external tools the tests compare against (dig, tshark, ip). */
final class Processes {
    private Processes() {
    }

    /** The result of a finished command. */
    record Output(int exitCode, String stdout, String stderr) {
    }

    static boolean installed(String path) {
        return new File(path).canExecute();
    }

    /** Runs {@code command}; fails the test if it does not finish within {@code timeoutSeconds}. */
    static Output run(long timeoutSeconds, List<String> command) throws IOException, InterruptedException {
        Path out = Files.createTempFile("imsemu-test", ".out");
        Path err = Files.createTempFile("imsemu-test", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("did not finish within " + timeoutSeconds + " s: " + command);
            }
            return new Output(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    static Output run(long timeoutSeconds, String... command) throws IOException, InterruptedException {
        return run(timeoutSeconds, List.of(command));
    }
}
