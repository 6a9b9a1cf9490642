package org.imsemu.nodes;

import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.imsemu.nodes.common.NodeAddress;
import org.imsemu.diameter.dictionary.Applications;
import org.imsemu.diameter.node.DiameterNode;
import org.imsemu.diameter.node.DiameterNodeConfig;
import org.imsemu.diameter.node.PeerConfig;
import org.imsemu.hss.HssConfig;
import org.imsemu.hss.HssNode;
import org.imsemu.hss.store.Credentials;
import org.imsemu.hss.store.HssDatabase;
import org.imsemu.hss.store.Subscription;
import org.imsemu.nodes.common.cx.CxClient;
import org.imsemu.nodes.icscf.ICscf;
import org.imsemu.nodes.pcscf.PCscf;
import org.imsemu.nodes.scscf.SCscf;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.proxy.ProxyConfig;
import org.imsemu.sip.proxy.ProxyLogic;
import org.imsemu.sip.stack.SipStack;
import org.imsemu.sip.transport.CapturedMessage;
import org.imsemu.sip.transport.MessageObserver;
import org.imsemu.sip.transport.NextHop;
import org.imsemu.sip.transport.TargetResolver;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.transport.Transports;
import org.imsemu.sip.ua.RegistrationClient;
import org.imsemu.sip.ua.UserAgent;
import org.imsemu.sip.ua.UserAgentConfig;
import org.imsemu.sip.uri.SipUri;

/**
 * Two IMS operators' CSCFs on loopback addresses 127.0.96.x, port 5060, and plain user agents as UEs.
 * Host names resolve through a table here: the DNS node is the runtime's business and has its own tests;
 * what this fixture checks is the CSCFs' routing. Every message sent is kept, labelled by node.
 */
final class TwoOperatorCore implements AutoCloseable {
    static final int PORT = 5060;

    final EventLoopGroup group = Transports.newEventLoopGroup(2);
    final Map<String, InetSocketAddress> hosts = new HashMap<>();
    final Map<InetAddress, String> names = new HashMap<>();
    final ConcurrentLinkedQueue<CapturedMessage> sent = new ConcurrentLinkedQueue<>();
    final List<SipStack> stacks = new ArrayList<>();
    final Map<String, String> passwords = new HashMap<>();
    /** IMS AKA subscribers (TS 35.208 test set 1 keys): their 401 carries ik/ck for the P-CSCF. */
    static final String AKA_K = "465b5ce8b199b49faa5f0a2ee238a6bc";
    static final String AKA_OP = "cdc202d5123e20f62b6d676ac72cb318";
    final List<String> akaSubscribers = List.of("dave@domain1.com");
    /** The P-CSCFs by node name ("pcscf1"), and every node's stack, to query them on their thread. */
    final Map<String, PCscf> pcscfs = new HashMap<>();
    final Map<String, SipStack> stackOf = new HashMap<>();
    final List<org.imsemu.ue.UserEquipment> ues = new ArrayList<>();

    private final TargetResolver resolver = uri -> {
        InetSocketAddress a = hosts.get(uri.host().toLowerCase(Locale.ROOT));
        if (a == null) return TargetResolver.NUMERIC.resolve(uri);
        return CompletableFuture.completedFuture(new NextHop(TransportType.UDP,
                uri.port() > 0 ? new InetSocketAddress(a.getAddress(), uri.port()) : a));
    };
    final MessageObserver observer = m -> {
        if (m.direction() == CapturedMessage.Direction.SENT) sent.add(m);
    };

    final List<HssNode> hssNodes = new ArrayList<>();
    final List<HssDatabase> databases = new ArrayList<>();
    final List<DiameterNode> cxClients = new ArrayList<>();

