package org.imsemu.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.imsemu.scenario.Fixtures.doc;
import static org.imsemu.scenario.Fixtures.error;
import static org.imsemu.scenario.Fixtures.failure;
import static org.imsemu.scenario.Fixtures.load;

import org.junit.jupiter.api.Test;

/** Checks of meaning after the schema: each with a small broken file and its exact message and position. */
class SemanticChecksTest {

    // --- names ---

    @Test
    void duplicateNodeName() {
        assertThat(error(doc("<node name=\"p\" role=\"pcscf\"/>", "")))
                .isEqualTo("t.xml:9:5: duplicate node name \"p\" (first at line 5)");
    }

    @Test
    void duplicateNetName() {
        assertThat(error(doc("", "<net name=\"n\" ipv4=\"127.0.2.0/24\"/>")))
                .isEqualTo("t.xml:11:3: duplicate net name \"n\" (first at line 2)");
    }

    @Test
    void duplicateDomainIgnoringCase() {
        assertThat(error(doc("", "<domain name=\"D.test\" net=\"n\"/>")))
                .isEqualTo("t.xml:11:3: duplicate domain \"d.test\" (first at line 4)");
    }

    @Test
    void duplicateUeName() {
        String xml = doc("", "<ue name=\"u\" impu=\"sip:a@d.test\" pcscf=\"p\"/><ue name=\"u\" impu=\"sip:a@d.test\" pcscf=\"p\"/>");
        assertThat(error(xml)).isEqualTo("t.xml:11:47: duplicate UE name \"u\" (first at line 11)");
    }

    @Test
    void ueAndNodeShareOneNamespace() {
        assertThat(error(doc("", "<ue name=\"s\" impu=\"sip:a@d.test\" pcscf=\"p\"/>")))
                .isEqualTo("t.xml:11:3: UE name \"s\" is already used by node \"s\" at line 7 (nodes and UEs are all hosts and need distinct names)");
    }

    @Test
    void hostNameGivenTwice() {
        assertThat(error(doc("<node name=\"p2\" role=\"pcscf\" hostname=\"S.d.test\"/>", "")))
                .isEqualTo("t.xml:9:5: host name s.d.test of node \"p2\" is already used by node \"s\" (line 7)");
    }

    // --- nets ---

    @Test
    void nodeWithUnknownNet() {
        assertThat(error(doc("<node name=\"x\" role=\"pcscf\" net=\"m\"/>", "")))
                .isEqualTo("t.xml:9:5: node \"x\" refers to unknown net \"m\" (known: n)");
    }

    @Test
    void topLevelNodeWithoutNet() {
        String xml = doc("", "").replace("<node name=\"dns\" role=\"dns\" net=\"n\" address=\"127.0.1.53\"/>",
                "<node name=\"dns\" role=\"dns\"/>");
        assertThat(error(xml)).isEqualTo(
                "t.xml:3:3: node \"dns\" has no net: add net=\"...\" (only nodes inside a <domain> take the domain's net)");
    }

    @Test
    void domainWithoutNet() {
        assertThat(error(doc("", "").replace("<domain name=\"d.test\" net=\"n\">", "<domain name=\"d.test\">")))
                .isEqualTo("t.xml:4:3: domain \"d.test\" has no net: add net=\"...\" naming a <net>");
    }

    @Test
    void domainWithUnknownNet() {
        assertThat(error(doc("", "").replace("<domain name=\"d.test\" net=\"n\">", "<domain name=\"d.test\" net=\"x\">")))
                .isEqualTo("t.xml:4:3: domain \"d.test\" refers to unknown net \"x\" (known: n)");
    }

    @Test
    void netWithoutPrefix() {
        assertThat(error(doc("", "<net name=\"m\" vlan=\"7\"/>")))
                .isEqualTo("t.xml:11:3: net \"m\" has neither ipv4 nor ipv6: give at least one prefix, e.g. ipv4=\"127.0.1.0/24\"");
    }

