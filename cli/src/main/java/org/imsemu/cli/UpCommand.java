package org.imsemu.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.imsemu.capture.CaptureBus;
import org.imsemu.capture.MessageLabels;
import org.imsemu.capture.PcapWriter;
import org.imsemu.runtime.ImsNetwork;
import org.imsemu.runtime.Topology;
import org.imsemu.scenario.Scenario;
import org.imsemu.scenario.Ue;
import org.imsemu.ue.AnswerPolicy;
import org.imsemu.ue.UserEquipment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imsemu up}: runs a scenario until Ctrl-C or SIGTERM. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Runs every node of the scenario in this JVM, each its own host, until Ctrl-C or SIGTERM.",
                "Prints the topology once every node serves, then writes it as JSON (--topology-out).",
                "The scenario's UEs are started and registered (they answer calls) unless --no-ues."})
final class UpCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "SCENARIO",
            description = "scenario file or built-in name (default: two-domains.xml)")
    String scenario;

    @Option(names = "--pcap", paramLabel = "FILE", description = "write every captured message to this pcap file")
    Path pcap;

    @Option(names = "--topology-out", paramLabel = "FILE",
            description = "write the topology as JSON once every node is serving")
    Path topologyOut;

    @Option(names = "--no-ues", description = "do not start the scenario's UEs (leave the addresses to external UEs)")
    boolean noUes;

    @Option(names = "--trace", description = "print one line per captured message")
    boolean trace;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "stop after this many seconds (default: run until stopped)")
    Long duration;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "where each domain's HSS keeps its database (hss-DOMAIN.mv.db), shared with `imsemu hss`;"
                    + " subscribers added there survive restarts. Default: ~/.imsemu")
    Path dataDir = Path.of(System.getProperty("user.home"), ".imsemu");

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Scenario s = ScenarioArgument.load(scenario, spec.commandLine().getErr());
        if (s == null) return ScenarioArgument.BAD_SCENARIO;
        CaptureBus bus = CaptureBus.streaming(); // up may run for days: keep nothing, stream to pcap/trace
        PcapWriter writer = pcap == null ? null : PcapWriter.open(pcap);
        if (writer != null) bus.subscribe(writer.asListener());
        if (trace) {
            bus.subscribe(e -> {
                out.printf("%s %-8s -> %-8s %s%n", java.time.Instant.ofEpochMilli(e.timeMillis()), bus.nameOf(e.source()),
                        bus.nameOf(e.destination()), MessageLabels.choices(e).get(0));
                out.flush();
            });
        }
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "imsemu-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ImsNetwork net;
        try {
            Files.createDirectories(dataDir);
            net = ImsNetwork.start(s, bus, ImsNetwork.Options.defaults().withHssDirectory(dataDir));
        } catch (RuntimeException | java.io.IOException e) {
            spec.commandLine().getErr().println("imsemu up: " + e.getMessage());
            Runtime.getRuntime().removeShutdownHook(hook);
            return 1;
        }
        try {
            if (!noUes) {
                for (Ue ue : s.ues()) {
                    if (ue.password().isEmpty()) continue; // AKA UEs come with the HSS issue
                    UserEquipment u = net.startUe(ue.name(), AnswerPolicy.autoAnswer(java.time.Duration.ofMillis(500)));
                    u.register().get(15, TimeUnit.SECONDS);
                }
            }
            Topology topology = net.topology();
            out.println("imsemu up: scenario " + s.name() + " (" + s.source() + ") is serving");
            out.print(topology.toTable());
            net.notices().forEach(n -> out.println("note: " + n));
            if (topologyOut != null) {
                Path tmp = topologyOut.resolveSibling(topologyOut.getFileName() + ".tmp");
                Files.writeString(tmp, topology.toJson(), StandardCharsets.UTF_8);
                Files.move(tmp, topologyOut, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                out.println("topology written to " + topologyOut);
            }
            out.println("Ctrl-C stops every node.");
            out.flush();
            if (duration != null) stop.await(duration, TimeUnit.SECONDS);
            else stop.await();
            return 0;
        } finally {
            net.close();
            bus.awaitDispatched();
            if (writer != null) writer.close();
            bus.close();
            out.println("imsemu up: stopped");
            out.flush();
            stopped.countDown();
            if (stop.getCount() > 0) Runtime.getRuntime().removeShutdownHook(hook);
        }
    }
}
