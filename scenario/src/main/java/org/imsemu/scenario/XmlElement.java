package org.imsemu.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An element of the scenario file with its position: all the loader needs of the XML, in document order. */
final class XmlElement {
    final String name;
    final Map<String, String> attributes;
    final int line;
    final int column;
    private final List<XmlElement> children = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();

    XmlElement(String name, Map<String, String> attributes, int line, int column) {
        this.name = name;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.line = line;
        this.column = column;
    }

    /** The attribute's value, or null when absent. */
    String attr(String attribute) {
        return attributes.get(attribute);
    }

    List<XmlElement> children() {
        return Collections.unmodifiableList(children);
    }

    void add(XmlElement child) {
        children.add(child);
    }

    /** All character data directly inside this element (CDATA included), as written. */
    String text() {
        return text.toString();
    }

    void appendText(char[] ch, int start, int length) {
        text.append(ch, start, length);
    }

    @Override
    public String toString() {
        return "<" + name + "> at " + line + ":" + column;
    }
}
