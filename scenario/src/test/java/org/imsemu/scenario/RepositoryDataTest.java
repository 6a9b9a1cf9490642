package org.imsemu.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.imsemu.scenario.Fixtures.doc;
import static org.imsemu.scenario.Fixtures.error;
import static org.imsemu.scenario.Fixtures.load;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Sh repository data of a subscriber: {@code <repository-data service-indication="...">XML</repository-data>}. */
class RepositoryDataTest {
    private static final String FORWARD = "<CallForwarding><Target>sip:c@d.test</Target><On>busy no-answer</On></CallForwarding>";

    private static Subscriber b(String inside) {
        return load(doc("<subscriber impu=\"sip:b@d.test\" password=\"x\">" + inside + "</subscriber>", ""))
                .domain("d.test").orElseThrow().subscribers().byImpu("sip:b@d.test").orElseThrow();
    }

    @Test
    void cdataIsTakenAsItIsWithoutSurroundingWhiteSpace() {
        Subscriber s = b("\n  <repository-data service-indication=\"call-forwarding\">  <![CDATA[" + FORWARD + "]]>\n  </repository-data>");
        assertThat(s.repositoryData()).containsExactly(Map.entry("call-forwarding", FORWARD));
    }

    @Test
    void severalServicesInDocumentOrderAndEscapedTextToo() {
        Subscriber s = b("<repository-data service-indication=\"z-last\"><![CDATA[<z/>]]></repository-data>"
                + "<repository-data service-indication=\"a-first\">&lt;Note&gt;a &amp;amp; b&lt;/Note&gt;</repository-data>");
        assertThat(s.repositoryData().keySet()).containsExactly("z-last", "a-first");
        assertThat(s.repositoryData()).containsEntry("a-first", "<Note>a &amp; b</Note>");
        assertThatThrownBy(() -> s.repositoryData().put("x", "<x/>")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void subscriberWithoutRepositoryData() {
        assertThat(b("").repositoryData()).isEmpty();
        assertThat(new Subscriber("sip:q@d.test", "q@d.test", Optional.of("p"), Optional.empty()).repositoryData()).isEmpty();
    }

    @Test
    void duplicateServiceIndication() {
        assertThat(error(doc("<subscriber impu=\"sip:b@d.test\" password=\"x\"><repository-data service-indication=\"cf\"><![CDATA[<a/>]]></repository-data>"
                + "<repository-data service-indication=\"cf\"><![CDATA[<b/>]]></repository-data></subscriber>", "")))
                .isEqualTo("t.xml:9:125: duplicate repository-data \"cf\" of subscriber \"sip:b@d.test\" (first at line 9)");
    }

    @Test
    void emptyData() {
        assertThat(error(doc("<subscriber impu=\"sip:b@d.test\" password=\"x\"><repository-data service-indication=\"cf\">  </repository-data></subscriber>", "")))
                .isEqualTo("t.xml:9:50: repository-data \"cf\" of subscriber \"sip:b@d.test\" is empty: put the service's XML inside, as <![CDATA[ ... ]]>");
    }

    @Test
    void dataMustBeWellFormedXml() {
        assertThat(error(doc("<subscriber impu=\"sip:b@d.test\" password=\"x\"><repository-data service-indication=\"cf\"><![CDATA[<CallForwarding><Target>]]>"
                + "</repository-data></subscriber>", "")))
                .startsWith("t.xml:9:50: repository-data \"cf\" of subscriber \"sip:b@d.test\" is not well-formed XML: ")
                .endsWith("(line 1, column 25 of the data)");
        assertThat(error(doc("<subscriber impu=\"sip:b@d.test\" password=\"x\"><repository-data service-indication=\"cf\">sip:c@d.test</repository-data></subscriber>", "")))
                .startsWith("t.xml:9:50: repository-data \"cf\" of subscriber \"sip:b@d.test\" is not well-formed XML: Content is not allowed in prolog.");
        assertThat(error(doc("<subscriber impu=\"sip:b@d.test\" password=\"x\"><repository-data service-indication=\"cf\"><![CDATA[<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>]]>"
                + "</repository-data></subscriber>", "")))
                .startsWith("t.xml:9:50: repository-data \"cf\" of subscriber \"sip:b@d.test\" is not well-formed XML: ").contains("DOCTYPE is disallowed");
    }

    @Test
    void xmlWithoutCdataIsRefusedWithAHint() {
        assertThat(error(doc("<subscriber impu=\"sip:b@d.test\" password=\"x\"><repository-data service-indication=\"cf\">" + FORWARD
                + "</repository-data></subscriber>", "")))
                .isEqualTo("t.xml:9:91: element <CallForwarding> is not allowed inside <repository-data>, which takes text only: "
                        + "write the XML inside <![CDATA[ ... ]]>");
    }

    @Test
    void schemaChecks() {
        assertThat(error(doc("<subscriber impu=\"sip:b@d.test\" password=\"x\"><repository-data><![CDATA[<a/>]]></repository-data></subscriber>", "")))
                .isEqualTo("t.xml:9:50: missing attribute \"service-indication\" on <repository-data>");
        assertThat(error(doc("<subscriber impu=\"sip:b@d.test\" password=\"x\"><repository-data service-indication=\"cf\" indication=\"x\">"
                + "<![CDATA[<a/>]]></repository-data></subscriber>", "")))
                .isEqualTo("t.xml:9:50: unknown attribute \"indication\" on <repository-data> (allowed: service-indication)");
        assertThat(error(doc("<subscribers prefix=\"u\" from=\"1\" to=\"2\" password=\"x\"><repository-data service-indication=\"cf\"><![CDATA[<a/>]]>"
                + "</repository-data></subscribers>", "")))
                .isEqualTo("t.xml:9:58: element <repository-data> is not allowed inside <subscribers>: <subscribers> takes attributes only");
        assertThat(error(doc("<subscriber impu=\"sip:b@d.test\" password=\"x\">sip:c@d.test</subscriber>", "")))
                .isEqualTo("t.xml:9:50: text is not allowed inside <subscriber> (only elements and comments)");
    }
}
