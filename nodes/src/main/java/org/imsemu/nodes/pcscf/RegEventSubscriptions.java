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
import org.imsemu.sip.proxy.ProxyRequest;
import org.imsemu.sip.ua.UserAgent;
import org.imsemu.sip.uri.SipUri;

/**
 * The P-CSCF as subscriber to its UEs' registration state (TS 24.229 5.2.3, RFC 3680): after the 200 to
 * a UE's initial REGISTER it subscribes, with its own identity, to the default public identity, along
 * the Service-Route (so the S-CSCF answers and notifies it directly). A NOTIFY showing a contact of its
 * UE terminated (expired, de-registered by the network) drops that registration here, so the UE's next
 * originating request gets 403. Subscriptions are known by Call-ID, which also accepts a NOTIFY that
 * overtakes the 200 (RFC 6665 4.1.2.4). Stack-thread only.
 */
final class RegEventSubscriptions {
    /** TS 24.229 5.2.3: the duration the P-CSCF asks for. */
    static final long EXPIRES = 600_000;

    private final UserAgent ua;
    private final SipUri identity;
    private final UeRegistrations registrations;
    /** Default public identity (lower case) by Call-ID of its subscription, and the reverse. */
    private final Map<String, String> byCallId = new HashMap<>();
    private final Map<String, String> callIdOf = new HashMap<>();

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
                .withHeader(HeaderNames.EXPIRES, Long.toString(EXPIRES))
                .withHeader("Accept", RegInfo.CONTENT_TYPE)
                .withHeader(HeaderNames.P_ASSERTED_IDENTITY, me.toString());
        if (!serviceRoute.isEmpty()) sub = sub.withHeaderFirst(HeaderNames.ROUTE, NameAddress.join(serviceRoute));
        String callId = sub.callId();
        byCallId.put(callId, key);
        callIdOf.put(key, callId);
        ua.sendRequest(sub).thenAccept(r -> {
            if (!r.isSuccess()) forget(callId);
        });
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
        String key = byCallId.get(req.callId());
        if (key == null || !req.isMethod("NOTIFY")) {
            pr.respond(key == null ? 481 : 405, key == null ? "Subscription Does Not Exist" : "Method Not Allowed");
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
        String key = byCallId.remove(callId);
        if (key != null) callIdOf.remove(key, callId);
    }

    /** Live subscriptions, for tests. */
    int size() {
        return byCallId.size();
    }
}
