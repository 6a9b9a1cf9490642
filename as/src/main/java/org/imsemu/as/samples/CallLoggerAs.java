package org.imsemu.as.samples;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.imsemu.as.ApplicationServer;
import org.imsemu.as.AsRequest;
import org.imsemu.as.ServedUser;
import org.imsemu.as.SessionCase;
import org.imsemu.sip.message.SipResponse;

/**
 * Sample AS, usually triggered on the originating side: logs every session-initiating request (the
 * initial INVITE: time, served user, caller, callee, Call-ID) and lets it continue unchanged. It
 * record-routes, so it also sees the call's BYE and logs its end and duration (from the 2xx).
 * The log is in memory ({@link #events()}), passed to listeners, and optionally printed.
 */
public final class CallLoggerAs implements ApplicationServer {
    private static final System.Logger LOG = System.getLogger(CallLoggerAs.class.getName());

    /** What the logger remembers about a call between its INVITE and its BYE. */
    private record Call(String servedUser, SessionCase sessionCase, String caller, String callee, Instant answered) {
        Call answeredAt(Instant t) {
            return new Call(servedUser, sessionCase, caller, callee, t);
        }
    }

    private final Clock clock;
    private final PrintStream out;
    private final List<CallEvent> events = new CopyOnWriteArrayList<>();
    private final List<Consumer<CallEvent>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Call> calls = new ConcurrentHashMap<>();

    /** A logger that keeps its log in memory only. */
    public CallLoggerAs() {
        this(Clock.systemUTC(), null);
    }

    /** @param out where to print each line as well, or null */
    public CallLoggerAs(Clock clock, PrintStream out) {
        this.clock = Objects.requireNonNull(clock);
        this.out = out;
    }

    public void addListener(Consumer<CallEvent> l) {
        listeners.add(Objects.requireNonNull(l));
    }

    /** The log so far, oldest first. */
    public List<CallEvent> events() {
        return new ArrayList<>(events);
    }

    @Override
    public void onRequest(AsRequest r) {
        if (r.isInitial() && r.method().equals("INVITE")) {
            onInvite(r);
        } else if (!r.isInitial() && r.method().equals("BYE")) {
            onBye(r);
        }
        r.proceed();
    }

    private void onInvite(AsRequest r) {
        String callId = r.request().callId();
        String served = r.servedUser().map(ServedUser::identity).map(Object::toString).orElse(null);
        Call call = new Call(served, r.sessionCase(), r.caller().toString(), r.request().requestUri().toString(), null);
        calls.put(callId, call);
        log(CallEvent.Kind.STARTED, callId, "INVITE", call, 0, null);
        r.recordRoute();
        r.observeResponses(resp -> onInviteResponse(callId, resp));
    }

    private void onInviteResponse(String callId, SipResponse resp) {
        if (resp.isProvisional()) return;
        Call call = calls.get(callId);
        if (call == null) return;
        if (resp.isSuccess()) {
            if (call.answered() != null) return; // a retransmitted or second-fork 2xx
            Call answered = call.answeredAt(clock.instant());
            calls.put(callId, answered);
            log(CallEvent.Kind.ANSWERED, callId, "INVITE", answered, resp.status(), null);
        } else {
            calls.remove(callId);
            log(CallEvent.Kind.FAILED, callId, "INVITE", call, resp.status(), null);
        }
    }

    private void onBye(AsRequest r) {
        String callId = r.request().callId();
        Call call = calls.remove(callId);
        if (call == null) return; // not a call this AS saw start (or its BYE retransmitted)
        Instant now = clock.instant();
        Duration d = call.answered() == null ? Duration.ZERO : Duration.between(call.answered(), now);
        log(CallEvent.Kind.ENDED, callId, "BYE", call, 0, d);
    }

    private void log(CallEvent.Kind kind, String callId, String method, Call c, int status, Duration d) {
        CallEvent e = new CallEvent(kind, clock.instant(), callId, method, c.servedUser(), c.sessionCase(), c.caller(), c.callee(), status, d);
        events.add(e);
        if (out != null) out.println(e.line());
        LOG.log(System.Logger.Level.DEBUG, e::line);
        for (Consumer<CallEvent> l : listeners) {
            try {
                l.accept(e);
            } catch (RuntimeException ex) {
                LOG.log(System.Logger.Level.WARNING, "call log listener failed", ex);
            }
        }
    }
}