    TwoOperatorCore() throws Exception {
        passwords.put("alice@domain1.com", "alice-secret");
        passwords.put("bob@domain2.com", "bob-secret");
        passwords.put("carol@domain2.com", "carol-secret");
        for (int d = 1; d <= 2; d++) {
            String domain = "domain" + d + ".com";
            String base = "127.0.96." + (d * 10);
            NodeAddress p = node("pcscf" + d, domain, base + "1");
            NodeAddress i = node("icscf" + d, domain, base + "2");
            NodeAddress s = node("scscf" + d, domain, base + "3");
            NodeAddress h = node("hss" + d, domain, base + "4");
            hosts.put(domain, hosts.get(i.fqdn()));
            HssDatabase db = HssDatabase.open(HssDatabase.memoryUrl("nodes-" + domain + System.nanoTime()));
            databases.add(db);
            for (var e : passwords.entrySet()) {
                if (e.getKey().endsWith("@" + domain)) db.put(subscription(e.getKey(), e.getValue()));
            }
            for (String impi : akaSubscribers) {
                if (impi.endsWith("@" + domain)) {
                    db.put(new Subscription(impi, List.of("sip:" + impi), new Credentials.Aka(AKA_K, AKA_OP, null, "b9b9"), null, "test"));
                }
            }
            InetSocketAddress hssAddress = new InetSocketAddress(h.address(), 3868);
            hssNodes.add(HssNode.start(HssConfig.builder(h.fqdn(), domain).listen(hssAddress)
                    .scscf("sip:" + s.fqdn() + ":5060").build(), db, group));
            PCscf pcscf = new PCscf(p, System::currentTimeMillis);
            pcscfs.put("pcscf" + d, pcscf);
            stackOf.put("pcscf" + d, start(p, pcscf, 181_000));
            start(i, new ICscf(domain, cx(i, domain, h, hssAddress), List.of(s.routeUri(null))), 181_000);
            SCscf scscf = new SCscf(domain, s, cx(s, domain, h, hssAddress), System::currentTimeMillis);
            scscf.serveCx(start(s, scscf, 3_000).eventLoop());
        }
    }

    private static Subscription subscription(String impi, String password) {
        return new Subscription(impi, List.of("sip:" + impi), new Credentials.DigestPassword(password), null, "test");
    }

    /** Changes a subscriber's password in its HSS (the UE keeps the one it was configured with). */
    void changePassword(String impi, String password) {
        for (HssDatabase db : databases) {
            if (db.byImpi(impi).isPresent()) db.put(subscription(impi, password));
        }
    }

    private CxClient cx(NodeAddress node, String domain, NodeAddress hss, InetSocketAddress hssAddress) throws Exception {
        DiameterNode d = DiameterNode.start(DiameterNodeConfig.builder(node.fqdn(), domain)
                .listen(new InetSocketAddress(node.address(), 3868)).application(Applications.CX_AUTH)
                .peer(new PeerConfig(hss.fqdn(), domain, hssAddress)).realmRoute(domain, hss.fqdn()).build(), group);
        cxClients.add(d);
        d.whenPeerOpen(hss.fqdn()).get(10, TimeUnit.SECONDS);
        return new CxClient(d, domain);
    }

    private NodeAddress node(String name, String domain, String ip) throws UnknownHostException {
        NodeAddress a = new NodeAddress(name + "." + domain, InetAddress.getByName(ip), PORT);
        hosts.put(a.fqdn(), new InetSocketAddress(a.address(), PORT));
        names.put(a.address(), name);
        return a;
    }

    private SipStack start(NodeAddress a, ProxyLogic logic, long timerC) {
        SipStack.Config c = new SipStack.Config(a.address().getHostAddress(), PORT,
                EnumSet.of(TransportType.UDP, TransportType.TCP), null, observer);
        SipStack stack = SipStack.startProxy(c, group, logic, resolver,
                pc -> new ProxyConfig(a.fqdn(), pc.port(), Set.of(a.address().getHostAddress()), timerC));
        stacks.add(stack);
        return stack;
    }

    /**
     * A UE on {@code ip} that sends every request to its P-CSCF, as an IMS UE does. It listens on TCP too
     * (RFC 3261 18: every UA must): a request over 1300 bytes comes that way (18.1.1).
     */
    Ue ue(String name, String ip, String impi, int domain) throws Exception {
        names.put(InetAddress.getByName(ip), name);
        InetSocketAddress pcscf = hosts.get("pcscf" + domain + ".domain" + domain + ".com");
        TargetResolver toPcscf = uri -> CompletableFuture.completedFuture(new NextHop(TransportType.UDP, pcscf));
        SipStack stack = SipStack.start(new SipStack.Config(ip, PORT, EnumSet.of(TransportType.UDP, TransportType.TCP), null, observer), group,
                st -> {
                    UserAgentConfig c = UserAgentConfig.builder(ip, PORT).contactUser(name)
                            .credentials(impi, passwords.getOrDefault(impi, "wrong"))
                            .resolver(toPcscf).executor(st.eventLoop()).build();
                    UserAgent ua = new UserAgent(c, st.timer());
                    ua.attach(st.transactions());
                    return ua;
                });
        stacks.add(stack);
        return new Ue(stack, (UserAgent) stack.user(), "sip:" + impi, "domain" + domain + ".com");
    }

