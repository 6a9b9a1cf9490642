package org.imsemu.ue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.imsemu.sip.header.CSeq;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;

/**
 * Following 3xx responses for one request (RFC 3261 8.1.3.4, 21.3): the Contacts of each redirect are
 * tried highest q first (no q counts as 1.0), up to a limit of redirections, and a target already tried
 * is never tried again, so a loop ends with the 3xx. The retry keeps Call-ID, From and To with the next
 * CSeq. Stack thread only.
 */
final class Redirection {
    private final int limit;
    private final List<Uri> tried = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private int redirects;

    Redirection(Uri firstTarget, int limit) {
        this.limit = limit;
        tried.add(firstTarget);
        seen.add(key(firstTarget));
    }

    /**
     * The request to send after {@code redirect} to {@code sent}, or null when the request must fail with
     * that redirect: the limit is reached, or every Contact was tried already (a loop) or is unusable.
     */
    SipRequest next(SipRequest sent, SipResponse redirect) {
        if (redirect.status() < 300 || redirect.status() > 399 || redirects >= limit) return null;
        List<NameAddress> contacts = new ArrayList<>(redirect.contacts());
        contacts.sort(Comparator.comparingDouble(Redirection::q).reversed()); // stable: equal q keep their order
        for (NameAddress c : contacts) {
            Uri target = c.uri() instanceof SipUri s ? s.withoutHeaders() : c.uri();
            if (!seen.add(key(target))) continue;
            redirects++;
            tried.add(target);
            return sent.withRequestUri(target)
                    .withHeader(HeaderNames.CSEQ, new CSeq(sent.cseq().number() + 1, sent.method()).toString());
        }
        return null;
    }

    /** The targets tried, the first one included, in order. */
    List<Uri> tried() {
        return List.copyOf(tried);
    }

    private static double q(NameAddress c) {
        String q = c.parameter("q");
        if (q == null) return 1.0;
        try {
            return Double.parseDouble(q);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String key(Uri u) {
        return u instanceof SipUri s ? s.toAor().toString() + (s.port() > 0 ? ":" + s.port() : "") : u.toString();
    }
}
