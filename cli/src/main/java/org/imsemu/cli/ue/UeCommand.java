package org.imsemu.cli.ue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.imsemu.rtp.RtpStatistics;
import org.imsemu.sip.transport.CapturedMessage;
import org.imsemu.sip.transport.MessageObserver;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.ue.AnswerPolicy;
import org.imsemu.ue.Call;
import org.imsemu.ue.CallEnd;
import org.imsemu.ue.Registration;
import org.imsemu.ue.UeConfig;
import org.imsemu.ue.UserEquipment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `imsemu ue`: an IMS user equipment against any IMS (P-CSCF address given), thin over the ue library. */
@Command(name = "ue", mixinStandardHelpOptions = true,
        description = {"An IMS UE (3GPP TS 24.229, Digest MD5): registers through a P-CSCF, makes or takes a call with" +
                " SDP and a real G.711 tone over RTP, and prints what happened."},
        subcommands = {UeCommand.Register.class, UeCommand.CallCommand.class, UeCommand.Answer.class})
public final class UeCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** The options every subcommand shares: who the UE is and where its P-CSCF is. */
    static final class UeOptions {
        @Option(names = "--pcscf", required = true, paramLabel = "HOST:PORT", description = "P-CSCF address (the outbound proxy); port default 5060.")
        String pcscf;

        @Option(names = "--impu", required = true, paramLabel = "URI", description = "Public user identity, e.g. sip:alice@domain1.com.")
        String impu;

        @Option(names = "--impi", paramLabel = "ID", description = "Private user identity (Digest username). Default: user@domain of the IMPU.")
        String impi;

        @Option(names = "--password", description = "Shared secret for Digest MD5 (needed unless --k is given).")
        String password;

        @Option(names = "--k", paramLabel = "HEX", description = "IMS AKA subscriber key K (32 hex digits): answers AKAv1-MD5 challenges.")
        String k;

        @Option(names = "--op", paramLabel = "HEX", description = "IMS AKA operator variant OP (32 hex digits).")
        String op;

        @Option(names = "--opc", paramLabel = "HEX", description = "IMS AKA OPc (32 hex digits), instead of --op.")
        String opc;

        @Option(names = "--local", paramLabel = "ADDRESS[:PORT]",
                description = "The UE's own IP address and SIP port. Default: the address that routes to the P-CSCF, port 5060.")
        String local;

        @Option(names = "--transport", defaultValue = "udp", description = "udp or tcp. Default: ${DEFAULT-VALUE}")
        String transport;

        @Option(names = "--expires", defaultValue = "3600", description = "Registration expiry asked for, in seconds. Default: ${DEFAULT-VALUE}")
        long expires;

        @Option(names = "--rtp-ports", defaultValue = "40000-40998", paramLabel = "MIN-MAX", description = "Local RTP port range. Default: ${DEFAULT-VALUE}")
        String rtpPorts;

        @Option(names = "--trace", description = "Print the start line of every SIP message sent and received.")
        boolean trace;

        UeConfig.Builder builder() {
            InetSocketAddress p = hostPort(pcscf, 5060, "--pcscf");
            String host;
            int port = 5060;
            if (local != null) {
                InetSocketAddress l = hostPort(local, 5060, "--local");
                host = l.getAddress().getHostAddress();
                port = l.getPort();
            } else {
                host = routeTo(p);
                if (host.equals(p.getAddress().getHostAddress()) && p.getPort() == 5060) port = 0; // the P-CSCF has 5060 here
            }
            TransportType t = switch (transport.toLowerCase(java.util.Locale.ROOT)) {
                case "udp" -> TransportType.UDP;
                case "tcp" -> TransportType.TCP;
                default -> throw new IllegalArgumentException("--transport must be udp or tcp, not " + transport);
            };
            String[] range = rtpPorts.split("-");
            if (range.length != 2) throw new IllegalArgumentException("--rtp-ports must be MIN-MAX, not " + rtpPorts);
            if (password == null && k == null) throw new IllegalArgumentException("give --password (Digest) or --k with --op/--opc (AKA)");
            if (k != null && (op == null) == (opc == null)) throw new IllegalArgumentException("with --k give exactly one of --op and --opc");
            UeConfig.Builder b = UeConfig.builder(impu, password == null ? "" : password, host, p).sipPort(port).transport(t)
                    .registrationExpires(expires)
                    .rtpPorts(Integer.parseInt(range[0].strip()), Integer.parseInt(range[1].strip()));
            if (impi != null) b.impi(impi);
            if (k != null) {
                b.digestAlgorithms(java.util.List.of(org.imsemu.ue.AkaAlgorithm.fromHex(k, opc != null ? opc : op, opc != null),
                        org.imsemu.sip.ua.DigestAlgorithm.MD5));
            }
            if (trace) b.observer(UeOptions::trace);
            return b;
        }

        private static void trace(CapturedMessage m) {
            String text = new String(m.bytes(), StandardCharsets.UTF_8);
            int eol = text.indexOf('\r');
            String arrow = m.direction() == CapturedMessage.Direction.SENT ? "-->" : "<--";
            System.out.printf("%s %s %s%n", arrow, m.remote(), eol < 0 ? text : text.substring(0, eol));
        }
    }

    // ---- subcommands ----

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = {"Registers (answering the Digest challenge), prints the result (Service-Route, P-Associated-URI," +
                    " expiry), stays registered for --stay seconds (refreshing as needed), then de-registers."})
    static final class Register implements Callable<Integer> {
        @Mixin
        UeOptions ue;

        @Option(names = "--stay", defaultValue = "0", description = "Seconds to stay registered before de-registering. Default: ${DEFAULT-VALUE}")
        long stay;

        @Override
        public Integer call() throws Exception {
            return run(ue::builder, u -> {
                Registration r = registerOrFail(u);
                if (r == null) return 1;
                if (stay > 0) {
                    System.out.printf("staying registered for %d s%n", stay);
                    Thread.sleep(stay * 1000);
                }
                return unregister(u);
            });
        }
    }

    @Command(name = "call", mixinStandardHelpOptions = true,
            description = {"Registers, calls --to, keeps the call and its RTP tone up for --duration seconds, hangs up," +
                    " prints the RTP statistics (packets sent and received, loss, jitter) and de-registers." +
                    " Exit status 0 when the call was established and RTP arrived."})
    static final class CallCommand implements Callable<Integer> {
        @Mixin
        UeOptions ue;

        @Option(names = "--to", required = true, paramLabel = "URI", description = "Whom to call, e.g. sip:bob@domain2.com or tel:+123.")
        String to;

        @Option(names = "--duration", defaultValue = "5", description = "Seconds the call stays up. Default: ${DEFAULT-VALUE}")
        long duration;

        @Override
        public Integer call() throws Exception {
            return run(ue::builder, u -> {
                if (registerOrFail(u) == null) return 1;
                System.out.printf("calling %s%n", to);
                Call c = u.call(to);
                c.answered().thenRun(() -> {
                    System.out.printf("answered; hanging up in %d s%n", duration);
                    CompletableFuture.delayedExecutor(duration, TimeUnit.SECONDS).execute(c::hangUp);
                });
                CallEnd end = await(c.ended(), duration + 90);
                int status = report(c, end);
                unregister(u);
                return status;
            });
        }
    }

    @Command(name = "answer", mixinStandardHelpOptions = true,
            description = {"Registers, waits for a call, answers it (180, then 200 after --answer-after ms), keeps it until" +
                    " the caller hangs up (or --duration seconds), prints the RTP statistics and de-registers."})
    static final class Answer implements Callable<Integer> {
        @Mixin
        UeOptions ue;

        @Option(names = "--wait", defaultValue = "120", description = "Seconds to wait for a call. Default: ${DEFAULT-VALUE}")
        long wait;

        @Option(names = "--answer-after", defaultValue = "500", description = "Milliseconds of ringing before answering. Default: ${DEFAULT-VALUE}")
        long answerAfter;

        @Option(names = "--duration", defaultValue = "0", description = "Hang up after this many seconds (0: wait for the caller's BYE).")
        long duration;

        @Override
        public Integer call() throws Exception {
            return run(() -> ue.builder().answerPolicy(AnswerPolicy.autoAnswer(Duration.ofMillis(answerAfter))), u -> {
                if (registerOrFail(u) == null) return 1;
                System.out.printf("waiting %d s for a call to %s%n", wait, u.config().impu());
                Call c;
                try {
                    c = u.nextIncomingCall().get(wait, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    System.err.println("imsemu ue answer: no call within " + wait + " s");
                    unregister(u);
                    return 1;
                }
                System.out.printf("incoming call from %s%n", c.remoteUri());
                if (duration > 0) c.answered().thenRun(() -> CompletableFuture.delayedExecutor(duration, TimeUnit.SECONDS).execute(c::hangUp));
                CallEnd end = await(c.ended(), (duration > 0 ? duration : 24 * 3600) + 90);
                int status = report(c, end);
                unregister(u);
                return status;
            });
        }
    }

    // ---- shared steps ----

    @FunctionalInterface
    interface Body {
        int run(UserEquipment ue) throws Exception;
    }

    static int run(java.util.function.Supplier<UeConfig.Builder> builder, Body body) {
        UeConfig config;
        try {
            config = builder.get().build();
        } catch (RuntimeException e) {
            System.err.println("imsemu ue: " + e.getMessage());
            return 2;
        }
        try (UserEquipment ue = UserEquipment.start(config)) {
            System.out.printf("UE %s (%s) on %s via P-CSCF %s%n", config.impu(), config.impi(), ue.sipAddress(), config.pcscf());
            return body.run(ue);
        } catch (Exception e) {
            System.err.println("imsemu ue: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        }
    }

    static Registration registerOrFail(UserEquipment ue) throws Exception {
        Registration r = await(ue.register(), 60);
        if (!r.isRegistered()) {
            System.err.printf("imsemu ue: registration failed: %d %s%n", r.status(), r.reason());
            return null;
        }
        System.out.printf("registered: %d %s, expires %d s, %d REGISTER(s), %d challenge(s)%n", r.status(), r.reason(), r.expires(),
                r.requestsSent(), r.challenges());
        System.out.printf("  Service-Route: %s%n  P-Associated-URI: %s%n", r.serviceRoutes(), r.associatedUris());
        return r;
    }

    static int unregister(UserEquipment ue) throws Exception {
        Registration r = await(ue.unregister(), 60);
        System.out.printf("de-registered: %d %s%n", r.status(), r.reason());
        return r.isSuccess() ? 0 : 1;
    }

    static int report(Call c, CallEnd end) {
        RtpStatistics s = end.rtp();
        System.out.printf("call ended: %s, final status %d %s%n", end.cause(), end.status(), end.reason() == null ? "" : end.reason());
        System.out.printf("RTP: sent %d packets, received %d packets, lost %d (%.1f %%), jitter %.2f ms, audio %s%n",
                s.packetsSent(), s.packetsReceived(), s.cumulativeLost(), s.lossFraction() * 100, s.jitterMs(),
                s.audioDetected() ? "detected" : "not detected");
        if (!end.wasEstablished()) {
            System.err.printf("imsemu ue: call to %s failed: %d %s%n", c.remoteUri(), end.status(), end.reason());
            return 1;
        }
        if (s.packetsReceived() == 0) {
            System.err.println("imsemu ue: the call was established but no RTP arrived");
            return 1;
        }
        return 0;
    }

    static <T> T await(CompletableFuture<T> f, long seconds) throws Exception {
        try {
            return f.get(seconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception x ? x : e;
        }
    }

    /** HOST:PORT, [IPv6]:PORT or HOST alone, resolved once. */
    static InetSocketAddress hostPort(String s, int defaultPort, String option) {
        String host = s;
        int port = defaultPort;
        try {
            if (s.startsWith("[")) {
                int end = s.indexOf(']');
                host = s.substring(1, end);
                if (s.length() > end + 1) port = Integer.parseInt(s.substring(end + 2));
            } else if (s.indexOf(':') >= 0 && s.indexOf(':') == s.lastIndexOf(':')) {
                host = s.substring(0, s.indexOf(':'));
                port = Integer.parseInt(s.substring(s.indexOf(':') + 1));
            }
            InetSocketAddress a = new InetSocketAddress(InetAddress.getByName(host), port);
            return a;
        } catch (Exception e) {
            throw new IllegalArgumentException(option + " must be HOST[:PORT], not " + s + " (" + e.getMessage() + ")");
        }
    }

    /** The local address the system would use to reach {@code remote}. */
    static String routeTo(InetSocketAddress remote) {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(remote);
            InetAddress a = probe.getLocalAddress();
            return a.isAnyLocalAddress() ? InetAddress.getLoopbackAddress().getHostAddress() : a.getHostAddress();
        } catch (Exception e) {
            return InetAddress.getLoopbackAddress().getHostAddress();
        }
    }
}
