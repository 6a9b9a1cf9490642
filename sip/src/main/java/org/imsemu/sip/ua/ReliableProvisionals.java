package org.imsemu.sip.ua;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import org.imsemu.sip.header.RAck;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transaction.SipTimer;

/**
 * The UAS side of reliable provisional responses (RFC 3262): RSeq numbering, retransmission with T1
 * doubling until the PRACK, one unacknowledged reliable provisional at a time per INVITE (later ones
 * wait their turn), PRACK matching by RAck, and 504 to the INVITE when no PRACK came within 64*T1.
 * The UAC side (PRACK for each in-order reliable 1xx) lives in {@link ClientInvite}. Stack thread only.
 */
final class ReliableProvisionals {
    static final String OPTION_TAG = "100rel";

    /** One reliable provisional: its RSeq, the bytes retransmitted, who waits for its PRACK. */
    private static final class Pending {
        final long rseq;
        final SipResponse requested;
        final CompletableFuture<SipRequest> prack = new CompletableFuture<>();
        SipResponse sent;
        long interval;
        SipTimer.Timeout retransmit;
        SipTimer.Timeout giveUp;

        Pending(long rseq, SipResponse requested) {
            this.rseq = rseq;
            this.requested = requested;
        }

        void stopTimers() {
            if (retransmit != null) retransmit.cancel();
            if (giveUp != null) giveUp.cancel();
        }
    }

    /** The reliable provisionals of one INVITE we serve. */
    private static final class Sender {
        final ServerRequest invite;
        long nextRSeq = ThreadLocalRandom.current().nextLong(1, 1L << 31); // 3: below 2**31
        Pending current;
        final Deque<Pending> waiting = new ArrayDeque<>();
        final Set<Long> acknowledged = new HashSet<>();
        SipTimer.Timeout forget;

        Sender(ServerRequest invite) {
            this.invite = invite;
        }
    }

    private final UserAgent ua;
    private final Map<ServerRequest, Sender> senders = new IdentityHashMap<>();

    ReliableProvisionals(UserAgent ua) {
        this.ua = ua;
    }

    /** Whether the request said it supports (or requires) reliable provisionals: only then may we send them (3). */
    static boolean acceptedBy(SipRequest request) {
        return hasTag(request, HeaderNames.SUPPORTED) || hasTag(request, HeaderNames.REQUIRE);
    }

    /** A provisional the UAS asked to be acknowledged: Require: 100rel and an RSeq (4). */
    static boolean isReliable(SipResponse r) {
        return r.isProvisional() && r.status() > 100 && hasTag(r, HeaderNames.REQUIRE) && r.rseq() >= 0;
    }

    private static boolean hasTag(SipMessage m, String header) {
        for (String t : m.optionTags(header)) if (t.equalsIgnoreCase(OPTION_TAG)) return true;
        return false;
    }

    /** Sends {@code provisional} reliably (now, or once the previous one is acknowledged). */
    CompletableFuture<SipRequest> send(ServerRequest invite, SipResponse provisional) {
        if (!invite.request().isMethod("INVITE")) throw new IllegalArgumentException("Only an INVITE gets reliable provisionals");
        if (!provisional.isProvisional() || provisional.status() == 100) throw new IllegalArgumentException("Not a 101-199 response: " + provisional.status());
        if (!acceptedBy(invite.request())) throw new IllegalStateException("The INVITE did not offer 100rel: " + invite.request().startLine());
        if (invite.hasFinalResponse()) throw new IllegalStateException("Already answered: " + invite.request().startLine());
        Sender s = senders.computeIfAbsent(invite, Sender::new);
        Pending p = new Pending(s.nextRSeq++, provisional);
        if (s.current == null) transmit(s, p);
        else s.waiting.add(p);
        return p.prack;
    }

