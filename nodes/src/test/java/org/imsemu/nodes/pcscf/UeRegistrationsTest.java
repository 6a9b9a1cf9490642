package org.imsemu.nodes.pcscf;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.uri.Uri;
import org.junit.jupiter.api.Test;

/** The P-CSCF's registrations: found by identity, by contact and by address, also with thousands per address. */
class UeRegistrationsTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final UeRegistrations regs = new UeRegistrations(now::get);
    private static final InetSocketAddress SIPP = new InetSocketAddress("127.0.1.200", 5060);
    private static final List<NameAddress> ROUTE = List.of(NameAddress.parse("<sip:orig@scscf1.domain1.com;lr>", "Service-Route"));

    private static NameAddress uri(String s) {
        return NameAddress.parse("<" + s + ">", "Contact");
    }

    private void register(InetSocketAddress ue, String user, long expires, String... implicit) {
        List<NameAddress> impus = new java.util.ArrayList<>(List.of(uri("sip:" + user + "@domain1.com")));
        for (String i : implicit) impus.add(uri(i));
        regs.store(ue, uri("sip:" + user + "@" + ue.getHostString() + ":" + ue.getPort()), impus, ROUTE, expires, null);
    }

    @Test
    void manyUsersBehindOneAddressAreEachFoundByIdentityAndContact() {
        for (int i = 1; i <= 5000; i++) register(SIPP, "user" + i, 3600);
        assertThat(regs.size()).isEqualTo(5000);
        assertThat(regs.find(SIPP, "sip:USER42@domain1.com").defaultImpu().uri()).hasToString("sip:user42@domain1.com");
        // a claim of no registered identity: the address's first registration asserts its default identity
        assertThat(regs.find(SIPP, "sip:boss@domain1.com").defaultImpu().uri()).hasToString("sip:user1@domain1.com");
        assertThat(regs.findByContact(Uri.parse("sip:user4999@127.0.1.200:5060")).defaultImpu().uri())
                .hasToString("sip:user4999@domain1.com");
        assertThat(regs.findByContact(Uri.parse("sip:user5001@127.0.1.200:5060"))).isNull();
        assertThat(regs.find(new InetSocketAddress("127.0.1.201", 5060), "sip:user42@domain1.com")).isNull();
    }

    @Test
    void theImplicitSetIsClaimableAndDeRegistrationRemovesEveryTrace() {
        register(SIPP, "alice", 3600, "sip:alice.work@domain1.com", "tel:+15551234");
        assertThat(regs.find(SIPP, "sip:alice.work@domain1.com").defaultImpu().uri()).hasToString("sip:alice@domain1.com");
        assertThat(regs.knowsAddress(SIPP.getAddress())).isTrue();
        register(SIPP, "alice", 0);
        assertThat(regs.size()).isZero();
        assertThat(regs.find(SIPP, "sip:alice.work@domain1.com")).isNull();
        assertThat(regs.findByContact(Uri.parse("sip:alice@127.0.1.200:5060"))).isNull();
        assertThat(regs.knowsAddress(SIPP.getAddress())).isFalse();
    }

    @Test
    void aReRegistrationReplacesTheOldOneAndExpiryEndsIt() {
        register(SIPP, "bob", 10);
        register(SIPP, "bob", 20);
        assertThat(regs.size()).isEqualTo(1);
        now.addAndGet(15_000);
        assertThat(regs.find(SIPP, "sip:bob@domain1.com")).isNotNull();
        now.addAndGet(10_000);
        assertThat(regs.find(SIPP, "sip:bob@domain1.com")).isNull();
        assertThat(regs.size()).isZero();
        assertThat(regs.knowsAddress(SIPP.getAddress())).isFalse();
    }

    @Test
    void overTcpAnotherPortOfTheSameIpFindsTheClaimedIdentity() {
        register(SIPP, "carol", 3600);
        assertThat(regs.find(new InetSocketAddress("127.0.1.200", 40123), "sip:carol@domain1.com")).isNotNull();
        assertThat(regs.find(new InetSocketAddress("127.0.1.200", 40123), "sip:dave@domain1.com")).isNull();
    }

    @Test
    void aTerminatedContactIsDroppedOnlyForTheIdentityNamed() {
        register(SIPP, "dave", 3600);
        register(SIPP, "erin", 3600);
        assertThat(regs.dropContact("sip:erin@domain1.com", "sip:dave@127.0.1.200:5060")).isZero();
        assertThat(regs.dropContact("sip:dave@domain1.com", "sip:dave@127.0.1.200:5060")).isEqualTo(1);
        assertThat(regs.find(SIPP, "sip:dave@domain1.com").defaultImpu().uri()).hasToString("sip:erin@domain1.com");
        assertThat(regs.size()).isEqualTo(1);
    }
}
