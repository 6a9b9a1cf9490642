package org.imsemu.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Subscriber lookups, ranges that are never expanded, and AKA key checks. */
class SubscribersTest {
    private static final SubscriberRange USERS = new SubscriberRange("domain1.com", "user", 1, 1000, Optional.of("secret"), Optional.empty());

    @Test
    void rangeLookupsFromTheDefaultScenario() {
        Subscribers subs = ScenarioLoader.loadDefault().domain("domain1.com").orElseThrow().subscribers();
        assertThat(subs.byImpi("user1@domain1.com")).hasValueSatisfying(s -> {
            assertThat(s.impu()).isEqualTo("sip:user1@domain1.com");
            assertThat(s.password()).contains("secret");
        });
        assertThat(subs.byImpu("sip:user1000@domain1.com")).hasValueSatisfying(s -> assertThat(s.impi()).isEqualTo("user1000@domain1.com"));
        assertThat(subs.byImpi("user0@domain1.com")).isEmpty();
        assertThat(subs.byImpi("user1001@domain1.com")).isEmpty();
        assertThat(subs.byImpu("sip:user0@domain1.com")).isEmpty();
        assertThat(subs.byImpu("sip:user1001@domain1.com")).isEmpty();
        assertThat(subs.byImpi("user1@domain2.com")).isEmpty();
    }

    @Test
    void numbersAreWrittenWithoutLeadingZeros() {
        assertThat(USERS.byImpi("user01@domain1.com")).isEmpty();
        assertThat(USERS.byImpi("user@domain1.com")).isEmpty();
        assertThat(USERS.byImpi("user1x@domain1.com")).isEmpty();
        assertThat(USERS.byImpi("User1@domain1.com")).isEmpty();
        assertThat(USERS.byImpi("user99999999999@domain1.com")).isEmpty();
    }

    @Test
    void hostAndRealmAreCaseInsensitiveUserIsNot() {
        assertThat(USERS.byImpu("SIP:user7@DOMAIN1.COM")).isPresent();
        assertThat(USERS.byImpu("sip:user7@domain1.com;transport=udp")).isPresent();
        assertThat(USERS.byImpi("user7@Domain1.Com")).isPresent();
        Subscribers subs = new Subscribers(List.of(new Subscriber("sip:alice@domain1.com", "alice@domain1.com", Optional.of("p"), Optional.empty())),
                List.of(USERS));
        assertThat(subs.byImpu("sip:alice@Domain1.COM")).isPresent();
        assertThat(subs.byImpu("sips:alice@domain1.com")).isPresent();
        assertThat(subs.byImpu("sip:Alice@domain1.com")).isEmpty();
        assertThat(subs.byImpu("tel:+1555")).isEmpty();
        assertThat(subs.byImpu("alice@domain1.com")).isEmpty();
    }

    @Test
    void sizeAndIterationWithoutExpandingUpFront() {
        SubscriberRange big = new SubscriberRange("d.test", "u", 0, 999_999_999, Optional.of("x"), Optional.empty());
        Subscribers subs = new Subscribers(List.of(new Subscriber("sip:a@d.test", "a@d.test", Optional.of("p"), Optional.empty())), List.of(big));
        assertThat(subs.size()).isEqualTo(1_000_000_001L);
        assertThat(subs.byImpi("u999999999@d.test")).isPresent();
        assertThat(subs.stream().limit(3).map(Subscriber::impi)).containsExactly("a@d.test", "u0@d.test", "u1@d.test");

        Subscribers small = new Subscribers(List.of(), List.of(new SubscriberRange("d.test", "u", 8, 10, Optional.of("x"), Optional.empty()),
                new SubscriberRange("d.test", "v", 1, 1, Optional.of("x"), Optional.empty())));
        assertThat(small).extracting(Subscriber::impu).containsExactly("sip:u8@d.test", "sip:u9@d.test", "sip:u10@d.test", "sip:v1@d.test");
        assertThat(Subscribers.none()).isEmpty();
    }

    @Test
    void rangeOverlaps() {
        SubscriberRange a = new SubscriberRange("d.test", "user", 1, 100, Optional.of("x"), Optional.empty());
        assertThat(a.overlaps(range("user", 100, 200))).isTrue();
        assertThat(a.overlaps(range("user", 101, 200))).isFalse();
        assertThat(a.overlaps(range("user1", 0, 0))).isTrue();   // user10
        assertThat(a.overlaps(range("user1", 1, 9))).isTrue();   // user11..user19
        assertThat(a.overlaps(range("user2", 0, 9))).isTrue();   // user20..user29
        assertThat(a.overlaps(range("user9", 10, 99))).isFalse(); // user910..user999
        assertThat(a.overlaps(range("user0", 1, 9))).isFalse();  // user01: not a canonical number
        assertThat(a.overlaps(range("user10", 1, 9))).isFalse(); // user101..user109
        assertThat(a.overlaps(range("usr", 1, 100))).isFalse();
        assertThat(a.overlaps(new SubscriberRange("e.test", "user", 1, 100, Optional.of("x"), Optional.empty()))).isFalse();
        assertThat(range("user1", 0, 0).overlaps(a)).isTrue();
    }

    private static SubscriberRange range(String prefix, int from, int to) {
        return new SubscriberRange("d.test", prefix, from, to, Optional.of("x"), Optional.empty());
    }

    @Test
    void akaKeysAreCheckedHex() {
        AkaKeys keys = new AkaKeys("465B5CE8B199B49FAA5F0A2EE238A6BC", Optional.of("cdc202d5123e20f62b6d676ac72cb318"), Optional.empty(), "B9B9");
        assertThat(keys.k()).isEqualTo("465b5ce8b199b49faa5f0a2ee238a6bc");
        assertThat(keys.kBytes()).hasSize(16).startsWith((byte) 0x46, (byte) 0x5b);
        assertThat(keys.amfBytes()).containsExactly((byte) 0xb9, (byte) 0xb9);
        assertThat(keys.opBytes()).hasValueSatisfying(op -> assertThat(op).hasSize(16));
        assertThatThrownBy(() -> new AkaKeys("465b5c", Optional.of("cdc202d5123e20f62b6d676ac72cb318"), Optional.empty(), "8000"))
                .hasMessage("K must be 32 hex digits (128 bits)");
        assertThatThrownBy(() -> new AkaKeys("465b5ce8b199b49faa5f0a2ee238a6bc", Optional.of("cdc202d5123e20f62b6d676ac72cb318"), Optional.empty(), "80000"))
                .hasMessage("AMF must be 4 hex digits (16 bits)");
        assertThatThrownBy(() -> new AkaKeys("465b5ce8b199b49faa5f0a2ee238a6bc", Optional.empty(), Optional.empty(), "8000"))
                .hasMessageContaining("either OP or OPc");
    }
}