    /** A UA on {@code ip} with no credentials at all: its test sends each REGISTER itself. */
    Ue rawUe(String name, String ip, String impi, int domain) throws Exception {
        names.put(InetAddress.getByName(ip), name);
        InetSocketAddress pcscf = hosts.get("pcscf" + domain + ".domain" + domain + ".com");
        TargetResolver toPcscf = uri -> CompletableFuture.completedFuture(new NextHop(TransportType.UDP, pcscf));
        SipStack stack = SipStack.start(new SipStack.Config(ip, PORT, EnumSet.of(TransportType.UDP, TransportType.TCP), null, observer), group,
                st -> {
                    UserAgent ua = new UserAgent(UserAgentConfig.builder(ip, PORT).contactUser(name).resolver(toPcscf)
                            .executor(st.eventLoop()).build(), st.timer());
                    ua.attach(st.transactions());
                    return ua;
                });
        stacks.add(stack);
        return new Ue(stack, (UserAgent) stack.user(), "sip:" + impi, "domain" + domain + ".com");
    }

    /**
     * The emulator's real UE (ue module) on {@code ip}, attached to its P-CSCF, with the security
     * agreement on (its default); an AKA subscriber answers with Milenage, the others with Digest MD5.
     */
    org.imsemu.ue.UserEquipment realUe(String name, String ip, String impi, int domain) throws Exception {
        names.put(InetAddress.getByName(ip), name);
        InetSocketAddress pcscf = hosts.get("pcscf" + domain + ".domain" + domain + ".com");
        org.imsemu.ue.UeConfig.Builder b = org.imsemu.ue.UeConfig.builder("sip:" + impi, passwords.getOrDefault(impi, ""), ip, pcscf)
                .sipPort(PORT).rtpPorts(43000, 43100).eventLoopGroup(group).observer(observer);
        if (akaSubscribers.contains(impi)) {
            b.digestAlgorithms(List.of(org.imsemu.ue.AkaAlgorithm.fromHex(AKA_K, AKA_OP, false)));
        }
        org.imsemu.ue.UserEquipment ue = org.imsemu.ue.UserEquipment.start(b.build());
        ues.add(ue);
        return ue;
    }

    record Ue(SipStack stack, UserAgent ua, String impu, String domain) {
        RegistrationClient registration() throws Exception {
            return stack.call(() -> new RegistrationClient(ua, SipUri.of(null, domain), NameAddress.parse("<" + impu + ">", "To"), 600,
                    new RegistrationClient.Listener() { }));
        }
    }

    /** The messages sent so far, as "from>to START-LINE". */
    List<String> hops() {
        List<CapturedMessage> all = new ArrayList<>(sent);
        all.sort((a, b) -> Long.compare(a.timeNanos(), b.timeNanos()));
        List<String> out = new ArrayList<>();
        for (CapturedMessage m : all) {
            SipMessage msg = SipParser.parse(m.bytes().clone());
            out.add(names.getOrDefault(m.local().getAddress(), "?") + ">" + names.getOrDefault(m.remote().getAddress(), "?")
                    + " " + msg.startLine());
        }
        return out;
    }

    List<SipMessage> messagesTo(String node, String startsWith) {
        List<CapturedMessage> all = new ArrayList<>(sent);
        all.sort((a, b) -> Long.compare(a.timeNanos(), b.timeNanos()));
        List<SipMessage> out = new ArrayList<>();
        for (CapturedMessage m : all) {
            SipMessage msg = SipParser.parse(m.bytes().clone());
            if (node.equals(names.get(m.remote().getAddress())) && msg.startLine().startsWith(startsWith)) out.add(msg);
        }
        return out;
    }

    @Override
    public void close() {
        ues.forEach(org.imsemu.ue.UserEquipment::close);
        for (SipStack s : stacks) s.close();
        cxClients.forEach(DiameterNode::close);
        hssNodes.forEach(HssNode::close);
        databases.forEach(HssDatabase::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