    private void transmit(Sender s, Pending p) {
        s.current = p;
        SipResponse r = p.requested.withHeader(HeaderNames.RSEQ, Long.toString(p.rseq));
        if (!hasTag(r, HeaderNames.REQUIRE)) r = r.withHeaderLast(HeaderNames.REQUIRE, OPTION_TAG);
        p.sent = ua.respond(s.invite, r);
        p.interval = ua.config().timers().t1();
        p.retransmit = ua.timer().schedule(p.interval, () -> retransmit(s, p));
        p.giveUp = ua.timer().schedule(ua.config().timers().timeout(), () -> giveUp(s, p));
    }

    private void retransmit(Sender s, Pending p) {
        if (s.current != p || s.invite.hasFinalResponse()) return;
        p.interval *= 2; // 3: starts at T1 and doubles, no T2 cap
        p.retransmit = ua.timer().schedule(p.interval, () -> retransmit(s, p));
        try {
            s.invite.transaction().respond(p.sent);
        } catch (IllegalStateException e) {
            p.stopTimers(); // the transaction has moved on
        }
    }

    /** 3: no PRACK within 64*T1: the INVITE is rejected with a 5xx (504). */
    private void giveUp(Sender s, Pending p) {
        if (s.current != p) return;
        p.stopTimers();
        s.current = null;
        p.prack.completeExceptionally(new TimeoutException("no PRACK for " + p.sent.status() + " RSeq " + p.rseq));
        if (!s.invite.hasFinalResponse()) s.invite.respond(s.invite.createResponse(504, "Server Time-out (no PRACK)"));
    }

    /**
     * A PRACK arrived in {@code dialog}: 200 when its RAck names a reliable provisional we sent (the next
     * one then goes out), 481 when it names none (3).
     */
    void onPrack(Dialog dialog, ServerRequest prack) {
        RAck rack;
        try {
            rack = prack.request().rack();
        } catch (RuntimeException e) {
            rack = null;
        }
        if (rack == null) {
            prack.respond(prack.createResponse(400, "Bad Request (no RAck)"));
            return;
        }
        for (Sender s : senders.values()) {
            if (s.invite.dialog() != dialog || s.invite.request().cseq().number() != rack.cseqNumber()
                    || !rack.method().equals("INVITE")) {
                continue;
            }
            Pending p = s.current;
            if (p != null && p.rseq == rack.responseNumber()) {
                p.stopTimers();
                s.current = null;
                s.acknowledged.add(p.rseq);
                prack.respond(200);
                p.prack.complete(prack.request());
                Pending next = s.waiting.poll();
                if (next != null && !s.invite.hasFinalResponse()) transmit(s, next);
                return;
            }
            if (s.acknowledged.contains(rack.responseNumber())) { // a PRACK repeated in a new transaction
                prack.respond(200);
                return;
            }
        }
        prack.respond(prack.createResponse(481, "Call/Transaction Does Not Exist (no such reliable provisional)"));
    }

    /** Whether a reliable provisional of this INVITE still waits for its PRACK (or for its turn). */
    boolean isUnacknowledged(ServerRequest invite) {
        Sender s = senders.get(invite);
        return s != null && (s.current != null || !s.waiting.isEmpty());
    }

    /**
     * The INVITE got its final response: no more retransmissions (3), the queued ones are dropped; a late
     * PRACK for the current one is still answered with 200 for a while, then everything is forgotten.
     */
    void onFinalResponse(ServerRequest invite) {
        Sender s = senders.get(invite);
        if (s == null) return;
        if (s.current != null) s.current.stopTimers();
        List<Pending> dropped = new ArrayList<>(s.waiting);
        s.waiting.clear();
        for (Pending p : dropped) p.prack.completeExceptionally(new IllegalStateException("final response sent before it went out"));
        s.forget = ua.timer().schedule(ua.config().timers().timeout(), () -> {
            senders.remove(invite, s);
            if (s.current != null) s.current.prack.completeExceptionally(new TimeoutException("no PRACK before the INVITE ended"));
        });
    }
}
