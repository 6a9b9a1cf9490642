package org.imsemu.runtime;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.imsemu.capture.CaptureBus;
import org.imsemu.ue.AnswerPolicy;
import org.imsemu.ue.Registration;
import org.imsemu.ue.UserEquipment;

/**
 * Run by {@link DnsNodeTest} in a child JVM that may not bind ports below 1024: brings up the test
 * scenario with DNS fallback port {@code args[0]}, registers ann through it, prints what happened, and
 * keeps running until its standard input closes.
 */
public final class UnprivilegedNetworkMain {
    private UnprivilegedNetworkMain() {
    }

    public static void main(String[] args) throws Exception {
        int fallback = Integer.parseInt(args[0]);
        try (CaptureBus bus = new CaptureBus();
             ImsNetwork net = ImsNetwork.start(TestScenarios.ipv4("rt-unprivileged"), bus,
                     new ImsNetwork.Options(fallback, ImsNetwork.Options.defaults().noAnswerMillis(), null))) {
            net.notices().forEach(n -> System.out.println("NOTICE " + n));
            System.out.println("DNS " + net.dnsAddress().getPort());
            UserEquipment ann = net.startUe("ann", AnswerPolicy.never());
            Registration r = ann.register().get(20, TimeUnit.SECONDS);
            System.out.println("REGISTER " + r.status());
            System.out.println("READY");
            System.out.flush();
            waitForEndOfInput();
        }
        System.out.println("CLOSED");
    }

    private static void waitForEndOfInput() throws IOException {
        while (System.in.read() >= 0) {
            // the parent closes our input when it is done
        }
    }
}
