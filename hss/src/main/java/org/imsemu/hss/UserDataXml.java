package org.imsemu.hss;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.imsemu.hss.store.Subscription;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The XML documents of the HSS: Cx User-Data (TS 29.228 annex E, {@code <IMSSubscription>}) and Sh-Data
 * (TS 29.328 annex D). The provisioned initial filter criteria are a fragment of
 * {@code <InitialFilterCriteria>} elements and go into the documents verbatim.
 */
final class UserDataXml {
    private UserDataXml() {
    }

    /** IMSUserState values (TS 29.328 annex D, tIMSUserState). */
    static final int NOT_REGISTERED = 0;
    static final int REGISTERED = 1;
    static final int REGISTERED_UNREG_SERVICES = 2;
    static final int AUTHENTICATION_PENDING = 3;

    private static final String DECL = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    // ProfilePartIndicator 1 = UNREGISTERED, or a SessionCase 3/4 (terminating/originating unregistered)
    private static final Pattern UNREGISTERED_SERVICE = Pattern.compile(
            "<ProfilePartIndicator>\\s*1\\s*</ProfilePartIndicator>|<SessionCase>\\s*[34]\\s*</SessionCase>");

    /** The User-Data of a SAA or PPR: one service profile with every identity of the implicit set. */
    static String imsSubscription(Subscription s) {
        StringBuilder b = new StringBuilder(DECL).append("<IMSSubscription><PrivateID>").append(escape(s.impi())).append("</PrivateID><ServiceProfile>");
        for (String impu : s.impus()) b.append("<PublicIdentity><Identity>").append(escape(impu)).append("</Identity></PublicIdentity>");
        if (s.serviceProfile() != null) b.append(s.serviceProfile());
        return b.append("</ServiceProfile></IMSSubscription>").toString();
    }

    /** Whether the provisioned criteria include services for the unregistered state (TS 29.228 §6.1.4). */
    static boolean hasUnregisteredServices(Subscription s) {
        return s.serviceProfile() != null && UNREGISTERED_SERVICE.matcher(s.serviceProfile()).find();
    }

    /** The parts of an Sh-Data document, in schema order; null/empty parts are left out. */
    static final class ShData {
        private final List<String> publicIdentities = new ArrayList<>();
        private final StringBuilder repository = new StringBuilder();
        private String scscfName;
        private String ifcs;
        private Integer imsUserState;

        ShData publicIdentity(String impu) {
            publicIdentities.add(impu);
            return this;
        }

        /** One RepositoryData element; {@code serviceData} null for deleted data (a PNR after deletion). */
        ShData repositoryData(String serviceIndication, int sequence, String serviceData) {
            repository.append("<RepositoryData><ServiceIndication>").append(escape(serviceIndication)).append("</ServiceIndication><SequenceNumber>")
                    .append(sequence).append("</SequenceNumber>");
            if (serviceData != null) repository.append("<ServiceData>").append(serviceData).append("</ServiceData>");
            repository.append("</RepositoryData>");
            return this;
        }

        ShData scscfName(String name) {
            scscfName = name;
            return this;
        }

        ShData ifcs(String fragment) {
            ifcs = fragment == null ? "" : fragment;
            return this;
        }

        ShData imsUserState(int state) {
            imsUserState = state;
            return this;
        }

        String toXml() {
            StringBuilder b = new StringBuilder(DECL).append("<Sh-Data>");
            if (!publicIdentities.isEmpty()) {
                b.append("<PublicIdentifiers>");
                for (String i : publicIdentities) b.append("<IMSPublicIdentity>").append(escape(i)).append("</IMSPublicIdentity>");
                b.append("</PublicIdentifiers>");
            }
            b.append(repository);
            if (scscfName != null || ifcs != null || imsUserState != null) {
                b.append("<Sh-IMS-Data>");
                if (scscfName != null) b.append("<S-CSCFName>").append(escape(scscfName)).append("</S-CSCFName>");
                if (ifcs != null) b.append("<IFCs>").append(ifcs).append("</IFCs>");
                if (imsUserState != null) b.append("<IMSUserState>").append(imsUserState).append("</IMSUserState>");
                b.append("</Sh-IMS-Data>");
            }
            return b.append("</Sh-Data>").toString();
        }
    }

    /** A RepositoryData element of a PUR: {@code serviceData} (inner XML) null when the AS deletes the data. */
    record RepositoryUpdate(String serviceIndication, int sequence, String serviceData) {
    }

    /** The RepositoryData elements of a PUR's Sh-Data; IllegalArgumentException when it is not such a document. */
    static List<RepositoryUpdate> repositoryUpdates(String shData) {
        Element root = parse(shData).getDocumentElement();
        if (!"Sh-Data".equals(name(root))) throw new IllegalArgumentException("Sh-User-Data must be an <Sh-Data>, not <" + name(root) + ">");
        List<RepositoryUpdate> out = new ArrayList<>();
        for (Element rd : children(root, "RepositoryData")) {
            Element si = child(rd, "ServiceIndication");
            Element sn = child(rd, "SequenceNumber");
            if (si == null || sn == null) throw new IllegalArgumentException("<RepositoryData> needs <ServiceIndication> and <SequenceNumber>");
            int seq;
            try {
                seq = Integer.parseInt(sn.getTextContent().strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("<SequenceNumber> is not a number: " + sn.getTextContent());
            }
            if (seq < 0 || seq > 65535) throw new IllegalArgumentException("<SequenceNumber> out of range 0..65535: " + seq);
            Element sd = child(rd, "ServiceData");
            out.add(new RepositoryUpdate(si.getTextContent().strip(), seq, sd == null ? null : inner(sd)));
        }
        if (out.isEmpty()) throw new IllegalArgumentException("<Sh-Data> holds no <RepositoryData>");
        return out;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setNamespaceAware(true);
            javax.xml.parsers.DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() { // throw, without printing to stderr
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXParseException {
                    throw e;
                }
            });
            return b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        }
    }

    private static String inner(Element e) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter w = new StringWriter();
            NodeList nodes = e.getChildNodes();
            for (int i = 0; i < nodes.getLength(); i++) t.transform(new DOMSource(nodes.item(i)), new StreamResult(w));
            return w.toString();
        } catch (Exception ex) {
            throw new IllegalArgumentException("cannot serialise <ServiceData>: " + ex.getMessage(), ex);
        }
    }

    private static String name(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(name(e))) out.add(e);
        }
        return out;
    }

    private static Element child(Element parent, String name) {
        List<Element> l = children(parent, name);
        return l.isEmpty() ? null : l.get(0);
    }
}
