package org.imsemu.scenario;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Which attributes each element takes, read from scenario.xsd itself so that "did you mean" hints
 * never drift from the schema.
 */
final class SchemaVocabulary {
    private static final String XS = XMLConstants.W3C_XML_SCHEMA_NS_URI;

    private final Map<String, Set<String>> attributesByElement;

    private SchemaVocabulary(Map<String, Set<String>> attributesByElement) {
        this.attributesByElement = attributesByElement;
    }

    static SchemaVocabulary read(InputStream xsd) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(xsd);
        Map<String, Element> types = named(doc, "complexType");
        Map<String, Element> groups = named(doc, "attributeGroup");
        Map<String, Set<String>> result = new LinkedHashMap<>();
        NodeList elements = doc.getElementsByTagNameNS(XS, "element");
        for (int i = 0; i < elements.getLength(); i++) {
            Element e = (Element) elements.item(i);
            Element type = types.get(e.getAttribute("type"));
            if (type != null) {
                result.computeIfAbsent(e.getAttribute("name"), k -> new LinkedHashSet<>()).addAll(attributesOf(type, groups));
            }
        }
        return new SchemaVocabulary(result);
    }

    private static Map<String, Element> named(Document doc, String kind) {
        Map<String, Element> map = new HashMap<>();
        NodeList list = doc.getElementsByTagNameNS(XS, kind);
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            if (e.hasAttribute("name")) {
                map.put(e.getAttribute("name"), e);
            }
        }
        return map;
    }

    private static List<String> attributesOf(Element type, Map<String, Element> groups) {
        List<String> names = new ArrayList<>();
        for (org.w3c.dom.Node n = type.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child && XS.equals(child.getNamespaceURI())) {
                if (child.getLocalName().equals("attribute")) {
                    names.add(child.getAttribute("name"));
                } else if (child.getLocalName().equals("attributeGroup") && groups.containsKey(child.getAttribute("ref"))) {
                    names.addAll(attributesOf(groups.get(child.getAttribute("ref")), groups));
                } else if (child.getLocalName().equals("simpleContent") || child.getLocalName().equals("extension")) {
                    names.addAll(attributesOf(child, groups)); // text with attributes: <repository-data>
                }
            }
        }
        return names;
    }

    /** Attributes the element takes, in schema order; empty for an unknown element. */
    Set<String> attributes(String element) {
        return attributesByElement.getOrDefault(element, Set.of());
    }

    boolean isElement(String name) {
        return attributesByElement.containsKey(name);
    }

    /** The allowed attribute closest to a misspelt one (at most two edits away), or null. */
    String closestAttribute(String element, String attribute) {
        String best = null;
        int bestDistance = 3;
        for (String candidate : attributes(element)) {
            int d = distance(attribute.toLowerCase(java.util.Locale.ROOT), candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
