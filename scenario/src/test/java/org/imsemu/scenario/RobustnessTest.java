package org.imsemu.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imsemu.scenario.Fixtures.doc;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Odd input never escapes as anything but a ScenarioException with a FILE:LINE:COLUMN message. */
class RobustnessTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "<net name=\"m\" ipv6=\":/64\"/>",
            "<net name=\"m\" ipv6=\"::/0\"/>",
            "<net name=\"m\" ipv6=\"1:2:3:4:5:6:7:8.1.2.3.4/64\"/>",
            "<net name=\"m\" ipv6=\"::300.1.1.1/64\"/>",
            "<net name=\"m\" ipv4=\"0.0.0.0/0\"/>",
            "<net name=\"m\" ipv6=\"fd00:7::/128\"/><node name=\"x\" role=\"dns\" net=\"m\"/>",
            "<net name=\"m\" ipv4=\"127.0.7.1/32\"/><node name=\"x\" role=\"dns\" net=\"m\" address=\"127.0.7.1\"/>",
            "<node name=\"x\" role=\"dns\" net=\"n\" address=\":::\"/>",
            "<node name=\"x\" role=\"dns\" net=\"n\" address=\"::ffff:127.0.1.9\"/>",
            "<ue name=\"u\" impu=\"sip:@d.test\" pcscf=\"p\"/>",
            "<ue name=\"u\" impu=\"sip:a@\" pcscf=\"p\"/>",
            "<ue name=\"u\" impu=\"sip:\" pcscf=\"p\" password=\"x\"/>",
            "<ue name=\"u\" impu=\"sip:a@d.test;x\" pcscf=\"p\" address=\"127.0.1.9\" port=\"65535\"/>",
            "<domain name=\"e.test\" net=\"nope\"><node name=\"p2\" role=\"pcscf\"/><subscriber impu=\"sip:z@e.test\" password=\"x\"/></domain>",
            "<domain name=\"d.test\" net=\"n\"><node name=\"p2\" role=\"pcscf\"/></domain>",
            "<ue name=\"u\" impu=\"sip:user5@d.test\" pcscf=\"p\"/>",
            "<domain name=\"e.test\" net=\"n\"><service-profile name=\"p\"><ifc priority=\"1\" as=\"\"/></service-profile></domain>",
            "<domain name=\"e.test\" net=\"n\"><service-profile name=\"p\"><InitialFilterCriteria/></service-profile></domain>",
            "<domain name=\"e.test\" net=\"n\"><service-profile name=\"p\"><InitialFilterCriteria><Priority>99999999999</Priority>"
                    + "<x:y xmlns:x=\"urn:x\"/></InitialFilterCriteria></service-profile></domain>",
            "<domain name=\"e.test\" net=\"n\"><node name=\"a\" role=\"as\" service=\"call-forwarding\" no-answer-seconds=\"99999999999\"/></domain>",
            "<domain name=\"e.test\" net=\"n\"><subscriber impu=\"sip:z@e.test\" password=\"x\" profile=\"\"><repository-data service-indication=\"\"/>"
                    + "</subscriber></domain>",
            "<domain name=\"e.test\" net=\"n\"><subscriber impu=\"sip:z@e.test\" password=\"x\"><repository-data service-indication=\"a\">"
                    + "<![CDATA[<?xml version=\"1.0\"?><a/>]]></repository-data></subscriber></domain>",
            "<node name=\"x\" role=\"hss\" database=\"jdbc:\"/>",
            "\u0000",
    })
    void oddInputEitherLoadsOrFailsWithAPosition(String atTop) {
        String xml = doc("<subscribers prefix=\"user\" from=\"0\" to=\"999999999\" password=\"x\"/>", atTop);
        try {
            Scenario s = ScenarioLoader.load("t.xml", xml.getBytes(StandardCharsets.UTF_8));
            assertThat(s.summary()).contains("NODE");
        } catch (ScenarioException e) {
            assertThat(e.errors()).isNotEmpty().allSatisfy(err -> assertThat(err.toString()).matches("t\\.xml:\\d+:\\d+: \\S.*"));
        }
    }
}
