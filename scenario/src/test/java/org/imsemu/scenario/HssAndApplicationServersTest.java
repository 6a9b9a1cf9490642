package org.imsemu.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imsemu.scenario.Fixtures.doc;
import static org.imsemu.scenario.Fixtures.error;
import static org.imsemu.scenario.Fixtures.load;

import org.junit.jupiter.api.Test;

/** Roles hss and as: where they may be, how many, and the attributes only they take. */
class HssAndApplicationServersTest {
    private static final String FIXTURE_HSS = "<node name=\"h\" role=\"hss\"/>";

    // --- hss ---

    @Test
    void hssDefaultsToTheDiameterPortAndAnEmbeddedDatabase() {
        Domain d = load(doc("", "")).domain("d.test").orElseThrow();
        Node hss = d.hss().orElseThrow();
        assertThat(hss.name()).isEqualTo("h");
        assertThat(hss.role()).isEqualTo(Role.HSS);
        assertThat(hss.port()).isEqualTo(3868);
        assertThat(hss.fqdn()).isEqualTo("h.d.test");
        assertThat(hss.database()).isEmpty();
        assertThat(hss.service()).isEmpty();
        assertThat(hss.noAnswerSeconds()).isEmpty();
        assertThat(IpAddresses.format(hss.address())).isEqualTo("127.0.1.13"); // allocated after p, i, s
    }

    @Test
    void hssWithAJdbcUrlAndPort() {
        Node hss = load(doc("", "").replace(FIXTURE_HSS, "<node name=\"h\" role=\"hss\" port=\"3869\" database=\"jdbc:postgresql://localhost:5432/hss?user=ims\"/>"))
                .domain("d.test").orElseThrow().hss().orElseThrow();
        assertThat(hss.database()).contains("jdbc:postgresql://localhost:5432/hss?user=ims");
        assertThat(hss.port()).isEqualTo(3869);
    }

    @Test
    void databaseMustBeAJdbcUrl() {
        assertThat(error(doc("", "").replace(FIXTURE_HSS, "<node name=\"h\" role=\"hss\" database=\"postgres://localhost/hss\"/>")))
                .isEqualTo("t.xml:7:34: invalid value \"postgres://localhost/hss\" for attribute \"database\" on <node>: "
                        + "expected a JDBC URL like jdbc:h2:file:./hss1 or jdbc:postgresql://localhost/hss");
    }

    @Test
    void databaseOnlyOnAnHss() {
        assertThat(error(doc("<node name=\"x\" role=\"pcscf\" database=\"jdbc:h2:mem:x\"/>", "")))
                .isEqualTo("t.xml:9:5: node \"x\" has database=\"jdbc:h2:mem:x\": only a node with role hss takes a database");
    }

    @Test
    void domainWithSubscribersNeedsAnHss() {
        assertThat(error(doc("", "").replace(FIXTURE_HSS, "")))
                .isEqualTo("t.xml:4:3: domain \"d.test\" has subscribers but no HSS: add <node name=\"hss1\" role=\"hss\"/> (subscribers live in the HSS)");
        // a range is subscribers too; the suggested name is one not taken yet
        String rangeOnly = doc("<node name=\"hss1\" role=\"pcscf\"/><subscribers prefix=\"u\" from=\"1\" to=\"9\" password=\"x\"/>", "")
                .replace(FIXTURE_HSS, "").replace("<subscriber impu=\"sip:a@d.test\" password=\"pw\"/>", "");
        assertThat(error(rangeOnly))
                .isEqualTo("t.xml:4:3: domain \"d.test\" has subscribers but no HSS: add <node name=\"hss2\" role=\"hss\"/> (subscribers live in the HSS)");
    }

    @Test
    void domainWithoutSubscribersNeedsNoHss() {
        Scenario s = load(doc("", "<domain name=\"e.test\" net=\"n\"><node name=\"p2\" role=\"pcscf\"/><node name=\"i2\" role=\"icscf\"/>"
                + "<node name=\"s2\" role=\"scscf\"/></domain>"));
        assertThat(s.domain("e.test").orElseThrow().hss()).isEmpty();
        assertThat(s.domain("e.test").orElseThrow().subscribers().size()).isZero();
    }

    @Test
    void atMostOneHssPerDomain() {
        assertThat(error(doc("<node name=\"h2\" role=\"hss\"/>", "")))
                .isEqualTo("t.xml:9:5: domain \"d.test\" has a second HSS \"h2\": at most one per domain (first \"h\")");
    }

