package org.imsemu.nodes.pcscf;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.imsemu.nodes.common.NodeUserAgent;
import org.imsemu.sip.event.RegInfo;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transaction.SipTimer;
import org.imsemu.sip.proxy.ProxyRequest;
import org.imsemu.sip.ua.Dialog;
import org.imsemu.sip.ua.Refresh;
import org.imsemu.sip.ua.UserAgent;
import org.imsemu.sip.uri.SipUri;

/**
 * The P-CSCF as subscriber to its UEs' registration state (TS 24.229 5.2.3, RFC 3680): after the 200 to
 * a UE's initial REGISTER it subscribes, with its own identity, to the default public identity, along
 * the Service-Route (so the S-CSCF answers and notifies it directly). A NOTIFY showing a contact of its
 * UE terminated (expired, de-registered by the network) drops that registration here, so the UE's next
 * originating request gets 403. Subscriptions are known by Call-ID, which also accepts a NOTIFY that
 * overtakes the 200 (RFC 6665 4.1.2.4). Each is refreshed in its dialog before it runs out (TS 24.229
 * 5.2.3: 600 s before, or at half time for grants of 1200 s or less); a refused refresh forgets it.
 * Stack-thread only.
 */
final class RegEventSubscriptions {
    /** TS 24.229 5.2.3: the duration the P-CSCF asks for. */
    static final long EXPIRES = 600_000;

    /** One subscription: its dialog once the 2xx formed it, and the refresh due. */
    private static final class Subscription {
        final String key;
        Dialog dialog;
        SipTimer.Timeout refresh;

        Subscription(String key) {
            this.key = key;
        }
    }

    private final UserAgent ua;
    private final SipUri identity;
    private final UeRegistrations registrations;
    /** Subscriptions by Call-ID, and the Call-ID by default public identity (lower case). */
    private final Map<String, Subscription> byCallId = new HashMap<>();
    private final Map<String, String> callIdOf = new HashMap<>();
    private long expires = EXPIRES;

    RegEventSubscriptions(UserAgent ua, SipUri identity, UeRegistrations registrations) {
        this.ua = ua;
        this.identity = identity;
        this.registrations = registrations;
    }

    /** Subscribes to the registration state of {@code defaultImpu}, unless already subscribed. */
    void subscribe(NameAddress defaultImpu, List<NameAddress> serviceRoute) {
        String key = defaultImpu.uri().toString().toLowerCase(Locale.ROOT);
        if (callIdOf.containsKey(key)) return;
        NameAddress me = NameAddress.of(identity);
        SipRequest sub = ua.createRequest("SUBSCRIBE", defaultImpu.uri(), me, NameAddress.of(defaultImpu.uri()))
                .withHeader(HeaderNames.EVENT, RegInfo.EVENT_PACKAGE)
                .withHeader(HeaderNames.EXPIRES, Long.toString(expires))
                .withHeader("Accept", RegInfo.CONTENT_TYPE)
                .withHeader(HeaderNames.P_ASSERTED_IDENTITY, me.toString());
        if (!serviceRoute.isEmpty()) sub = sub.withHeaderFirst(HeaderNames.ROUTE, NameAddress.join(serviceRoute));
        String callId = sub.callId();
        Subscription s = new Subscription(key);
        byCallId.put(callId, s);
        callIdOf.put(key, callId);
        ua.subscribe(sub, d -> s.dialog = d).thenAccept(r -> granted(callId, s, r));
    }

    /** The answer to a SUBSCRIBE of ours: a 2xx sets the next refresh, anything else ends the subscription. */
    private void granted(String callId, Subscription s, SipResponse r) {
        if (byCallId.get(callId) != s) return; // terminated meanwhile
        if (!r.isSuccess() || s.dialog == null) {
            forget(callId);
            return;
        }
        long granted = r.expires() >= 0 ? r.expires() : expires;
        if (granted <= 0) {
            forget(callId);
            return;
        }
        s.refresh = ua.timer().schedule(Refresh.delayMillis(granted), () -> refresh(callId, s));
    }

    private void refresh(String callId, Subscription s) {
        s.refresh = null;
        if (byCallId.get(callId) != s || s.dialog.isTerminated()) return;
        SipRequest again = s.dialog.createRequest("SUBSCRIBE")
                .withHeader(HeaderNames.EVENT, RegInfo.EVENT_PACKAGE)
                .withHeader(HeaderNames.EXPIRES, Long.toString(expires))
                .withHeader("Accept", RegInfo.CONTENT_TYPE)
                .withHeader(HeaderNames.P_ASSERTED_IDENTITY, NameAddress.of(identity).toString());
        ua.sendRequest(s.dialog, again).thenAccept(r -> granted(callId, s, r));
    }

    /** The Expires the P-CSCF asks for (TS 24.229: 600000 s); shorter ones let tests see refreshes. */
    void expires(long seconds) {
        if (seconds <= 0) throw new IllegalArgumentException("subscription expiry must be positive: " + seconds);
        this.expires = seconds;
    }

    /** Whether a request is for the P-CSCF's own user agent (its Contact: the reg event dialogs). */
    boolean isOwn(ProxyRequest pr) {
        SipRequest req = pr.request();
        return req.toTag() != null && req.requestUri() instanceof SipUri u && pr.isLocal(u)
                && NodeUserAgent.CONTACT_USER.equals(u.user());
    }

    /**
     * A request in one of our subscriptions: a NOTIFY is answered 200 and read; contacts it shows
     * terminated lose their registration here; a terminated subscription is forgotten. 481 for unknown ones.
     */
    void onRequest(ProxyRequest pr) {
        SipRequest req = pr.request();
        if (req.isMethod("ACK")) return;
        Subscription sub = byCallId.get(req.callId());
        if (sub == null || !req.isMethod("NOTIFY")) {
            pr.respond(sub == null ? 481 : 405, sub == null ? "Subscription Does Not Exist" : "Method Not Allowed");
            return;
        }
        pr.respond(200);
        String state = req.header(HeaderNames.SUBSCRIPTION_STATE);
        if (state != null && state.strip().toLowerCase(Locale.ROOT).startsWith("terminated")) forget(req.callId());
        if (req.bodyLength() == 0) return;
        RegInfo info;
        try {
            info = RegInfo.parse(req.body());
        } catch (IllegalArgumentException e) {
            return; // nothing we can act on
        }
        for (RegInfo.Registration r : info.registrations()) {
            for (RegInfo.Contact c : r.contacts()) {
                if (c.state() == RegInfo.ContactState.TERMINATED) registrations.dropContact(r.aor(), c.uri());
            }
        }
    }

    private void forget(String callId) {
        Subscription s = byCallId.remove(callId);
        if (s == null) return;
        callIdOf.remove(s.key, callId);
        if (s.refresh != null) s.refresh.cancel();
        if (s.dialog != null && !s.dialog.isTerminated()) ua.terminateDialog(s.dialog);
    }

    /** Live subscriptions, for tests. */
    int size() {
        return byCallId.size();
    }
}
