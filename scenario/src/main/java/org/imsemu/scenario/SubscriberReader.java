package org.imsemu.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code <subscriber>} and {@code <subscribers>} of every domain and checks them: sip: IMPUs in
 * their own domain, credentials present and well formed, no identity given twice (also across ranges),
 * repository data well-formed XML. Profile names are checked by the builder once the domain is read.
 */
final class SubscriberReader {
    private final Problems problems;
    private final Map<String, XmlElement> impis = new HashMap<>();
    private final Map<String, XmlElement> impus = new HashMap<>();
    /** Every accepted listed subscriber and range with its element, to check them against all ranges at the end. */
    private final List<Map.Entry<Subscriber, XmlElement>> listed = new ArrayList<>();
    private final List<Map.Entry<SubscriberRange, XmlElement>> ranges = new ArrayList<>();

    SubscriberReader(Problems problems) {
        this.problems = problems;
    }

    /** Reads one {@code <subscriber>} of {@code domain}; null when it is unusable (reported). */
    Subscriber subscriber(XmlElement el, String domain, List<String> scenarioDomains) {
        String impuText = el.attr("impu");
        String what = "subscriber \"" + impuText + "\"";
        if (!Identities.isSipImpu(impuText)) {
            problems.add(el, "impu \"" + impuText + "\" of the subscriber is not a sip: URI (expected sip:user@" + domain + ")");
            return null;
        }
        String impu = Identities.normalizeImpu(impuText).orElseThrow();
        String host = Identities.hostOf(impu);
        if (!host.equals(domain)) {
            problems.add(el, what + " belongs to domain " + host + ", not to " + domain
                    + (scenarioDomains.contains(host) ? ": move it into <domain name=\"" + host + "\">"
                    : ": a subscriber's impu must be in the domain it is listed in"));
            return null;
        }
        String impi = el.attr("impi") != null ? el.attr("impi") : Identities.userAtHostOf(impu);
        Optional<Credentials> credentials = credentials(el, what);
        if (credentials.isEmpty()) {
            return null;
        }
        boolean duplicate = false;
        XmlElement first = impis.putIfAbsent(Identities.normalizeImpi(impi), el);
        if (first != null) {
            problems.add(el, "duplicate impi \"" + impi + "\" (first at line " + first.line + ")");
            duplicate = true;
        }
        first = impus.putIfAbsent(impu, el);
        if (first != null) {
            problems.add(el, "duplicate impu \"" + impu + "\" (first at line " + first.line + ")");
            duplicate = true;
        }
        if (duplicate) {
            return null;
        }
        Subscriber s = new Subscriber(impu, impi, credentials.get().password(), credentials.get().aka(),
                Optional.ofNullable(el.attr("profile")), repositoryData(el, what));
        listed.add(Map.entry(s, el));
        return s;
    }

    /** Reads one {@code <subscribers prefix from to>} of {@code domain}; null when unusable (reported). */
    SubscriberRange range(XmlElement el, String domain) {
        String prefix = el.attr("prefix");
        int from = ScenarioBuilder.number(el.attr("from"));
        int to = ScenarioBuilder.number(el.attr("to"));
        String what = "subscribers " + prefix + from + ".." + prefix + to;
        if (from > to) {
            problems.add(el, "subscribers range " + prefix + ": from=\"" + from + "\" is greater than to=\"" + to + "\"");
            return null;
        }
        Optional<Credentials> credentials = credentials(el, what);
        if (credentials.isEmpty()) {
            return null;
        }
        SubscriberRange range = new SubscriberRange(domain, prefix, from, to, credentials.get().password(), credentials.get().aka(),
                Optional.ofNullable(el.attr("profile")));
        for (Map.Entry<SubscriberRange, XmlElement> earlier : ranges) {
            if (earlier.getKey().overlaps(range)) {
                problems.add(el, what + " overlaps subscribers " + earlier.getKey().prefix() + earlier.getKey().from() + ".."
                        + earlier.getKey().prefix() + earlier.getKey().to() + " (line " + earlier.getValue().line
                        + "): an identity would be given twice");
                return null;
            }
        }
        ranges.add(Map.entry(range, el));
        return range;
    }

