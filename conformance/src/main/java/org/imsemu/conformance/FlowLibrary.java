package org.imsemu.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Loads flows from XML (format in flows/README.md next to the built-in files). Unknown elements or
 * attributes, bad regular expressions and malformed numbers are errors naming the file and the step,
 * so that a typo in a flow cannot silently weaken a check.
 */
public final class FlowLibrary {
    /** The classpath folder of the built-in flows. */
    public static final String RESOURCE_DIR = "/org/imsemu/conformance/flows/";
    /** The built-in flows, by name (file name without .xml). */
    public static final List<String> BUILT_IN = List.of("registration", "registration-cx", "registration-aka", "re-registration", "mo-mt-call",
            "mo-mt-call-as", "deregistration", "deregistration-cx", "network-deregistration", "call-cancel",
            "message", "mo-mt-call-preconditions", "call-hold", "session-modification", "call-transfer", "call-redirection",
            "call-anonymous", "reg-event-subscriptions");

    private static final Set<String> FLOW_ATTRS = Set.of("name", "title", "spec", "collapse-retransmissions");
    private static final Set<String> IGNORE_ATTRS = Set.of("message", "cseq");
    private static final Set<String> STEP_ATTRS = Set.of("from", "to", "message", "cseq", "optional", "note", "protocol", "result");
    private static final Set<String> HEADER_ATTRS = Set.of("name", "present", "pattern", "not-pattern", "min-values", "max-values");
    private static final Set<String> BODY_ATTRS = Set.of("type", "present", "pattern");
    private static final Set<String> PATH_ATTRS = Set.of("name", "roles");
    private static final Set<String> HOPS_ATTRS = Set.of("path", "from", "to", "reverse", "message", "cseq", "optional", "note");

    private FlowLibrary() {
    }

