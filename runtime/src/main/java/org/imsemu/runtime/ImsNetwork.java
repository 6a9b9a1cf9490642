package org.imsemu.runtime;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.imsemu.capture.CaptureBus;
import java.nio.file.Path;
import org.imsemu.as.ApplicationServer;
import org.imsemu.as.AsHost;
import org.imsemu.as.AsHostConfig;
import org.imsemu.as.samples.CallForwardingAs;
import org.imsemu.as.samples.CallLoggerAs;
import org.imsemu.as.sh.ShConfig;
import org.imsemu.diameter.dictionary.Applications;
import org.imsemu.diameter.node.DiameterNode;
import org.imsemu.diameter.node.DiameterNodeConfig;
import org.imsemu.diameter.node.PeerConfig;
import org.imsemu.nodes.common.cx.CxClient;
import org.imsemu.scenario.Role;
import org.imsemu.dns.AddressFamilyPreference;
import org.imsemu.dns.DnsServer;
import org.imsemu.dns.Rfc3263Resolver;
import org.imsemu.nodes.common.NodeAddress;
import org.imsemu.nodes.common.NodeUserAgent;
import org.imsemu.nodes.common.TrustDomain;
import org.imsemu.sip.ua.UserAgent;
import org.imsemu.nodes.icscf.ICscf;
import org.imsemu.nodes.pcscf.PCscf;
import org.imsemu.nodes.scscf.SCscf;
import org.imsemu.scenario.Domain;
import org.imsemu.scenario.IpVersion;
import org.imsemu.scenario.Node;
import org.imsemu.scenario.Scenario;
import org.imsemu.scenario.Ue;
import org.imsemu.ue.AkaAlgorithm;
import org.imsemu.ue.AnswerPolicy;
import org.imsemu.ue.UeConfig;
import org.imsemu.ue.UserEquipment;
import org.imsemu.sip.proxy.ProxyConfig;
import org.imsemu.sip.proxy.ProxyLogic;
import org.imsemu.sip.stack.SipStack;
import org.imsemu.sip.transport.TargetResolver;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.transport.Transports;

/**
 * The in-process backend: every node of a scenario in this JVM, yet each its own host — its own address,
 * its own SIP stack on its own port, its own DNS resolver pointed at the scenario's DNS node. Nodes meet
 * only over sockets and find each other only through DNS, so the same node code can run as separate
 * processes later. Every message goes on the capture bus.
 */
public final class ImsNetwork implements AutoCloseable {

    /** A started node: what to close, which services it offers (dnsOrDiameterPort by role), its logic. */
    private record Host(Node node, AutoCloseable resource, Integer sipPort, Integer servicePort, Object logic) {
        Integer dnsPort() {
            return node.role() == Role.DNS ? servicePort : null;
        }

        Integer diameterPort() {
            return node.role() == Role.DNS ? null : servicePort;
        }
    }

    private final Scenario scenario;
    private final CaptureBus bus;
    private final Options options;
    private final EventLoopGroup group;
    /** Each node's event loop, chosen before any starts ({@link #assignLoops}). */
    private final Map<String, EventLoop> loops = new HashMap<>();
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final Map<String, UserEquipment> ues = new LinkedHashMap<>();
    private InetSocketAddress dnsAddress;
    private final List<String> notices = new ArrayList<>();
    /** IPv6 addresses this network added to lo, removed again at close. */
    private final List<InetAddress> addedAddresses = new ArrayList<>();

    /**
     * How to run.
     *
     * @param unprivilegedDnsPort the port the DNS node falls back to when the scenario's (53 by default,
     *                            below 1024) needs privileges this process lacks or is in use
     * @param noAnswerMillis      how long an S-CSCF lets a terminating INVITE ring (Timer C); then 408
     * @param hssDirectory        where HSS databases are kept as files; null: in memory, gone at close
     */
    public record Options(int unprivilegedDnsPort, long noAnswerMillis, Path hssDirectory) {
        /** Defaults: DNS fallback port 10053, Timer C 181 s, HSS databases in memory. */
        public static Options defaults() {
            return new Options(10053, 181_000, null);
        }

