package org.imsemu.nodes.scscf.ifc;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads the User-Data the HSS sends in a SAA (TS 29.228 annex E, "IMSSubscription"): private identity,
 * service profiles, public identities and initial filter criteria. Unknown elements are ignored, as the
 * schema's extension points allow; what is malformed is an {@link IllegalArgumentException} saying what.
 */
public final class UserDataParser {

    /** The subscription of one private identity. */
    public record ImsSubscription(String privateId, List<ServiceProfile> serviceProfiles) {
        public ImsSubscription {
            serviceProfiles = List.copyOf(serviceProfiles);
        }

        /** The profile that applies to a public identity, or null. */
        public ServiceProfile profileOf(String impu) {
            for (ServiceProfile p : serviceProfiles) {
                if (p.publicIdentities().stream().anyMatch(i -> i.equalsIgnoreCase(impu))) return p;
            }
            return null;
        }
    }

    private UserDataParser() {
    }

    public static ImsSubscription parse(String xml) {
        Document doc = document(xml);
        Element root = doc.getDocumentElement();
        if (!"IMSSubscription".equals(root.getLocalName() != null ? root.getLocalName() : root.getTagName())) {
            throw new IllegalArgumentException("User-Data must be an <IMSSubscription>, not <" + root.getTagName() + ">");
        }
        List<ServiceProfile> profiles = new ArrayList<>();
        for (Element sp : children(root, "ServiceProfile")) {
            List<String> ids = new ArrayList<>();
            for (Element pi : children(sp, "PublicIdentity")) ids.add(text(required(pi, "Identity")));
            List<InitialFilterCriteria> ifcs = new ArrayList<>();
            for (Element ifc : children(sp, "InitialFilterCriteria")) ifcs.add(criterion(ifc));
            profiles.add(new ServiceProfile(ids, ifcs));
        }
        Element priv = first(root, "PrivateID");
        return new ImsSubscription(priv == null ? null : text(priv), profiles);
    }

    /** Parses {@code <InitialFilterCriteria>} elements alone (a fragment as provisioned). */
    public static List<InitialFilterCriteria> parseCriteria(String fragment) {
        Document doc = document("<IMSSubscription><ServiceProfile>" + fragment + "</ServiceProfile></IMSSubscription>");
        List<InitialFilterCriteria> out = new ArrayList<>();
        Element sp = first(doc.getDocumentElement(), "ServiceProfile");
        for (Element ifc : children(sp, "InitialFilterCriteria")) out.add(criterion(ifc));
        return out;
    }

    private static InitialFilterCriteria criterion(Element ifc) {
        int priority = integer(required(ifc, "Priority"));
        Element tp = first(ifc, "TriggerPoint");
        TriggerPoint trigger = tp == null ? null : triggerPoint(tp);
        Element as = required(ifc, "ApplicationServer");
        Element dh = first(as, "DefaultHandling");
        InitialFilterCriteria.DefaultHandling handling = dh == null || integer(dh) == 0
                ? InitialFilterCriteria.DefaultHandling.SESSION_CONTINUED : InitialFilterCriteria.DefaultHandling.SESSION_TERMINATED;
        Element info = first(as, "ServiceInfo");
        Element ppi = first(ifc, "ProfilePartIndicator");
        Boolean registeredOnly = ppi == null ? null : integer(ppi) == 0;
        return new InitialFilterCriteria(priority, trigger,
                new InitialFilterCriteria.ApplicationServer(text(required(as, "ServerName")), handling, info == null ? null : text(info)),
                registeredOnly);
    }

    private static TriggerPoint triggerPoint(Element tp) {
        boolean cnf = integer(required(tp, "ConditionTypeCNF")) == 1;
        List<ServicePointTrigger> spts = new ArrayList<>();
        for (Element spt : children(tp, "SPT")) spts.add(trigger(spt));
        return new TriggerPoint(cnf, spts);
    }

    private static ServicePointTrigger trigger(Element spt) {
        Element neg = first(spt, "ConditionNegated");
        boolean negated = neg != null && integer(neg) == 1;
        List<Integer> groups = new ArrayList<>();
        for (Element g : children(spt, "Group")) groups.add(integer(g));
        if (groups.isEmpty()) groups.add(0);
        Element e;
        if ((e = first(spt, "Method")) != null) return new ServicePointTrigger.Method(text(e), negated, groups);
        if ((e = first(spt, "RequestURI")) != null) return new ServicePointTrigger.RequestUri(regex(e), negated, groups);
        if ((e = first(spt, "SessionCase")) != null) return new ServicePointTrigger.Case(SessionCase.of(integer(e)), negated, groups);
        if ((e = first(spt, "SIPHeader")) != null) {
            Element content = first(e, "Content");
            return new ServicePointTrigger.SipHeader(text(required(e, "Header")), content == null ? null : regex(content), negated, groups);
        }
        if ((e = first(spt, "SessionDescription")) != null) {
            Element content = first(e, "Content");
            return new ServicePointTrigger.SessionDescription(text(required(e, "Line")), content == null ? null : regex(content),
                    negated, groups);
        }
        throw new IllegalArgumentException("an <SPT> needs Method, RequestURI, SIPHeader, SessionCase or SessionDescription");
    }

    // ---- DOM helpers ----

    private static Document document(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (SAXException e) {
            throw new IllegalArgumentException("User-Data is not well-formed XML: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot read User-Data: " + e.getMessage(), e);
        }
    }

    private static String name(Node n) {
        return n.getLocalName() != null ? n.getLocalName() : n.getNodeName();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el && name.equals(name(el))) out.add(el);
        }
        return out;
    }

    private static Element first(Element parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? null : c.get(0);
    }

    private static Element required(Element parent, String name) {
        Element e = first(parent, name);
        if (e == null) throw new IllegalArgumentException("<" + name(parent) + "> lacks <" + name + ">");
        return e;
    }

    private static String text(Element e) {
        return e.getTextContent().trim();
    }

    private static int integer(Element e) {
        try {
            return Integer.parseInt(text(e));
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("<" + name(e) + "> must be a number, not \"" + text(e) + "\"");
        }
    }

    private static Pattern regex(Element e) {
        try {
            return Pattern.compile(text(e));
        } catch (PatternSyntaxException ex) {
            throw new IllegalArgumentException("<" + name(e) + "> is not a regular expression: " + ex.getDescription());
        }
    }
}