    @Test
    void overlappingNets() {
        assertThat(error(doc("", "<net name=\"m\" ipv4=\"127.0.1.128/25\"/>")))
                .isEqualTo("t.xml:11:3: net \"m\" (127.0.1.128/25) overlaps net \"n\" (127.0.1.0/24, line 2)");
        assertThat(error(doc("", "<net name=\"m\" ipv4=\"127.0.0.0/16\"/>")))
                .isEqualTo("t.xml:11:3: net \"m\" (127.0.0.0/16) overlaps net \"n\" (127.0.1.0/24, line 2)");
        assertThat(load(doc("", "<net name=\"m\" ipv4=\"127.0.2.0/24\"/>")).nets()).hasSize(2);
    }

    @Test
    void prefixWithHostBits() {
        assertThat(error(doc("", "<net name=\"m\" ipv4=\"127.0.2.1/24\"/>")))
                .isEqualTo("t.xml:11:3: bad ipv4 prefix of net \"m\": prefix 127.0.2.1/24 has host bits set; did you mean 127.0.2.0/24?");
        assertThat(error(doc("", "<net name=\"m\" ipv6=\"fd00:1::1/64\"/>")))
                .isEqualTo("t.xml:11:3: bad ipv6 prefix of net \"m\": prefix fd00:1::1/64 has host bits set; did you mean fd00:1::/64?");
    }

    @Test
    void malformedIpv6ThatTheSchemaLetsThrough() {
        assertThat(error(doc("", "<net name=\"m\" ipv6=\"fd00::1::/64\"/>")))
                .isEqualTo("t.xml:11:3: bad ipv6 prefix of net \"m\": \"fd00::1::\" is not an IPv6 address (\"::\" may appear only once)");
        assertThat(error(doc("", "<net name=\"m\" ipv6=\"fd00:2::/64\"/><node name=\"x\" role=\"dns\" net=\"m\" address=\"fd00:2:12345::1\"/>")))
                .startsWith("t.xml:11:37: bad address of node \"x\": \"fd00:2:12345::1\" is not an IPv6 address (bad group \"12345\")");
    }

    // --- addresses ---

    @Test
    void addressOutsideItsNet() {
        assertThat(error(doc("<node name=\"x\" role=\"pcscf\" address=\"127.0.2.5\"/>", "")))
                .isEqualTo("t.xml:9:5: address 127.0.2.5 of node \"x\" is not inside net n (127.0.1.0/24)");
    }

    @Test
    void ueAddressMustBeOnItsPcscfsNet() {
        assertThat(error(doc("", "<ue name=\"u\" impu=\"sip:a@d.test\" pcscf=\"p\" address=\"fd00::1\"/>")))
                .isEqualTo("t.xml:11:3: address fd00::1 of UE \"u\" is not inside net n (127.0.1.0/24)");
    }

    @Test
    void addressGivenTwice() {
        assertThat(error(doc("<node name=\"x\" role=\"pcscf\" address=\"127.0.1.53\"/>", "")))
                .isEqualTo("t.xml:9:5: address 127.0.1.53 of node \"x\" is given twice: node \"dns\" (line 3) already has it");
        assertThat(error(doc("", "<ue name=\"u\" impu=\"sip:a@d.test\" pcscf=\"p\" address=\"127.0.1.53\"/>")))
                .isEqualTo("t.xml:11:3: address 127.0.1.53 of UE \"u\" is given twice: node \"dns\" (line 3) already has it");
    }

    @Test
    void networkAndBroadcastAddressesAreRefused() {
        assertThat(error(doc("<node name=\"x\" role=\"pcscf\" address=\"127.0.1.0\"/>", "")))
                .isEqualTo("t.xml:9:5: address 127.0.1.0 of node \"x\" is the network address of 127.0.1.0/24; use a host address");
        assertThat(error(doc("<node name=\"x\" role=\"pcscf\" address=\"127.0.1.255\"/>", "")))
                .isEqualTo("t.xml:9:5: address 127.0.1.255 of node \"x\" is the broadcast address of 127.0.1.0/24; use a host address");
    }

    // --- roles ---

    @Test
    void rolesNotBuiltAreRefusedWithThePlannedIssue() {
        assertThat(error(doc("<node name=\"pcrf1\" role=\"pcrf\"/>", "")))
                .isEqualTo("t.xml:9:5: role \"pcrf\" is not built yet (planned: policy control (Gq/Rx) issue); remove the node or use a later release");
        assertThat(Role.HSS.isBuilt()).isTrue();
        assertThat(Role.AS.isBuilt()).isTrue();
        for (Role role : Role.values()) {
            if (!role.isBuilt()) {
                assertThat(error(doc("<node name=\"x\" role=\"" + role.xmlName() + "\"/>", "")))
                        .startsWith("t.xml:9:5: role \"" + role.xmlName() + "\" is not built yet (planned: " + role.plannedIn() + ")");
            }
        }
    }

