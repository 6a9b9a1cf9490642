package org.imsemu.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `imsemu` command. Each subcommand is its own class; this one only assembles them. */
@Command(name = "imsemu", mixinStandardHelpOptions = true, version = "imsemu 0.1.0",
        description = "IMS emulator: SIP, Diameter and COPS nodes of a two-domain IMS on one machine.",
        subcommands = {DemoCommand.class, UpCommand.class, CheckCommand.class, org.imsemu.cli.ue.UeCommand.class,
                org.imsemu.cli.hss.HssCommand.class,
                SipProxyCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        quietLibraries();
        System.exit(run(args));
    }

    /**
     * The commands print what a user needs; the libraries' INFO logs (a Diameter peer up, ...) would
     * drown it. IMSEMU_LOG=INFO (or FINE) brings them back.
     */
    static void quietLibraries() {
        String level = System.getenv().getOrDefault("IMSEMU_LOG", "WARNING");
        java.util.logging.Level l;
        try {
            l = java.util.logging.Level.parse(level.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            l = java.util.logging.Level.WARNING;
        }
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.setLevel(l);
        for (java.util.logging.Handler h : root.getHandlers()) h.setLevel(l);
    }

    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
