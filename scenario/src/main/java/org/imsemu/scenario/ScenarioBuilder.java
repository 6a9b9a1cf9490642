package org.imsemu.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns a schema-valid element tree into a {@link Scenario}, checking what the schema cannot:
 * references, uniqueness, roles and their counts and attributes, credentials, service profiles, addresses. Collects every error it can
 * before giving up. One builder per load.
 */
final class ScenarioBuilder {
    private final String source;
    private final Problems problems;
    private final SubscriberReader subscriberReader;

    private final Map<String, Net> nets = new LinkedHashMap<>();
    private final Map<String, XmlElement> netElements = new HashMap<>();
    private final Map<String, HostDraft> hostsByName = new HashMap<>();
    private final Map<String, HostDraft> hostsByFqdn = new HashMap<>();
    private final List<HostDraft> hosts = new ArrayList<>();
    private final Map<String, DomainDraft> domains = new LinkedHashMap<>();
    private final Map<HostDraft, String> fqdns = new HashMap<>();
    private final Map<HostDraft, Integer> ports = new HashMap<>();
    private final Map<HostDraft, UeFacts> ueFacts = new HashMap<>();
    private final Map<HostDraft, NodeOptions> nodeOptions = new HashMap<>();

    private static final class DomainDraft {
        final XmlElement element;
        final String name;
        String net;
        final List<HostDraft> nodes = new ArrayList<>();
        final List<Subscriber> listed = new ArrayList<>();
        final List<SubscriberRange> ranges = new ArrayList<>();
        /** Elements that name a service profile: subscriber and subscribers with profile="...". */
        final List<XmlElement> profileUsers = new ArrayList<>();
        final List<XmlElement> profileElements = new ArrayList<>();
        final Map<String, ServiceProfile> profiles = new LinkedHashMap<>();
        boolean hasSubscriberElements;
        Subscribers subscribers;

        DomainDraft(XmlElement element, String name) {
            this.element = element;
            this.name = name;
        }
    }

    /** The role-specific attributes of a node. */
    private record NodeOptions(Optional<String> database, Optional<String> service, OptionalInt noAnswerSeconds, boolean recurse) {
    }

    private record UeFacts(String impu, String impi, Optional<String> password, Optional<AkaKeys> aka, String pcscf) {
    }

    ScenarioBuilder(String source) {
        this.source = source;
        this.problems = new Problems(source);
        this.subscriberReader = new SubscriberReader(problems);
    }