    @Test
    void exactlyOneDns() {
        assertThat(error(doc("", "").replace("<node name=\"dns\" role=\"dns\" net=\"n\" address=\"127.0.1.53\"/>", "")))
                .isEqualTo("t.xml:1:1: no node with role dns: add one, e.g. <node name=\"dns\" role=\"dns\" net=\"dnsnet\"/>");
        assertThat(error(doc("", "<node name=\"dns2\" role=\"dns\" net=\"n\"/>")))
                .isEqualTo("t.xml:11:3: a second dns node \"dns2\": exactly one is allowed (first \"dns\" at line 3)");
    }

    @Test
    void cscfOutsideADomain() {
        assertThat(error(doc("", "<node name=\"p9\" role=\"pcscf\" net=\"n\"/>")))
                .isEqualTo("t.xml:11:3: node \"p9\" with role pcscf must be inside a <domain>");
    }

    @Test
    void domainNeedsAPcscfExactlyOneIcscfAndAnScscf() {
        String bare = "<domain name=\"e.test\" net=\"n\"/>";
        ScenarioException e = failure(doc("", bare));
        assertThat(e.errors()).extracting(ScenarioError::toString).containsExactly(
                "t.xml:11:3: domain \"e.test\" has no P-CSCF: add <node name=\"...\" role=\"pcscf\"/>",
                "t.xml:11:3: domain \"e.test\" has no I-CSCF: add <node name=\"...\" role=\"icscf\"/>",
                "t.xml:11:3: domain \"e.test\" has no S-CSCF: add <node name=\"...\" role=\"scscf\"/>");
        assertThat(error(doc("<node name=\"i2\" role=\"icscf\"/>", "")))
                .isEqualTo("t.xml:9:5: domain \"d.test\" has a second I-CSCF \"i2\": exactly one per domain (first \"i\")");
        // several S-CSCFs only with an HSS to assign them: e.test has no subscribers and no HSS
        String noHss = "<domain name=\"e.test\" net=\"n\"><node name=\"p2\" role=\"pcscf\"/><node name=\"i2\" role=\"icscf\"/>"
                + "<node name=\"s2\" role=\"scscf\"/><node name=\"s3\" role=\"scscf\"/></domain>";
        assertThat(error(doc("", noHss)))
                .isEqualTo("t.xml:11:123: domain \"e.test\" has a second S-CSCF \"s3\": a domain without HSS has exactly one (the HSS assigns S-CSCFs to users)");
        Domain d = load(doc("<node name=\"s2\" role=\"scscf\"/>", "")).domain("d.test").orElseThrow();
        assertThat(d.scscfs()).extracting(Node::name).containsExactly("s", "s2");
        assertThat(d.scscf().name()).isEqualTo("s");
        assertThat(load(doc("<node name=\"p2\" role=\"pcscf\"/>", "")).domain("d.test").orElseThrow().pcscfs()).hasSize(2);
    }

    // --- UEs ---

    @Test
    void ueWithUnknownPcscf() {
        assertThat(error(doc("", "<ue name=\"u\" impu=\"sip:a@d.test\" pcscf=\"p9\"/>")))
                .isEqualTo("t.xml:11:3: UE \"u\" refers to unknown P-CSCF \"p9\"");
    }

    @Test
    void ueWhosePcscfIsAnotherRole() {
        assertThat(error(doc("", "<ue name=\"u\" impu=\"sip:a@d.test\" pcscf=\"s\"/>")))
                .isEqualTo("t.xml:11:3: UE \"u\": pcscf=\"s\" is a node of role scscf, not a P-CSCF");
    }

    @Test
    void ueImpuMustBeASipUri() {
        assertThat(error(doc("", "<ue name=\"u\" impu=\"tel:+15551234\" pcscf=\"p\" password=\"x\"/>")))
                .isEqualTo("t.xml:11:3: impu \"tel:+15551234\" of UE \"u\" is not a sip: URI (expected sip:user@domain)");
        assertThat(error(doc("", "<ue name=\"u\" impu=\"sip:d.test\" pcscf=\"p\" password=\"x\"/>")))
                .isEqualTo("t.xml:11:3: impu \"sip:d.test\" of UE \"u\" is not a sip: URI (expected sip:user@domain)");
    }

