package org.imsemu.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imsemu.scenario.Fixtures.doc;
import static org.imsemu.scenario.Fixtures.error;
import static org.imsemu.scenario.Fixtures.load;

import java.io.StringReader;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/** Service profiles: {@code <ifc>} and raw TS 29.228 criteria, their XML for the HSS, and the checks on them. */
class ServiceProfilesTest {
    /** Two application servers in the fixture's domain, on line 9 before whatever the test adds. */
    private static final String ASES = "<node name=\"as1\" role=\"as\" service=\"call-logger\"/>"
            + "<node name=\"cfw\" role=\"as\" service=\"call-forwarding\" port=\"5070\"/>";

    private static Domain domain(String inDomain) {
        return load(doc(ASES + inDomain, "")).domain("d.test").orElseThrow();
    }

    @Test
    void ifcBecomesTs29228Xml() {
        Domain d = domain("<service-profile name=\"mixed\">"
                + "<ifc priority=\"20\" as=\"cfw\" method=\"INVITE\" session-case=\"terminating-unregistered\" request-uri=\"^sip:.*@d\\.test$\""
                + " header=\"P-Asserted-Identity\" header-content=\"&lt;sip:a&amp;b@d\\.test&gt;\" default-handling=\"terminate\" registered-only=\"true\"/>"
                + "<ifc priority=\"10\" as=\"as1\"/></service-profile>");
        String xml = d.initialFilterCriteriaXml("mixed");
        assertThat(xml).isEqualTo("<InitialFilterCriteria><Priority>20</Priority>"
                + "<TriggerPoint><ConditionTypeCNF>1</ConditionTypeCNF>"
                + "<SPT><ConditionNegated>0</ConditionNegated><Group>0</Group><Method>INVITE</Method></SPT>"
                + "<SPT><ConditionNegated>0</ConditionNegated><Group>1</Group><SessionCase>2</SessionCase></SPT>"
                + "<SPT><ConditionNegated>0</ConditionNegated><Group>2</Group><RequestURI>^sip:.*@d\\.test$</RequestURI></SPT>"
                + "<SPT><ConditionNegated>0</ConditionNegated><Group>3</Group><SIPHeader><Header>P-Asserted-Identity</Header>"
                + "<Content>&lt;sip:a&amp;b@d\\.test&gt;</Content></SIPHeader></SPT>"
                + "</TriggerPoint>"
                + "<ApplicationServer><ServerName>sip:cfw.d.test:5070</ServerName><DefaultHandling>1</DefaultHandling></ApplicationServer>"
                + "<ProfilePartIndicator>0</ProfilePartIndicator></InitialFilterCriteria>"
                // no condition: no TriggerPoint, which matches every request
                + "<InitialFilterCriteria><Priority>10</Priority>"
                + "<ApplicationServer><ServerName>sip:as1.d.test:5060</ServerName><DefaultHandling>0</DefaultHandling></ApplicationServer>"
                + "</InitialFilterCriteria>");

        Document parsed = parse("<ServiceProfile>" + xml + "</ServiceProfile>");
        XPath x = XPathFactory.newInstance().newXPath();
        assertThat(eval(x, parsed, "count(/ServiceProfile/InitialFilterCriteria)")).isEqualTo("2");
        assertThat(eval(x, parsed, "/ServiceProfile/InitialFilterCriteria[1]/TriggerPoint/SPT[4]/SIPHeader/Content"))
                .isEqualTo("<sip:a&b@d\\.test>");
        assertThat(eval(x, parsed, "/ServiceProfile/InitialFilterCriteria[2]/ApplicationServer/ServerName")).isEqualTo("sip:as1.d.test:5060");

        InitialFilterCriterion first = d.serviceProfile("mixed").orElseThrow().criteria().get(0);
        assertThat(first.priority()).isEqualTo(20);
        assertThat(first.applicationServer()).isEqualTo("cfw");
        assertThat(first.serverName()).isEqualTo("sip:cfw.d.test:5070");
        assertThat(first.requestUri()).contains("^sip:.*@d\\.test$");
        assertThat(first.header()).contains("P-Asserted-Identity");
        assertThat(first.headerContent()).contains("<sip:a&b@d\\.test>");
        assertThat(first.defaultHandling()).isEqualTo(InitialFilterCriterion.DefaultHandling.TERMINATE);
        assertThat(first.registeredOnly()).isTrue();
        InitialFilterCriterion second = d.serviceProfile("mixed").orElseThrow().criteria().get(1);
        assertThat(second.method()).isEmpty();
        assertThat(second.sessionCase()).isEmpty();
        assertThat(second.defaultHandling()).isEqualTo(InitialFilterCriterion.DefaultHandling.CONTINUE);
        assertThat(second.registeredOnly()).isFalse();
    }