        public Options withNoAnswerMillis(long millis) {
            return new Options(unprivilegedDnsPort, millis, hssDirectory);
        }

        /** Keep each domain's HSS database as an H2 file in {@code directory} (unless its node names a URL). */
        public Options withHssDirectory(Path directory) {
            return new Options(unprivilegedDnsPort, noAnswerMillis, directory);
        }
    }

    private ImsNetwork(Scenario scenario, CaptureBus bus, Options options) {
        this.scenario = scenario;
        this.bus = bus;
        this.options = options;
        this.group = Transports.newEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Starts the DNS node, then every CSCF; returns once every node is serving. Addresses the machine
     * cannot bind fail with a message that says how to add them.
     */
    public static ImsNetwork start(Scenario scenario, CaptureBus bus, Options options) {
        ImsNetwork net = new ImsNetwork(scenario, bus, options);
        try {
            net.checkAddresses();
            net.assignLoops();
            net.startDns();
            for (Domain d : scenario.domains()) {
                if (d.hss().isPresent()) net.startHss(d, d.hss().get());
            }
            for (Domain d : scenario.domains()) {
                for (Node n : d.nodes()) net.startNode(d, n);
            }
            return net;
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /**
     * Which event loop each node of a domain runs on (its SIP stack and its Diameter node alike): the
     * loops taken in turn in the order P-CSCF, S-CSCF, I-CSCF, AS, HSS, so that the CSCFs a registration or
     * a call crosses one after the other sit on different loops (round-robin in scenario order put a whole
     * domain on one loop and left the other idle under load).
     */
    private void assignLoops() {
        List<EventLoop> all = new ArrayList<>();
        group.forEach(e -> all.add((EventLoop) e));
        for (Domain d : scenario.domains()) {
            List<Node> ordered = d.nodes().stream().sorted(Comparator.comparingInt(ImsNetwork::loopRank)).toList();
            for (int i = 0; i < ordered.size(); i++) loops.put(ordered.get(i).name(), all.get(i % all.size()));
        }
    }

    private static int loopRank(Node n) {
        return switch (n.role()) {
            case PCSCF -> 0;
            case SCSCF -> 1;
            case ICSCF -> 2;
            case AS -> 3;
            default -> 4;
        };
    }

    /** The loop of a node, as a group of one for the starters that take a group. */
    private EventLoopGroup loopOf(Node node) {
        EventLoop loop = loops.get(node.name());
        return loop != null ? loop : group;
    }

    private void checkAddresses() {
        List<InetAddress> all = new ArrayList<>();
        scenario.nodes().forEach(n -> all.add(n.address()));
        scenario.ues().forEach(u -> all.add(u.address()));
        LoopbackAddresses.Provisioned p = LoopbackAddresses.provision(all);
        addedAddresses.addAll(p.added());
        List<InetAddress> missing = p.stillMissing();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("cannot bind " + missing.size() + " address(es) of scenario " + scenario.name()
                    + " (IPv6 addresses must be added to the loopback interface, which needs root); run:\n  "
                    + String.join("\n  ", LoopbackAddresses.commands(missing)));
        }
    }

    private void startDns() {
        Node dns = scenario.dns();
        InetSocketAddress bind = dns.socketAddress();
        DnsServer server;
        try {
            server = DnsServer.start(DnsZoneBuilder.zones(scenario), bind, group);
        } catch (RuntimeException e) {
            String why = privilegedPortProblem(e);
            if (bind.getPort() >= 1024 || why == null) throw e;
            InetSocketAddress fallback = new InetSocketAddress(bind.getAddress(), options.unprivilegedDnsPort());
            try {
                server = DnsServer.start(DnsZoneBuilder.zones(scenario), fallback, group);
            } catch (RuntimeException again) {
                throw new IllegalStateException("DNS node " + dns.name() + ": port " + bind.getPort() + " " + why
                        + ", and fallback port " + fallback.getPort() + " failed too: " + again.getMessage(), again);
            }
            notices.add("DNS node " + dns.name() + ": port " + bind.getPort() + " " + why + "; serving on port "
                    + fallback.getPort() + " instead");
        }
        dnsAddress = server.address();
        bus.registerNode(dns.name(), dns.address());
        hosts.put(dns.name(), new Host(dns, server, null, dnsAddress.getPort(), null));
    }

    /**
     * Why a privileged port could not be bound, when the fallback port helps: no privilege, or a DNS
     * server of the machine holding port 53 on every address (a wildcard bind); null otherwise.
     */
    private static String privilegedPortProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("Permission denied") || (t instanceof SocketException && m.contains("ermission"))) return "needs root";
            if (m.contains("Address already in use")) return "is in use";
        }
        return null;
    }

    private void startHss(Domain domain, Node node) {
        bus.registerNode(node.name(), node.address());
        HssLauncher.Running hss = HssLauncher.start(scenario.name(), domain, node, options.hssDirectory(), bus, loopOf(node));
        hosts.put(node.name(), new Host(node, hss, null, hss.node().localAddress().getPort(), hss.node()));
    }

    private void startNode(Domain domain, Node node) {
        if (node.role() == Role.HSS) return; // started first
        bus.registerNode(node.name(), node.address());
        if (node.role() == Role.AS) {
            startApplicationServer(domain, node);
            return;
        }
        NodeAddress self = new NodeAddress(node.fqdn(), node.address(), node.port());
        DiameterNode diameter = node.role() == Role.PCSCF ? null : cxConnection(domain, node);
        CxClient cx = diameter == null ? null : new CxClient(diameter, domain.name());
        TrustDomain trust = trustDomainOf(domain);
        ProxyLogic logic = switch (node.role()) {
            case PCSCF -> new PCscf(self, System::currentTimeMillis);
            case ICSCF -> new ICscf(domain.name(), cx, domain.scscfs().stream()
                    .map(s -> new NodeAddress(s.fqdn(), s.address(), s.port()).routeUri(null)).toList(), trust,
                    domain.thig() ? self : null);
            // THIG: requests for other networks leave through the I-CSCF, which hides this one (TS 23.228 4.14)
            case SCSCF -> new SCscf(domain.name(), self, cx, System::currentTimeMillis, trust, domain.thig()
                    ? new NodeAddress(domain.icscf().fqdn(), domain.icscf().address(), domain.icscf().port()).routeUri(ICscf.EXIT)
                    : null, node.recursesRedirects());
            default -> throw new IllegalStateException("role " + node.role() + " has no in-process implementation yet");
        };
        long timerC = node.role() == Role.SCSCF ? options.noAnswerMillis() : 181_000;
        TargetResolver resolver = resolver();
        SipStack stack = SipStack.startProxy(sipConfig(node.name(), node.address(), node.port()), loopOf(node), logic, resolver,
                pc -> new ProxyConfig(node.fqdn(), pc.port(), Set.of(node.address().getHostAddress()), timerC));
        if (logic instanceof SCscf s) s.serveCx(stack.eventLoop());
        // The P- and S-CSCF send requests of their own (reg event SUBSCRIBE and NOTIFY, TS 24.229 5.2.3, 5.4.2.1)
        if (logic instanceof SCscf || logic instanceof PCscf) {
            UserAgent ua = NodeUserAgent.on(stack, self, resolver);
            stack.call(() -> {
                if (logic instanceof SCscf s) s.attachUserAgent(ua);
                else ((PCscf) logic).attachUserAgent(ua);
                return null;
            });
        }
        AutoCloseable resources = diameter == null ? stack : () -> {
            stack.close();
            diameter.close();
        };
        hosts.put(node.name(), new Host(node, resources, stack.localAddress(TransportType.UDP).getPort(),
                diameter == null ? null : diameter.localAddress().getPort(), logic));
    }

    /**
     * The networks a domain's CSCFs trust (RFC 3325): every trusted domain of the scenario when it is
     * trusted itself, else only itself.
     */
    private TrustDomain trustDomainOf(Domain domain) {
        if (!domain.trusted()) return TrustDomain.of(domain.name());
        Set<String> names = new java.util.HashSet<>();
        for (Domain d : scenario.domains()) if (d.trusted()) names.add(d.name());
        return new TrustDomain(names);
    }

    /**
     * The Diameter side of an I- or S-CSCF: a Cx client on the node's own address, connected to its
     * domain's HSS before the node serves (a domain without HSS has no route: REGISTER then gets 480).
     */
    private DiameterNode cxConnection(Domain domain, Node node) {
        Node hss = domain.hss().orElse(null);
        DiameterNodeConfig.Builder config = DiameterNodeConfig.builder(node.fqdn(), domain.name())
                .listen(new InetSocketAddress(node.address(), DiameterNodeConfig.DEFAULT_PORT))
                .application(Applications.CX_AUTH)
                .observer(Captures.diameter(bus, node.name()));
        if (hss == null) return DiameterNode.start(config.build(), loopOf(node)); // no route: Cx requests fail, REGISTER gets 480
        config.peer(new PeerConfig(hss.fqdn(), domain.name(), hss.socketAddress())).realmRoute(domain.name(), hss.fqdn());
        DiameterNode d = DiameterNode.start(config.build(), loopOf(node));
        try {
            d.whenPeerOpen(hss.fqdn()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            d.close();
            throw new IllegalStateException(node.name() + " cannot reach its HSS " + hss.name() + " at " + hss.socketAddress()
                    + " over Diameter: " + e, e);
        }
        return d;
    }

    private void startApplicationServer(Domain domain, Node node) {
        ApplicationServer service = switch (node.asService().orElseThrow()) {
            case CALL_LOGGER -> new CallLoggerAs();
            case CALL_FORWARDING -> new CallForwardingAs();
        };
        AsHostConfig.Builder config = AsHostConfig.builder(node.fqdn(), node.address().getHostAddress()).port(node.port())
                .resolver(resolver()).observer(bus.observer(node.name()))
                .noAnswerTimeout(java.time.Duration.ofSeconds(node.noAnswerSeconds().orElse(10)));
        domain.hss().ifPresent(hss -> config.sh(ShConfig.of(hss.socketAddress(), hss.fqdn(), domain.name(), node.fqdn())
                .withListen(new InetSocketAddress(node.address(), DiameterNodeConfig.DEFAULT_PORT))
                .withObserver(Captures.diameter(bus, node.name()))));
        AsHost host = AsHost.start(config.build(), loopOf(node), service);
        hosts.put(node.name(), new Host(node, host, host.localAddress(TransportType.UDP).getPort(),
                domain.hss().isPresent() ? DiameterNodeConfig.DEFAULT_PORT : null, service));
    }

    /**
     * Starts the scenario's UE {@code name} on its own address, attached to its P-CSCF, its messages on
     * the capture bus. It is not registered yet.
     */
    public UserEquipment startUe(String name, AnswerPolicy answerPolicy) {
        return startUe(name, answerPolicy, java.util.function.UnaryOperator.identity());
    }

    /**
     * As {@link #startUe(String, AnswerPolicy)}, with the UE's options adjusted by {@code options} (e.g.
     * preconditions on). A UE of that name already running here is closed first: the new one takes its
     * address, and must register again.
     */
    public UserEquipment startUe(String name, AnswerPolicy answerPolicy, java.util.function.UnaryOperator<UeConfig.Builder> options) {
        UserEquipment running = ues.remove(name);
        if (running != null) running.close();
        Ue spec = scenario.ue(name).orElseThrow(() -> new IllegalArgumentException("no UE " + name + " in scenario " + scenario.name()));
        Node pcscf = scenario.pcscfOf(spec);
        bus.registerNode(spec.name(), spec.address());
        UeConfig.Builder config = UeConfig.builder(spec.impu(), spec.password().orElse(""), spec.address().getHostAddress(),
                        pcscf.socketAddress())
                .impi(spec.impi()).sipPort(spec.port()).answerPolicy(answerPolicy).eventLoopGroup(group)
                .observer(bus.observer(spec.name()));
        spec.aka().ifPresent(k -> config.digestAlgorithms(List.of(
                AkaAlgorithm.fromHex(k.k(), k.opc().orElseGet(() -> k.op().orElseThrow()), k.opc().isPresent()),
                org.imsemu.sip.ua.DigestAlgorithm.MD5)));
        UserEquipment ue = UserEquipment.start(options.apply(config).build());
        ues.put(name, ue);
        return ue;
    }

    public Map<String, UserEquipment> ues() {
        return java.util.Collections.unmodifiableMap(ues);
    }

    public List<Topology.Entry> ueEntries() {
        List<Topology.Entry> out = new ArrayList<>();
        for (Ue u : scenario.ues()) {
            UserEquipment running = ues.get(u.name());
            Integer port = running != null ? running.sipAddress().getPort() : u.port();
            out.add(new Topology.Entry(u.name(), "ue", u.homeDomain(), u.address().getHostAddress(), port, null, null, u.impu()));
        }
        return out;
    }

    public Topology topology() {
        return new Topology(scenario.name(), nodeEntries(), ueEntries());
    }

    /** A SIP stack config for a host of this network, wired to the capture bus. */
    public SipStack.Config sipConfig(String name, InetAddress address, int port) {
        return new SipStack.Config(address.getHostAddress(), port, EnumSet.of(TransportType.UDP, TransportType.TCP), null,
                bus.observer(name));
    }

    /** A fresh RFC 3263 resolver asking the scenario's DNS node, as every host has its own. */
    public TargetResolver resolver() {
        return Rfc3263Resolver.builder(dnsAddress)
                .addressFamilyPreference(scenario.ip() == IpVersion.IPV6 ? AddressFamilyPreference.IPV6_FIRST
                        : AddressFamilyPreference.IPV4_FIRST)
                .build();
    }

    public Scenario scenario() {
        return scenario;
    }

    public CaptureBus bus() {
        return bus;
    }

    public EventLoopGroup group() {
        return group;
    }

    public InetSocketAddress dnsAddress() {
        return dnsAddress;
    }

    /** Things the user should know (e.g. a port that had to change). */
    public List<String> notices() {
        return List.copyOf(notices);
    }

    /** Runs {@code task} on the event loop of {@code node}, where its state lives, and returns the result. */
    public <T> T onLoopOf(String node, Callable<T> task) throws Exception {
        EventLoop loop = loops.get(node);
        if (loop == null) throw new IllegalArgumentException("no node " + node + " in scenario " + scenario.name());
        return loop.submit(task).get(10, TimeUnit.SECONDS);
    }

    /** The logic object of a node (PCscf, ICscf, SCscf), for status and tests. */
    public Object logicOf(String node) {
        Host h = hosts.get(node);
        return h == null ? null : h.logic();
    }

    public List<Topology.Entry> nodeEntries() {
        List<Topology.Entry> out = new ArrayList<>();
        for (Host h : hosts.values()) {
            out.add(new Topology.Entry(h.node().name(), h.node().role().xmlName(), h.node().domain(),
                    h.node().address().getHostAddress(), h.sipPort(), h.diameterPort(), h.dnsPort(), null));
        }
        return out;
    }

    @Override
    public void close() {
        for (UserEquipment ue : ues.values()) {
            try {
                ue.close();
            } catch (RuntimeException e) {
                // closing the rest matters more
            }
        }
        ues.clear();
        List<Host> all = new ArrayList<>(hosts.values());
        java.util.Collections.reverse(all);
        for (Host h : all) {
            try {
                h.resource().close();
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
        hosts.clear();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        LoopbackAddresses.unprovision(addedAddresses);
        addedAddresses.clear();
    }

}
