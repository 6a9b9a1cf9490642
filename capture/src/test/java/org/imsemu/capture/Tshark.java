package org.imsemu.capture;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real tshark on a file; tests that need it are skipped where it is not installed. */
final class Tshark {
    static final Path BINARY = Path.of("/usr/bin/tshark");

    private Tshark() {
    }

    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(BINARY), "tshark is not installed at " + BINARY);
    }

    /** Runs tshark -r file with the arguments; returns its standard output lines (stderr, e.g. the root warning, is ignored). */
    static List<String> run(Path file, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "-n", "-r", file.toString()));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("tshark did not finish: " + cmd);
        }
        if (p.exitValue() != 0) throw new IllegalStateException("tshark exited with " + p.exitValue() + ": " + cmd);
        String s = new String(out, StandardCharsets.UTF_8);
        List<String> lines = new ArrayList<>();
        for (String l : s.split("\n")) {
            if (!l.isBlank()) lines.add(l.stripTrailing());
        }
        return lines;
    }
}
