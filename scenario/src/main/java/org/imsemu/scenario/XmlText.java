package org.imsemu.scenario;

/** Escaping for the XML this module writes (iFC fragments). */
final class XmlText {
    private XmlText() {
    }

    /** Text or attribute value: &amp; &lt; &gt; &quot; escaped. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
