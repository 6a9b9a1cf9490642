package org.imsemu.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Runs SIPp (Debian package sip-tester) as an external peer, in its own working directory. */
final class Sipp {
    private final Path workDir;
    private final List<String> args = new ArrayList<>();
    private Process process;
    private Path output;

    Sipp(Path workDir, String scenarioResource) {
        this(workDir, scenarioResource, java.util.Map.of());
    }

    /** With {@code @NAME@} placeholders of the scenario replaced (for what SIPp cannot take from -key). */
    Sipp(Path workDir, String scenarioResource, java.util.Map<String, String> placeholders) {
        this.workDir = workDir;
        args.add("sipp");
        args.add("-sf");
        args.add(copyScenario(workDir, scenarioResource, placeholders).toString());
        args.add("-trace_err");
        args.add("-trace_msg");
        args.add("-nostdin");
        args.add("-timeout");
        args.add("30s");
        args.add("-timeout_error");
    }

    static void requireInstalled() {
        try {
            Process p = new ProcessBuilder("sipp", "-v").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("SIPp is not installed: apt-get install sip-tester (.ci/run does it)", e);
        }
    }

    private static Path copyScenario(Path dir, String resource, java.util.Map<String, String> placeholders) {
        try (InputStream in = Sipp.class.getResourceAsStream("/sipp/" + resource)) {
            if (in == null) throw new IllegalArgumentException("no scenario " + resource);
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            for (var e : placeholders.entrySet()) text = text.replace("@" + e.getKey() + "@", e.getValue());
            Path p = dir.resolve(System.nanoTime() + "-" + resource);
            Files.writeString(p, text, StandardCharsets.ISO_8859_1);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Sipp arg(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    Sipp key(String name, String value) {
        return arg("-key", name, value);
    }

    Sipp start() throws IOException {
        output = workDir.resolve("sipp-" + System.nanoTime() + ".out");
        process = new ProcessBuilder(args).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return this;
    }

    /** The end of what this SIPp printed (its final statistics, or why it would not load a scenario). */
    String output() throws IOException {
        if (output == null || !Files.exists(output)) return "";
        String s = Files.readString(output, StandardCharsets.ISO_8859_1);
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }

    /** Waits for SIPp to end and returns its exit status (0: every call succeeded). */
    int await(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("SIPp did not finish within " + seconds + " s: " + args);
        }
        return process.exitValue();
    }

    void kill() {
        if (process != null) process.destroyForcibly();
    }

    /** Everything SIPp wrote to its -trace_err files (unexpected messages, failed calls). */
    String errors() throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(workDir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith("_errors.log")).toList()) {
                sb.append(Files.readString(p, StandardCharsets.ISO_8859_1));
            }
        }
        return sb.toString();
    }

    /** The -trace_msg logs, for failure messages. */
    String messages() throws IOException {
        StringBuilder sb = new StringBuilder();
        try (Stream<Path> files = Files.list(workDir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith("_messages.log")).toList()) {
                String s = Files.readString(p, StandardCharsets.ISO_8859_1);
                sb.append("==== ").append(p.getFileName()).append('\n').append(s.length() > 6000 ? s.substring(s.length() - 6000) : s);
            }
        }
        return sb.toString();
    }

    /**
     * Waits until something listens on {@code ipv4}:{@code port} (a bound UDP socket, or a TCP socket in
     * LISTEN state), reading the kernel's socket tables rather than probing, which would disturb SIPp.
     */
    static void awaitListening(String ipv4, int port, boolean tcp, long seconds) throws InterruptedException, IOException {
        byte[] a = InetAddress.getByName(ipv4).getAddress();
        // /proc/net/{udp,tcp} write an IPv4 address as the hex of its 32-bit host-order (little-endian) value
        String local = String.format("%02X%02X%02X%02X:%04X", a[3] & 0xff, a[2] & 0xff, a[1] & 0xff, a[0] & 0xff, port);
        Path table = Path.of(tcp ? "/proc/net/tcp" : "/proc/net/udp");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(table)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].equals(local) && (!tcp || f[3].equals("0A"))) return; // 0A: TCP_LISTEN
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nothing listens on " + ipv4 + ":" + port + (tcp ? "/tcp" : "/udp") + " after " + seconds + " s");
    }

    /** A port free for both UDP and TCP on 127.0.0.1. */
    static int freePort() throws IOException {
        for (int i = 0; i < 50; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = s.getLocalPort();
                try (DatagramSocket d = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no free port");
    }
}