    @Test
    void sessionCaseCodes() {
        String[] cases = {"originating", "terminating", "terminating-unregistered", "originating-unregistered", "originating-cdiv"};
        StringBuilder ifcs = new StringBuilder("<service-profile name=\"p\">");
        for (int i = 0; i < cases.length; i++) {
            ifcs.append("<ifc priority=\"").append(i).append("\" as=\"as1\" session-case=\"").append(cases[i])
                    .append("\" registered-only=\"false\"/>");
        }
        String xml = domain(ifcs.append("</service-profile>").toString()).initialFilterCriteriaXml("p");
        for (int code = 0; code < cases.length; code++) {
            assertThat(xml).contains("<Priority>" + code + "</Priority><TriggerPoint><ConditionTypeCNF>1</ConditionTypeCNF><SPT>"
                    + "<ConditionNegated>0</ConditionNegated><Group>0</Group><SessionCase>" + code + "</SessionCase></SPT>");
            assertThat(InitialFilterCriterion.SessionCase.fromXml(cases[code]).orElseThrow().code()).isEqualTo(code);
        }
        assertThat(xml).doesNotContain("ProfilePartIndicator");
    }

    @Test
    void rawInitialFilterCriteriaPassThroughCompacted() {
        Domain d = domain("<service-profile name=\"raw\"><InitialFilterCriteria>\n  <Priority> 5 </Priority> <!-- third party -->"
                + "  <TriggerPoint><ConditionTypeCNF>0</ConditionTypeCNF><SPT><Group>0</Group><Method>MESSAGE</Method></SPT></TriggerPoint>"
                + "  <ApplicationServer><ServerName>sip:tp.example.net</ServerName><ServiceInfo>a&amp;b</ServiceInfo></ApplicationServer>"
                + "</InitialFilterCriteria><ifc priority=\"10\" as=\"as1\"/></service-profile>");
        String raw = "<InitialFilterCriteria><Priority>5</Priority>"
                + "<TriggerPoint><ConditionTypeCNF>0</ConditionTypeCNF><SPT><Group>0</Group><Method>MESSAGE</Method></SPT></TriggerPoint>"
                + "<ApplicationServer><ServerName>sip:tp.example.net</ServerName><ServiceInfo>a&amp;b</ServiceInfo></ApplicationServer>"
                + "</InitialFilterCriteria>";
        ServiceProfile p = d.serviceProfile("raw").orElseThrow();
        assertThat(p.rawCriteria()).containsExactly(raw);
        assertThat(p.criteria()).extracting(InitialFilterCriterion::priority).containsExactly(10);
        assertThat(p.initialFilterCriteriaXml()).endsWith(raw).startsWith("<InitialFilterCriteria><Priority>10</Priority>");
        assertThat(parse("<ServiceProfile>" + p.initialFilterCriteriaXml() + "</ServiceProfile>").getDocumentElement()
                .getElementsByTagName("InitialFilterCriteria").getLength()).isEqualTo(2);
    }

