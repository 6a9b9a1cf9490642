package org.imsemu.nodes.scscf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.imsemu.nodes.common.Routing;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.event.RegInfo;
import org.imsemu.sip.proxy.ProxyRequest;
import org.imsemu.sip.registrar.LocationService;
import org.imsemu.sip.transaction.Branches;
import org.imsemu.sip.transaction.SipTimer;
import org.imsemu.sip.ua.Dialog;
import org.imsemu.sip.ua.DialogId;
import org.imsemu.sip.ua.UserAgent;
import org.imsemu.sip.uri.SipUri;

/**
 * The S-CSCF as notifier of the registration event package (RFC 6665 framework, RFC 3680 "reg",
 * TS 24.229 5.4.2.1). Subscribers are the user itself (its UE, by the Service-Route) and the P-CSCF on the
 * registration's Path (TS 24.229 5.2.3); both are authorized by the asserted identity. Every NOTIFY
 * carries the full state of the user's implicit registration set: each public identity as a
 * registration, the contacts with their state and the event that last changed them (registered,
 * refreshed, expired, unregistered, deactivated, rejected). A contact that went is reported once as
 * terminated, then forgotten. When no contact is left the subscriptions end (Subscription-State:
 * terminated). The NOTIFYs are sent by the node's user agent inside the subscription's dialog, whose
 * route set (the SUBSCRIBE's Record-Route) leads back through the P-CSCF to a UE, or straight to a
 * P-CSCF. Stack-thread only.
 */
final class RegEventNotifier {
    static final String EVENT = "reg";
    /** TS 24.229 5.1.1.3 and 5.2.3: the duration UEs and P-CSCFs ask for, also our maximum and default. */
    static final long MAX_EXPIRES = 600_000;

    /** One contact as the last NOTIFY described it. */
    private record ContactState(String uri, RegInfo.ContactState state, RegInfo.ContactEvent event, long expiresAtMillis) {
    }

    private static final class Subscription {
        final Dialog dialog;
        final String userKey;
        long version;
        long expiresAtMillis;
        SipTimer.Timeout expiry;

        Subscription(Dialog dialog, String userKey) {
            this.dialog = dialog;
            this.userKey = userKey;
        }
    }

    private final UserAgent ua;
    private final LocationService location;
    private final Function<String, ServedUsers.User> users;
    private final Map<DialogId, Subscription> subscriptions = new HashMap<>();
    /** The same by the user they watch: a change of one user's registration touches only its own. */
    private final Map<String, List<Subscription>> byUser = new HashMap<>();
    /** Contacts by the user's registered public identity (key), in the order they came. */
    private final Map<String, Map<String, ContactState>> contacts = new HashMap<>();

    /** @param users the user served under a registered public identity, or null */
    RegEventNotifier(UserAgent ua, LocationService location, Function<String, ServedUsers.User> users) {
        this.ua = ua;
        this.location = location;
        this.users = users;
    }

    /** A SUBSCRIBE for the reg event package (outside or inside a dialog). */
    static boolean isRegSubscribe(SipRequest req) {
        return req.isMethod("SUBSCRIBE") && EVENT.equals(eventType(req));
    }

