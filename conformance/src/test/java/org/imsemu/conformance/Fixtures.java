package org.imsemu.conformance;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;

/** Correct synthetic captures of the built-in flows, built by parsing SIP text. */
final class Fixtures {
    static final List<String> CALL_PATH = List.of("UE#1", "P-CSCF#1", "S-CSCF#1", "I-CSCF#2", "S-CSCF#2", "P-CSCF#2", "UE#2");
    static final List<String> REG_PATH = List.of("UE#1", "P-CSCF#1", "I-CSCF#1", "S-CSCF#1");
    static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.1.20\r\ns=-\r\nc=IN IP4 127.0.1.20\r\nt=0 0\r\nm=audio 40000 RTP/AVP 0\r\n";
    private static final String RR_HOST = "127.0.1.%d:5060;lr";
    private static long time;

    private Fixtures() {
    }

    /** A request with the given extra header lines (each "Name: value") and optional SDP body. */
    static SipMessage request(String method, int cseq, String body, String... headers) {
        StringBuilder sb = new StringBuilder(method + " sip:bob@domain2.com SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.1.20:5060;branch=z9hG4bK" + method.toLowerCase() + cseq + "\r\n"
                + "Max-Forwards: 70\r\nFrom: <sip:alice@domain1.com>;tag=a1\r\nTo: <sip:bob@domain2.com>\r\n"
                + "Call-ID: c1@127.0.1.20\r\nCSeq: " + cseq + " " + (method.equals("ACK") ? "ACK" : method) + "\r\n");
        return finish(sb, body, headers);
    }

    static SipMessage response(int status, String reason, String method, int cseq, String body, String... headers) {
        StringBuilder sb = new StringBuilder("SIP/2.0 " + status + " " + reason + "\r\n"
                + "Via: SIP/2.0/UDP 127.0.1.20:5060;branch=z9hG4bK" + method.toLowerCase() + cseq + "\r\n"
                + "From: <sip:alice@domain1.com>;tag=a1\r\nTo: <sip:bob@domain2.com>" + (status > 100 ? ";tag=b1" : "") + "\r\n"
                + "Call-ID: c1@127.0.1.20\r\nCSeq: " + cseq + " " + method + "\r\n");
        return finish(sb, body, headers);
    }

