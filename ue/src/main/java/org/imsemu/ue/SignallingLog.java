package org.imsemu.ue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;

/**
 * What one call sent and received at the UE's socket, retransmissions left out: entries such as
 * {@code "> INVITE"}, {@code "< 183 INVITE"}, {@code "> PRACK"}, {@code "< 200 PRACK"} in the order they
 * crossed the socket. Written on the stack thread, readable from any thread.
 */
final class SignallingLog {
    private final List<String> entries = new CopyOnWriteArrayList<>();
    private final Set<String> seen = new HashSet<>(); // stack thread only
    private boolean claimed; // stack thread only: a Call uses this log

    void claim() {
        claimed = true;
    }

    boolean isClaimed() {
        return claimed;
    }

    void record(boolean sent, SipMessage m) {
        String entry = (sent ? "> " : "< ") + label(m);
        // A retransmission repeats the transaction (branch), the CSeq, the start line and, for a
        // reliable provisional, the RSeq.
        String key = entry + '|' + (m.topVia() == null ? "" : m.topVia().branch()) + '|' + m.header(HeaderNames.CSEQ)
                + '|' + m.header(HeaderNames.RSEQ);
        if (seen.add(key)) entries.add(entry);
    }

    static String label(SipMessage m) {
        if (m instanceof SipResponse r) return r.status() + " " + (r.cseq() == null ? "?" : r.cseq().method());
        return ((SipRequest) m).method();
    }

    List<String> entries() {
        return List.copyOf(entries);
    }
}