    /** After all domains are read: a listed subscriber whose identity a range also yields is a duplicate. */
    void checkListedAgainstRanges() {
        for (Map.Entry<Subscriber, XmlElement> s : listed) {
            for (Map.Entry<SubscriberRange, XmlElement> r : ranges) {
                SubscriberRange range = r.getKey();
                boolean impi = range.byImpi(s.getKey().impi()).isPresent();
                if (impi || range.byImpu(s.getKey().impu()).isPresent()) {
                    XmlElement later = isAfter(s.getValue(), r.getValue()) ? s.getValue() : r.getValue();
                    problems.add(later, "duplicate " + (impi ? "impi \"" + s.getKey().impi() : "impu \"" + s.getKey().impu())
                            + "\": subscriber at line " + s.getValue().line + " and subscribers " + range.prefix() + range.from()
                            + ".." + range.prefix() + range.to() + " at line " + r.getValue().line + " both have it");
                }
            }
        }
    }

    private static boolean isAfter(XmlElement a, XmlElement b) {
        return a.line > b.line || (a.line == b.line && a.column > b.column);
    }

    /** The {@code <repository-data>} children: service indication to XML; a bad one is reported and left out. */
    private Map<String, String> repositoryData(XmlElement el, String what) {
        Map<String, String> data = new LinkedHashMap<>();
        Map<String, XmlElement> seen = new HashMap<>();
        for (XmlElement child : el.children()) {
            if (!child.name.equals("repository-data")) {
                continue;
            }
            String indication = child.attr("service-indication");
            String where = "repository-data \"" + indication + "\" of " + what;
            XmlElement first = seen.putIfAbsent(indication, child);
            if (first != null) {
                problems.add(child, "duplicate " + where + " (first at line " + first.line + ")");
                continue;
            }
            String xml = child.text().strip();
            if (xml.isEmpty()) {
                problems.add(child, where + " is empty: put the service's XML inside, as <![CDATA[ ... ]]>");
                continue;
            }
            Optional<String> malformed = WellFormed.check(xml);
            if (malformed.isPresent()) {
                problems.add(child, where + " is not well-formed XML: " + malformed.get());
                continue;
            }
            data.put(indication, xml);
        }
        return data;
    }

    record Credentials(Optional<String> password, Optional<AkaKeys> aka) {
    }

    /** Password and/or AKA keys of a subscriber or range; empty when missing or inconsistent (reported). */
    private Optional<Credentials> credentials(XmlElement el, String what) {
        Optional<String> password = Optional.ofNullable(el.attr("password"));
        String k = el.attr("k");
        String op = el.attr("op");
        String opc = el.attr("opc");
        String amf = el.attr("amf");
        if (k == null) {
            if (op != null || opc != null || amf != null) {
                problems.add(el, what + " has " + (op != null ? "op" : opc != null ? "opc" : "amf")
                        + " but no k: AKA needs k with op or opc");
                return Optional.empty();
            }
            if (password.isEmpty()) {
                problems.add(el, what + " has neither password (Digest) nor k (AKA): give one of them");
                return Optional.empty();
            }
            return Optional.of(new Credentials(password, Optional.empty()));
        }
        if ((op == null) == (opc == null)) {
            problems.add(el, what + (op == null ? " has k but neither op nor opc: AKA needs one of them"
                    : " has both op and opc: give only one (OPc is derived from OP and K)"));
            return Optional.empty();
        }
        AkaKeys aka = new AkaKeys(k, Optional.ofNullable(op), Optional.ofNullable(opc), amf == null ? AkaKeys.DEFAULT_AMF : amf);
        return Optional.of(new Credentials(password, Optional.of(aka)));
    }
}
