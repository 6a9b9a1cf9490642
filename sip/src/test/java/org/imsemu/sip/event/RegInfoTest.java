package org.imsemu.sip.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.imsemu.sip.event.RegInfo.Contact;
import org.imsemu.sip.event.RegInfo.ContactEvent;
import org.imsemu.sip.event.RegInfo.ContactState;
import org.imsemu.sip.event.RegInfo.DocumentState;
import org.imsemu.sip.event.RegInfo.Registration;
import org.imsemu.sip.event.RegInfo.RegistrationState;
import org.junit.jupiter.api.Test;

class RegInfoTest {

    @Test
    void parsesTheRfc3680Example() {
        String xml = """
                <?xml version="1.0"?>
                <reginfo xmlns="urn:ietf:params:xml:ns:reginfo"
                         xmlns:ext="urn:example:ext"
                         version="1" state="partial">
                  <registration aor="sip:joe@example.com" id="a7" state="active">
                    <contact id="76" state="active" event="registered" expires="3600" q="0.8"
                             callid="hh@pc" cseq="3" duration-registered="0">
                      <uri>sip:joe@pc887.example.com</uri>
                      <ext:unknown/>
                    </contact>
                    <contact id="77" state="terminated" event="deactivated">
                      <uri>sip:joe@other.example.com</uri>
                    </contact>
                  </registration>
                </reginfo>
                """;
        RegInfo info = RegInfo.parse(xml);
        assertThat(info.version()).isEqualTo(1);
        assertThat(info.state()).isEqualTo(DocumentState.PARTIAL);
        Registration r = info.registration("sip:joe@example.com");
        assertThat(r.state()).isEqualTo(RegistrationState.ACTIVE);
        assertThat(r.contacts()).containsExactly(
                new Contact("76", ContactState.ACTIVE, ContactEvent.REGISTERED, "sip:joe@pc887.example.com", 3600, "0.8", "hh@pc", 3),
                Contact.of("77", ContactState.TERMINATED, ContactEvent.DEACTIVATED, "sip:joe@other.example.com"));
        assertThat(r.contacts().get(1).event().terminates()).isTrue();
        assertThat(ContactEvent.REFRESHED.terminates()).isFalse();
    }

    @Test
    void formatsWhatItParses() {
        RegInfo info = new RegInfo(4, DocumentState.FULL, List.of(
                new Registration("sip:alice@domain1.com", "r1", RegistrationState.TERMINATED, List.of(
                        Contact.of("c1", ContactState.TERMINATED, ContactEvent.REJECTED, "sip:alice@127.0.0.1:5060;a=\"<&>\"").withExpires(0))),
                new Registration("tel:+4912345", "r2", RegistrationState.INIT, List.of())));
        String xml = info.format();
        assertThat(xml).contains("xmlns=\"urn:ietf:params:xml:ns:reginfo\"", "version=\"4\"", "state=\"full\"",
                "event=\"rejected\"", "&lt;&amp;&gt;");
        assertThat(RegInfo.parse(info.toBytes())).isEqualTo(info);
    }

    @Test
    void refusesWhatIsNotReginfo() {
        assertThatThrownBy(() -> RegInfo.parse("<reginfo version=\"1\" state=\"full\"/>")).hasMessageContaining("not a reginfo");
        assertThatThrownBy(() -> RegInfo.parse("<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\"1\" state=\"odd\"/>"))
                .hasMessageContaining("unknown reginfo state");
        assertThatThrownBy(() -> RegInfo.parse("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x \"y\">]>"
                + "<reginfo xmlns=\"urn:ietf:params:xml:ns:reginfo\" version=\"1\" state=\"full\"/>"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegInfo.parse("<reginfo")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The parser is kept per thread: a broken document before a good one, and documents from many threads. */
    @Test
    void parsesAgainAfterABrokenDocumentAndOnEveryThread() throws Exception {
        byte[] good = new RegInfo(2, DocumentState.FULL, List.of()).toBytes();
        assertThatThrownBy(() -> RegInfo.parse("<reginfo")).isInstanceOf(IllegalArgumentException.class);
        assertThat(RegInfo.parse(good).version()).isEqualTo(2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Long>> versions = new java.util.ArrayList<>();
            for (int i = 0; i < 200; i++) {
                byte[] doc = new RegInfo(i, DocumentState.FULL, List.of()).toBytes();
                versions.add(pool.submit(() -> RegInfo.parse(doc).version()));
            }
            for (int i = 0; i < 200; i++) assertThat(versions.get(i).get()).isEqualTo(i);
        } finally {
            pool.shutdownNow();
        }
    }
}
