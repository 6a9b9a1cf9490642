package org.imsemu.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The scenario attributes of issue 5: topology hiding (thig), the trust domain (trusted), redirects of an S-CSCF. */
class DomainTrustAndThigTest {

    @Test
    void domainsAreTrustedAndNotHidingByDefault() {
        Domain d = Fixtures.load(Fixtures.doc("", "")).domain("d.test").orElseThrow();

        assertThat(d.trusted()).isTrue();
        assertThat(d.thig()).isFalse();
    }

    @Test
    void untrustedAndHidingDomainsAreRead() {
        String xml = Fixtures.doc("", "").replace("<domain name=\"d.test\" net=\"n\">",
                "<domain name=\"d.test\" net=\"n\" thig=\"true\" trusted=\"false\">");

        Domain d = Fixtures.load(xml).domain("d.test").orElseThrow();

        assertThat(d.trusted()).isFalse();
        assertThat(d.thig()).isTrue();
    }

    @Test
    void anScscfRelaysRedirectsUnlessToldToRecurse() {
        assertThat(Fixtures.load(Fixtures.doc("", "")).domain("d.test").orElseThrow().scscf().recursesRedirects()).isFalse();
        String xml = Fixtures.doc("", "").replace("<node name=\"s\" role=\"scscf\"/>", "<node name=\"s\" role=\"scscf\" redirects=\"recurse\"/>");
        assertThat(Fixtures.load(xml).domain("d.test").orElseThrow().scscf().recursesRedirects()).isTrue();
        String onPcscf = Fixtures.doc("", "").replace("<node name=\"p\" role=\"pcscf\"/>", "<node name=\"p\" role=\"pcscf\" redirects=\"recurse\"/>");
        assertThat(Fixtures.error(onPcscf)).contains("only a node with role scscf");
    }

    @Test
    void trustedMustBeABoolean() {
        String xml = Fixtures.doc("", "").replace("<domain name=\"d.test\" net=\"n\">",
                "<domain name=\"d.test\" net=\"n\" trusted=\"maybe\">");

        assertThat(Fixtures.error(xml)).contains("trusted");
    }
}
