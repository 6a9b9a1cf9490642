package org.imsemu.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** `imsemu demo`: the two-domain IMS demonstration. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the two-domain IMS demonstration (release 1; not built yet).")
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("imsemu demo: the two-domain IMS (release 1) is not built yet. Available now: imsemu sip-proxy.");
        return 2;
    }
}
