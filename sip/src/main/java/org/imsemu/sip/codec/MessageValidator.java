package org.imsemu.sip.codec;

import org.imsemu.sip.header.CSeq;
import org.imsemu.sip.header.Via;
import org.imsemu.sip.message.HeaderField;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;

/**
 * The checks a received message must pass before any layer acts on it (RFC 3261 sections 8.2, 16.3,
 * 18.3 and the RFC 4475 torture cases): mandatory headers present and well-formed, scalars in range,
 * CSeq method matching the request method. Headers that are not needed to process a message (Date,
 * Subject, unknown extensions) are left alone, as RFC 4475 asks.
 */
public final class MessageValidator {

    /** What to do with an invalid message: answer with {@code status} (requests only) or drop it. */
    public record Problem(int status, String reason) {
    }

    /** Methods of RFC 3261 and the extensions the IMS uses (3262, 3265, 3311, 3428, 3515, 3903, 6086). */
    public static final java.util.Set<String> STANDARD_METHODS = java.util.Set.of("INVITE", "ACK", "BYE", "CANCEL", "OPTIONS",
            "REGISTER", "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE");

    private MessageValidator() {
    }

    /** Null when the message is acceptable, otherwise the problem. */
    public static Problem check(SipMessage msg) {
        try {
            if (msg instanceof SipRequest req) return checkRequest(req);
            return checkResponse((SipResponse) msg);
        } catch (SipParseException e) {
            return new Problem(400, e.getMessage());
        }
    }

    private static Problem checkRequest(SipRequest req) {
        Problem common = checkCommon(req);
        if (common != null) return common;
        // The version string is case-insensitive (RFC 3261 section 7.1).
        if (!req.version().equalsIgnoreCase(SipMessage.VERSION)) return new Problem(505, "Version Not Supported");
        Uri uri = req.requestUri();
        if (uri instanceof SipUri s && s.headers() != null) return new Problem(400, "Bad Request-URI: headers not allowed");
        CSeq cseq = req.cseq();
        if (!cseq.method().equals(req.method())) {
            // RFC 4475 3.1.2.18: for a method we do not know at all, 501 says more than 400.
            if (!STANDARD_METHODS.contains(req.method())) return new Problem(501, "Not Implemented");
            return new Problem(400, "CSeq method does not match request method");
        }
        if (req.hasHeader(HeaderNames.MAX_FORWARDS)) req.maxForwards();
        return null;
    }

    private static Problem checkResponse(SipResponse resp) {
        Problem common = checkCommon(resp);
        if (common != null) return common;
        if (!resp.version().equalsIgnoreCase(SipMessage.VERSION)) return new Problem(400, "Version Not Supported");
        return null;
    }

    private static Problem checkCommon(SipMessage msg) {
        for (String h : new String[] {HeaderNames.VIA, HeaderNames.FROM, HeaderNames.TO, HeaderNames.CALL_ID, HeaderNames.CSEQ}) {
            if (!msg.hasHeader(h)) return new Problem(400, "Missing " + h + " header");
        }
        for (Via via : msg.vias()) {
            if (via.port() == 0) return new Problem(400, "Bad Via: port 0");
        }
        msg.from();
        msg.to();
        msg.cseq();
        String callId = msg.callId();
        if (!isPrintableWord(callId)) return new Problem(400, "Bad Call-ID");
        if (hasDuplicateSingleton(msg)) return new Problem(400, "Duplicate singleton header");
        if (msg.hasHeader(HeaderNames.EXPIRES)) msg.expires();
        if (msg.hasHeader(HeaderNames.CONTACT)) {
            if (!msg.isWildcardContact()) {
                msg.contacts().forEach(c -> {
                    String exp = c.parameter("expires");
                    if (exp != null) checkUnsigned(exp, "Contact expires", 0xFFFFFFFFL);
                });
            }
        }
        for (String h : new String[] {HeaderNames.ROUTE, HeaderNames.RECORD_ROUTE}) {
            if (msg.hasHeader(h)) msg.nameAddresses(h);
        }
        for (HeaderField f : msg.headerFields()) {
            if (f.key().equals("content-length")) checkUnsigned(f.value(), "Content-Length", Integer.MAX_VALUE);
        }
        return null;
    }

    /** More than one Call-ID, CSeq, From or To field; one pass, no lists (every message comes here). */
    private static boolean hasDuplicateSingleton(SipMessage msg) {
        int callId = 0, cseq = 0, from = 0, to = 0;
        for (HeaderField f : msg.headerFields()) {
            switch (f.key()) {
                case "call-id" -> callId++;
                case "cseq" -> cseq++;
                case "from" -> from++;
                case "to" -> to++;
                default -> {
                }
            }
        }
        return callId > 1 || cseq > 1 || from > 1 || to > 1;
    }

    private static boolean isPrintableWord(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c > 126) return false;
        }
        return true;
    }

    private static void checkUnsigned(String v, String what, long max) {
        if (v.length() > 10 || !Chars.isDigits(v) || Long.parseLong(v) > max) {
            throw new SipParseException("Bad " + what + ": '" + (v.length() > 20 ? v.substring(0, 17) + "..." : v) + "'");
        }
    }
}
