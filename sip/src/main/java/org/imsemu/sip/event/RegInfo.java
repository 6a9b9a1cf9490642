package org.imsemu.sip.event;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A registration state document of the reg event package (RFC 3680 5.3, {@code application/reginfo+xml}):
 * the version, whether it is the full state or a partial update, and per address-of-record its
 * registration state and contacts with the event that last changed each. Immutable; {@link #parse}
 * reads one (DOCTYPEs refused, unknown elements and attributes ignored), {@link #format} writes one.
 *
 * @param version increases by one with every NOTIFY of a subscription (5.2)
 * @param state   full, or partial (only what changed)
 */
public record RegInfo(long version, DocumentState state, List<Registration> registrations) {

    public static final String CONTENT_TYPE = "application/reginfo+xml";
    public static final String NAMESPACE = "urn:ietf:params:xml:ns:reginfo";
    /** The Event package name (RFC 3680 3). */
    public static final String EVENT_PACKAGE = "reg";

    public enum DocumentState { FULL, PARTIAL }

    /** The state of an address-of-record (5.3.1). */
    public enum RegistrationState { INIT, ACTIVE, TERMINATED }

    /** The state of one contact. */
    public enum ContactState { ACTIVE, TERMINATED }

    /** What made a contact's state what it is (5.3.1): the first three keep it active, the others end it. */
    public enum ContactEvent {
        REGISTERED, CREATED, REFRESHED, SHORTENED, EXPIRED, DEACTIVATED, PROBATION, UNREGISTERED, REJECTED;

        /** Whether the contact is gone after this event (expired, deactivated, probation, unregistered, rejected). */
        public boolean terminates() {
            return this == EXPIRED || this == DEACTIVATED || this == PROBATION || this == UNREGISTERED || this == REJECTED;
        }

        String xml() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One address-of-record (a public user identity in IMS) and its contacts. */
    public record Registration(String aor, String id, RegistrationState state, List<Contact> contacts) {
        public Registration {
            Objects.requireNonNull(aor, "aor");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(state, "state");
            contacts = List.copyOf(contacts);
        }
    }

    /**
     * One contact of a registration.
     *
     * @param expires seconds left, or -1 when absent
     * @param q       the q value as written, or null
     * @param callId  the Call-ID of the REGISTER that made the binding, or null
     * @param cseq    its CSeq number, or -1
     */
    public record Contact(String id, ContactState state, ContactEvent event, String uri, long expires, String q,
                          String callId, long cseq) {
        public Contact {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(uri, "uri");
        }

        /** A contact without expiry, q, Call-ID and CSeq. */
        public static Contact of(String id, ContactState state, ContactEvent event, String uri) {
            return new Contact(id, state, event, uri, -1, null, null, -1);
        }

        public Contact withExpires(long seconds) {
            return new Contact(id, state, event, uri, seconds, q, callId, cseq);
        }
    }

    public RegInfo {
        if (version < 0) throw new IllegalArgumentException("negative version " + version);
        Objects.requireNonNull(state, "state");
        registrations = List.copyOf(registrations);
    }

    /** The registration of this address-of-record, or null. */
    public Registration registration(String aor) {
        for (Registration r : registrations) if (r.aor().equals(aor)) return r;
        return null;
    }

    // ---- parsing ----

    /**
     * One configured parser per thread (a P-CSCF reads a NOTIFY per registration): making and configuring a
     * factory for each document cost more than parsing it.
     */
    private static final ThreadLocal<DocumentBuilder> PARSERS = ThreadLocal.withInitial(RegInfo::newParser);

    private static DocumentBuilder newParser() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true); // no entities, no XXE
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() { // errors become exceptions, not stderr lines
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                    throw e;
                }

                @Override
                public void error(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                    throw e;
                }
            });
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("no XML parser", e);
        }
    }

    /** Parses a reginfo document. @throws IllegalArgumentException when it is not one */
    public static RegInfo parse(byte[] xml) {
        Document doc;
        try {
            doc = PARSERS.get().parse(new ByteArrayInputStream(xml));
        } catch (Exception e) {
            PARSERS.remove(); // a parser that failed half way is not trusted again
            throw new IllegalArgumentException("not well-formed reginfo: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!"reginfo".equals(root.getLocalName()) || !NAMESPACE.equals(root.getNamespaceURI())) {
            throw new IllegalArgumentException("not a reginfo document: root {" + root.getNamespaceURI() + "}" + root.getLocalName());
        }
        long version = number(root, "version", true);
        DocumentState state = enumOf(DocumentState.class, required(root, "state"), "reginfo state");
        List<Registration> regs = new ArrayList<>();
        for (Element r : children(root, "registration")) {
            List<Contact> contacts = new ArrayList<>();
            for (Element c : children(r, "contact")) {
                List<Element> uris = children(c, "uri");
                if (uris.isEmpty()) throw new IllegalArgumentException("contact " + c.getAttribute("id") + " without uri");
                String cseq = c.getAttribute("cseq");
                contacts.add(new Contact(required(c, "id"), enumOf(ContactState.class, required(c, "state"), "contact state"),
                        enumOf(ContactEvent.class, required(c, "event"), "contact event"), uris.get(0).getTextContent().strip(),
                        c.hasAttribute("expires") ? number(c, "expires", true) : -1,
                        c.hasAttribute("q") ? c.getAttribute("q") : null,
                        c.hasAttribute("callid") ? c.getAttribute("callid") : null,
                        cseq.isEmpty() ? -1 : number(c, "cseq", true)));
            }
            regs.add(new Registration(required(r, "aor"), required(r, "id"),
                    enumOf(RegistrationState.class, required(r, "state"), "registration state"), contacts));
        }
        return new RegInfo(version, state, regs);
    }

    public static RegInfo parse(String xml) {
        return parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node n = nodes.item(i);
            if (n instanceof Element e && name.equals(e.getLocalName()) && NAMESPACE.equals(e.getNamespaceURI())) out.add(e);
        }
        return out;
    }

    private static String required(Element e, String attribute) {
        if (!e.hasAttribute(attribute)) throw new IllegalArgumentException("<" + e.getLocalName() + "> without " + attribute);
        return e.getAttribute(attribute);
    }

    private static long number(Element e, String attribute, boolean required) {
        String v = required ? required(e, attribute) : e.getAttribute(attribute);
        try {
            long n = Long.parseLong(v.strip());
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("<" + e.getLocalName() + "> " + attribute + " is not a number: " + v);
        }
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String value, String what) {
        for (E c : type.getEnumConstants()) if (c.name().equalsIgnoreCase(value.strip())) return c;
        throw new IllegalArgumentException("unknown " + what + " '" + value + "'");
    }

    // ---- formatting ----

    /** The document as RFC 3680 writes it. */
    public String format() {
        StringBuilder sb = new StringBuilder(256);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<reginfo xmlns=\"").append(NAMESPACE).append("\" version=\"").append(version)
                .append("\" state=\"").append(state.name().toLowerCase(Locale.ROOT)).append("\">\n");
        for (Registration r : registrations) {
            sb.append("  <registration aor=\"").append(escape(r.aor())).append("\" id=\"").append(escape(r.id()))
                    .append("\" state=\"").append(r.state().name().toLowerCase(Locale.ROOT)).append("\">\n");
            for (Contact c : r.contacts()) {
                sb.append("    <contact id=\"").append(escape(c.id())).append("\" state=\"").append(c.state().name().toLowerCase(Locale.ROOT))
                        .append("\" event=\"").append(c.event().xml()).append('"');
                if (c.expires() >= 0) sb.append(" expires=\"").append(c.expires()).append('"');
                if (c.q() != null) sb.append(" q=\"").append(escape(c.q())).append('"');
                if (c.callId() != null) sb.append(" callid=\"").append(escape(c.callId())).append('"');
                if (c.cseq() >= 0) sb.append(" cseq=\"").append(c.cseq()).append('"');
                sb.append(">\n      <uri>").append(escape(c.uri())).append("</uri>\n    </contact>\n");
            }
            sb.append("  </registration>\n");
        }
        return sb.append("</reginfo>\n").toString();
    }

    public byte[] toBytes() {
        return format().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
