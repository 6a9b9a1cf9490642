package org.imsemu.hss;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.imsemu.hss.store.Credentials;
import org.imsemu.hss.store.HssDatabase;
import org.imsemu.hss.store.Subscription;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Maps simple values (as a scenario or the command line gives them) to subscriptions, and provisions them. */
public final class Provisioning {
    /** Origin of subscribers fed from the scenario at every start (refreshed, removed when gone from it). */
    public static final String SCENARIO = "scenario";
    /** Origin of subscribers added with {@code imsemu hss add} (left alone by scenario provisioning). */
    public static final String PROVISIONED = "provisioned";

    private Provisioning() {
    }

    /** A SIP Digest subscriber. {@code ifc}: a fragment of {@code <InitialFilterCriteria>} elements, or null. */
    public static Subscription digest(String impi, List<String> impus, String password, String ifc, String origin) {
        return new Subscription(impi, impus, new Credentials.DigestPassword(password), checkIfc(ifc), origin);
    }

    /** An IMS AKA subscriber: K and exactly one of OP and OPc (32 hex digits), AMF (4 hex digits, e.g. 8000). */
    public static Subscription aka(String impi, List<String> impus, String k, String op, String opc, String amf, String ifc, String origin) {
        return new Subscription(impi, impus, new Credentials.Aka(k, op, opc, amf), checkIfc(ifc), origin);
    }

    /**
     * Provisions the scenario's subscribers: adds or refreshes them (keeping SQN and registration state,
     * so an existing database gets no duplicates) and removes earlier scenario subscribers no longer in
     * the list; subscribers added by hand are left alone. Blocking. Returns how many were removed.
     */
    public static int provisionScenario(HssDatabase db, List<Subscription> subscriptions) {
        Set<String> keep = new HashSet<>();
        List<Subscription> fromScenario = new ArrayList<>();
        for (Subscription s : subscriptions) {
            keep.add(s.impi());
            fromScenario.add(s.origin().equals(SCENARIO) ? s : new Subscription(s.impi(), s.impus(), s.credentials(), s.serviceProfile(), SCENARIO));
        }
        db.put(fromScenario);
        List<String> stale = new ArrayList<>();
        int page = 500;
        for (int offset = 0; ; offset += page) {
            List<Subscription> l = db.list(offset, page);
            for (Subscription s : l) if (s.origin().equals(SCENARIO) && !keep.contains(s.impi())) stale.add(s.impi());
            if (l.size() < page) break;
        }
        stale.forEach(db::remove);
        return stale.size();
    }

    /**
     * Checks that {@code ifc} is well-formed XML made of {@code <InitialFilterCriteria>} elements (TS 29.228
     * annex B); returns it unchanged (null and blank give null).
     */
    public static String checkIfc(String ifc) {
        if (ifc == null || ifc.isBlank()) return null;
        Element root;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            javax.xml.parsers.DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() { // throw, without printing to stderr
                @Override
                public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXParseException {
                    throw e;
                }
            });
            root = b.parse(new ByteArrayInputStream(("<ifc>" + ifc + "</ifc>").getBytes(StandardCharsets.UTF_8)))
                    .getDocumentElement();
        } catch (Exception e) {
            throw new IllegalArgumentException("initial filter criteria are not well-formed XML: " + e.getMessage(), e);
        }
        int count = 0;
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                if (!e.getTagName().equals("InitialFilterCriteria")) {
                    throw new IllegalArgumentException("expected <InitialFilterCriteria> elements, found <" + e.getTagName() + ">");
                }
                count++;
            } else if (n.getNodeType() == Node.TEXT_NODE && !n.getTextContent().isBlank()) {
                throw new IllegalArgumentException("text outside <InitialFilterCriteria>: " + n.getTextContent().strip());
            }
        }
        if (count == 0) throw new IllegalArgumentException("no <InitialFilterCriteria> element");
        return ifc.strip();
    }
}
