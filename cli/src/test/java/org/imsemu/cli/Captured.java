package org.imsemu.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.imsemu.capture.CaptureBus;
import org.imsemu.capture.CaptureEvent;
import org.imsemu.capture.Protocol;
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.dictionary.Dictionary;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;

/**
 * Questions to the capture bus about what crossed the network, each message once: a message between
 * two nodes of the network is captured by both (sent and received), and UDP retransmissions repeat.
 */
record Captured(CaptureBus bus, List<CaptureEvent> events) {

    static Captured since(CaptureBus bus, long mark) {
        return new Captured(bus, bus.since(mark));
    }

    /** "sender -> receiver" of each SIP request matching {@code which}, in order, each hop once. */
    List<String> hops(Predicate<SipRequest> which) {
        Set<String> out = new LinkedHashSet<>();
        for (CaptureEvent e : events) {
            if (sip(e) instanceof SipRequest r && which.test(r)) out.add(from(e) + " -> " + to(e));
        }
        return new ArrayList<>(out);
    }

    /** Final statuses of {@code method} responses sent to {@code receiver}, in order, retransmissions once. */
    List<Integer> statusesTo(String receiver, String method) {
        Set<String> seen = new LinkedHashSet<>();
        List<Integer> out = new ArrayList<>();
        for (CaptureEvent e : events) {
            if (sip(e) instanceof SipResponse r && r.status() >= 200 && r.cseq().method().equals(method)
                    && to(e).equals(receiver) && seen.add(r.cseq().number() + " " + r.status())) {
                out.add(r.status());
            }
        }
        return out;
    }

    /** Every SIP response with {@code status} from {@code sender} to {@code receiver}. */
    List<SipResponse> responses(int status, String sender, String receiver) {
        List<SipResponse> out = new ArrayList<>();
        for (CaptureEvent e : events) {
            if (sip(e) instanceof SipResponse r && r.status() == status && from(e).equals(sender) && to(e).equals(receiver)) out.add(r);
        }
        return out;
    }

    /** Every SIP request from {@code sender} with this method. */
    List<SipRequest> requests(String method, String sender) {
        List<SipRequest> out = new ArrayList<>();
        for (CaptureEvent e : events) {
            if (sip(e) instanceof SipRequest r && r.isMethod(method) && from(e).equals(sender)) out.add(r);
        }
        return out;
    }

    /** The node that first sent a SIP response with {@code status}: the one that refused. */
    String firstSenderOf(int status) {
        for (CaptureEvent e : events) {
            if (sip(e) instanceof SipResponse r && r.status() == status) return from(e);
        }
        return null;
    }

    /**
     * Diameter messages to or from {@code node}, as "sender -> receiver LABEL" with labels
     * like "CER", "CEA 2001", "MAA 2001"; each message once, in order.
     */
    List<String> diameter(String node) {
        Set<String> out = new LinkedHashSet<>();
        for (CaptureEvent e : events) {
            if (e.protocol() != Protocol.DIAMETER || !(from(e).equals(node) || to(e).equals(node))) continue;
            out.add(from(e) + " -> " + to(e) + " " + label(e.bytes()) + " #" + hopByHop(e.bytes()));
        }
        List<String> labels = new ArrayList<>();
        for (String s : out) labels.add(s.substring(0, s.lastIndexOf(" #")));
        return labels;
    }

    /** "CER", "CEA 2001", "UAA 2001"... or "undecodable" for bytes that are no Diameter message. */
    static String label(byte[] bytes) {
        try {
            DiameterMessage m = DiameterMessage.decode(bytes);
            return Dictionary.standard().abbreviation(m) + m.resultCode().map(rc -> " " + rc).orElse("");
        } catch (RuntimeException e) {
            return "undecodable";
        }
    }

    private static String hopByHop(byte[] bytes) {
        return bytes.length >= 16 ? Integer.toHexString(((bytes[12] & 0xff) << 24) | ((bytes[13] & 0xff) << 16)
                | ((bytes[14] & 0xff) << 8) | (bytes[15] & 0xff)) : "?";
    }

    String from(CaptureEvent e) {
        return bus.nameOf(e.source());
    }

    String to(CaptureEvent e) {
        return bus.nameOf(e.destination());
    }

    /** The SIP message of an event; null for the other protocols on the bus (Diameter, DNS). */
    static SipMessage sip(CaptureEvent e) {
        return e.protocol() == Protocol.SIP ? SipParser.parse(e.bytes()) : null;
    }
}