    private static String eventType(SipRequest req) {
        String e = req.event();
        if (e == null) return null;
        int semi = e.indexOf(';');
        return (semi < 0 ? e : e.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /** Subscriptions alive, for tests and status. */
    int size() {
        return subscriptions.size();
    }

    // ---- subscriptions ----

    /**
     * A new subscription to {@code user}'s registration state (TS 24.229 5.4.2.1.1): 403 unless the
     * subscriber is one of the user's own identities or a P-CSCF on the Path of its registration; 200 with
     * the granted Expires, then the first NOTIFY with the full state.
     */
    void subscribe(ProxyRequest pr, ServedUsers.User user) {
        SipRequest req = pr.request();
        List<LocationService.Binding> bindings = location.lookup(user.registeredImpu());
        if (!authorized(req, user, bindings)) {
            pr.respond(403, "Forbidden: Not Authorized For This Registration State");
            return;
        }
        long expires = granted(req);
        String tag = Branches.newTag();
        SipResponse ok = req.createResponse(200).withToTag(tag).withHeader(HeaderNames.CONTACT, ua.localContact().toString())
                .withHeader(HeaderNames.EXPIRES, Long.toString(expires));
        // RFC 3261 12.1.1: the dialog-creating 2xx carries the Record-Route of the request, in order
        for (String rr : req.headerValues(HeaderNames.RECORD_ROUTE)) ok = ok.withHeaderLast(HeaderNames.RECORD_ROUTE, rr);
        pr.respond(ok);
        Subscription s = new Subscription(Dialog.asUas(req, tag, ua.localContact(), false), key(user.registeredImpu()));
        add(s);
        track(user, bindings);
        start(s, user, expires);
    }

    /**
     * A request inside a dialog this notifier owns: a refreshing SUBSCRIBE (Expires 0 unsubscribes), else
     * 405. False when the dialog is not one of ours; a request for our contact whose subscription is gone
     * gets 481.
     */
    boolean inDialog(ProxyRequest pr) {
        SipRequest req = pr.request();
        Subscription s = subscriptions.get(DialogId.ofIncomingRequest(req));
        if (s == null) {
            if (req.requestUri() instanceof SipUri u && pr.isLocal(u) && EVENT.equals(u.user()) && !req.isMethod("ACK")) {
                pr.respond(481, "Subscription Does Not Exist");
                return true;
            }
            return false;
        }
        if (req.isMethod("ACK")) return true;
        if (!isRegSubscribe(req)) {
            pr.respond(req.createResponse(405).withHeader(HeaderNames.ALLOW, "SUBSCRIBE"));
            return true;
        }
        if (!s.dialog.onRequest(req)) {
            pr.respond(500, "Server Internal Error (CSeq out of order)");
            return true;
        }
        s.dialog.refreshTarget(req);
        long expires = granted(req);
        pr.respond(req.createResponse(200).withHeader(HeaderNames.CONTACT, ua.localContact().toString())
                .withHeader(HeaderNames.EXPIRES, Long.toString(expires)));
        ServedUsers.User user = users.apply(s.userKey);
        if (s.expiry != null) s.expiry.cancel();
        start(s, user, expires);
        return true;
    }

    /** Expires 0 is a fetch or an unsubscribe: the state once more, with the subscription terminated. */
    private void start(Subscription s, ServedUsers.User user, long expires) {
        if (expires == 0 || user == null) {
            end(s, user, "timeout");
            return;
        }
        s.expiresAtMillis = location.now() + expires * 1000;
        s.expiry = ua.timer().schedule(expires * 1000, () -> end(s, users.apply(s.userKey), "timeout"));
        notify(s, user, "active;expires=" + expires);
    }

    private static long granted(SipRequest req) {
        long asked = req.expires();
        return asked < 0 ? MAX_EXPIRES : Math.min(asked, MAX_EXPIRES);
    }

    /**
     * TS 24.229 5.4.2.1.1: the subscriber (the asserted identity, else From) is one of the user's public
     * identities, or a P-CSCF whose host is on the Path of one of the user's contacts.
     */
    private static boolean authorized(SipRequest req, ServedUsers.User user, List<LocationService.Binding> bindings) {
        List<NameAddress> asserted = req.pAssertedIdentities();
        NameAddress subscriber = asserted.isEmpty() ? req.from() : asserted.get(0);
        String aor = Routing.aor(subscriber);
        for (String impu : user.impus()) if (impu.equalsIgnoreCase(aor)) return true;
        if (!(subscriber.uri() instanceof SipUri s)) return false;
        for (LocationService.Binding b : bindings) {
            for (NameAddress p : b.path()) {
                if (p.uri() instanceof SipUri pu && pu.host().equalsIgnoreCase(s.host())) return true;
            }
        }
        return false;
    }

    // ---- state changes ----

    /**
     * The user's bindings are now {@code now}: contacts that are new are "registered", those whose expiry
     * moved "refreshed", those gone terminated by {@code removedEvent} (unregistered, expired, deactivated,
     * rejected). Every subscription to the user hears of it; with no contact left they end.
     */
    void changed(ServedUsers.User user, List<LocationService.Binding> now, RegInfo.ContactEvent removedEvent) {
        if (user == null) return;
        String userKey = key(user.registeredImpu());
        Map<String, ContactState> before = contacts.getOrDefault(userKey, Map.of());
        Map<String, ContactState> after = new LinkedHashMap<>();
        boolean change = false;
        for (ContactState old : before.values()) {
            if (find(now, old.uri()) == null) {
                after.put(old.uri(), new ContactState(old.uri(), RegInfo.ContactState.TERMINATED, removedEvent, 0));
                change = true;
            }
        }
        for (LocationService.Binding b : now) {
            String uri = b.contact().uri().toString();
            ContactState old = before.get(uri);
            RegInfo.ContactEvent event = old == null ? RegInfo.ContactEvent.REGISTERED
                    : old.expiresAtMillis() != b.expiresAtMillis() ? RegInfo.ContactEvent.REFRESHED : old.event();
            if (old == null || old.expiresAtMillis() != b.expiresAtMillis()) change = true;
            after.put(uri, new ContactState(uri, RegInfo.ContactState.ACTIVE, event, b.expiresAtMillis()));
        }
        contacts.put(userKey, after);
        if (!change) return;
        for (Subscription s : List.copyOf(byUser.getOrDefault(userKey, List.of()))) {
            if (now.isEmpty()) end(s, user, "noresource");
            else notify(s, user, "active;expires=" + secondsLeftOf(s));
        }
        // terminated contacts are reported once
        after.values().removeIf(c -> c.state() == RegInfo.ContactState.TERMINATED);
        if (after.isEmpty()) contacts.remove(userKey);
    }

    private void track(ServedUsers.User user, List<LocationService.Binding> bindings) {
        String userKey = key(user.registeredImpu());
        if (contacts.containsKey(userKey)) return;
        Map<String, ContactState> m = new LinkedHashMap<>();
        for (LocationService.Binding b : bindings) {
            String uri = b.contact().uri().toString();
            m.put(uri, new ContactState(uri, RegInfo.ContactState.ACTIVE, RegInfo.ContactEvent.REGISTERED, b.expiresAtMillis()));
        }
        if (!m.isEmpty()) contacts.put(userKey, m);
    }

    private static LocationService.Binding find(List<LocationService.Binding> bindings, String uri) {
        for (LocationService.Binding b : bindings) if (b.contact().uri().toString().equals(uri)) return b;
        return null;
    }

    private long secondsLeftOf(Subscription s) {
        return Math.max(1, (s.expiresAtMillis - location.now() + 999) / 1000);
    }

    private void end(Subscription s, ServedUsers.User user, String reason) {
        if (!remove(s.dialog.id())) return;
        if (s.expiry != null) s.expiry.cancel();
        notify(s, user, "terminated;reason=" + reason);
    }

    private void add(Subscription s) {
        subscriptions.put(s.dialog.id(), s);
        byUser.computeIfAbsent(s.userKey, k -> new ArrayList<>(2)).add(s);
    }

    /** Forgets a subscription; false when it was gone already. */
    private boolean remove(DialogId id) {
        Subscription s = subscriptions.remove(id);
        if (s == null) return false;
        List<Subscription> same = byUser.get(s.userKey);
        if (same != null && same.remove(s) && same.isEmpty()) byUser.remove(s.userKey);
        return true;
    }

    // ---- NOTIFY ----

    private void notify(Subscription s, ServedUsers.User user, String subscriptionState) {
        byte[] body = document(s, user).toBytes();
        SipRequest notify = s.dialog.createRequest("NOTIFY")
                .withHeader(HeaderNames.EVENT, EVENT)
                .withHeader(HeaderNames.SUBSCRIPTION_STATE, subscriptionState)
                .withBody(RegInfo.CONTENT_TYPE, body);
        ua.sendRequest(s.dialog, notify).thenAccept(r -> {
            // RFC 6665 4.2.2: a subscriber that no longer knows the subscription ends it
            if (r.status() == 481 || r.status() == 408) {
                Subscription gone = subscriptions.get(s.dialog.id());
                if (remove(s.dialog.id()) && gone.expiry != null) gone.expiry.cancel();
            }
        });
    }

    /** The full state of the user's implicit registration set, as this subscription's next version. */
    private RegInfo document(Subscription s, ServedUsers.User user) {
        Map<String, ContactState> known = contacts.getOrDefault(s.userKey, Map.of());
        long now = location.now();
        List<RegInfo.Contact> cs = new ArrayList<>(known.size());
        for (ContactState c : known.values()) {
            RegInfo.Contact contact = RegInfo.Contact.of(id(c.uri()), c.state(), c.event(), c.uri());
            boolean active = c.state() == RegInfo.ContactState.ACTIVE;
            cs.add(active ? contact.withExpires(Math.max(0, (c.expiresAtMillis() - now) / 1000)) : contact);
        }
        boolean anyActive = known.values().stream().anyMatch(c -> c.state() == RegInfo.ContactState.ACTIVE);
        RegInfo.RegistrationState regState = anyActive ? RegInfo.RegistrationState.ACTIVE : RegInfo.RegistrationState.TERMINATED;
        List<String> impus = user != null ? user.impus() : List.of(s.userKey);
        List<RegInfo.Registration> regs = new ArrayList<>(impus.size());
        for (String impu : impus) regs.add(new RegInfo.Registration(impu, id(impu), regState, cs));
        return new RegInfo(s.version++, RegInfo.DocumentState.FULL, regs);
    }

    /** A stable id for an AOR or contact (RFC 3680 5.1: unique within the document, same across versions). */
    private static String id(String s) {
        return "a" + Integer.toHexString(s.toLowerCase(Locale.ROOT).hashCode());
    }

    private static String key(String impu) {
        return impu.toLowerCase(Locale.ROOT);
    }
}
