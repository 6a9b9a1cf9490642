package org.imsemu.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.imsemu.sip.transport.TransportType;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The answering logic without sockets: Message in, Message out (and bytes in, bytes out). */
class QueryAnswererTest {
    private final QueryAnswerer answerer = new QueryAnswerer(TestZones.sample());
    private final WireResponder wire = new WireResponder(answerer);

    static Message query(String name, int type) {
        return Message.newQuery(Record.newRecord(DnsZones.name(name), type, DClass.IN));
    }

    private static List<String> names(Message m, int section, int type) {
        return m.getSection(section).stream().filter(r -> r.getType() == type).map(r -> r.getName().toString()).toList();
    }

    @Test
    void naptrAnswerCarriesSrvAndAddressesInAdditional() {
        Message r = answerer.answer(query("domain1.com", Type.NAPTR));
        assertThat(r.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(r.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(r.getHeader().getFlag(Flags.QR)).isTrue();
        assertThat(r.getSection(Section.ANSWER)).hasSize(2).allMatch(x -> x.getType() == Type.NAPTR);
        assertThat(names(r, Section.ADDITIONAL, Type.SRV)).containsExactly("_sip._udp.domain1.com.", "_sip._tcp.domain1.com.");
        assertThat(names(r, Section.ADDITIONAL, Type.A)).containsExactly("icscf1.domain1.com."); // once, though two SRVs lead there
    }

    @Test
    void srvAnswerCarriesTargetAddresses() {
        Message r = answerer.answer(query("_sip._udp.domain6.com", Type.SRV));
        assertThat(r.getSection(Section.ANSWER)).hasSize(1);
        assertThat(names(r, Section.ADDITIONAL, Type.A)).containsExactly("dual.domain6.com.");
        assertThat(names(r, Section.ADDITIONAL, Type.AAAA)).containsExactly("dual.domain6.com.");
    }

    @Test
    void exactMatchIsCaseInsensitiveAndEchoesIdQuestionAndRd() {
        Message q = query("ICSCF1.DOMAIN1.com", Type.A);
        Message r = answerer.answer(q);
        assertThat(r.getHeader().getID()).isEqualTo(q.getHeader().getID());
        assertThat(r.getHeader().getFlag(Flags.RD)).isTrue();
        assertThat(r.getHeader().getFlag(Flags.RA)).isFalse();
        assertThat(r.getQuestion()).isEqualTo(q.getQuestion());
        assertThat(r.getSection(Section.ANSWER)).singleElement()
                .satisfies(a -> assertThat(a.rdataToString()).isEqualTo("127.0.1.20"));
    }

    @Test
    void unknownNameIsNxdomainWithSoaInAuthority() {
        Message r = answerer.answer(query("nobody.domain1.com", Type.A));
        assertThat(r.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(r.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(r.getSection(Section.ANSWER)).isEmpty();
        assertThat(r.getSection(Section.AUTHORITY)).singleElement().isInstanceOfSatisfying(SOARecord.class, soa -> {
            assertThat(soa.getName()).isEqualTo(DnsZones.name("domain1.com"));
            assertThat(soa.getTTL()).isEqualTo(DnsZones.DEFAULT_NEGATIVE_TTL.toSeconds()); // min(TTL, MINIMUM)
        });
    }

    @Test
    void existingNameWithoutThatTypeIsNodata() {
        for (Message q : List.of(query("icscf1.domain1.com", Type.AAAA), query("_udp.domain1.com", Type.TXT),
                query("domain2.com", Type.NAPTR))) {
            Message r = answerer.answer(q);
            assertThat(r.getRcode()).as(q.getQuestion().toString()).isEqualTo(Rcode.NOERROR);
            assertThat(r.getSection(Section.ANSWER)).isEmpty();
            assertThat(r.getSection(Section.AUTHORITY)).singleElement().isInstanceOf(SOARecord.class);
        }
    }

    @Test
    void namesOutsideOurZonesAreRefusedWithoutAa() {
        Message r = answerer.answer(query("example.org", Type.A));
        assertThat(r.getRcode()).isEqualTo(Rcode.REFUSED);
        assertThat(r.getHeader().getFlag(Flags.AA)).isFalse();
        assertThat(answerer.answer(query("domain1.com", Type.AXFR)).getRcode()).isEqualTo(Rcode.REFUSED);
    }

    @Test
    void otherOpcodesAreNotImplementedAndQuestionlessQueriesAreFormatErrors() {
        Message update = query("domain1.com", Type.A);
        update.getHeader().setOpcode(Opcode.NOTIFY);
        assertThat(answerer.answer(update).getRcode()).isEqualTo(Rcode.NOTIMP);
        Message empty = new Message();
        assertThat(answerer.answer(empty).getRcode()).isEqualTo(Rcode.FORMERR);
    }

    @Test
    void ednsIsEchoedAndUnknownVersionsGetBadvers() {
        Message q = query("domain1.com", Type.NAPTR);
        q.addRecord(new OPTRecord(4096, 0, 0), Section.ADDITIONAL);
        assertThat(answerer.answer(q).getOPT()).isNotNull();
        Message v1 = query("domain1.com", Type.NAPTR);
        v1.addRecord(new OPTRecord(4096, 0, 1), Section.ADDITIONAL);
        assertThat(answerer.answer(v1).getRcode()).isEqualTo(Rcode.BADVERS);
    }

    @Test
    void wireDropsShortGarbageAndResponsesAndAnswersBrokenQueriesWithFormerr() throws Exception {
        assertThat(wire.respond(new byte[] {1, 2, 3}, true)).isEmpty();
        Message response = answerer.answer(query("domain1.com", Type.A));
        assertThat(wire.respond(response.toWire(), true)).isEmpty();

        byte[] full = query("icscf1.domain1.com", Type.A).toWire();
        byte[] truncated = Arrays.copyOf(full, full.length - 6); // cut inside the question
        Message formerr = new Message(wire.respond(truncated, true).orElseThrow());
        assertThat(formerr.getRcode()).isEqualTo(Rcode.FORMERR);
        assertThat(formerr.getHeader().getID()).isEqualTo(((full[0] & 0xff) << 8) | (full[1] & 0xff));
        assertThat(formerr.getHeader().getFlag(Flags.QR)).isTrue();
    }

    @Test
    void bigUdpAnswersAreTruncatedWithTcButWholeOverTcp() throws Exception {
        DnsZones big = bigZone(40);
        WireResponder w = new WireResponder(new QueryAnswerer(big));
        byte[] q = query("many.domain1.com", Type.A).toWire();
        byte[] udp = w.respond(q, true).orElseThrow();
        assertThat(udp.length).isLessThanOrEqualTo(WireResponder.UDP_LIMIT);
        Message cut = new Message(udp);
        assertThat(cut.getHeader().getFlag(Flags.TC)).isTrue();
        Message whole = new Message(w.respond(q, false).orElseThrow());
        assertThat(whole.getHeader().getFlag(Flags.TC)).isFalse();
        assertThat(whole.getSection(Section.ANSWER)).hasSize(40);
    }

    static DnsZones bigZone(int addresses) throws Exception {
        DnsZones.Builder b = DnsZones.builder().authoritativeFor("domain1.com")
                .addSipService("domain1.com", "icscf1.domain1.com", 5060, List.of(TransportType.UDP));
        for (int i = 0; i < addresses; i++) b.addHost("many.domain1.com", InetAddress.getByName("10.1.0." + (i + 1)));
        return b.build();
    }

    /** The sample zones plus 40 A records for many.domain1.com (an answer too big for 512 bytes). */
    static DnsZones sampleWithBigAnswer() throws Exception {
        return withBigAnswer(TestZones.sampleBuilder());
    }

    /**
     * Adds 40 A records for many.domain1.com (too big for 512 bytes) and 150 for huge.domain1.com (too
     * big for the 1232 bytes of EDNS).
     */
    static DnsZones withBigAnswer(DnsZones.Builder b) throws Exception {
        for (int i = 0; i < 40; i++) b.addHost("many.domain1.com", InetAddress.getByName("10.1.0." + (i + 1)));
        for (int i = 0; i < 150; i++) b.addHost("huge.domain1.com", InetAddress.getByName("10.2.0." + (i + 1)));
        return b.build();
    }

    @Test
    void soaQueryAtApexAnswersIt() {
        Message r = answerer.answer(query("domain2.com", Type.SOA));
        assertThat(r.getSection(Section.ANSWER)).singleElement().isInstanceOf(SOARecord.class);
        assertThat(r.getSection(Section.AUTHORITY)).isEmpty();
        assertThat(DnsZones.name("domain2.com")).isEqualTo(Name.fromConstantString("DOMAIN2.COM."));
    }
}