    private static SipMessage finish(StringBuilder sb, String body, String... headers) {
        for (String h : headers) sb.append(h).append("\r\n");
        if (body != null) sb.append("Content-Type: application/sdp\r\n");
        String b = body == null ? "" : body;
        sb.append("Content-Length: ").append(b.getBytes(StandardCharsets.UTF_8).length).append("\r\n\r\n").append(b);
        return SipParser.parse(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    static ObservedMessage hop(String from, String to, SipMessage m) {
        return new ObservedMessage(from, to, m, time++);
    }

    static final String PATH = "Path: <sip:term@127.0.1.10:5060;lr>";
    static final String CHALLENGE = "WWW-Authenticate: Digest realm=\"domain1.com\", nonce=\"abc\", algorithm=MD5, qop=\"auth\"";
    static final String CREDENTIALS = "Authorization: Digest username=\"alice@domain1.com\", realm=\"domain1.com\", nonce=\"abc\", "
            + "uri=\"sip:domain1.com\", response=\"0123456789abcdef0123456789abcdef\", algorithm=MD5";
    static final String CONTACT = "Contact: <sip:alice@127.0.1.20:5060>;expires=600";
    static final String SERVICE_ROUTE = "Service-Route: <sip:orig@127.0.1.12:5060;lr>";

    /** Registration of alice, hop by hop, exactly as registration.xml expects. */
    static List<ObservedMessage> registration() {
        List<ObservedMessage> out = new ArrayList<>();
        String[] first = {CONTACT, "Expires: 600"};
        out.add(hop("UE#1", "P-CSCF#1", request("REGISTER", 1, null, first)));
        out.add(hop("P-CSCF#1", "I-CSCF#1", request("REGISTER", 1, null, CONTACT, PATH)));
        out.add(hop("I-CSCF#1", "S-CSCF#1", request("REGISTER", 1, null, CONTACT, PATH)));
        out.add(hop("S-CSCF#1", "I-CSCF#1", response(401, "Unauthorized", "REGISTER", 1, null, CHALLENGE)));
        out.add(hop("I-CSCF#1", "P-CSCF#1", response(401, "Unauthorized", "REGISTER", 1, null, CHALLENGE)));
        out.add(hop("P-CSCF#1", "UE#1", response(401, "Unauthorized", "REGISTER", 1, null, CHALLENGE)));
        out.add(hop("UE#1", "P-CSCF#1", request("REGISTER", 2, null, CONTACT, CREDENTIALS)));
        out.add(hop("P-CSCF#1", "I-CSCF#1", request("REGISTER", 2, null, CONTACT, CREDENTIALS, PATH)));
        out.add(hop("I-CSCF#1", "S-CSCF#1", request("REGISTER", 2, null, CONTACT, CREDENTIALS, PATH)));
        for (String[] h : List.of(new String[] {"S-CSCF#1", "I-CSCF#1"}, new String[] {"I-CSCF#1", "P-CSCF#1"}, new String[] {"P-CSCF#1", "UE#1"})) {
            out.add(hop(h[0], h[1], response(200, "OK", "REGISTER", 2, null, SERVICE_ROUTE, PATH, CONTACT)));
        }
        return out;
    }

    /** De-registration, with or without the Digest challenge round. */
    static List<ObservedMessage> deregistration(boolean challenged) {
        List<ObservedMessage> out = new ArrayList<>();
        String contact = "Contact: <sip:alice@127.0.1.20:5060>;expires=0";
        for (int i = 0; i < 3; i++) {
            out.add(hop(REG_PATH.get(i), REG_PATH.get(i + 1), request("REGISTER", 3, null, contact, i > 0 ? PATH : "Expires: 0")));
        }
        if (challenged) {
            for (int i = 3; i > 0; i--) out.add(hop(REG_PATH.get(i), REG_PATH.get(i - 1), response(401, "Unauthorized", "REGISTER", 3, null, CHALLENGE)));
            for (int i = 0; i < 3; i++) out.add(hop(REG_PATH.get(i), REG_PATH.get(i + 1), request("REGISTER", 4, null, contact, CREDENTIALS)));
        }
        for (int i = 3; i > 0; i--) out.add(hop(REG_PATH.get(i), REG_PATH.get(i - 1), response(200, "OK", "REGISTER", challenged ? 4 : 3, null)));
        return out;
    }

    /** The Record-Route lines a message carries after {@code n} CSCFs record-routed. */
    private static String[] recordRoutes(int n) {
        String[] rr = new String[n];
        for (int i = 0; i < n; i++) rr[i] = "Record-Route: <sip:" + String.format(RR_HOST, 10 + n - i) + ">";
        return rr;
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static void invite(List<ObservedMessage> out) {
        for (int i = 0; i < 6; i++) {
            String[] h = recordRoutes(i);
            if (i < 2) h = concat(h, "Route: <sip:127.0.1.12:5060;lr>");
            out.add(hop(CALL_PATH.get(i), CALL_PATH.get(i + 1), request("INVITE", 1, SDP, concat(h, "Contact: <sip:alice@127.0.1.20>"))));
        }
    }

    static void backwards(List<ObservedMessage> out, int status, String reason, String method, int cseq, String body, String... headers) {
        for (int i = 6; i > 0; i--) out.add(hop(CALL_PATH.get(i), CALL_PATH.get(i - 1), response(status, reason, method, cseq, body, headers)));
    }

    static void forwards(List<ObservedMessage> out, String method, int cseq) {
        for (int i = 0; i < 6; i++) out.add(hop(CALL_PATH.get(i), CALL_PATH.get(i + 1), request(method, cseq, null, "Route: <sip:127.0.1.10:5060;lr>")));
    }

    static List<ObservedMessage> call() {
        List<ObservedMessage> out = new ArrayList<>();
        invite(out);
        backwards(out, 180, "Ringing", "INVITE", 1, null, recordRoutes(5));
        backwards(out, 200, "OK", "INVITE", 1, SDP, concat(recordRoutes(5), "Contact: <sip:bob@127.0.2.20>"));
        forwards(out, "ACK", 1);
        forwards(out, "BYE", 2);
        backwards(out, 200, "OK", "BYE", 2, null);
        return out;
    }

    static List<ObservedMessage> cancelledCall() {
        List<ObservedMessage> out = new ArrayList<>();
        invite(out);
        backwards(out, 180, "Ringing", "INVITE", 1, null);
        for (int i = 0; i < 6; i++) {
            out.add(hop(CALL_PATH.get(i), CALL_PATH.get(i + 1), request("CANCEL", 1, null)));
            out.add(hop(CALL_PATH.get(i + 1), CALL_PATH.get(i), response(200, "OK", "CANCEL", 1, null))); // ignored
        }
        for (int i = 6; i > 0; i--) {
            out.add(hop(CALL_PATH.get(i), CALL_PATH.get(i - 1), response(487, "Request Terminated", "INVITE", 1, null)));
            out.add(hop(CALL_PATH.get(i - 1), CALL_PATH.get(i), request("ACK", 1, null))); // hop-by-hop, ignored
        }
        return out;
    }
}
