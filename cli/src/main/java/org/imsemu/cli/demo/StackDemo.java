package org.imsemu.cli.demo;

import org.imsemu.capture.LadderDiagram;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.imsemu.sip.registrar.LocationService;
import org.imsemu.cli.sipproxy.RegistrarProxy;
import org.imsemu.sdp.RtpMap;
import org.imsemu.sdp.SessionDescription;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.stack.SipStack;
import org.imsemu.sip.transport.CapturedMessage;
import org.imsemu.sip.transport.MessageObserver;
import org.imsemu.sip.transport.TargetResolver;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.transport.Transports;
import org.imsemu.sip.ua.ClientInvite;
import org.imsemu.sip.ua.RegistrationClient;
import org.imsemu.sip.ua.ServerRequest;
import org.imsemu.sip.ua.UserAgent;
import org.imsemu.sip.ua.UserAgentConfig;
import org.imsemu.sip.ua.UserAgentListener;
import org.imsemu.sip.uri.SipUri;

/**
 * The SIP-stack demonstration behind `imsemu demo` until the two-domain IMS lands: three hosts in one
 * JVM, each with its own loopback address and its own stack on the SIP port — a registrar proxy for
 * example.com, alice and bob. Both register with Digest MD5 (401, then 200), alice calls bob through
 * the proxy (record-routed), bob answers with SDP, alice hangs up, both unregister. Every message is
 * captured at the sockets; the run passes when the captured flow is the one RFC 3261 prescribes.
 */
public final class StackDemo {
    public static final String DOMAIN = "example.com";

    /** One captured message: who sent it to whom, and the message. */
    public record Hop(String from, String to, SipMessage message, long timeMillis) {
        public String label() {
            return message instanceof SipRequest r ? r.method() : ((SipResponse) message).status() + " " + ((SipResponse) message).reason();
        }
    }

    public record Result(List<Hop> hops, List<String> problems, LadderDiagram ladder) {
        public boolean passed() {
            return problems.isEmpty();
        }
    }

    private final String prefix;
    private final int port;

    /** @param prefix the first three octets of the loopback addresses, e.g. "127.0.1" (proxy .1, alice .2, bob .3) */
    public StackDemo(String prefix, int port) {
        this.prefix = prefix;
        this.port = port;
    }

