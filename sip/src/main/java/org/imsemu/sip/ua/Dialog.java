package org.imsemu.sip.ua;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.imsemu.sip.header.CSeq;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;

/**
 * Dialog state of RFC 3261 section 12: identity, sequence numbers, both URIs, the remote target and the
 * route set, and how requests inside the dialog are built (12.2.1.1) and checked (12.2.2). Mutable;
 * lives on the stack thread like the rest of the UA core.
 */
public final class Dialog {

    public enum State { EARLY, CONFIRMED, TERMINATED }

    /** Which side of the dialog-creating request this end was on. */
    public enum Role { UAC, UAS }

    /** Requests whose 2xx (or that, received, themselves) replace the remote target (12.2, RFC 3311, 6665, 3515). */
    static final Set<String> TARGET_REFRESH = Set.of("INVITE", "UPDATE", "SUBSCRIBE", "NOTIFY", "REFER");

    private final DialogId id;
    private final Role role;
    private final boolean secure;
    private final NameAddress local;
    private final NameAddress remote;
    private State state;
    private long localSeq;
    private long remoteSeq;
    private Uri remoteTarget;
    private List<NameAddress> routeSet;
    private NameAddress localContact;
    private Object applicationData;

    private Dialog(DialogId id, Role role, State state, boolean secure, NameAddress local, NameAddress remote,
                   long localSeq, long remoteSeq, Uri remoteTarget, List<NameAddress> routeSet, NameAddress localContact) {
        this.id = id;
        this.role = role;
        this.state = state;
        this.secure = secure;
        this.local = local;
        this.remote = remote;
        this.localSeq = localSeq;
        this.remoteSeq = remoteSeq;
        this.remoteTarget = remoteTarget;
        this.routeSet = routeSet;
        this.localContact = localContact;
    }

    /**
     * The UAC's dialog made by a 1xx with a To tag (early) or a 2xx (confirmed) to {@code request}
     * (12.1.2): route set from the response's Record-Route in reverse order, remote target from its
     * Contact, local sequence number from the request's CSeq, remote sequence number empty.
     */
    public static Dialog asUac(SipRequest request, SipResponse response) {
        String remoteTag = response.toTag();
        if (remoteTag == null) throw new IllegalArgumentException("A response without To tag makes no dialog");
        if (response.status() <= 100 || response.status() >= 300) throw new IllegalArgumentException("Response " + response.status() + " makes no dialog");
        List<NameAddress> rr = new ArrayList<>(response.recordRoutes());
        Collections.reverse(rr);
        DialogId id = new DialogId(request.callId(), request.fromTag(), remoteTag);
        NameAddress contact = request.contacts().isEmpty() ? null : request.contacts().get(0);
        return new Dialog(id, Role.UAC, response.isSuccess() ? State.CONFIRMED : State.EARLY, isSecure(request),
                request.from(), response.to(), request.cseq().number(), -1, targetOf(response, request.requestUri()),
                List.copyOf(rr), contact);
    }

    /**
     * The UAS's dialog for {@code request}, answered with To tag {@code localTag} and Contact
     * {@code localContact} (12.1.1): route set from the request's Record-Route in order, remote target
     * from its Contact, remote sequence number from its CSeq, local sequence number empty.
     */
    public static Dialog asUas(SipRequest request, String localTag, NameAddress localContact, boolean early) {
        DialogId id = new DialogId(request.callId(), localTag, request.fromTag());
        return new Dialog(id, Role.UAS, early ? State.EARLY : State.CONFIRMED, isSecure(request),
                request.to().withTag(localTag), request.from(), -1, request.cseq().number(),
                targetOf(request, null), List.copyOf(request.recordRoutes()), localContact);
    }

    private static boolean isSecure(SipRequest request) {
        // 12.1: secure when the request was sent over TLS with a sips Request-URI; we only look at the URI.
        return request.requestUri() instanceof SipUri s && s.isSecure();
    }

    private static Uri targetOf(SipMessage m, Uri fallback) {
        List<NameAddress> c = m.contacts();
        return c.isEmpty() ? fallback : c.get(0).uri();
    }

    // ---- state ----

    public DialogId id() {
        return id;
    }

    public Role role() {
        return role;
    }

    public State state() {
        return state;
    }

    public boolean isEarly() {
        return state == State.EARLY;
    }

    public boolean isConfirmed() {
        return state == State.CONFIRMED;
    }

    public boolean isTerminated() {
        return state == State.TERMINATED;
    }

    public boolean isSecure() {
        return secure;
    }

    public String callId() {
        return id.callId();
    }

    /** Our From (UAC) or To (UAS) header value, with our tag. */
    public NameAddress local() {
        return local;
    }

    /** The peer's header value, with its tag. */
    public NameAddress remote() {
        return remote;
    }

    public Uri localUri() {
        return local.uri();
    }

    public Uri remoteUri() {
        return remote.uri();
    }

    public Uri remoteTarget() {
        return remoteTarget;
    }

    public List<NameAddress> routeSet() {
        return routeSet;
    }

    /** Our last CSeq number, or -1 while empty (a UAS that has not sent a request yet). */
    public long localSeq() {
        return localSeq;
    }

    /** The peer's last CSeq number, or -1 while empty. */
    public long remoteSeq() {
        return remoteSeq;
    }

