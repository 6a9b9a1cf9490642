package org.imsemu.runtime;

import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.imsemu.capture.CaptureBus;
import org.imsemu.dns.AddressFamilyPreference;
import org.imsemu.dns.DnsServer;
import org.imsemu.dns.Rfc3263Resolver;
import org.imsemu.nodes.common.NodeAddress;
import org.imsemu.nodes.icscf.ICscf;
import org.imsemu.nodes.pcscf.PCscf;
import org.imsemu.nodes.scscf.SCscf;
import org.imsemu.scenario.Domain;
import org.imsemu.scenario.IpVersion;
import org.imsemu.scenario.Node;
import org.imsemu.scenario.Scenario;
import org.imsemu.scenario.Ue;
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

    /** A started node: what to close, and which services it offers. */
    private record Host(Node node, AutoCloseable resource, Integer sipPort, Integer dnsPort, Object logic) {
    }

    private final Scenario scenario;
    private final CaptureBus bus;
    private final Options options;
    private final EventLoopGroup group;
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
     */
    public record Options(int unprivilegedDnsPort, long noAnswerMillis) {
        public static Options defaults() {
            return new Options(10053, 181_000);
        }

        public Options withNoAnswerMillis(long millis) {
            return new Options(unprivilegedDnsPort, millis);
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
            net.startDns();
            for (Domain d : scenario.domains()) {
                for (Node n : d.nodes()) net.startNode(d, n);
            }
            return net;
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
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

    private void startNode(Domain domain, Node node) {
        NodeAddress self = new NodeAddress(node.fqdn(), node.address(), node.port());
        ProxyLogic logic = switch (node.role()) {
            case PCSCF -> new PCscf(self, System::currentTimeMillis);
            case ICSCF -> new ICscf(domain.name(), new NodeAddress(domain.scscf().fqdn(), domain.scscf().address(),
                    domain.scscf().port()).routeUri(null));
            case SCSCF -> new SCscf(domain.name(), self, new ScenarioSubscribers(domain.subscribers()), System::currentTimeMillis);
            default -> throw new IllegalStateException("role " + node.role() + " has no in-process implementation yet");
        };
        long timerC = node.role() == org.imsemu.scenario.Role.SCSCF ? options.noAnswerMillis() : 181_000;
        SipStack stack = SipStack.startProxy(sipConfig(node.name(), node.address(), node.port()), group, logic, resolver(),
                pc -> new ProxyConfig(node.fqdn(), pc.port(), Set.of(node.address().getHostAddress()), timerC));
        bus.registerNode(node.name(), node.address());
        hosts.put(node.name(), new Host(node, stack, stack.localAddress(TransportType.UDP).getPort(), null, logic));
    }

    /**
     * Starts the scenario's UE {@code name} on its own address, attached to its P-CSCF, its messages on
     * the capture bus. It is not registered yet.
     */
    public UserEquipment startUe(String name, AnswerPolicy answerPolicy) {
        Ue spec = scenario.ue(name).orElseThrow(() -> new IllegalArgumentException("no UE " + name + " in scenario " + scenario.name()));
        String password = spec.password().orElseThrow(() -> new IllegalStateException("UE " + name
                + " has no Digest password; IMS AKA UEs come with the Diameter/HSS issue"));
        Node pcscf = scenario.pcscfOf(spec);
        bus.registerNode(spec.name(), spec.address());
        UeConfig config = UeConfig.builder(spec.impu(), password, spec.address().getHostAddress(), pcscf.socketAddress())
                .impi(spec.impi()).sipPort(spec.port()).answerPolicy(answerPolicy).eventLoopGroup(group)
                .observer(bus.observer(spec.name())).build();
        UserEquipment ue = UserEquipment.start(config);
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

    /** The logic object of a node (PCscf, ICscf, SCscf), for status and tests. */
    public Object logicOf(String node) {
        Host h = hosts.get(node);
        return h == null ? null : h.logic();
    }

    public List<Topology.Entry> nodeEntries() {
        List<Topology.Entry> out = new ArrayList<>();
        for (Host h : hosts.values()) {
            out.add(new Topology.Entry(h.node().name(), h.node().role().xmlName(), h.node().domain(),
                    h.node().address().getHostAddress(), h.sipPort(), null, h.dnsPort(), null));
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