    public Result run() throws Exception {
        Map<String, String> names = new LinkedHashMap<>();
        String proxyIp = prefix + ".1";
        String aliceIp = prefix + ".2";
        String bobIp = prefix + ".3";
        names.put(aliceIp + ":" + port, "alice");
        names.put(proxyIp + ":" + port, "proxy");
        names.put(bobIp + ":" + port, "bob");
        ConcurrentLinkedQueue<CapturedMessage> captured = new ConcurrentLinkedQueue<>();
        MessageObserver capture = m -> {
            if (m.direction() == CapturedMessage.Direction.SENT) captured.add(m);
        };
        EventLoopGroup group = Transports.newEventLoopGroup(2);
        List<SipStack> stacks = new ArrayList<>();
        try {
            LocationService location = new LocationService(System::currentTimeMillis);
            stacks.add(SipStack.startProxy(config(proxyIp, capture), group,
                    new RegistrarProxy(DOMAIN, location, Map.of("alice", "alice-secret", "bob", "bob-secret")),
                    TargetResolver.NUMERIC, pc -> pc));
            SipUri proxyUri = SipUri.of(null, proxyIp, port).withParameter("lr", null);
            SipStack alice = userAgent(aliceIp, "alice", proxyUri, capture, group);
            SipStack bob = userAgent(bobIp, "bob", proxyUri, capture, group);
            stacks.add(alice);
            stacks.add(bob);
            UserAgent aliceUa = (UserAgent) alice.user();
            UserAgent bobUa = (UserAgent) bob.user();
            bob.call(() -> {
                bobUa.setListener(new AnsweringListener(bob, bobIp));
                return null;
            });

            RegistrationClient aliceReg = register(alice, aliceUa, "alice");
            RegistrationClient bobReg = register(bob, bobUa, "bob");

            byte[] offer = SessionDescription.audioOffer("alice", 1, aliceIp, 40000, List.of(RtpMap.PCMU)).toBytes();
            ClientInvite call = alice.call(() -> aliceUa.invite(NameAddress.of(SipUri.of("alice", DOMAIN)),
                    NameAddress.of(SipUri.of("bob", DOMAIN)), "application/sdp", offer, new ClientInvite.Listener() { }));
            SipResponse answer = call.result().get(10, TimeUnit.SECONDS);
            if (!answer.isSuccess()) throw new IllegalStateException("call failed: " + answer.startLine());
            Thread.sleep(300);
            alice.call(call::bye).get(10, TimeUnit.SECONDS);
            alice.call(aliceReg::unregister).get(10, TimeUnit.SECONDS);
            bob.call(bobReg::unregister).get(10, TimeUnit.SECONDS);
            Thread.sleep(100); // let the last responses reach their sockets' observers
        } finally {
            for (SipStack s : stacks) s.close();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        return analyse(captured, names);
    }

    private SipStack.Config config(String ip, MessageObserver capture) {
        return new SipStack.Config(ip, port, EnumSet.of(TransportType.UDP, TransportType.TCP), null, capture);
    }

    private SipStack userAgent(String ip, String user, SipUri proxy, MessageObserver capture, EventLoopGroup group) {
        return SipStack.start(config(ip, capture), group, stack -> {
            UserAgentConfig c = UserAgentConfig.builder(ip, port).contactUser(user).credentials(user, user + "-secret")
                    .outboundProxy(proxy).executor(stack.eventLoop()).build();
            UserAgent ua = new UserAgent(c, stack.timer());
            ua.attach(stack.transactions());
            return ua;
        });
    }

    private static RegistrationClient register(SipStack stack, UserAgent ua, String user) throws Exception {
        RegistrationClient reg = stack.call(() -> new RegistrationClient(ua, SipUri.of(null, DOMAIN),
                NameAddress.of(SipUri.of(user, DOMAIN)), 600, new RegistrationClient.Listener() { }));
        SipResponse r = stack.call(reg::register).get(10, TimeUnit.SECONDS);
        if (!r.isSuccess()) throw new IllegalStateException(user + " could not register: " + r.startLine());
        return reg;
    }

    /** Bob: rings, then answers 400 ms later with an SDP answer. */
    private static final class AnsweringListener implements UserAgentListener {
        private final SipStack stack;
        private final String ip;

        AnsweringListener(SipStack stack, String ip) {
            this.stack = stack;
            this.ip = ip;
        }

        @Override
        public void onInvite(ServerRequest invite) {
            invite.respond(180);
            byte[] sdp = SessionDescription.audioOffer("bob", 2, ip, 40002, List.of(RtpMap.PCMU)).toBytes();
            stack.timer().schedule(400, () -> {
                if (!invite.hasFinalResponse()) invite.accept("application/sdp", sdp);
            });
        }
    }

    /** The expected flow of RFC 3261 (with the Digest challenge of 22.4), in order; other messages may interleave. */
    static final List<String> EXPECTED = List.of(
            "alice>proxy REGISTER", "proxy>alice 401", "alice>proxy REGISTER", "proxy>alice 200",
            "bob>proxy REGISTER", "proxy>bob 401", "bob>proxy REGISTER", "proxy>bob 200",
            "alice>proxy INVITE", "proxy>alice 100", "proxy>bob INVITE", "bob>proxy 180", "proxy>alice 180",
            "bob>proxy 200", "proxy>alice 200", "alice>proxy ACK", "proxy>bob ACK",
            "alice>proxy BYE", "proxy>bob BYE", "bob>proxy 200", "proxy>alice 200",
            "alice>proxy REGISTER", "proxy>alice 200", "bob>proxy REGISTER", "proxy>bob 200");

    private static Result analyse(Iterable<CapturedMessage> captured, Map<String, String> names) {
        List<Hop> hops = new ArrayList<>();
        List<CapturedMessage> sorted = new ArrayList<>();
        captured.forEach(sorted::add);
        sorted.sort((a, b) -> Long.compare(a.timeNanos(), b.timeNanos()));
        for (CapturedMessage m : sorted) {
            String from = names.getOrDefault(key(m.local()), key(m.local()));
            String to = names.getOrDefault(key(m.remote()), key(m.remote()));
            hops.add(new Hop(from, to, SipParser.parse(m.bytes().clone()), m.timeMillis()));
        }
        LadderDiagram ladder = new LadderDiagram(List.of("alice", "proxy", "bob"));
        long t0 = hops.isEmpty() ? 0 : hops.get(0).timeMillis();
        List<String> problems = new ArrayList<>();
        for (Hop h : hops) {
            try {
                ladder.add(h.from(), h.to(), h.label(), String.format("%6.3f s", (h.timeMillis() - t0) / 1000.0));
            } catch (IllegalArgumentException e) {
                problems.add("message between unknown hosts: " + h.from() + " -> " + h.to());
            }
        }
        int next = 0;
        for (Hop h : hops) {
            if (next < EXPECTED.size() && matches(h, EXPECTED.get(next))) next++;
        }
        if (next < EXPECTED.size()) problems.add("expected " + EXPECTED.get(next) + " (step " + (next + 1) + " of " + EXPECTED.size() + ") was not seen in order");
        for (Hop h : hops) {
            if (h.message() instanceof SipRequest r && r.isMethod("INVITE") && h.from().equals("proxy") && !r.hasHeader("Record-Route")) {
                problems.add("the proxy forwarded the INVITE without Record-Route");
            }
        }
        return new Result(hops, problems, ladder);
    }

    private static boolean matches(Hop h, String expected) {
        String[] parts = expected.split(" ", 2);
        String[] ends = parts[0].split(">");
        if (!h.from().equals(ends[0]) || !h.to().equals(ends[1])) return false;
        if (h.message() instanceof SipRequest r) return r.method().equals(parts[1]);
        return Integer.toString(((SipResponse) h.message()).status()).equals(parts[1]);
    }

    private static String key(InetSocketAddress a) {
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }
}
