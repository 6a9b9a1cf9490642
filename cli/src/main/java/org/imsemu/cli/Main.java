package org.imsemu.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `imsemu` command. Each subcommand is its own class; this one only assembles them. */
@Command(name = "imsemu", mixinStandardHelpOptions = true, version = "imsemu 0.1.0",
        description = "IMS emulator: SIP, Diameter and COPS nodes of a two-domain IMS on one machine.",
        subcommands = {DemoCommand.class, UpCommand.class, CheckCommand.class, org.imsemu.cli.ue.UeCommand.class,
                SipProxyCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