    @Test
    void ueWithoutSubscriberNeedsAPassword() {
        assertThat(error(doc("", "<ue name=\"u\" impu=\"sip:zed@d.test\" pcscf=\"p\"/>")))
                .isEqualTo("t.xml:11:3: UE \"u\": no subscriber with impu sip:zed@d.test in domain d.test and no password given");
        assertThat(error(doc("", "<ue name=\"u\" impu=\"sip:zed@elsewhere.test\" pcscf=\"p\"/>")))
                .isEqualTo("t.xml:11:3: UE \"u\": the domain elsewhere.test of its impu is not in this scenario and no password given");
        Ue ue = load(doc("", "<ue name=\"u\" impu=\"sip:zed@elsewhere.test\" pcscf=\"p\" password=\"guess\"/>")).ue("u").orElseThrow();
        assertThat(ue.impi()).isEqualTo("zed@elsewhere.test");
        assertThat(ue.password()).contains("guess");
    }

    @Test
    void ueTakesCredentialsFromItsSubscriberUnlessGiven() {
        Scenario s = load(doc("<subscriber impu=\"sip:c@d.test\" impi=\"c-private@d.test\" k=\"465b5ce8b199b49faa5f0a2ee238a6bc\" opc=\"cd63cb71954a9f4e48a5994e37a02baf\"/>",
                "<ue name=\"a\" impu=\"sip:a@D.TEST\" pcscf=\"p\"/><ue name=\"c\" impu=\"sip:c@d.test\" pcscf=\"p\"/><ue name=\"w\" impu=\"sip:a@d.test\" impi=\"other@d.test\" password=\"wrong\" pcscf=\"p\"/>"));
        Ue a = s.ue("a").orElseThrow();
        assertThat(a.impu()).isEqualTo("sip:a@d.test");
        assertThat(a.impi()).isEqualTo("a@d.test");
        assertThat(a.password()).contains("pw");
        assertThat(a.aka()).isEmpty();
        Ue c = s.ue("c").orElseThrow();
        assertThat(c.impi()).isEqualTo("c-private@d.test");
        assertThat(c.password()).isEmpty();
        assertThat(c.aka().orElseThrow().opc()).contains("cd63cb71954a9f4e48a5994e37a02baf");
        assertThat(c.aka().orElseThrow().amf()).isEqualTo(AkaKeys.DEFAULT_AMF);
        Ue w = s.ue("w").orElseThrow();
        assertThat(w.impi()).isEqualTo("other@d.test");
        assertThat(w.password()).contains("wrong");
    }

    // --- subscribers ---

    @Test
    void subscriberOfAnotherDomain() {
        String xml = doc("<subscriber impu=\"sip:b@e.test\" password=\"x\"/>",
                "<domain name=\"e.test\" net=\"n\"><node name=\"p2\" role=\"pcscf\"/><node name=\"i2\" role=\"icscf\"/><node name=\"s2\" role=\"scscf\"/></domain>");
        assertThat(error(xml)).isEqualTo("t.xml:9:5: subscriber \"sip:b@e.test\" belongs to domain e.test, not to d.test: move it into <domain name=\"e.test\">");
        assertThat(error(doc("<subscriber impu=\"sip:b@x.test\" password=\"x\"/>", "")))
                .isEqualTo("t.xml:9:5: subscriber \"sip:b@x.test\" belongs to domain x.test, not to d.test: a subscriber's impu must be in the domain it is listed in");
    }

    @Test
    void subscriberImpuMustBeASipUri() {
        assertThat(error(doc("<subscriber impu=\"tel:+15551234\" password=\"x\"/>", "")))
                .isEqualTo("t.xml:9:5: impu \"tel:+15551234\" of the subscriber is not a sip: URI (expected sip:user@d.test)");
    }