    /** A built-in flow, e.g. "registration". */
    public static ExpectedFlow load(String name) {
        String resource = RESOURCE_DIR + name + ".xml";
        try (InputStream in = FlowLibrary.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalArgumentException("no built-in flow \"" + name + "\" (" + resource + "); known: " + BUILT_IN);
            return parse(in, resource);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ExpectedFlow parse(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        }
    }

    /** @param source names the input in error messages */
    public static ExpectedFlow parse(InputStream in, String source) throws IOException {
        Document doc;
        try {
            doc = builder().parse(in, source);
        } catch (SAXException e) {
            throw new IllegalArgumentException(source + ": not well-formed XML: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!root.getTagName().equals("flow")) throw new IllegalArgumentException(source + ": the root element must be <flow>, not <" + root.getTagName() + ">");
        checkAttributes(root, FLOW_ATTRS, source + ": <flow>");
        String name = required(root, "name", source + ": <flow>");
        List<MessagePattern> ignored = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        new Body(source, ignored, steps).read(root, List.of());
        try {
            return new ExpectedFlow(name, attr(root, "title"), attr(root, "spec"), steps, ignored,
                    bool(root, "collapse-retransmissions", true, source + ": <flow>"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /** The content of a {@code <flow>} (or of a {@code <branch>}), read in document order into steps. */
    private static final class Body {
        private final String source;
        private final List<MessagePattern> ignored;
        private final List<Step> steps;
        private final java.util.Map<String, List<String>> paths = new java.util.HashMap<>();
        private int blocks;

        Body(String source, List<MessagePattern> ignored, List<Step> steps) {
            this.source = source;
            this.ignored = ignored;
            this.steps = steps;
        }

        void read(Element parent, List<String> lanes) {
            boolean top = lanes.isEmpty() && parent.getTagName().equals("flow");
            for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeType() == Node.TEXT_NODE && n.getNodeValue().isBlank() || n.getNodeType() == Node.COMMENT_NODE) continue;
                if (!(n instanceof Element e)) {
                    throw new IllegalArgumentException(source + ": unexpected text in <" + parent.getTagName() + ">: " + n.getNodeValue().strip());
                }
                String where = source + ": step " + (steps.size() + 1);
                switch (e.getTagName()) {
                    case "ignore" -> {
                        if (!top) throw new IllegalArgumentException(source + ": <ignore> belongs directly in <flow>");
                        checkAttributes(e, IGNORE_ATTRS, source + ": <ignore>");
                        ignored.add(pattern(e, source + ": <ignore>"));
                    }
                    case "step" -> steps.add(step(e, steps.size() + 1, where, lanes));
                    case "path" -> {
                        checkAttributes(e, PATH_ATTRS, source + ": <path>");
                        String pathName = required(e, "name", source + ": <path>");
                        List<String> roles = List.of(required(e, "roles", source + ": <path name=\"" + pathName + "\">").split("\\s+"));
                        if (roles.size() < 2 || paths.put(pathName, roles) != null) {
                            throw new IllegalArgumentException(source + ": <path name=\"" + pathName + "\"> needs two roles or more and a name of its own");
                        }
                    }
                    case "hops" -> hops(e, paths, steps, where, lanes);
                    case "parallel" -> parallel(e, lanes, where);
                    case "description" -> { } // prose for readers
                    default -> throw new IllegalArgumentException(source + ": unknown element <" + e.getTagName() + "> in <" + parent.getTagName() + ">");
                }
            }
        }

        /** {@code <parallel>} holds {@code <branch>}es whose steps the flow leaves in no order among branches. */
        private void parallel(Element e, List<String> lanes, String where) {
            checkAttributes(e, Set.of(), where + " <parallel>");
            int block = ++blocks;
            int branch = 0;
            for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeType() == Node.TEXT_NODE && n.getNodeValue().isBlank() || n.getNodeType() == Node.COMMENT_NODE) continue;
                if (!(n instanceof Element b) || !b.getTagName().equals("branch")) {
                    throw new IllegalArgumentException(where + ": <parallel> holds only <branch> elements");
                }
                checkAttributes(b, Set.of(), where + " <branch>");
                List<String> inner = new ArrayList<>(lanes);
                inner.add(block + ":" + (++branch));
                read(b, inner);
            }
            if (branch < 2) throw new IllegalArgumentException(where + ": <parallel> needs two <branch> elements or more");
        }
    }

    /**
     * {@code <hops path="call" message="PRACK" from="P-CSCF#1" to="UE#2" reverse="false">}: one step per hop
     * of a declared path (or of its part between two of its roles), each with the rules inside. A message
     * relayed hop by hop through a chain of proxies is then one line of the flow file.
     */
    private static void hops(Element e, java.util.Map<String, List<String>> paths, List<Step> steps, String where,
                             List<String> lanes) {
        checkAttributes(e, HOPS_ATTRS, where + " <hops>");
        String pathName = required(e, "path", where + " <hops>");
        List<String> roles = paths.get(pathName);
        if (roles == null) throw new IllegalArgumentException(where + " <hops>: no <path name=\"" + pathName + "\"> declared before it");
        roles = new ArrayList<>(roles);
        if (bool(e, "reverse", false, where + " <hops>")) java.util.Collections.reverse(roles);
        int first = e.hasAttribute("from") ? roles.indexOf(e.getAttribute("from").strip()) : 0;
        int last = e.hasAttribute("to") ? roles.indexOf(e.getAttribute("to").strip()) : roles.size() - 1;
        if (first < 0 || last < 0 || first >= last) {
            throw new IllegalArgumentException(where + " <hops>: from/to must be roles of path " + pathName + " " + roles
                    + " in that order");
        }
        for (int i = first; i < last; i++) {
            Element one = (Element) e.cloneNode(true);
            for (String a : List.of("path", "from", "to", "reverse")) one.removeAttribute(a);
            one.setAttribute("from", roles.get(i));
            one.setAttribute("to", roles.get(i + 1));
            steps.add(step(one, steps.size() + 1, where.replaceFirst("step \\d+$", "step " + (steps.size() + 1)), lanes));
        }
    }

    private static Step step(Element e, int number, String where, List<String> lanes) {
        checkAttributes(e, STEP_ATTRS, where);
        List<HeaderRule> headers = new ArrayList<>();
        BodyRule body = null;
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n.getNodeType() == Node.TEXT_NODE && n.getNodeValue().isBlank() || n.getNodeType() == Node.COMMENT_NODE) continue;
            if (!(n instanceof Element c)) throw new IllegalArgumentException(where + ": unexpected text in <step>: " + n.getNodeValue().strip());
            switch (c.getTagName()) {
                case "header" -> headers.add(header(c, where));
                case "body" -> {
                    if (body != null) throw new IllegalArgumentException(where + ": more than one <body>");
                    checkAttributes(c, BODY_ATTRS, where + " <body>");
                    try {
                        body = new BodyRule(bool(c, "present", true, where + " <body>"), attr(c, "type"), regex(c, "pattern", where + " <body>"));
                    } catch (IllegalArgumentException x) {
                        throw x.getMessage().startsWith(where) ? x : new IllegalArgumentException(where + " <body>: " + x.getMessage(), x);
                    }
                }
                default -> throw new IllegalArgumentException(where + ": unknown element <" + c.getTagName() + "> in <step>");
            }
        }
        if ("diameter".equals(attr(e, "protocol")) && (!headers.isEmpty() || body != null)) {
            throw new IllegalArgumentException(where + ": a Diameter step takes no <header> or <body> rules");
        }
        try {
            return new Step(number, required(e, "from", where), required(e, "to", where), pattern(e, where), headers, body,
                    bool(e, "optional", false, where), attr(e, "note"), lanes);
        } catch (IllegalArgumentException x) {
            throw x.getMessage().startsWith(where) ? x : new IllegalArgumentException(where + ": " + x.getMessage(), x);
        }
    }

    private static HeaderRule header(Element c, String where) {
        String w = where + " <header" + (c.hasAttribute("name") ? " name=\"" + c.getAttribute("name") + "\"" : "") + ">";
        checkAttributes(c, HEADER_ATTRS, w);
        List<String> names = HeaderRule.split(required(c, "name", w));
        Pattern pattern = regex(c, "pattern", w);
        Pattern notPattern = regex(c, "not-pattern", w);
        int minValues = count(c, "min-values", w);
        int maxValues = count(c, "max-values", w);
        try {
            return new HeaderRule(names, bool(c, "present", true, w), pattern, minValues, notPattern, maxValues);
        } catch (IllegalArgumentException x) {
            throw new IllegalArgumentException(w + ": " + x.getMessage(), x);
        }
    }

    private static int count(Element c, String attribute, String where) {
        if (!c.hasAttribute(attribute)) return 0;
        try {
            return Integer.parseInt(c.getAttribute(attribute).strip());
        } catch (NumberFormatException x) {
            throw new IllegalArgumentException(where + ": " + attribute + " must be a number: \"" + c.getAttribute(attribute) + "\"");
        }
    }

    private static Pattern regex(Element c, String attribute, String where) {
        if (!c.hasAttribute(attribute)) return null;
        try {
            return Pattern.compile(c.getAttribute(attribute));
        } catch (PatternSyntaxException x) {
            throw new IllegalArgumentException(where + ": bad " + attribute + ": " + x.getDescription() + " in /" + x.getPattern() + "/", x);
        }
    }

    private static MessagePattern pattern(Element e, String where) {
        try {
            String protocol = attr(e, "protocol");
            if (protocol != null && !protocol.equals("sip") && !protocol.equals("diameter")) {
                throw new IllegalArgumentException(where + ": protocol must be sip or diameter, not \"" + protocol + "\"");
            }
            if ("diameter".equals(protocol)) {
                String result = attr(e, "result");
                Long code;
                try {
                    code = result == null ? null : Long.valueOf(result.strip());
                } catch (NumberFormatException x) {
                    throw new IllegalArgumentException(where + ": result must be a number: \"" + result + "\"");
                }
                return MessagePattern.diameter(required(e, "message", where), code);
            }
            return new MessagePattern(required(e, "message", where), attr(e, "cseq"), false, e.hasAttribute("result") ? -1L : null);
        } catch (IllegalArgumentException x) {
            throw x.getMessage().startsWith(where) ? x : new IllegalArgumentException(where + ": " + x.getMessage(), x);
        }
    }

    private static void checkAttributes(Element e, Set<String> allowed, String where) {
        NamedNodeMap attrs = e.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            String a = attrs.item(i).getNodeName();
            if (!allowed.contains(a)) throw new IllegalArgumentException(where + ": unknown attribute " + a + " (allowed: " + allowed + ")");
        }
    }

    private static String attr(Element e, String name) {
        return e.hasAttribute(name) ? e.getAttribute(name) : null;
    }

    private static String required(Element e, String name, String where) {
        String v = attr(e, name);
        if (v == null || v.isBlank()) throw new IllegalArgumentException(where + ": missing attribute " + name);
        return v.strip();
    }

    private static boolean bool(Element e, String name, boolean dflt, String where) {
        String v = attr(e, name);
        if (v == null) return dflt;
        return switch (v.strip()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(where + ": " + name + " must be true or false, not \"" + v + "\"");
        };
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            // Flow files are data: no DTDs, no external entities.
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.ErrorHandler() { // errors surface as exceptions, not stderr noise
                @Override
                public void warning(org.xml.sax.SAXParseException e) {
                }

                @Override
                public void error(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }
}
