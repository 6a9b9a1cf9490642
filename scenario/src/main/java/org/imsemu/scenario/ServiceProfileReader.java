package org.imsemu.scenario;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a domain's {@code <service-profile>}s once all nodes are known (an ifc may name an application
 * server written further down): application servers of the same domain, valid regular expressions,
 * distinct priorities, and the minimum of a raw {@code <InitialFilterCriteria>}.
 */
final class ServiceProfileReader {
    private final Problems problems;
    private final Function<String, HostDraft> hostByName;
    /** {@code sip:fqdn:port} of an application server. */
    private final Function<HostDraft, String> sipUri;

    ServiceProfileReader(Problems problems, Function<String, HostDraft> hostByName, Function<HostDraft, String> sipUri) {
        this.problems = problems;
        this.hostByName = hostByName;
        this.sipUri = sipUri;
    }

    /** The profile, or null when any part of it is wrong (reported). */
    ServiceProfile read(XmlElement el, String domain) {
        String name = el.attr("name");
        String where = " of service profile \"" + name + "\"";
        List<InitialFilterCriterion> criteria = new ArrayList<>();
        List<String> raw = new ArrayList<>();
        Map<Integer, XmlElement> priorities = new HashMap<>();
        boolean ok = true;
        for (XmlElement child : el.children()) {
            Integer priority = null;
            if (child.name.equals("ifc")) {
                InitialFilterCriterion ifc = ifc(child, domain, where);
                if (ifc == null) {
                    ok = false;
                    continue;
                }
                criteria.add(ifc);
                priority = ifc.priority();
            } else if (child.name.equals("InitialFilterCriteria")) {
                priority = rawPriority(child, where);
                if (priority == null) {
                    ok = false;
                    continue;
                }
                raw.add(compact(child));
            } else {
                continue;
            }
            XmlElement first = priorities.putIfAbsent(priority, child);
            if (first != null) {
                problems.add(child, "priority " + priority + where + " is given twice (first at line " + first.line
                        + "): priorities order the criteria and must differ");
                ok = false;
            }
        }
        return ok ? new ServiceProfile(name, criteria, raw) : null;
    }

    private InitialFilterCriterion ifc(XmlElement el, String domain, String profile) {
        int priority = ScenarioBuilder.number(el.attr("priority"));
        String what = "ifc priority " + priority + profile;
        String asName = el.attr("as");
        HostDraft as = hostByName.apply(asName);
        boolean ok = true;
        if (as == null || as.isUe()) {
            problems.add(el, what + " refers to unknown application server \"" + asName + "\"");
            ok = false;
        } else if (!domain.equals(as.domain)) {
            problems.add(el, what + ": as=\"" + asName + "\" is a node of " + (as.domain == null ? "no domain" : "domain " + as.domain)
                    + "; an ifc names an application server of its own domain (" + domain + ")");
            ok = false;
        } else if (as.role != Role.AS) {
            problems.add(el, what + ": as=\"" + asName + "\" is a node of role " + as.role.xmlName()
                    + ", not an application server (role=\"as\")");
            ok = false;
        }
        Optional<String> requestUri = Optional.ofNullable(el.attr("request-uri"));
        Optional<String> header = Optional.ofNullable(el.attr("header"));
        Optional<String> content = Optional.ofNullable(el.attr("header-content"));
        ok &= isRegex(el, "request-uri", requestUri, what);
        ok &= isRegex(el, "header-content", content, what);
        if (content.isPresent() && header.isEmpty()) {
            problems.add(el, what + " has header-content but no header: add header=\"...\" naming the header to match");
            ok = false;
        }
        if (!ok) {
            return null;
        }
        String handling = el.attr("default-handling");
        return new InitialFilterCriterion(priority, asName, sipUri.apply(as), Optional.ofNullable(el.attr("method")),
                Optional.ofNullable(el.attr("session-case")).flatMap(InitialFilterCriterion.SessionCase::fromXml),
                requestUri, header, content,
                handling == null ? InitialFilterCriterion.DefaultHandling.CONTINUE
                        : InitialFilterCriterion.DefaultHandling.fromXml(handling).orElseThrow(), // the schema allows these only
                ScenarioBuilder.isTrue(el.attr("registered-only")));
    }

    private boolean isRegex(XmlElement el, String attribute, Optional<String> value, String what) {
        if (value.isEmpty()) {
            return true;
        }
        try {
            Pattern.compile(value.get());
            return true;
        } catch (PatternSyntaxException e) {
            problems.add(el, attribute + " \"" + value.get() + "\" of " + what + " is not a valid regular expression: "
                    + e.getDescription() + " at index " + e.getIndex());
            return false;
        }
    }

    /** The Priority of a raw criterion, which must also name its application server; null when not (reported). */
    private Integer rawPriority(XmlElement el, String profile) {
        String what = "<InitialFilterCriteria>" + profile;
        Optional<XmlElement> priority = child(el, "Priority");
        Integer value = null;
        try {
            value = priority.map(p -> Integer.parseInt(p.text().strip())).orElse(null);
        } catch (NumberFormatException e) {
            // reported below
        }
        if (value == null || value < 0) {
            problems.add(el, what + " has no <Priority> with a whole number from 0 up");
            return null;
        }
        Optional<XmlElement> server = child(el, "ApplicationServer").flatMap(a -> child(a, "ServerName"));
        if (server.isEmpty() || server.get().text().isBlank()) {
            problems.add(el, what + " has no <ApplicationServer><ServerName>: name the application server's SIP URI");
            return null;
        }
        for (XmlElement e : descendants(el)) {
            if (!e.children().isEmpty() && !e.text().isBlank()) {
                problems.add(e, "<" + e.name + ">" + profile + " has both text and elements; TS 29.228 XML has no such content");
                return null;
            }
        }
        return value;
    }

    private static Optional<XmlElement> child(XmlElement el, String name) {
        return el.children().stream().filter(c -> c.name.equals(name)).findFirst();
    }

    private static List<XmlElement> descendants(XmlElement el) {
        List<XmlElement> out = new ArrayList<>();
        out.add(el);
        for (XmlElement c : el.children()) {
            out.addAll(descendants(c));
        }
        return out;
    }

    /** Compact XML of an element: no white space between elements, leaf text stripped, comments gone. */
    static String compact(XmlElement el) {
        StringBuilder out = new StringBuilder("<").append(el.name);
        el.attributes.forEach((k, v) -> out.append(' ').append(k).append("=\"").append(XmlText.escape(v)).append('"'));
        String text = el.text().strip();
        if (el.children().isEmpty() && text.isEmpty()) {
            return out.append("/>").toString();
        }
        out.append('>');
        if (el.children().isEmpty()) {
            out.append(XmlText.escape(text));
        } else {
            el.children().forEach(c -> out.append(compact(c)));
        }
        return out.append("</").append(el.name).append('>').toString();
    }
}
