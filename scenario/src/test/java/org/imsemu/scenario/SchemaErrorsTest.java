package org.imsemu.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imsemu.scenario.Fixtures.doc;
import static org.imsemu.scenario.Fixtures.error;
import static org.imsemu.scenario.Fixtures.failure;
import static org.imsemu.scenario.Fixtures.load;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Structure errors found by scenario.xsd, in plain words at the offending element's '<'. */
class SchemaErrorsTest {

    @Test
    void fixtureIsValid() {
        assertThat(load(doc("", "")).nodes()).extracting(Node::name).containsExactly("dns", "p", "i", "s", "h");
    }

    @Test
    void unknownAttributeSuggestsTheClosestOne() {
        assertThat(error(doc("<node name=\"x\" role=\"pcscf\" adress=\"127.0.1.5\"/>", "")))
                .isEqualTo("t.xml:9:5: unknown attribute \"adress\" on <node> (did you mean \"address\"?)");
    }

    @Test
    void unknownAttributeFarFromAnyListsTheAllowedOnes() {
        assertThat(error(doc("", "<ue name=\"u\" impu=\"sip:a@d.test\" pcscf=\"p\" colour=\"red\"/>")))
                .isEqualTo("t.xml:11:3: unknown attribute \"colour\" on <ue> (allowed: name, impu, impi, password, pcscf, address, port)");
    }

    @Test
    void missingAttribute() {
        assertThat(error(doc("<node name=\"x\"/>", "")))
                .isEqualTo("t.xml:9:5: missing attribute \"role\" on <node>");
    }

    @Test
    void badIpv4Prefix() {
        assertThat(error(doc("", "<net name=\"m\" ipv4=\"127.0.3.0/33\"/>")))
                .isEqualTo("t.xml:11:3: invalid value \"127.0.3.0/33\" for attribute \"ipv4\" on <net>: expected an IPv4 prefix like 127.0.1.0/24");
        assertThat(error(doc("", "<net name=\"m\" ipv4=\"127.0.300.0/24\"/>")))
                .isEqualTo("t.xml:11:3: invalid value \"127.0.300.0/24\" for attribute \"ipv4\" on <net>: expected an IPv4 prefix like 127.0.1.0/24");
    }

    @Test
    void badAddressPortAndHex() {
        assertThat(error(doc("<node name=\"x\" role=\"pcscf\" address=\"127.0.1\"/>", "")))
                .isEqualTo("t.xml:9:5: invalid value \"127.0.1\" for attribute \"address\" on <node>: expected an IPv4 or IPv6 address like 127.0.1.10 or fd00:1::10");
        assertThat(error(doc("<node name=\"x\" role=\"pcscf\" port=\"0\"/>", "")))
                .isEqualTo("t.xml:9:5: invalid value \"0\" for attribute \"port\" on <node>: expected a port number from 1 to 65535");
        assertThat(error(doc("<subscriber impu=\"sip:c@d.test\" k=\"465b5ce8b199b49faa5f0a2ee238a6\" op=\"cdc202d5123e20f62b6d676ac72cb318\"/>", "")))
                .isEqualTo("t.xml:9:5: invalid value \"465b5ce8b199b49faa5f0a2ee238a6\" for attribute \"k\" on <subscriber>: expected 32 hexadecimal digits (128 bits)");
        assertThat(error(doc("<subscriber impu=\"sip:c@d.test\" k=\"465b5ce8b199b49faa5f0a2ee238a6bc\" op=\"cdc202d5123e20f62b6d676ac72cb318\" amf=\"800\"/>", "")))
                .isEqualTo("t.xml:9:5: invalid value \"800\" for attribute \"amf\" on <subscriber>: expected 4 hexadecimal digits (16 bits)");
    }

    @Test
    void unknownRoleListsTheKnownOnes() {
        assertThat(error(doc("<node name=\"x\" role=\"bgcf\"/>", "")))
                .isEqualTo("t.xml:9:5: invalid value \"bgcf\" for attribute \"role\" on <node>: expected one of "
                        + "dns, pcscf, icscf, scscf, hss, as, pcrf, cdf, ocs, mrf, dhcp, router");
    }

    @Test
    void unknownElement() {
        assertThat(error(doc("", "<router name=\"r\"/>")))
                .isEqualTo("t.xml:11:3: unknown element <router> inside <scenario> (allowed here: <net>, <node>, <domain>, <ue>)");
    }

    @Test
    void knownElementInTheWrongPlace() {
        assertThat(error(doc("<ue name=\"u\" impu=\"sip:a@d.test\" pcscf=\"p\"/>", "")))
                .isEqualTo("t.xml:9:5: element <ue> is not allowed inside <domain> (allowed here: <node>, <subscriber>, <subscribers>, <service-profile>)");
    }

