package org.imsemu.capture;

import java.util.List;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;

/** Short names for captured messages, as arrows in a ladder show them. */
public final class MessageLabels {
    private MessageLabels() {
    }

    /** The preferred label of an event: "INVITE", "180 Ringing", "200 OK (INVITE)", or the protocol name. */
    public static String of(CaptureEvent e) {
        return choices(e).get(0);
    }

    /**
     * Labels from the most to the least informative, for a renderer to take the first that fits: a final
     * response names its request method (from CSeq), since a 200 alone could answer INVITE, BYE or REGISTER.
     */
    public static List<String> choices(CaptureEvent e) {
        if (e.protocol() != Protocol.SIP) return List.of(e.protocol().name());
        return sip(e.bytes());
    }

    /** As {@link #choices} for SIP bytes; unparseable bytes are "malformed SIP". */
    public static List<String> sip(byte[] bytes) {
        SipMessage m;
        try {
            m = SipParser.parse(bytes);
        } catch (RuntimeException e) { // MalformedMessageException and friends: the ladder still draws it
            return List.of("malformed SIP");
        }
        return sip(m);
    }

    public static List<String> sip(SipMessage m) {
        if (m instanceof SipRequest r) return List.of(r.method());
        SipResponse r = (SipResponse) m;
        String statusReason = (r.status() + " " + r.reason()).strip();
        String method = cseqMethod(r);
        if (r.isProvisional() || method == null) return List.of(statusReason);
        return List.of(statusReason + " (" + method + ")", r.status() + " (" + method + ")", statusReason);
    }

    private static String cseqMethod(SipResponse r) {
        try {
            return r.cseq() == null ? null : r.cseq().method();
        } catch (RuntimeException e) {
            return null; // an unreadable CSeq does not stop the label
        }
    }
}
