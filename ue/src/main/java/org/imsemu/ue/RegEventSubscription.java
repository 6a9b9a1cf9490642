package org.imsemu.ue;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.imsemu.sip.event.RegInfo;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transaction.SipTimer;
import org.imsemu.sip.ua.Dialog;
import org.imsemu.sip.ua.Refresh;
import org.imsemu.sip.ua.ServerRequest;
import org.imsemu.sip.ua.UserAgent;
import org.imsemu.sip.uri.SipUri;

/**
 * The UE's subscription to its own registration state (TS 24.229 5.1.1.3, RFC 3680, RFC 6665): after a
 * successful registration a SUBSCRIBE (Event: reg) to the public identity, routed like any originating
 * request; refreshed like a registration (600 s before expiry, or at half time); every NOTIFY's reginfo
 * is kept, and when it says this UE's contact (or its whole registration) is terminated the UE counts
 * as de-registered by the network. Stack thread only.
 */
final class RegEventSubscription {
    private static final System.Logger LOG = System.getLogger(RegEventSubscription.class.getName());

    private final UserEquipment ue;
    private final UserAgent ua;
    private final UeConfig config;
    private final BiConsumer<RegInfo.ContactEvent, RegInfo> onDeregistered;
    private Dialog dialog;
    private boolean subscribing;
    private SipTimer.Timeout refresh;
    /** Our own de-registration is under way: the notifier's closing NOTIFYs are expected, not news. */
    private boolean ending;
    private SipTimer.Timeout endGuard;
    private volatile RegInfo last;
    private volatile boolean active;

    RegEventSubscription(UserEquipment ue, UserAgent ua, UeConfig config, BiConsumer<RegInfo.ContactEvent, RegInfo> onDeregistered) {
        this.ue = ue;
        this.ua = ua;
        this.config = config;
        this.onDeregistered = onDeregistered;
    }

    /** The last reginfo document a NOTIFY brought, or null. Any thread. */
    RegInfo last() {
        return last;
    }

    /** Whether the subscription is established (2xx or a NOTIFY, and not terminated). Any thread. */
    boolean isActive() {
        return active;
    }

    /** Subscribes unless a subscription exists or is being made. */
    void ensure() {
        if (ending) end(); // registered again before the old subscription was closed: start afresh
        if (dialog != null || subscribing) return;
        subscribing = true;
        NameAddress self = NameAddress.of(config.impu());
        SipRequest subscribe = ue.originating(ua.createRequest("SUBSCRIBE", config.impu(), self, self));
        subscribe = withEventHeaders(subscribe);
        ua.subscribe(subscribe, this::formed).whenComplete((r, e) -> {
            subscribing = false;
            if (r != null && r.isSuccess()) {
                active = true;
                schedule(r);
            } else {
                LOG.log(System.Logger.Level.INFO, "reg event subscription of {0} refused: {1}", config.impu(),
                        r == null ? e : r.status() + " " + r.reason());
                if (dialog != null) end();
            }
        });
    }

    private SipRequest withEventHeaders(SipRequest r) {
        return r.withHeader(HeaderNames.EVENT, RegInfo.EVENT_PACKAGE)
                .withHeader("Accept", RegInfo.CONTENT_TYPE)
                .withHeader(HeaderNames.EXPIRES, Long.toString(config.regEventExpires()));
    }

    private void formed(Dialog d) {
        dialog = d;
        d.applicationData(this);
        active = true;
    }

    private void schedule(SipResponse ok) {
        if (refresh != null) refresh.cancel();
        long granted = ok.expires() >= 0 ? ok.expires() : config.regEventExpires();
        if (granted <= 0) return;
        refresh = ue.timer().schedule(Refresh.delayMillis(granted), this::refresh);
    }

    private void refresh() {
        refresh = null;
        if (dialog == null || dialog.isTerminated()) return;
        CompletableFuture<SipResponse> f = ua.sendRequest(dialog, withEventHeaders(dialog.createRequest("SUBSCRIBE")));
        f.whenComplete((r, e) -> {
            if (r != null && r.isSuccess()) {
                schedule(r);
            } else {
                end(); // 481 and friends: the notifier forgot us; a new registration subscribes again
            }
        });
    }

    /** A NOTIFY in the subscription's dialog. */
    void onNotify(ServerRequest sr) {
        SipRequest n = sr.request();
        RegInfo info = null;
        if (n.bodyLength() > 0) {
            try {
                info = RegInfo.parse(n.body());
            } catch (IllegalArgumentException e) {
                sr.respond(sr.createResponse(400, "Bad Request (reginfo: " + e.getMessage() + ")"));
                return;
            }
        }
        if (info != null) last = info; // before the 200: whoever sees the answer sees the state it brought
        sr.respond(200);
        String subscriptionState = n.header(HeaderNames.SUBSCRIPTION_STATE);
        if (info != null) {
            RegInfo.ContactEvent gone = ending ? null : ourTermination(info);
            if (gone != null) onDeregistered.accept(gone, info);
        }
        if (subscriptionState != null && subscriptionState.strip().toLowerCase(java.util.Locale.ROOT).startsWith("terminated")) end();
    }

    /**
     * The event that ended this UE's registration, or null when it goes on: our contact terminated
     * (deactivated, rejected, expired, unregistered, probation), or our identity's registration terminated.
     */
    private RegInfo.ContactEvent ourTermination(RegInfo info) {
        SipUri ours = ua.localContact().uri() instanceof SipUri s ? s : null;
        for (RegInfo.Registration reg : info.registrations()) {
            boolean ourAor = reg.aor().equals(config.impu().toString());
            for (RegInfo.Contact c : reg.contacts()) {
                if (isOurs(c, ours) && c.state() == RegInfo.ContactState.TERMINATED) return c.event();
            }
            if (ourAor && reg.state() == RegInfo.RegistrationState.TERMINATED) {
                return reg.contacts().isEmpty() ? RegInfo.ContactEvent.UNREGISTERED : reg.contacts().get(0).event();
            }
        }
        return null;
    }

    private static boolean isOurs(RegInfo.Contact c, SipUri ours) {
        if (ours == null) return false;
        try {
            SipUri u = SipUri.parse(c.uri());
            return u.host().equalsIgnoreCase(ours.host()) && u.port() == ours.port();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Forgets the subscription (no signalling: it ends with the registration). */
    /**
     * Our own de-registration is under way: the notifier reports it in the subscription and ends it
     * (Subscription-State: terminated, TS 24.229 5.4.2.1.2); those NOTIFYs are answered 200 but are no
     * news. A notifier that never ends it is forgotten after 64*T1.
     */
    void endWithDeregistration() {
        if (dialog == null || dialog.isTerminated()) {
            end();
            return;
        }
        ending = true;
        if (refresh != null) refresh.cancel();
        refresh = null;
        if (endGuard == null) endGuard = ue.timer().schedule(config.timers().timeout(), this::end);
    }

    void end() {
        ending = false;
        if (endGuard != null) endGuard.cancel();
        endGuard = null;
        if (refresh != null) refresh.cancel();
        refresh = null;
        active = false;
        Dialog d = dialog;
        dialog = null;
        if (d != null && !d.isTerminated()) ua.terminateDialog(d);
    }
}