    public NameAddress localContact() {
        return localContact;
    }

    public void localContact(NameAddress contact) {
        this.localContact = contact;
    }

    /** Whatever the application hangs on this dialog (a call, a subscription). */
    public Object applicationData() {
        return applicationData;
    }

    public void applicationData(Object data) {
        this.applicationData = data;
    }

    // ---- transitions ----

    /**
     * The UAC got a 2xx for the dialog-creating INVITE: confirmed, and the route set and remote target
     * are taken again from the 2xx (13.2.2.4, 12.2.1.2).
     */
    public void confirm(SipResponse twoHundred) {
        if (state == State.TERMINATED) return;
        if (role == Role.UAC && state == State.EARLY) {
            List<NameAddress> rr = new ArrayList<>(twoHundred.recordRoutes());
            Collections.reverse(rr);
            routeSet = List.copyOf(rr);
        }
        refreshTarget(twoHundred);
        state = State.CONFIRMED;
    }

    /** The UAS sent a 2xx to the dialog-creating INVITE. */
    public void confirm() {
        if (state == State.EARLY) state = State.CONFIRMED;
    }

    public void terminate() {
        state = State.TERMINATED;
    }

    /** Takes the remote target from a target refresh's Contact, if it has one. */
    public void refreshTarget(SipMessage m) {
        List<NameAddress> c = m.contacts();
        if (!c.isEmpty()) remoteTarget = c.get(0).uri();
    }

    /**
     * Checks and records the CSeq of a request received in this dialog (12.2.2). False when the request
     * is out of order (lower than the remote sequence number): the UAS answers 500. ACK and CANCEL carry
     * the CSeq of the request they refer to and are not checked.
     */
    public boolean onRequest(SipRequest request) {
        if (request.isMethod("ACK") || request.isMethod("CANCEL")) return true;
        long n = request.cseq().number();
        if (remoteSeq >= 0 && n < remoteSeq) return false;
        remoteSeq = n;
        return true;
    }

    /**
     * What a final response to a request we sent in this dialog changes (12.2.1.2): a 2xx to a target
     * refresh replaces the remote target; 481 and 408 end the dialog.
     */
    public void onResponse(SipRequest request, SipResponse response) {
        if (response.isSuccess() && TARGET_REFRESH.contains(request.method())) refreshTarget(response);
        if (response.status() == 481 || response.status() == 408) terminate();
    }

    // ---- requests inside the dialog ----

    /** The next local CSeq number (the first one is chosen at random when the local sequence is empty). */
    public long nextLocalSeq() {
        if (localSeq < 0) localSeq = ThreadLocalRandom.current().nextLong(1, 1L << 16);
        else localSeq++;
        return localSeq;
    }

    /**
     * A request inside the dialog (12.2.1.1), without Via (the sender adds it): Request-URI the remote
     * target and Route the route set when the first route is a loose router; when it is a strict router
     * (no ;lr), Request-URI that route and Route the rest of the set followed by the remote target. A
     * new CSeq number except for ACK and CANCEL, which reuse the current one.
     */
    public SipRequest createRequest(String method) {
        long seq = method.equals("ACK") || method.equals("CANCEL") ? Math.max(localSeq, 0) : nextLocalSeq();
        return build(method, seq);
    }

    /** The ACK for a 2xx to the INVITE with this CSeq number (13.2.2.4). */
    public SipRequest createAck(long inviteSeq) {
        return build("ACK", inviteSeq);
    }

    private SipRequest build(String method, long seq) {
        Uri requestUri;
        List<NameAddress> routes;
        if (routeSet.isEmpty()) {
            requestUri = remoteTarget;
            routes = List.of();
        } else if (isLooseRoute(routeSet.get(0))) {
            requestUri = remoteTarget;
            routes = routeSet;
        } else {
            // Strict router: it expects to find itself in the Request-URI and the final target last in Route.
            requestUri = strip(routeSet.get(0).uri());
            routes = new ArrayList<>(routeSet.subList(1, routeSet.size()));
            routes.add(NameAddress.of(remoteTarget));
        }
        SipRequest.Builder b = SipRequest.builder(method, requestUri)
                .maxForwards(70)
                .from(local)
                .to(remote)
                .callId(id.callId())
                .header(HeaderNames.CSEQ, new CSeq(seq, method).toString());
        for (NameAddress r : routes) b.route(r);
        if (localContact != null && (TARGET_REFRESH.contains(method) || method.equals("ACK") || method.equals("OPTIONS"))) {
            b.contact(localContact);
        }
        return b.build();
    }

    /** The URI of the next hop: the first route, or the remote target when the route set is empty. */
    public Uri nextHop() {
        return routeSet.isEmpty() ? remoteTarget : routeSet.get(0).uri();
    }

    static boolean isLooseRoute(NameAddress route) {
        return !(route.uri() instanceof SipUri s) || s.hasLr();
    }

    /** Parameters a Request-URI may not carry (19.1.1): method and headers. */
    private static Uri strip(Uri u) {
        if (u instanceof SipUri s) return s.withoutHeaders().withoutParameter("method");
        return u;
    }

    @Override
    public String toString() {
        return "Dialog[" + role + " " + state + " " + id + "]";
    }
}
