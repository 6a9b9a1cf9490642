package org.imsemu.scenario;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

/** Small scenario documents for tests, with known line numbers. */
final class Fixtures {
    private Fixtures() {
    }

    /**
     * A valid scenario with one domain; {@code inDomain} is line 9 (indented 4: its element is at column 5),
     * {@code atTop} is line 11 (indented 2: column 3). Each must be a single line. The domain's HSS "h" is
     * on line 7 at column 34, after the S-CSCF "s".
     */
    static String doc(String inDomain, String atTop) {
        return """
                <scenario name="t">
                  <net name="n" ipv4="127.0.1.0/24"/>
                  <node name="dns" role="dns" net="n" address="127.0.1.53"/>
                  <domain name="d.test" net="n">
                    <node name="p" role="pcscf"/>
                    <node name="i" role="icscf"/>
                    <node name="s" role="scscf"/><node name="h" role="hss"/>
                    <subscriber impu="sip:a@d.test" password="pw"/>
                    %s
                  </domain>
                  %s
                </scenario>
                """.formatted(inDomain, atTop);
    }

    static Scenario load(String xml) {
        return ScenarioLoader.load("t.xml", xml.getBytes(StandardCharsets.UTF_8));
    }

    static ScenarioException failure(String xml) {
        ScenarioException[] caught = new ScenarioException[1];
        assertThatThrownBy(() -> load(xml)).isInstanceOfSatisfying(ScenarioException.class, e -> caught[0] = e);
        return caught[0];
    }

    /** The exception's message, which must be its first error. */
    static String error(String xml) {
        ScenarioException e = failure(xml);
        if (!e.getMessage().equals(e.errors().get(0).toString())) {
            throw new AssertionError("message " + e.getMessage() + " is not the first error " + e.errors().get(0));
        }
        return e.getMessage();
    }
}
