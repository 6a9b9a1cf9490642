package org.imsemu.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code <ifc>} of a service profile: when a request matches every condition given, the S-CSCF
 * sends it to the application server (TS 29.228 annex B, TS 23.218). Conditions left out do not constrain;
 * an ifc without any condition matches every request.
 *
 * @param priority         lower numbers are evaluated first
 * @param applicationServer the name of the {@code as} node
 * @param serverName       that node's SIP URI, {@code sip:fqdn:port} (ApplicationServer/ServerName)
 * @param method           SIP method, e.g. INVITE
 * @param requestUri       regular expression on the Request-URI
 * @param header           a SIP header name that must be present...
 * @param headerContent    ...with content matching this regular expression
 * @param registeredOnly   true: only while the user is registered (ProfilePartIndicator REGISTERED)
 */
public record InitialFilterCriterion(int priority, String applicationServer, String serverName, Optional<String> method,
                                     Optional<SessionCase> sessionCase, Optional<String> requestUri, Optional<String> header,
                                     Optional<String> headerContent, DefaultHandling defaultHandling, boolean registeredOnly) {

    /** TS 29.228 SessionCase, with its code in the XML. */
    public enum SessionCase {
        ORIGINATING("originating", 0),
        TERMINATING("terminating", 1),
        TERMINATING_UNREGISTERED("terminating-unregistered", 2),
        ORIGINATING_UNREGISTERED("originating-unregistered", 3),
        ORIGINATING_CDIV("originating-cdiv", 4);

        private final String xmlName;
        private final int code;

        SessionCase(String xmlName, int code) {
            this.xmlName = xmlName;
            this.code = code;
        }

        public String xmlName() {
            return xmlName;
        }

        /** The value of the SessionCase element (0 ORIGINATING_REGISTERED ... 4 ORIGINATING_CDIV). */
        public int code() {
            return code;
        }

        public static Optional<SessionCase> fromXml(String value) {
            return Arrays.stream(values()).filter(c -> c.xmlName.equals(value)).findFirst();
        }
    }

    /** What the S-CSCF does when the application server does not answer (TS 29.228 DefaultHandling). */
    public enum DefaultHandling {
        /** SESSION_CONTINUED: go on with the next iFC as if this one had not matched. */
        CONTINUE("continue", 0),
        /** SESSION_TERMINATED: end the request with an error response. */
        TERMINATE("terminate", 1);

        private final String xmlName;
        private final int code;

        DefaultHandling(String xmlName, int code) {
            this.xmlName = xmlName;
            this.code = code;
        }

        public String xmlName() {
            return xmlName;
        }

        public int code() {
            return code;
        }

        public static Optional<DefaultHandling> fromXml(String value) {
            return Arrays.stream(values()).filter(h -> h.xmlName.equals(value)).findFirst();
        }
    }

    public InitialFilterCriterion {
        Objects.requireNonNull(applicationServer, "applicationServer");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(sessionCase, "sessionCase");
        Objects.requireNonNull(requestUri, "requestUri");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(headerContent, "headerContent");
        Objects.requireNonNull(defaultHandling, "defaultHandling");
        if (headerContent.isPresent() && header.isEmpty()) {
            throw new IllegalArgumentException("header content without a header");
        }
    }

    /**
     * This criterion as a TS 29.228 {@code <InitialFilterCriteria>} element, without white space between elements.
     * The trigger point is in conjunctive normal form with one SPT per group, so all conditions must hold.
     */
    public String toXml() {
        List<String> spts = new ArrayList<>();
        method.ifPresent(m -> spts.add(element("Method", m)));
        sessionCase.ifPresent(c -> spts.add(element("SessionCase", String.valueOf(c.code()))));
        requestUri.ifPresent(u -> spts.add(element("RequestURI", u)));
        header.ifPresent(h -> spts.add("<SIPHeader>" + element("Header", h)
                + headerContent.map(c -> element("Content", c)).orElse("") + "</SIPHeader>"));
        StringBuilder xml = new StringBuilder("<InitialFilterCriteria>").append(element("Priority", String.valueOf(priority)));
        if (!spts.isEmpty()) {
            xml.append("<TriggerPoint><ConditionTypeCNF>1</ConditionTypeCNF>");
            for (int group = 0; group < spts.size(); group++) {
                xml.append("<SPT><ConditionNegated>0</ConditionNegated>").append(element("Group", String.valueOf(group)))
                        .append(spts.get(group)).append("</SPT>");
            }
            xml.append("</TriggerPoint>");
        }
        xml.append("<ApplicationServer>").append(element("ServerName", serverName))
                .append(element("DefaultHandling", String.valueOf(defaultHandling.code()))).append("</ApplicationServer>");
        if (registeredOnly) {
            xml.append(element("ProfilePartIndicator", "0"));
        }
        return xml.append("</InitialFilterCriteria>").toString();
    }

    private static String element(String name, String text) {
        return "<" + name + ">" + XmlText.escape(text) + "</" + name + ">";
    }
}
