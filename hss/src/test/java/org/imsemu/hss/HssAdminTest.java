package org.imsemu.hss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.imsemu.hss.store.Credentials;
import org.imsemu.hss.store.HssDatabase;
import org.imsemu.hss.store.Subscription;
import org.junit.jupiter.api.Test;

class HssAdminTest {

    @Test
    void addListShowRemove() {
        try (HssDatabase db = HssDatabase.open(HssDatabase.memoryUrl("admin1"))) {
            HssAdmin admin = new HssAdmin(db);
            admin.add(new HssAdmin.AddRequest("bob@domain1.com", List.of("sip:bob@domain1.com", "tel:+15550002"), "pw", null, null, null, null, null));
            Subscription aka = admin.add(new HssAdmin.AddRequest("carol@domain1.com", List.of("sip:carol@domain1.com"), null,
                    CxTest.K, CxTest.OP, null, null, CxTest.IFC));
            assertThat(aka.credentials()).isEqualTo(new Credentials.Aka(CxTest.K, CxTest.OP, null, "8000"));
            assertThat(aka.origin()).isEqualTo(Provisioning.PROVISIONED);

            assertThat(admin.count()).isEqualTo(2);
            assertThat(admin.list(0, 1)).hasSize(1).first().asString().startsWith("bob@domain1.com").contains("digest", "NOT_REGISTERED", "tel:+15550002");
            assertThat(admin.list(1, 1)).hasSize(1).first().asString().startsWith("carol@domain1.com").contains("aka");
            assertThat(admin.list(2, 1)).isEmpty();

            String shown = admin.show("carol@domain1.com").orElseThrow();
            assertThat(shown).contains("sip:carol@domain1.com", "SQN:              0", "<Priority>1</Priority>").doesNotContain(CxTest.K);
            assertThat(admin.show("nobody@domain1.com")).isEmpty();

            assertThat(admin.remove("bob@domain1.com")).isTrue();
            assertThat(admin.remove("bob@domain1.com")).isFalse();
            assertThat(admin.count()).isEqualTo(1);
        }
    }

    @Test
    void badRequestsSayWhatIsWrong() {
        try (HssDatabase db = HssDatabase.open(HssDatabase.memoryUrl("admin2"))) {
            HssAdmin admin = new HssAdmin(db);
            assertThatThrownBy(() -> admin.add(new HssAdmin.AddRequest("x@d", List.of("sip:x@d"), "pw", CxTest.K, CxTest.OP, null, null, null)))
                    .hasMessageContaining("either --password");
            assertThatThrownBy(() -> admin.add(new HssAdmin.AddRequest("x@d", List.of(), "pw", null, null, null, null, null)))
                    .hasMessageContaining("--impu");
            assertThatThrownBy(() -> admin.add(new HssAdmin.AddRequest("x@d", List.of("x@d"), "pw", null, null, null, null, null)))
                    .hasMessageContaining("sip:, sips: or tel:");
            assertThatThrownBy(() -> admin.add(new HssAdmin.AddRequest("x@d", List.of("sip:x@d"), null, null, CxTest.OP, null, null, null)))
                    .hasMessageContaining("--k");
            assertThatThrownBy(() -> admin.add(new HssAdmin.AddRequest("x@d", List.of("sip:x@d"), "pw", null, null, null, null, "<Priority>")))
                    .hasMessageContaining("not well-formed");
            assertThatThrownBy(() -> admin.add(new HssAdmin.AddRequest("x@d", List.of("sip:x@d"), "pw", null, null, null, null, "<ServiceProfile/>")))
                    .hasMessageContaining("<InitialFilterCriteria>");
            admin.add(new HssAdmin.AddRequest("x@d", List.of("sip:x@d"), "pw", null, null, null, null, null));
            assertThatThrownBy(() -> admin.add(new HssAdmin.AddRequest("y@d", List.of("sip:x@d"), "pw", null, null, null, null, null)))
                    .hasMessageContaining("already belongs to x@d");
        }
    }

    @Test
    void scenarioProvisioningIsIdempotentAndLeavesHandAddedSubscribersAlone() {
        try (HssDatabase db = HssDatabase.open(HssDatabase.memoryUrl("admin3"))) {
            Subscription alice = Provisioning.digest("alice@domain1.com", List.of("sip:alice@domain1.com"), "a", null, Provisioning.SCENARIO);
            Subscription old = Provisioning.digest("old@domain1.com", List.of("sip:old@domain1.com"), "o", null, Provisioning.SCENARIO);
            assertThat(Provisioning.provisionScenario(db, List.of(alice, old))).isZero();
            new HssAdmin(db).add(new HssAdmin.AddRequest("hand@domain1.com", List.of("sip:hand@domain1.com"), "h", null, null, null, null, null));
            db.nextSqn("alice@domain1.com", 32);

            assertThat(Provisioning.provisionScenario(db, List.of(alice))).isEqualTo(1);
            assertThat(Provisioning.provisionScenario(db, List.of(alice))).isZero();
            assertThat(db.list(0, 10)).extracting(Subscription::impi).containsExactly("alice@domain1.com", "hand@domain1.com");
            assertThat(db.sqn("alice@domain1.com")).isEqualTo(32);
        }
    }
}
