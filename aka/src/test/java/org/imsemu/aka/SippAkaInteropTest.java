package org.imsemu.aka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with the real SIPp 3.6.1 (package sip-tester; skipped when it is not installed): a minimal
 * in-test registrar challenges with an AKAv1-MD5 nonce from our VectorGenerator, using keys given to SIPp
 * as raw text. SIPp checks our MAC-A (it exits 255 on "MAC != eXpectedMAC") and its response must verify
 * with XRES as the password.
 */
class SippAkaInteropTest {
    private static final Path SIPP = Path.of("/usr/bin/sipp");

    @Test
    void sippAnswersOurChallengeAndItsResponseVerifiesWithXres(@TempDir Path dir) throws Exception {
        Result r = run(dir, "0123456789abcdef", "0123456789abcdef");
        assertThat(r.exit).as("sipp exit code").isZero();
        assertThat(r.responseMatched).isTrue();
    }

    @Test
    void sippWithAnotherKRejectsOurMac(@TempDir Path dir) throws Exception {
        Result r = run(dir, "0123456789abcdeX", "0123456789abcdef");
        assertThat(r.exit).as("sipp exit code").isEqualTo(255);
        assertThat(r.responseMatched).isFalse();
    }

    private record Result(int exit, boolean responseMatched) {
    }

    private Result run(Path dir, String hssKText, String sippKText) throws Exception {
        assumeTrue(Files.isExecutable(SIPP), "sipp (sip-tester) not installed");
        String opText = "fedcba9876543210";
        String amfText = "AB";
        AkaKeys keys = SippAkaText.keys(hssKText, opText);
        AuthenticationVector v = new VectorGenerator().generate(keys, SippAkaText.octets(amfText, 2, "AMF"), SequenceNumbers.next(0));
        String ip = "127.0." + ThreadLocalRandom.current().nextInt(100, 200) + "." + ThreadLocalRandom.current().nextInt(2, 250);
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(ip, 0))) {
            socket.setSoTimeout(250);
            Path scenario = dir.resolve("reg.xml");
            Files.writeString(scenario, scenario(sippKText, opText, amfText));
            Process sipp = new ProcessBuilder(SIPP.toString(), "-sf", scenario.toString(), "-i", ip, "-p", "0", "-m", "1",
                    "-nostdin", "-timeout", "20s", ip + ":" + socket.getLocalPort())
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("sipp.out").toFile()).start();
            boolean matched = false;
            try {
                for (int i = 0; i < 2; i++) {
                    DatagramPacket in = receive(socket, sipp);
                    if (in == null) break; // SIPp ended (after a MAC failure it sends no second REGISTER)
                    String req = new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8);
                    String response;
                    String auth = header(req, "Authorization");
                    if (auth == null) {
                        response = "401 Unauthorized\r\nWWW-Authenticate: Digest realm=\"domain1.com\", nonce=\"" + v.nonce()
                                + "\", algorithm=" + DigestAka.ALGORITHM + ", qop=\"auth\"";
                    } else {
                        matched = expected(auth, v.xres()).equals(param(auth, "response"));
                        response = matched ? "200 OK" : "403 Forbidden";
                    }
                    byte[] out = ("SIP/2.0 " + response + "\r\n" + copied(req) + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
                    socket.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
                }
                assertThat(sipp.waitFor(30, TimeUnit.SECONDS)).as("sipp finished").isTrue();
                return new Result(sipp.exitValue(), matched);
            } finally {
                sipp.destroyForcibly();
            }
        }
    }

    /** The next datagram, or null once SIPp has exited or 30 s have passed. */
    private static DatagramPacket receive(DatagramSocket socket, Process sipp) throws java.io.IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            DatagramPacket in = new DatagramPacket(new byte[4096], 4096);
            try {
                socket.receive(in);
                return in;
            } catch (java.net.SocketTimeoutException e) {
                if (!sipp.isAlive()) return null;
            }
        }
        return null;
    }

    private static String scenario(String k, String op, String amf) {
        String register = """
                REGISTER sip:domain1.com SIP/2.0
                Via: SIP/2.0/UDP [local_ip]:[local_port];branch=[branch]
                From: <sip:alice@domain1.com>;tag=[call_number]
                To: <sip:alice@domain1.com>
                Call-ID: [call_id]
                CSeq: %d REGISTER
                Contact: <sip:alice@[local_ip]:[local_port]>
                %sMax-Forwards: 70
                Content-Length: 0

                """;
        String auth = "[authentication username=alice@domain1.com aka_K=" + k + " aka_OP=" + op + " aka_AMF=" + amf + "]\n";
        return "<?xml version=\"1.0\" encoding=\"ISO-8859-1\" ?>\n<scenario name=\"aka register\">\n"
                + "<send retrans=\"500\"><![CDATA[\n" + register.formatted(1, "") + "]]></send>\n"
                + "<recv response=\"401\" auth=\"true\"/>\n"
                + "<send retrans=\"500\"><![CDATA[\n" + register.formatted(2, auth) + "]]></send>\n"
                + "<recv response=\"200\"/>\n</scenario>\n";
    }

    private static String copied(String req) {
        StringBuilder b = new StringBuilder();
        for (String line : req.split("\r\n")) {
            if (line.matches("(?i)(Via|From|To|Call-ID|CSeq):.*")) b.append(line).append("\r\n");
        }
        return b.toString();
    }

    private static String header(String req, String name) {
        for (String line : req.split("\r\n")) {
            if (line.regionMatches(true, 0, name + ":", 0, name.length() + 1)) return line.substring(name.length() + 1).strip();
        }
        return null;
    }

    private static String param(String h, String name) {
        Matcher m = Pattern.compile("(?:^|[ ,])" + name + "=\"?([^\",]*)\"?").matcher(h);
        return m.find() ? m.group(1) : null;
    }

    /** RFC 2617 qop=auth response with XRES as the password, as an S-CSCF checks it. */
    private static String expected(String h, byte[] xres) throws Exception {
        String ha1 = md5((param(h, "username") + ":" + param(h, "realm") + ":").getBytes(StandardCharsets.UTF_8), xres);
        String ha2 = md5(("REGISTER:" + param(h, "uri")).getBytes(StandardCharsets.UTF_8));
        return md5((ha1 + ":" + param(h, "nonce") + ":" + param(h, "nc") + ":" + param(h, "cnonce") + ":" + param(h, "qop") + ":" + ha2)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String md5(byte[]... parts) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        for (byte[] p : parts) md.update(p);
        return Hex.encode(md.digest());
    }
}