    @Test
    void subscriberNeedsPasswordOrK() {
        assertThat(error(doc("<subscriber impu=\"sip:b@d.test\"/>", "")))
                .isEqualTo("t.xml:9:5: subscriber \"sip:b@d.test\" has neither password (Digest) nor k (AKA): give one of them");
        assertThat(error(doc("<subscriber impu=\"sip:b@d.test\" k=\"465b5ce8b199b49faa5f0a2ee238a6bc\"/>", "")))
                .isEqualTo("t.xml:9:5: subscriber \"sip:b@d.test\" has k but neither op nor opc: AKA needs one of them");
        assertThat(error(doc("<subscriber impu=\"sip:b@d.test\" k=\"465b5ce8b199b49faa5f0a2ee238a6bc\" op=\"cdc202d5123e20f62b6d676ac72cb318\" opc=\"cd63cb71954a9f4e48a5994e37a02baf\"/>", "")))
                .isEqualTo("t.xml:9:5: subscriber \"sip:b@d.test\" has both op and opc: give only one (OPc is derived from OP and K)");
        assertThat(error(doc("<subscriber impu=\"sip:b@d.test\" password=\"x\" op=\"cdc202d5123e20f62b6d676ac72cb318\"/>", "")))
                .isEqualTo("t.xml:9:5: subscriber \"sip:b@d.test\" has op but no k: AKA needs k with op or opc");
        assertThat(error(doc("<subscribers prefix=\"u\" from=\"1\" to=\"5\"/>", "")))
                .isEqualTo("t.xml:9:5: subscribers u1..u5 has neither password (Digest) nor k (AKA): give one of them");
    }

    @Test
    void duplicateImpiAndImpu() {
        assertThat(error(doc("<subscriber impu=\"sip:b@d.test\" impi=\"a@D.test\" password=\"x\"/>", "")))
                .isEqualTo("t.xml:9:5: duplicate impi \"a@D.test\" (first at line 8)");
        assertThat(error(doc("<subscriber impu=\"sip:a@D.TEST\" impi=\"a2@d.test\" password=\"x\"/>", "")))
                .isEqualTo("t.xml:9:5: duplicate impu \"sip:a@d.test\" (first at line 8)");
    }

    @Test
    void listedSubscriberAlsoInARange() {
        assertThat(error(doc("<subscribers prefix=\"a\" from=\"0\" to=\"9\" password=\"x\"/><subscriber impu=\"sip:a5@d.test\" password=\"y\"/>", "")))
                .isEqualTo("t.xml:9:59: duplicate impi \"a5@d.test\": subscriber at line 9 and subscribers a0..a9 at line 9 both have it");
    }

    @Test
    void overlappingRanges() {
        assertThat(error(doc("<subscribers prefix=\"u\" from=\"1\" to=\"100\" password=\"x\"/><subscribers prefix=\"u\" from=\"100\" to=\"200\" password=\"x\"/>", "")))
                .isEqualTo("t.xml:9:61: subscribers u100..u200 overlaps subscribers u1..u100 (line 9): an identity would be given twice");
        assertThat(error(doc("<subscribers prefix=\"u\" from=\"1\" to=\"100\" password=\"x\"/><subscribers prefix=\"u1\" from=\"0\" to=\"5\" password=\"x\"/>", "")))
                .startsWith("t.xml:9:61: subscribers u10..u15 overlaps subscribers u1..u100");
    }

    @Test
    void rangeFromGreaterThanTo() {
        assertThat(error(doc("<subscribers prefix=\"u\" from=\"10\" to=\"9\" password=\"x\"/>", "")))
                .isEqualTo("t.xml:9:5: subscribers range u: from=\"10\" is greater than to=\"9\"");
    }

    // --- all at once ---

    @Test
    void semanticErrorsAreAllCollectedInDocumentOrder() {
        ScenarioException e = failure(doc("<node name=\"x\" role=\"ocs\"/>",
                "<ue name=\"u\" impu=\"sip:a@d.test\" pcscf=\"nobody\"/>").replace("net=\"n\" address=\"127.0.1.53\"", "net=\"x\""));
        assertThat(e.errors()).extracting(ScenarioError::toString).containsExactly(
                "t.xml:3:3: node \"dns\" refers to unknown net \"x\" (known: n)",
                "t.xml:9:5: role \"ocs\" is not built yet (planned: online charging (Ro) issue); remove the node or use a later release",
                "t.xml:11:3: UE \"u\" refers to unknown P-CSCF \"nobody\"");
        assertThat(e.getMessage()).isEqualTo(e.errors().get(0).toString());
    }
}
