package org.imsemu.runtime;

import java.util.ArrayList;
import java.util.List;
import org.imsemu.capture.CaptureBus;
import org.imsemu.capture.CaptureEvent;
import org.imsemu.capture.Protocol;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;

/** The SIP messages on the capture bus as hops between named hosts, e.g. "pcscf-a>cid 403 INVITE". */
final class Hops {
    private Hops() {
    }

    /** One SIP message between two hosts. */
    record Hop(String from, String to, SipMessage message) {
        boolean isRequest(String method) {
            return message instanceof SipRequest r && r.isMethod(method);
        }

        boolean isResponse(int status, String cseqMethod) {
            return message instanceof SipResponse r && r.status() == status && r.cseq().method().equals(cseqMethod);
        }

        @Override
        public String toString() {
            String what = message instanceof SipRequest r ? r.method() : ((SipResponse) message).status() + " " + message.cseq().method();
            return from + ">" + to + " " + what;
        }
    }

    static List<Hop> since(CaptureBus bus, long mark) {
        List<Hop> out = new ArrayList<>();
        for (CaptureEvent e : bus.since(mark)) {
            if (e.protocol() != Protocol.SIP) continue;
            SipMessage m;
            try {
                m = SipParser.parse(e.bytes());
            } catch (RuntimeException malformed) {
                continue; // what a test sent on purpose
            }
            out.add(new Hop(bus.nameOf(e.source()), bus.nameOf(e.destination()), m));
        }
        return out;
    }

    static List<String> labels(List<Hop> hops) {
        return hops.stream().map(Hop::toString).toList();
    }
}
