package org.imsemu.hss.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HssDatabaseTest {
    private static final Credentials.Aka CAROL_KEYS = new Credentials.Aka("465b5ce8b199b49faa5f0a2ee238a6bc",
            "cdc202d5123e20f62b6d676ac72cb318", null, "b9b9");

    private static Subscription alice() {
        return new Subscription("alice@domain1.com", List.of("sip:alice@domain1.com", "tel:+15550001"),
                new Credentials.DigestPassword("alice-secret"), null, "scenario");
    }

    @Test
    void storesAndFindsSubscriptionsByPrivateAndPublicIdentity() {
        try (HssDatabase db = HssDatabase.open(HssDatabase.memoryUrl("t1"))) {
            db.put(alice());
            db.put(new Subscription("carol@domain1.com", List.of("sip:carol@domain1.com"), CAROL_KEYS, "<ServiceProfile/>", "provisioned"));

            assertThat(db.byImpi("alice@domain1.com")).contains(alice());
            assertThat(db.byImpu("sip:alice@DOMAIN1.com")).map(Subscription::impi).contains("alice@domain1.com");
            assertThat(db.byImpu("tel:+15550001")).map(Subscription::impi).contains("alice@domain1.com");
            assertThat(db.byImpu("sip:carol@domain1.com").orElseThrow().credentials()).isEqualTo(CAROL_KEYS);
            assertThat(db.byImpu("sip:nobody@domain1.com")).isEmpty();
            assertThat(db.count()).isEqualTo(2);
            assertThat(db.list(0, 10)).extracting(Subscription::impi).containsExactly("alice@domain1.com", "carol@domain1.com");
        }
    }

    @Test
    void provisioningTheSameSubscriptionAgainKeepsSequenceNumberAndRegistration() {
        try (HssDatabase db = HssDatabase.open(HssDatabase.memoryUrl("t2"))) {
            db.put(new Subscription("carol@domain1.com", List.of("sip:carol@domain1.com"), CAROL_KEYS, null, "scenario"));
            assertThat(db.nextSqn("carol@domain1.com", 32)).isEqualTo(32);
            db.assign("sip:carol@domain1.com", RegistrationState.REGISTERED, "sip:scscf1.domain1.com");

            db.put(new Subscription("carol@domain1.com", List.of("sip:carol@domain1.com"), CAROL_KEYS, null, "scenario"));

            assertThat(db.count()).isEqualTo(1);
            assertThat(db.sqn("carol@domain1.com")).isEqualTo(32);
            assertThat(db.assignment("sip:carol@domain1.com")).contains(
                    new HssDatabase.Assignment(RegistrationState.REGISTERED, "sip:scscf1.domain1.com"));
        }
    }

    @Test
    void assignmentCoversTheWholeImplicitRegistrationSet() {
        try (HssDatabase db = HssDatabase.open(HssDatabase.memoryUrl("t3"))) {
            db.put(alice());
            assertThat(db.assignment("tel:+15550001")).contains(new HssDatabase.Assignment(RegistrationState.NOT_REGISTERED, null));
            db.assign("sip:alice@domain1.com", RegistrationState.REGISTERED, "sip:scscf1.domain1.com");
            assertThat(db.assignment("tel:+15550001")).map(HssDatabase.Assignment::state).contains(RegistrationState.REGISTERED);
        }
    }

    @Test
    void removingAPrivateIdentityRemovesItsPublicIdentitiesAndShData() {
        try (HssDatabase db = HssDatabase.open(HssDatabase.memoryUrl("t4"))) {
            db.put(alice());
            db.putRepositoryData("sip:alice@domain1.com", "cfnr", 1, "<forward>sip:bob@domain2.com</forward>");
            assertThat(db.remove("alice@domain1.com")).isTrue();
            assertThat(db.remove("alice@domain1.com")).isFalse();
            assertThat(db.byImpu("sip:alice@domain1.com")).isEmpty();
            assertThat(db.repositoryData("sip:alice@domain1.com", "cfnr")).isEmpty();
        }
    }

    @Test
    void aFileDatabaseSurvivesARestartAndIsSharedWithAnotherConnection(@TempDir Path dir) {
        String url = HssDatabase.defaultUrl(dir, "domain1.com");
        try (HssDatabase running = HssDatabase.open(url)) {
            running.put(alice());
            try (HssDatabase cli = HssDatabase.open(url)) { // what `imsemu hss add` does while `up` runs
                cli.put(new Subscription("dave@domain1.com", List.of("sip:dave@domain1.com"),
                        new Credentials.DigestPassword("x"), null, "provisioned"));
            }
            assertThat(running.byImpi("dave@domain1.com")).isPresent();
        }
        try (HssDatabase restarted = HssDatabase.open(url)) {
            assertThat(restarted.count()).isEqualTo(2);
        }
    }

    @Test
    void tenThousandSubscribersInOneCall() {
        try (HssDatabase db = HssDatabase.open(HssDatabase.memoryUrl("t6"))) {
            List<Subscription> many = new ArrayList<>();
            for (int i = 1; i <= 10_000; i++) {
                many.add(new Subscription("user" + i + "@domain1.com", List.of("sip:user" + i + "@domain1.com"), CAROL_KEYS, null, "scenario"));
            }
            db.put(many);
            assertThat(db.count()).isEqualTo(10_000);
            assertThat(db.byImpu("sip:user9999@domain1.com")).isPresent();
        }
    }

    @Test
    void badCredentialsAndUnknownIdentitiesAreClearErrors() {
        assertThatThrownBy(() -> new Credentials.Aka("00", null, "cdc202d5123e20f62b6d676ac72cb318", "8000"))
                .hasMessageContaining("K must be 16 bytes");
        assertThatThrownBy(() -> new Credentials.Aka("465b5ce8b199b49faa5f0a2ee238a6bc", null, null, "8000"))
                .hasMessageContaining("exactly one of OP and OPc");
        try (HssDatabase db = HssDatabase.open(HssDatabase.memoryUrl("t7"))) {
            assertThatThrownBy(() -> db.nextSqn("nobody@x", 32)).isInstanceOf(HssStoreException.class).hasMessageContaining("nobody@x");
        }
        assertThatThrownBy(() -> HssDatabase.open("jdbc:nosuchdriver:x")).isInstanceOf(HssStoreException.class)
                .hasMessageContaining("jdbc:nosuchdriver:x");
    }
}