    Scenario build(XmlElement root) {
        IpVersion ip = IpVersion.fromXml(root.attr("ip"));
        root.children().stream().filter(e -> e.name.equals("net")).forEach(this::readNet);
        checkNetOverlaps();
        List<String> domainNames = root.children().stream().filter(e -> e.name.equals("domain"))
                .map(e -> e.attr("name").toLowerCase(Locale.ROOT)).toList();
        List<XmlElement> ueElements = new ArrayList<>();
        for (XmlElement el : root.children()) {
            switch (el.name) {
                case "node" -> readNode(el, null);
                case "domain" -> readDomain(el, domainNames);
                case "ue" -> {
                    HostDraft ue = registerHost(el, null, null);
                    if (ue != null) {
                        ueElements.add(el);
                    }
                }
                default -> { }
            }
        }
        subscriberReader.checkListedAgainstRanges();
        domains.values().forEach(this::readServiceProfiles);
        domains.values().forEach(d -> d.subscribers = new Subscribers(d.listed, d.ranges));
        checkRoleCounts(root);
        for (XmlElement el : ueElements) {
            readUe(hostsByName.get(el.attr("name")));
        }
        AddressPlan.assign(hosts, nets, ip, problems);
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems.sorted());
        }
        return assemble(root.attr("name"), ip);
    }

    private void readNet(XmlElement el) {
        String name = el.attr("name");
        XmlElement first = netElements.putIfAbsent(name, el);
        if (first != null) {
            problems.add(el, "duplicate net name \"" + name + "\" (first at line " + first.line + ")");
            return;
        }
        Optional<IpPrefix> ipv4 = prefix(el, "ipv4");
        Optional<IpPrefix> ipv6 = prefix(el, "ipv6");
        if (el.attr("ipv4") == null && el.attr("ipv6") == null) {
            problems.add(el, "net \"" + name + "\" has neither ipv4 nor ipv6: give at least one prefix, e.g. ipv4=\"127.0.1.0/24\"");
        }
        OptionalInt vlan = el.attr("vlan") == null ? OptionalInt.empty() : OptionalInt.of(number(el.attr("vlan")));
        nets.put(name, new Net(name, vlan, ipv4, ipv6));
    }

    private Optional<IpPrefix> prefix(XmlElement el, String attribute) {
        String text = el.attr(attribute);
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(IpPrefix.parse(text));
        } catch (IllegalArgumentException e) {
            problems.add(el, "bad " + attribute + " prefix of net \"" + el.attr("name") + "\": " + e.getMessage());
            return Optional.empty();
        }
    }

    private void checkNetOverlaps() {
        List<Net> list = new ArrayList<>(nets.values());
        for (int j = 1; j < list.size(); j++) {
            for (int i = 0; i < j; i++) {
                for (IpVersion v : IpVersion.values()) {
                    Optional<IpPrefix> a = list.get(i).prefix(v);
                    Optional<IpPrefix> b = list.get(j).prefix(v);
                    if (a.isPresent() && b.isPresent() && a.get().overlaps(b.get())) {
                        problems.add(netElements.get(list.get(j).name()), "net \"" + list.get(j).name() + "\" (" + b.get()
                                + ") overlaps net \"" + list.get(i).name() + "\" (" + a.get() + ", line "
                                + netElements.get(list.get(i).name()).line + ")");
                    }
                }
            }
        }
    }

    private void readDomain(XmlElement el, List<String> domainNames) {
        String name = el.attr("name").toLowerCase(Locale.ROOT);
        if (domains.containsKey(name)) {
            problems.add(el, "duplicate domain \"" + name + "\" (first at line " + domains.get(name).element.line + ")");
            return;
        }
        DomainDraft domain = new DomainDraft(el, name);
        domains.put(name, domain);
        String net = el.attr("net");
        if (net == null) {
            problems.add(el, "domain \"" + name + "\" has no net: add net=\"...\" naming a <net>");
        } else if (!nets.containsKey(net)) {
            problems.add(el, "domain \"" + name + "\" refers to unknown net \"" + net + "\"" + knownNets());
        } else {
            domain.net = net;
        }
        for (XmlElement child : el.children()) {
            switch (child.name) {
                case "node" -> {
                    HostDraft node = readNode(child, domain);
                    if (node != null) {
                        domain.nodes.add(node);
                    }
                }
                case "subscriber" -> {
                    domain.hasSubscriberElements = true;
                    if (child.attr("profile") != null) {
                        domain.profileUsers.add(child);
                    }
                    Subscriber s = subscriberReader.subscriber(child, name, domainNames);
                    if (s != null) {
                        domain.listed.add(s);
                    }
                }
                case "subscribers" -> {
                    domain.hasSubscriberElements = true;
                    if (child.attr("profile") != null) {
                        domain.profileUsers.add(child);
                    }
                    SubscriberRange r = subscriberReader.range(child, name);
                    if (r != null) {
                        domain.ranges.add(r);
                    }
                }
                case "service-profile" -> domain.profileElements.add(child);
                default -> { }
            }
        }
    }

    /** After all nodes are known: the domain's service profiles, then the profile names subscribers give. */
    private void readServiceProfiles(DomainDraft domain) {
        ServiceProfileReader reader = new ServiceProfileReader(problems, hostsByName::get,
                h -> "sip:" + fqdns.get(h) + ":" + ports.get(h));
        Map<String, XmlElement> seen = new HashMap<>();
        for (XmlElement el : domain.profileElements) {
            String name = el.attr("name");
            XmlElement first = seen.putIfAbsent(name, el);
            if (first != null) {
                problems.add(el, "duplicate service profile \"" + name + "\" in domain " + domain.name + " (first at line " + first.line + ")");
                continue;
            }
            ServiceProfile profile = reader.read(el, domain.name);
            if (profile != null) {
                domain.profiles.put(name, profile);
            }
        }
        for (XmlElement el : domain.profileUsers) {
            String name = el.attr("profile");
            if (!seen.containsKey(name)) {
                String who = el.name.equals("subscriber") ? "subscriber \"" + el.attr("impu") + "\""
                        : "subscribers " + el.attr("prefix") + number(el.attr("from")) + ".." + el.attr("prefix") + number(el.attr("to"));
                problems.add(el, who + " refers to unknown service profile \"" + name + "\"" + (seen.isEmpty()
                        ? " (domain " + domain.name + " has no <service-profile>)"
                        : " (service profiles of " + domain.name + ": " + String.join(", ", seen.keySet()) + ")"));
            }
        }
    }

    private HostDraft readNode(XmlElement el, DomainDraft domain) {
        Role role = Role.fromXml(el.attr("role")).orElseThrow(); // the schema allows known roles only
        HostDraft node = registerHost(el, role, domain == null ? null : domain.name);
        if (node == null) {
            return null;
        }
        if (!role.isBuilt()) {
            problems.add(el, "role \"" + role.xmlName() + "\" is not built yet (planned: " + role.plannedIn()
                    + "); remove the node or use a later release");
        } else if (domain == null && role != Role.DNS) {
            problems.add(el, "node \"" + node.name + "\" with role " + role.xmlName() + " must be inside a <domain>");
        }
        String net = el.attr("net");
        if (net == null && domain == null) {
            problems.add(el, "node \"" + node.name + "\" has no net: add net=\"...\" (only nodes inside a <domain> take the domain's net)");
        } else if (net != null && !nets.containsKey(net)) {
            problems.add(el, "node \"" + node.name + "\" refers to unknown net \"" + net + "\"" + knownNets());
        } else {
            node.net = net != null ? net : domain.net; // null if the domain's net is bad (reported there)
        }
        String fqdn = el.attr("hostname") != null ? el.attr("hostname").toLowerCase(Locale.ROOT)
                : domain != null ? node.name + "." + domain.name : node.name;
        HostDraft other = hostsByFqdn.putIfAbsent(fqdn, node);
        if (other != null) {
            problems.add(el, "host name " + fqdn + " of " + node.describe() + " is already used by " + other.describe()
                    + " (line " + other.element.line + ")");
        }
        fqdns.put(node, fqdn);
        ports.put(node, el.attr("port") != null ? number(el.attr("port")) : role.defaultPort());
        nodeOptions.put(node, nodeOptions(el, node));
        return node;
    }

    /** database for an hss, service and no-answer-seconds for an as, redirects for an scscf: each only on its role. */
    private NodeOptions nodeOptions(XmlElement el, HostDraft node) {
        String database = el.attr("database");
        String service = el.attr("service");
        String noAnswer = el.attr("no-answer-seconds");
        if (database != null && node.role != Role.HSS) {
            problems.add(el, node.describe() + " has database=\"" + database + "\": only a node with role hss takes a database");
        }
        if (service != null && node.role != Role.AS) {
            problems.add(el, node.describe() + " has service=\"" + service + "\": only a node with role as takes a service");
        }
        if (service == null && node.role == Role.AS) {
            problems.add(el, node.describe() + " with role as has no service: add service=\"...\" naming a built-in application server ("
                    + AsService.allXmlNames() + ")");
        }
        OptionalInt seconds = OptionalInt.empty();
        if (AsService.CALL_FORWARDING.xmlName().equals(service) && node.role == Role.AS) {
            seconds = OptionalInt.of(noAnswer != null ? number(noAnswer) : AsService.DEFAULT_NO_ANSWER_SECONDS);
        } else if (noAnswer != null) {
            problems.add(el, node.describe() + " has no-answer-seconds=\"" + noAnswer.strip()
                    + "\": only an as node with service=\"call-forwarding\" takes it");
        }
        String redirects = el.attr("redirects");
        if (redirects != null && node.role != Role.SCSCF) {
            problems.add(el, node.describe() + " has redirects=\"" + redirects.strip() + "\": only a node with role scscf takes it");
        }
        return new NodeOptions(Optional.ofNullable(database), node.role == Role.AS ? Optional.ofNullable(service) : Optional.empty(),
                seconds, node.role == Role.SCSCF && redirects != null && redirects.strip().equals("recurse"));
    }

    /** Registers a node or UE under its name (one namespace: both are hosts) and reads its address; null if the name is taken. */
    private HostDraft registerHost(XmlElement el, Role role, String domain) {
        String name = el.attr("name");
        HostDraft host = new HostDraft(el, name, role, domain);
        HostDraft first = hostsByName.putIfAbsent(name, host);
        if (first != null) {
            String kind = host.isUe() ? "UE" : "node";
            problems.add(el, first.isUe() == host.isUe()
                    ? "duplicate " + kind + " name \"" + name + "\" (first at line " + first.element.line + ")"
                    : kind + " name \"" + name + "\" is already used by " + first.describe() + " at line " + first.element.line
                    + " (nodes and UEs are all hosts and need distinct names)");
            return null;
        }
        String address = el.attr("address");
        if (address != null) {
            try {
                host.explicitAddress = IpAddresses.parse(address);
            } catch (IllegalArgumentException e) {
                problems.add(el, "bad address of " + host.describe() + ": " + e.getMessage());
            }
        }
        hosts.add(host);
        return host;
    }

    private void checkRoleCounts(XmlElement root) {
        List<HostDraft> dns = hosts.stream().filter(h -> h.role == Role.DNS).toList();
        if (dns.isEmpty()) {
            problems.add(root, "no node with role dns: add one, e.g. <node name=\"dns\" role=\"dns\" net=\"dnsnet\"/>");
        }
        for (int i = 1; i < dns.size(); i++) {
            problems.add(dns.get(i).element, "a second dns node \"" + dns.get(i).name + "\": exactly one is allowed (first \""
                    + dns.get(0).name + "\" at line " + dns.get(0).element.line + ")");
        }
        for (DomainDraft d : domains.values()) {
            List<HostDraft> pcscf = d.nodes.stream().filter(h -> h.role == Role.PCSCF).toList();
            List<HostDraft> icscf = d.nodes.stream().filter(h -> h.role == Role.ICSCF).toList();
            List<HostDraft> scscf = d.nodes.stream().filter(h -> h.role == Role.SCSCF).toList();
            if (pcscf.isEmpty()) {
                problems.add(d.element, "domain \"" + d.name + "\" has no P-CSCF: add <node name=\"...\" role=\"pcscf\"/>");
            }
            if (icscf.isEmpty()) {
                problems.add(d.element, "domain \"" + d.name + "\" has no I-CSCF: add <node name=\"...\" role=\"icscf\"/>");
            }
            for (int i = 1; i < icscf.size(); i++) {
                problems.add(icscf.get(i).element, "domain \"" + d.name + "\" has a second I-CSCF \"" + icscf.get(i).name
                        + "\": exactly one per domain (first \"" + icscf.get(0).name + "\")");
            }
            if (scscf.isEmpty()) {
                problems.add(d.element, "domain \"" + d.name + "\" has no S-CSCF: add <node name=\"...\" role=\"scscf\"/>");
            }
            List<HostDraft> hss = d.nodes.stream().filter(h -> h.role == Role.HSS).toList();
            for (int i = 1; i < hss.size(); i++) {
                problems.add(hss.get(i).element, "domain \"" + d.name + "\" has a second HSS \"" + hss.get(i).name
                        + "\": at most one per domain (first \"" + hss.get(0).name + "\")");
            }
            if (hss.isEmpty()) {
                if (d.hasSubscriberElements) {
                    problems.add(d.element, "domain \"" + d.name + "\" has subscribers but no HSS: add <node name=\"" + freeName("hss")
                            + "\" role=\"hss\"/> (subscribers live in the HSS)");
                }
                // without an HSS nobody assigns S-CSCFs to users
                for (int i = 1; i < scscf.size(); i++) {
                    problems.add(scscf.get(i).element, "domain \"" + d.name + "\" has a second S-CSCF \"" + scscf.get(i).name
                            + "\": a domain without HSS has exactly one (the HSS assigns S-CSCFs to users)");
                }
            }
        }
    }

    /** prefix1, prefix2...: the first host name not taken, for suggestions. */
    private String freeName(String prefix) {
        for (int i = 1; ; i++) {
            if (!hostsByName.containsKey(prefix + i)) {
                return prefix + i;
            }
        }
    }

    private void readUe(HostDraft ue) {
        XmlElement el = ue.element;
        String pcscfName = el.attr("pcscf");
        HostDraft pcscf = hostsByName.get(pcscfName);
        boolean ok = true;
        if (pcscf == null || pcscf.isUe()) {
            problems.add(el, ue.describe() + " refers to unknown P-CSCF \"" + pcscfName + "\"");
            ok = false;
        } else if (pcscf.role != Role.PCSCF) {
            problems.add(el, ue.describe() + ": pcscf=\"" + pcscfName + "\" is a node of role " + pcscf.role.xmlName()
                    + ", not a P-CSCF");
            ok = false;
        } else {
            ue.net = pcscf.net;
        }
        String impuText = el.attr("impu");
        if (!Identities.isSipImpu(impuText)) {
            problems.add(el, "impu \"" + impuText + "\" of " + ue.describe() + " is not a sip: URI (expected sip:user@domain)");
            ue.net = null;
            return;
        }
        String impu = Identities.normalizeImpu(impuText).orElseThrow();
        String home = Identities.hostOf(impu);
        DomainDraft domain = domains.get(home);
        Optional<Subscriber> subscriber = domain == null ? Optional.empty() : domain.subscribers.byImpu(impu);
        Optional<String> password = Optional.ofNullable(el.attr("password")).or(() -> subscriber.flatMap(Subscriber::password));
        if (subscriber.isEmpty() && password.isEmpty()) {
            problems.add(el, ue.describe() + ": " + (domain == null
                    ? "the domain " + home + " of its impu is not in this scenario"
                    : "no subscriber with impu " + impu + " in domain " + home) + " and no password given");
            ok = false;
        }
        String impi = el.attr("impi") != null ? el.attr("impi")
                : subscriber.map(Subscriber::impi).orElse(Identities.userAtHostOf(impu));
        ports.put(ue, el.attr("port") != null ? number(el.attr("port")) : Ue.DEFAULT_PORT);
        if (ok) {
            ueFacts.put(ue, new UeFacts(impu, impi, password, subscriber.flatMap(Subscriber::aka), pcscfName));
        }
    }

    private String knownNets() {
        return nets.isEmpty() ? " (no <net> is defined)" : " (known: " + String.join(", ", nets.keySet()) + ")";
    }

    private Scenario assemble(String name, IpVersion ip) {
        Map<HostDraft, Node> nodes = new LinkedHashMap<>();
        List<Ue> ues = new ArrayList<>();
        for (HostDraft h : hosts) {
            if (h.isUe()) {
                UeFacts f = ueFacts.get(h);
                ues.add(new Ue(h.name, f.impu(), f.impi(), f.password(), f.aka(), f.pcscf(), h.net, h.address, ports.get(h)));
            } else {
                NodeOptions o = nodeOptions.get(h);
                nodes.put(h, new Node(h.name, h.role, h.domain, h.net, h.address, ports.get(h), fqdns.get(h),
                        o.database(), o.service(), o.noAnswerSeconds(), o.recurse()));
            }
        }
        List<Domain> domainList = new ArrayList<>();
        for (DomainDraft d : domains.values()) {
            String trusted = d.element.attr("trusted");
            domainList.add(new Domain(d.name, d.net, isTrue(d.element.attr("thig")), trusted == null || isTrue(trusted),
                    d.nodes.stream().map(nodes::get).toList(),
                    d.subscribers, new ArrayList<>(d.profiles.values())));
        }
        return new Scenario(name, source, ip, new ArrayList<>(nets.values()), new ArrayList<>(nodes.values()), domainList, ues);
    }

    static boolean isTrue(String xsdBoolean) {
        return xsdBoolean != null && (xsdBoolean.strip().equals("true") || xsdBoolean.strip().equals("1"));
    }

    /** An xs:int the schema accepted: it may have a '+' and surrounding white space. */
    static int number(String xsdInt) {
        return Integer.parseInt(xsdInt.strip());
    }
}
