package org.imsemu.as.sh;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The Sh-Data document carried in Sh's User-Data AVP (TS 29.328 annex D, schema ShDataType.xsd): the
 * parts an AS reads here are RepositoryData, the IMS public identities (PublicIdentifiers), the IMS
 * user state and the S-CSCF name. {@link #xml()} keeps the whole document for anything else.
 */
public record ShData(List<RepositoryData> repositoryData, List<String> publicIdentities, Integer imsUserState,
                     String scscfName, String xml) {

    public ShData {
        repositoryData = List.copyOf(repositoryData);
        publicIdentities = List.copyOf(publicIdentities);
    }

    /** The repository data of this service indication, if the document has it (with or without ServiceData). */
    public Optional<RepositoryData> repositoryData(String serviceIndication) {
        for (RepositoryData r : repositoryData) if (r.serviceIndication().equals(serviceIndication)) return Optional.of(r);
        return Optional.empty();
    }

    /** An Sh-Data document holding this repository data (for PUR, or a test HSS's UDA and PNR). */
    public static String repositoryDataXml(RepositoryData... data) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Sh-Data>");
        for (RepositoryData r : data) {
            sb.append("<RepositoryData><ServiceIndication>").append(escape(r.serviceIndication())).append("</ServiceIndication>")
                    .append("<SequenceNumber>").append(r.sequenceNumber()).append("</SequenceNumber>");
            // ServiceData is xs:any in the schema: the AS's own XML goes in verbatim.
            if (r.serviceData() != null) sb.append("<ServiceData>").append(r.serviceData()).append("</ServiceData>");
            sb.append("</RepositoryData>");
        }
        return sb.append("</Sh-Data>").toString();
    }

    /** Parses an Sh-Data document; {@link IllegalArgumentException} when it is not well-formed or not Sh-Data. */
    public static ShData parse(byte[] xml) {
        Document doc = Xml.parse(xml);
        Element root = doc.getDocumentElement();
        if (!"Sh-Data".equals(root.getLocalName() != null ? root.getLocalName() : root.getTagName())) {
            throw new IllegalArgumentException("not an Sh-Data document: root is <" + root.getTagName() + ">");
        }
        List<RepositoryData> repo = new ArrayList<>();
        for (Element r : Xml.children(root, "RepositoryData")) {
            String si = Xml.childText(r, "ServiceIndication")
                    .orElseThrow(() -> new IllegalArgumentException("RepositoryData without ServiceIndication"));
            int seq = Xml.childText(r, "SequenceNumber").map(String::strip).map(Integer::parseInt)
                    .orElseThrow(() -> new IllegalArgumentException("RepositoryData without SequenceNumber"));
            String data = Xml.children(r, "ServiceData").stream().findFirst().map(Xml::innerXml).orElse(null);
            repo.add(new RepositoryData(si.strip(), seq, data));
        }
        List<String> ids = new ArrayList<>();
        for (Element p : Xml.children(root, "PublicIdentifiers")) {
            for (Element id : Xml.children(p, "IMSPublicIdentity")) ids.add(id.getTextContent().strip());
        }
        Integer state = null;
        String scscf = null;
        for (Element ims : Xml.children(root, "Sh-IMS-Data")) {
            Optional<String> s = Xml.childText(ims, "IMSUserState");
            if (s.isPresent()) state = Integer.parseInt(s.get().strip());
            Optional<String> n = Xml.childText(ims, "S-CSCFName");
            if (n.isPresent()) scscf = n.get().strip();
        }
        return new ShData(repo, ids, state, scscf, new String(xml, StandardCharsets.UTF_8));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * Small DOM helpers, with DTDs and external entities off (the XML comes from the network); also handy
     * for an AS reading its own ServiceData.
     */
    public static final class Xml {
        private Xml() {
        }

        public static Document parse(byte[] xml) {
            try {
                DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
                f.setNamespaceAware(true);
                f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
                f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
                f.setExpandEntityReferences(false);
                DocumentBuilder b = f.newDocumentBuilder();
                b.setErrorHandler(null);
                return b.parse(new ByteArrayInputStream(xml));
            } catch (Exception e) {
                throw new IllegalArgumentException("malformed XML: " + e.getMessage(), e);
            }
        }

        public static List<Element> children(Element parent, String name) {
            List<Element> out = new ArrayList<>();
            NodeList nl = parent.getChildNodes();
            for (int i = 0; i < nl.getLength(); i++) {
                if (nl.item(i) instanceof Element e && name.equals(e.getLocalName() != null ? e.getLocalName() : e.getTagName())) out.add(e);
            }
            return out;
        }

        public static Optional<String> childText(Element parent, String name) {
            return children(parent, name).stream().findFirst().map(Element::getTextContent);
        }

        /** The children of {@code e} written back as XML text (what is inside ServiceData). */
        public static String innerXml(Element e) {
            try {
                Transformer t = TransformerFactory.newInstance().newTransformer();
                t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
                StringWriter w = new StringWriter();
                NodeList nl = e.getChildNodes();
                for (int i = 0; i < nl.getLength(); i++) {
                    Node n = nl.item(i);
                    if (n.getNodeType() == Node.TEXT_NODE) w.write(escape(n.getNodeValue()));
                    else t.transform(new DOMSource(n), new StreamResult(w));
                }
                return w.toString().strip();
            } catch (Exception ex) {
                throw new IllegalArgumentException("cannot serialise ServiceData: " + ex.getMessage(), ex);
            }
        }
    }
}