    @Test
    void profilesOfSubscribersAndRanges() {
        Domain d = domain("<service-profile name=\"p\"><ifc priority=\"1\" as=\"as1\"/></service-profile><service-profile name=\"empty\"/>"
                + "<subscriber impu=\"sip:b@d.test\" password=\"x\" profile=\"p\"/><subscribers prefix=\"u\" from=\"1\" to=\"3\" password=\"x\" profile=\"p\"/>");
        assertThat(d.serviceProfiles()).extracting(ServiceProfile::name).containsExactly("p", "empty");
        assertThat(d.initialFilterCriteriaXml("empty")).isEmpty();
        assertThat(d.subscribers().byImpu("sip:b@d.test").orElseThrow().profile()).contains("p");
        assertThat(d.subscribers().byImpu("sip:a@d.test").orElseThrow().profile()).isEmpty();
        assertThat(d.subscribers().ranges().get(0).profile()).contains("p");
        assertThat(d.subscribers().byImpi("u2@d.test").orElseThrow().profile()).contains("p");
        assertThatThrownBy(() -> d.initialFilterCriteriaXml("nope"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("domain d.test has no service profile \"nope\"");
        assertThat(d.serviceProfile("nope")).isEmpty();
    }

    @Test
    void profileMayBeWrittenAfterTheSubscribersAndTheAsAfterTheProfile() {
        Scenario s = load(doc("<subscriber impu=\"sip:b@d.test\" password=\"x\" profile=\"late\"/>"
                + "<service-profile name=\"late\"><ifc priority=\"1\" as=\"late-as\"/></service-profile>"
                + "<node name=\"late-as\" role=\"as\" service=\"call-logger\"/>", ""));
        assertThat(s.domain("d.test").orElseThrow().initialFilterCriteriaXml("late")).contains("<ServerName>sip:late-as.d.test:5060</ServerName>");
    }

    // --- errors ---

    @Test
    void unknownProfile() {
        assertThat(error(doc("<subscriber impu=\"sip:b@d.test\" password=\"x\" profile=\"gold\"/>", "")))
                .isEqualTo("t.xml:9:5: subscriber \"sip:b@d.test\" refers to unknown service profile \"gold\" (domain d.test has no <service-profile>)");
        assertThat(error(doc("<service-profile name=\"silver\"/><subscribers prefix=\"u\" from=\"1\" to=\"3\" password=\"x\" profile=\"gold\"/>", "")))
                .isEqualTo("t.xml:9:37: subscribers u1..u3 refers to unknown service profile \"gold\" (service profiles of d.test: silver)");
    }

    @Test
    void profileOfAnotherDomainIsUnknown() {
        String other = "<domain name=\"e.test\" net=\"n\"><node name=\"p2\" role=\"pcscf\"/><node name=\"i2\" role=\"icscf\"/><node name=\"s2\" role=\"scscf\"/>"
                + "<service-profile name=\"gold\"/></domain>";
        assertThat(error(doc("<subscriber impu=\"sip:b@d.test\" password=\"x\" profile=\"gold\"/>", other)))
                .isEqualTo("t.xml:9:5: subscriber \"sip:b@d.test\" refers to unknown service profile \"gold\" (domain d.test has no <service-profile>)");
    }

    @Test
    void duplicateProfile() {
        assertThat(error(doc("<service-profile name=\"p\"/><service-profile name=\"p\"/>", "")))
                .isEqualTo("t.xml:9:32: duplicate service profile \"p\" in domain d.test (first at line 9)");
    }

    @Test
    void ifcNamesAnApplicationServerOfItsDomain() {
        assertThat(error(doc("<service-profile name=\"p\"><ifc priority=\"1\" as=\"nobody\"/></service-profile>", "")))
                .isEqualTo("t.xml:9:31: ifc priority 1 of service profile \"p\" refers to unknown application server \"nobody\"");
        assertThat(error(doc("<service-profile name=\"p\"><ifc priority=\"1\" as=\"s\"/></service-profile>", "")))
                .isEqualTo("t.xml:9:31: ifc priority 1 of service profile \"p\": as=\"s\" is a node of role scscf, not an application server (role=\"as\")");
        String other = "<domain name=\"e.test\" net=\"n\"><node name=\"p2\" role=\"pcscf\"/><node name=\"i2\" role=\"icscf\"/><node name=\"s2\" role=\"scscf\"/>"
                + "<node name=\"far\" role=\"as\" service=\"call-logger\"/></domain>";
        assertThat(error(doc("<service-profile name=\"p\"><ifc priority=\"1\" as=\"far\"/></service-profile>", other)))
                .isEqualTo("t.xml:9:31: ifc priority 1 of service profile \"p\": as=\"far\" is a node of domain e.test; "
                        + "an ifc names an application server of its own domain (d.test)");
        assertThat(error(doc("<service-profile name=\"p\"><ifc priority=\"1\" as=\"dns\"/></service-profile>", "")))
                .isEqualTo("t.xml:9:31: ifc priority 1 of service profile \"p\": as=\"dns\" is a node of no domain; "
                        + "an ifc names an application server of its own domain (d.test)");
    }

    @Test
    void prioritiesDiffer() {
        assertThat(error(doc(ASES + "<service-profile name=\"p\"><ifc priority=\"1\" as=\"as1\"/><ifc priority=\"1\" as=\"cfw\"/></service-profile>", "")))
                .isEqualTo("t.xml:9:175: priority 1 of service profile \"p\" is given twice (first at line 9): priorities order the criteria and must differ");
        assertThat(error(doc(ASES + "<service-profile name=\"p\"><ifc priority=\"7\" as=\"as1\"/><InitialFilterCriteria><Priority>7</Priority>"
                + "<ApplicationServer><ServerName>sip:x.d.test</ServerName></ApplicationServer></InitialFilterCriteria></service-profile>", "")))
                .isEqualTo("t.xml:9:175: priority 7 of service profile \"p\" is given twice (first at line 9): priorities order the criteria and must differ");
    }

    @Test
    void regularExpressionsAreChecked() {
        assertThat(error(doc(ASES + "<service-profile name=\"p\"><ifc priority=\"1\" as=\"as1\" request-uri=\"sip:(alice\"/></service-profile>", "")))
                .isEqualTo("t.xml:9:147: request-uri \"sip:(alice\" of ifc priority 1 of service profile \"p\" is not a valid regular expression: "
                        + "Unclosed group at index 10");
        assertThat(error(doc(ASES + "<service-profile name=\"p\"><ifc priority=\"1\" as=\"as1\" header=\"Subject\" header-content=\"*x\"/></service-profile>", "")))
                .startsWith("t.xml:9:147: header-content \"*x\" of ifc priority 1 of service profile \"p\" is not a valid regular expression: Dangling meta character '*'");
    }

    @Test
    void headerContentNeedsAHeader() {
        assertThat(error(doc(ASES + "<service-profile name=\"p\"><ifc priority=\"1\" as=\"as1\" header-content=\"x\"/></service-profile>", "")))
                .isEqualTo("t.xml:9:147: ifc priority 1 of service profile \"p\" has header-content but no header: add header=\"...\" naming the header to match");
    }

    @Test
    void schemaChecksIfcValues() {
        assertThat(error(doc(ASES + "<service-profile name=\"p\"><ifc priority=\"1\" as=\"as1\" session-case=\"outgoing\"/></service-profile>", "")))
                .isEqualTo("t.xml:9:147: invalid value \"outgoing\" for attribute \"session-case\" on <ifc>: expected one of originating, "
                        + "terminating, terminating-unregistered, originating-unregistered, originating-cdiv");
        assertThat(error(doc(ASES + "<service-profile name=\"p\"><ifc priority=\"1\" as=\"as1\" default-handling=\"retry\"/></service-profile>", "")))
                .isEqualTo("t.xml:9:147: invalid value \"retry\" for attribute \"default-handling\" on <ifc>: expected continue or terminate");
        assertThat(error(doc(ASES + "<service-profile name=\"p\"><ifc priority=\"-1\" as=\"as1\"/></service-profile>", "")))
                .isEqualTo("t.xml:9:147: invalid value \"-1\" for attribute \"priority\" on <ifc>: expected a whole number from 0 up (lower is evaluated first)");
        assertThat(error(doc(ASES + "<service-profile name=\"p\"><ifc as=\"as1\"/></service-profile>", "")))
                .isEqualTo("t.xml:9:147: missing attribute \"priority\" on <ifc>");
        assertThat(error(doc(ASES + "<service-profile name=\"p\"><ifc priority=\"1\" as=\"as1\" method=\"IN VITE\"/></service-profile>", "")))
                .isEqualTo("t.xml:9:147: invalid value \"IN VITE\" for attribute \"method\" on <ifc>: expected a SIP method like INVITE");
        assertThat(error(doc(ASES + "<service-profile name=\"p\"><ifc priority=\"1\" as=\"as1\" registered=\"true\"/></service-profile>", "")))
                .isEqualTo("t.xml:9:147: unknown attribute \"registered\" on <ifc> (allowed: priority, as, method, session-case, request-uri, "
                        + "header, header-content, default-handling, registered-only)");
        assertThat(error(doc("<service-profile name=\"p\"><subscriber impu=\"sip:b@d.test\" password=\"x\"/></service-profile>", "")))
                .isEqualTo("t.xml:9:31: element <subscriber> is not allowed inside <service-profile> (allowed here: <ifc>, <InitialFilterCriteria>)");
        assertThat(error(doc("<service-profile name=\"p\">gold</service-profile>", "")))
                .isEqualTo("t.xml:9:31: text is not allowed inside <service-profile> (only elements and comments)");
    }

    @Test
    void rawCriteriaNeedPriorityAndServerName() {
        assertThat(error(doc("<service-profile name=\"p\"><InitialFilterCriteria><Priority>high</Priority>"
                + "<ApplicationServer><ServerName>sip:x.d.test</ServerName></ApplicationServer></InitialFilterCriteria></service-profile>", "")))
                .isEqualTo("t.xml:9:31: <InitialFilterCriteria> of service profile \"p\" has no <Priority> with a whole number from 0 up");
        assertThat(error(doc("<service-profile name=\"p\"><InitialFilterCriteria><Priority>1</Priority></InitialFilterCriteria></service-profile>", "")))
                .isEqualTo("t.xml:9:31: <InitialFilterCriteria> of service profile \"p\" has no <ApplicationServer><ServerName>: name the application server's SIP URI");
        assertThat(error(doc("<service-profile name=\"p\"><InitialFilterCriteria><Priority>1</Priority>"
                + "<ApplicationServer>x<ServerName>sip:x.d.test</ServerName></ApplicationServer></InitialFilterCriteria></service-profile>", "")))
                .isEqualTo("t.xml:9:76: <ApplicationServer> of service profile \"p\" has both text and elements; TS 29.228 XML has no such content");
    }

    @Test
    void criterionWithoutApplicationServerIsNeverBuilt() {
        assertThatThrownBy(() -> new InitialFilterCriterion(1, "as1", "sip:as1.d.test:5060", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.of("x"), InitialFilterCriterion.DefaultHandling.CONTINUE, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("header content without a header");
    }

    static Document parse(String xml) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new AssertionError("not well-formed: " + xml, e);
        }
    }

    private static String eval(XPath x, Document doc, String expression) {
        try {
            return x.evaluate(expression, doc);
        } catch (Exception e) {
            throw new AssertionError(expression, e);
        }
    }
}
