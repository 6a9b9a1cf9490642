package org.imsemu.cli;

import java.util.concurrent.Callable;
import org.imsemu.cli.demo.StackDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * `imsemu demo`. Today it demonstrates the SIP stack (registrar proxy, two user agents, Digest, a
 * record-routed call); the release-1 issue turns it into the two-domain IMS of the seed paper.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the built-in demonstration and checks its message flow.",
                "Today: a registrar proxy (127.0.1.1), alice (127.0.1.2) and bob (127.0.1.3), each its own host in this JVM;",
                "both register with Digest MD5, alice calls bob through the proxy, hangs up, both unregister.",
                "Exit status 0 when the captured flow is the expected RFC 3261 flow, 1 otherwise."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "5060", description = "SIP port of every host. Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--subnet", defaultValue = "127.0.1", description = "First three octets of the loopback addresses. Default: ${DEFAULT-VALUE}")
    String subnet;

    @Option(names = "--messages", description = "Also print every message in full.")
    boolean messages;

    @Override
    public Integer call() throws Exception {
        System.out.println("imsemu demo: SIP stack demonstration (the two-domain IMS arrives with release 1)");
        StackDemo.Result result = new StackDemo(subnet, port).run();
        System.out.println();
        System.out.print(result.ladder().render());
        if (messages) {
            for (StackDemo.Hop h : result.hops()) {
                System.out.printf("%n----- %s -> %s -----%n%s", h.from(), h.to(), new String(h.message().encode(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        System.out.println();
        System.out.printf("%d messages captured at the sockets.%n", result.hops().size());
        if (result.passed()) {
            System.out.println("PASS: registration with Digest (401/200), record-routed INVITE/180/200/ACK, BYE/200, de-registration");
            return 0;
        }
        result.problems().forEach(p -> System.out.println("FAIL: " + p));
        return 1;
    }
}