    @Test
    void contentInsideAnEmptyElement() {
        assertThat(error(doc("<node name=\"x\" role=\"pcscf\">  <subscriber impu=\"sip:b@d.test\" password=\"p\"/></node>", "")))
                .isEqualTo("t.xml:9:35: element <subscriber> is not allowed inside <node>: <node> takes attributes only");
        assertThat(error(doc("<node name=\"x\" role=\"pcscf\">127.0.1.9</node>", "")))
                .isEqualTo("t.xml:9:33: text is not allowed inside <node>: <node> takes attributes only");
        assertThat(load(doc("<node name=\"x\" role=\"pcscf\">  </node>", "")).node("x")).isPresent();
    }

    @Test
    void textBetweenElements() {
        assertThat(error(doc("", "<!-- note --> stray words")))
                .isEqualTo("t.xml:11:17: text is not allowed inside <scenario> (only elements and comments)");
    }

    @Test
    void wrongRootElement() {
        assertThat(error("<scenarios name=\"x\"/>")).isEqualTo("t.xml:1:1: the root element must be <scenario>, not <scenarios>");
        assertThat(error("<scenario xmlns=\"urn:x\" name=\"x\"/>"))
                .isEqualTo("t.xml:1:1: the root element must be <scenario> in no namespace (remove xmlns=\"...\")");
    }

    @Test
    void malformedXmlGivesTheParsersPosition() {
        ScenarioException e = failure("<scenario name=\"x\">\n  <net name=\"n\" ipv4=\"127.0.1.0/24\">\n</scenario>\n");
        assertThat(e.errors()).hasSize(1);
        assertThat(e.getMessage()).startsWith("t.xml:3:3: malformed XML: ").contains("net");
    }

    @Test
    void emptyFile() {
        assertThat(error("")).isEqualTo("t.xml:1:1: malformed XML: Premature end of file.");
    }

    @Test
    void numbersMayHaveWhiteSpaceAndSign() {
        Scenario s = load(doc("<node name=\"x\" role=\"pcscf\" port=\" +5070 \"/>", "<net name=\"m\" vlan=\" 7\" ipv4=\"127.0.2.0/24\"/>"));
        assertThat(s.node("x").orElseThrow().port()).isEqualTo(5070);
        assertThat(s.net("m").orElseThrow().vlan()).hasValue(7);
    }

    @Test
    void doctypeIsRefused() {
        assertThat(error("<!DOCTYPE scenario [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<scenario name=\"&x;\"/>"))
                .startsWith("t.xml:1:").contains("malformed XML: DOCTYPE is disallowed");
    }

    @Test
    void positionIsTheStartOfAStartTagSpreadOverLines() {
        String xml = doc("", "<node name=\"x\"\n        role=\"dns\" net=\"n\"\n        bogus=\"1\"/>");
        assertThat(error(xml)).isEqualTo("t.xml:11:3: unknown attribute \"bogus\" on <node> (allowed: name, role, net, address, port, hostname, database, service, no-answer-seconds, redirects)");
    }

    @Test
    void windowsLineEndingsCountAsOneLine() {
        String xml = doc("<node name=\"x\" role=\"pcscf\" adress=\"127.0.1.5\"/>", "").replace("\n", "\r\n");
        assertThat(error(xml)).startsWith("t.xml:9:5: unknown attribute \"adress\"");
    }

    @Test
    void allSchemaErrorsAreCollectedInDocumentOrder() {
        ScenarioException e = failure(doc("<node name=\"x\" role=\"pcscf\" adress=\"127.0.1.5\"/>",
                "<net ipv4=\"1.2.3.0/24\"/> <ue name=\"u\" pcscf=\"p\" impu=\"sip:a@d.test\" port=\"x\"/>"));
        assertThat(e.errors()).extracting(ScenarioError::toString).containsExactly(
                "t.xml:9:5: unknown attribute \"adress\" on <node> (did you mean \"address\"?)",
                "t.xml:11:3: missing attribute \"name\" on <net>",
                "t.xml:11:28: invalid value \"x\" for attribute \"port\" on <ue>: expected a port number from 1 to 65535");
        assertThat(e.report()).hasLineCount(3);
    }

    @Test
    void messagesAreEnglishWhateverTheDefaultLocale() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.GERMANY);
            assertThat(error(doc("<node name=\"x\"/>", ""))).isEqualTo("t.xml:9:5: missing attribute \"role\" on <node>");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void schemaLocationAttributesForEditorsAreAccepted() {
        String xml = doc("", "").replace("<scenario name=\"t\">",
                "<scenario xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:noNamespaceSchemaLocation=\"scenario.xsd\" name=\"t\">");
        assertThat(load(xml).name()).isEqualTo("t");
    }
}