    @Test
    void hssAndAsBelongToADomain() {
        assertThat(error(doc("", "<node name=\"h9\" role=\"hss\" net=\"n\"/>")))
                .isEqualTo("t.xml:11:3: node \"h9\" with role hss must be inside a <domain>");
        assertThat(error(doc("", "<node name=\"a9\" role=\"as\" service=\"call-logger\" net=\"n\"/>")))
                .isEqualTo("t.xml:11:3: node \"a9\" with role as must be inside a <domain>");
    }

    @Test
    void severalScscfsWithAnHss() {
        Domain d = load(doc("<node name=\"s2\" role=\"scscf\"/><node name=\"s3\" role=\"scscf\" port=\"5070\"/>", "")).domain("d.test").orElseThrow();
        assertThat(d.scscfs()).extracting(Node::name).containsExactly("s", "s2", "s3");
        assertThat(d.scscfs().get(2).port()).isEqualTo(5070);
        assertThat(d.scscf().name()).isEqualTo("s");
    }

    // --- as ---

    @Test
    void applicationServers() {
        Domain d = load(doc("<node name=\"log\" role=\"as\" service=\"call-logger\"/><node name=\"cfw\" role=\"as\" service=\"call-forwarding\"/>"
                + "<node name=\"cfw9\" role=\"as\" service=\"call-forwarding\" no-answer-seconds=\" 25\" port=\"5080\"/>", "")).domain("d.test").orElseThrow();
        assertThat(d.applicationServers()).extracting(Node::name).containsExactly("log", "cfw", "cfw9");
        Node log = d.applicationServers().get(0);
        assertThat(log.role()).isEqualTo(Role.AS);
        assertThat(log.port()).isEqualTo(5060);
        assertThat(log.service()).contains("call-logger");
        assertThat(log.asService()).contains(AsService.CALL_LOGGER);
        assertThat(log.noAnswerSeconds()).isEmpty();
        assertThat(log.database()).isEmpty();
        assertThat(log.sipUri()).isEqualTo("sip:log.d.test:5060");
        assertThat(d.applicationServers().get(1).noAnswerSeconds()).hasValue(AsService.DEFAULT_NO_ANSWER_SECONDS).hasValue(10);
        Node cfw9 = d.applicationServers().get(2);
        assertThat(cfw9.asService()).contains(AsService.CALL_FORWARDING);
        assertThat(cfw9.noAnswerSeconds()).hasValue(25);
        assertThat(cfw9.sipUri()).isEqualTo("sip:cfw9.d.test:5080");
    }

    @Test
    void asNeedsAService() {
        assertThat(error(doc("<node name=\"as1\" role=\"as\"/>", "")))
                .isEqualTo("t.xml:9:5: node \"as1\" with role as has no service: add service=\"...\" naming a built-in application server "
                        + "(call-logger, call-forwarding)");
    }

    @Test
    void unknownServiceListsTheBuiltInOnes() {
        assertThat(error(doc("<node name=\"as1\" role=\"as\" service=\"voicemail\"/>", "")))
                .isEqualTo("t.xml:9:5: invalid value \"voicemail\" for attribute \"service\" on <node>: expected one of call-logger, call-forwarding");
    }

    @Test
    void serviceOnlyOnAnAs() {
        assertThat(error(doc("<node name=\"x\" role=\"scscf\" service=\"call-logger\"/>", "")))
                .isEqualTo("t.xml:9:5: node \"x\" has service=\"call-logger\": only a node with role as takes a service");
    }

    @Test
    void noAnswerSecondsOnlyForCallForwarding() {
        assertThat(error(doc("<node name=\"as1\" role=\"as\" service=\"call-logger\" no-answer-seconds=\"5\"/>", "")))
                .isEqualTo("t.xml:9:5: node \"as1\" has no-answer-seconds=\"5\": only an as node with service=\"call-forwarding\" takes it");
        assertThat(error(doc("<node name=\"x\" role=\"pcscf\" no-answer-seconds=\"5\"/>", "")))
                .isEqualTo("t.xml:9:5: node \"x\" has no-answer-seconds=\"5\": only an as node with service=\"call-forwarding\" takes it");
        assertThat(error(doc("<node name=\"as1\" role=\"as\" service=\"call-forwarding\" no-answer-seconds=\"0\"/>", "")))
                .isEqualTo("t.xml:9:5: invalid value \"0\" for attribute \"no-answer-seconds\" on <node>: expected a number of seconds from 1 to 3600");
    }
}
