package org.imsemu.diameter.dictionary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.imsemu.diameter.Avp;
import org.imsemu.diameter.AvpDefinition;
import org.imsemu.diameter.DiameterMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our encoding, as Wireshark's dissector (tshark) reads it: commands, AVP names and codes. */
class TsharkDecodeTest {
    @TempDir
    Path dir;

    private String tshark(List<DiameterMessage> messages) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/tshark")), "tshark not installed");
        Path pcap = dir.resolve("d.pcap");
        List<byte[]> payloads = new ArrayList<>();
        for (DiameterMessage m : messages) payloads.add(m.encode());
        Files.write(pcap, Pcap.tcpToPort3868(payloads));
        Process p = new ProcessBuilder("tshark", "-n", "-P", "-r", pcap.toString(), "-O", "diameter")
                .redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    @Test
    void tsharkDecodesOurCerAndACxMar() throws Exception {
        DiameterMessage cer = Commands.CAPABILITIES_EXCHANGE.request().hopByHop(1).endToEnd(1).add(
                BaseAvps.ORIGIN_HOST.of("scscf.domain1.com"), BaseAvps.ORIGIN_REALM.of("domain1.com"),
                BaseAvps.HOST_IP_ADDRESS.of(InetAddress.getByName("127.0.95.1")), BaseAvps.VENDOR_ID.of(0),
                BaseAvps.PRODUCT_NAME.of("imsemu"), BaseAvps.VENDOR_SPECIFIC_APPLICATION_ID.of(BaseAvps.VENDOR_ID.of(10415),
                        BaseAvps.AUTH_APPLICATION_ID.of(Applications.CX))).build();
        DiameterMessage mar = Commands.MULTIMEDIA_AUTH.request().hopByHop(2).endToEnd(2).add(
                BaseAvps.SESSION_ID.of("scscf.domain1.com;1;1"),
                BaseAvps.VENDOR_SPECIFIC_APPLICATION_ID.of(BaseAvps.VENDOR_ID.of(10415), BaseAvps.AUTH_APPLICATION_ID.of(Applications.CX)),
                BaseAvps.AUTH_SESSION_STATE.of(BaseAvps.NO_STATE_MAINTAINED),
                BaseAvps.ORIGIN_HOST.of("scscf.domain1.com"), BaseAvps.ORIGIN_REALM.of("domain1.com"),
                BaseAvps.DESTINATION_REALM.of("domain1.com"), BaseAvps.USER_NAME.of("alice@domain1.com"),
                CxAvps.PUBLIC_IDENTITY.of("sip:alice@domain1.com"), CxAvps.SIP_NUMBER_AUTH_ITEMS.of(1),
                CxAvps.SIP_AUTH_DATA_ITEM.of(CxAvps.SIP_AUTHENTICATION_SCHEME.of(CxValues.SCHEME_AKAV1_MD5)),
                CxAvps.SERVER_NAME.of("sip:scscf.domain1.com:5060")).build();
        String out = tshark(List.of(cer, mar));
        assertThat(out).contains("Capabilities-Exchange Request", "Multimedia-Auth Request(303)", "Command Code: Multimedia-Auth (303)", "3GPP Cx",
                "Origin-Host", "scscf.domain1.com", "Host-IP-Address", "127.0.95.1", "Vendor-Specific-Application-Id",
                "Public-Identity", "sip:alice@domain1.com", "Server-Name", "Auth-Session-State", "Digest-AKAv1-MD5");
        assertThat(out).doesNotContain("Malformed", "Unknown AVP");
    }

    /** Where Wireshark's dictionary names an AVP otherwise than the 3GPP/IETF spec we follow. */
    private static final Map<String, String> WIRESHARK_NAMES = Map.of(
            "Acct-Multi-Session-Id", "Accounting-Multi-Session-Id",
            "User-Data", "Cx-User-Data",
            "Wildcarded-Public-Identity", "Wildcarded-PSI");

    private static Avp sample(AvpDefinition d) throws IOException {
        return switch (d.type()) {
            case GROUPED -> d.of(List.of());
            case ADDRESS -> d.of(InetAddress.getByName("127.0.0.1"));
            case TIME -> d.of(Instant.parse("2024-01-01T00:00:00Z"));
            case FLOAT32 -> d.of(1.0f);
            case FLOAT64 -> d.of(1.0);
            case OCTET_STRING -> d.of("x".getBytes(StandardCharsets.US_ASCII));
            default -> d.type().isText() ? d.of("x") : d.of(1L);
        };
    }

    @Test
    void everyDictionaryAvpHasTsharksCodeAndName() throws Exception {
        List<AvpDefinition> all = Dictionary.standard().avps();
        List<DiameterMessage> messages = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 40) {
            DiameterMessage.Builder b = DiameterMessage.request(300, Applications.CX).hopByHop(i).endToEnd(i);
            for (AvpDefinition d : all.subList(i, Math.min(all.size(), i + 40))) b.add(sample(d));
            messages.add(b.build());
        }
        String out = tshark(messages);
        Pattern line = Pattern.compile("AVP: (\\S+)\\((\\d+)\\) l=\\d+ f=[-VMP]+(?: vnd=(\\S+))?");
        Map<String, String> seen = new HashMap<>(); // "code/vendor" -> name
        Matcher m = line.matcher(out);
        while (m.find()) seen.put(m.group(2) + "/" + (m.group(3) == null ? "" : m.group(3)), m.group(1));
        List<String> mismatches = new ArrayList<>();
        int checked = 0;
        for (AvpDefinition d : all) {
            String vnd = d.vendorId() == 0 ? "" : d.vendorId() == Vendors.TGPP ? "TGPP" : d.vendorId() == Vendors.ETSI ? "ETSI" : "?";
            String name = seen.get(d.code() + "/" + vnd);
            if (name == null) {
                mismatches.add(d + " not dissected");
                continue;
            }
            if (name.startsWith("Unknown")) continue; // newer than Wireshark's dictionary (e.g. Media-Component-Status)
            checked++;
            boolean same = name.equalsIgnoreCase(d.name()) || name.equalsIgnoreCase("3GPP-" + d.name())
                    || name.equals(WIRESHARK_NAMES.get(d.name())) || name.equals("Sh-" + d.name()) || d.name().equals("Sh-User-Data") && name.equals("Sh-User-Data");
            if (!same) mismatches.add(d + " is " + name + " in tshark");
        }
        assertThat(mismatches).isEmpty();
        assertThat(checked).isGreaterThan(all.size() - 5);
    }
}
