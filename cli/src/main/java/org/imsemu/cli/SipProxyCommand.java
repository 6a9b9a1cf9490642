package org.imsemu.cli;

import io.netty.channel.EventLoopGroup;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.imsemu.sip.registrar.LocationService;
import org.imsemu.cli.sipproxy.RegistrarProxy;
import org.imsemu.sip.stack.SipStack;
import org.imsemu.sip.transport.CapturedMessage;
import org.imsemu.sip.transport.MessageObserver;
import org.imsemu.sip.transport.TargetResolver;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.transport.Transports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** `imsemu sip-proxy`: a registrar and stateful record-routing proxy built from the SIP library, for debugging and load tests. */
@Command(name = "sip-proxy", mixinStandardHelpOptions = true,
        description = {"Runs a plain SIP registrar and stateful, record-routing proxy (RFC 3261) built from the imsemu SIP stack.",
                "REGISTERs for --domain are stored; requests for registered users go to their contacts;",
                "all other requests follow their Request-URI. Runs until interrupted or --duration elapses."})
final class SipProxyCommand implements Callable<Integer> {

    @Option(names = "--address", defaultValue = "127.0.0.1", description = "IP address to listen on (IPv4 or IPv6). Default: ${DEFAULT-VALUE}")
    String address;

    @Option(names = "--port", defaultValue = "5060", description = "SIP port for UDP and TCP. Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--domain", description = "Domain this registrar serves. Default: the address.")
    String domain;

    @Option(names = "--transport", split = ",", defaultValue = "udp,tcp", description = "Transports to open. Default: ${DEFAULT-VALUE}")
    List<TransportType> transports;

    @Option(names = "--user", description = "USER=PASSWORD: require Digest MD5 authentication of REGISTER; repeatable.")
    java.util.Map<String, String> users = new java.util.HashMap<>();

    @Option(names = "--trace", description = "Print every message sent and received.")
    boolean trace;

    @Option(names = "--duration", defaultValue = "0", description = "Stop after this many seconds (0: run until interrupted).")
    long duration;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        MessageObserver observer = trace ? m -> printTrace(out, m) : MessageObserver.NONE;
        EventLoopGroup group = Transports.newEventLoopGroup(1);
        LocationService location = new LocationService(System::currentTimeMillis);
        String dom = domain != null ? domain : address;
        SipStack.Config config = new SipStack.Config(address, port, EnumSet.copyOf(transports), null, observer);
        SipStack stack;
        try {
            stack = SipStack.startProxy(config, group, new RegistrarProxy(dom, location, users), TargetResolver.NUMERIC, pc -> pc);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            System.err.println("imsemu sip-proxy: " + e.getMessage());
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            stack.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }));
        out.printf("imsemu sip-proxy: registrar for %s, listening on %s %s%n", dom, transports, stack.localAddress(transports.get(0)));
        out.flush();
        if (duration > 0) stop.await(duration, TimeUnit.SECONDS);
        else stop.await();
        return 0;
    }

    private static void printTrace(PrintStream out, CapturedMessage m) {
        String arrow = m.direction() == CapturedMessage.Direction.SENT ? "-->" : "<--";
        String text = new String(m.bytes(), StandardCharsets.UTF_8);
        synchronized (out) {
            out.printf("%s %s %s (%d bytes)%n%s%n", arrow, m.transport(), m.remote(), m.bytes().length, text);
        }
    }
}
