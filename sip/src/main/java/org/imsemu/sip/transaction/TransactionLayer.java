package org.imsemu.sip.transaction;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.imsemu.sip.header.CSeq;
import org.imsemu.sip.header.Parameters;
import org.imsemu.sip.header.Via;
import org.imsemu.sip.message.HeaderField;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transport.InboundMessage;
import org.imsemu.sip.transport.SipTransport;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.transport.Transports;

/**
 * The RFC 3261 section 17 transaction layer with the RFC 6026 Accepted states: matches requests to
 * server transactions and responses to client transactions, absorbs retransmissions, runs the
 * retransmission and timeout timers, answers CANCEL and sends the ACK for non-2xx finals itself.
 * Everything else goes up to the {@link TransactionUser}.
 *
 * <p>Confined to the stack thread: the transport delivers, the timer fires and the TU calls in on that
 * one thread, so the maps need no locks.
 */
public final class TransactionLayer {
    private static final System.Logger LOG = System.getLogger(TransactionLayer.class.getName());

    /** 17.2.1: the INVITE server transaction sends 100 (Trying) when the TU has not answered in 200 ms. */
    static final long TRYING_DELAY = 200;
    /** Timer D over unreliable transports: "at least 32 seconds" (17.1.1.2, table 4). */
    static final long TIMER_D_UDP = 32_000;

    final SipTransport transport;
    final SipTimer timer;
    final TimerSettings settings;
    final TransactionUser user;

    private final Map<String, ServerTx> servers = new HashMap<>();
    private final Map<String, ClientTx> clients = new HashMap<>();

    public TransactionLayer(SipTransport transport, SipTimer timer, TimerSettings settings, TransactionUser user) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.user = Objects.requireNonNull(user, "user");
    }

    /** Every valid message the transport received. */
    public void onInbound(InboundMessage m) {
        if (m.message() instanceof SipRequest r) onRequest(m, r);
        else onResponse(m, (SipResponse) m.message());
    }

    /**
     * Starts a client transaction and sends {@code request}, which already carries its top Via with an
     * RFC 3261 branch. ACK is not sent this way ({@link #sendStateless}); a CANCEL is ({@link #createCancel}):
     * it arms a 64*T1 guard on the INVITE client transaction of the same branch, which ends with
     * {@link ClientTransactionListener#onTimeout} if no final response comes by then (9.1).
     */
    public ClientTransaction sendRequest(SipRequest request, TransportType transport, InetSocketAddress destination,
                                         ClientTransactionListener listener) {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(listener, "listener");
        if (request.isMethod("ACK")) {
            throw new IllegalArgumentException("ACK has no client transaction (17.1): use sendStateless");
        }
        Via via = request.topVia();
        if (via == null || !via.hasRfc3261Branch()) {
            throw new IllegalArgumentException("The request needs a top Via with an RFC 3261 branch: " + request.startLine());
        }
        String key = clientKey(via.branch(), request.method());
        if (clients.containsKey(key)) {
            throw new IllegalStateException("A client transaction with branch " + via.branch() + " exists already");
        }
        SipRequest overTcp = overTcpIfLarge(request, transport);
        ClientTx tx = overTcp == null ? new ClientTx(this, request, key, transport, destination, listener, null)
                : new ClientTx(this, overTcp, key, TransportType.TCP, destination, listener, request);
        clients.put(key, tx);
        if (request.isMethod("CANCEL")) {
            // 9.1: the CANCEL carries the branch of the INVITE it cancels; that INVITE gets 64*T1 more at most.
            ClientTx invite = clients.get(clientKey(via.branch(), "INVITE"));
            if (invite != null) invite.cancelSent();
        }
        tx.start();
        return tx;
    }

    /**
     * RFC 3261 18.1.1: with no path MTU known, a request larger than 1300 bytes must not go over UDP but
     * over a congestion-controlled transport. For a request (with its top Via) bound for a UDP next hop,
     * returns it with the top Via's transport made TCP when it is that large and this host has TCP; else
     * null (it goes as it is). The caller keeps the UDP form: a next hop that refuses the connection gets
     * it after all (18.1.1 again), which the client transaction does itself.
     */
    private SipRequest overTcpIfLarge(SipRequest request, TransportType chosen) {
        if (chosen != TransportType.UDP || request.encodedLength() <= Transports.UDP_WITHOUT_MTU_LIMIT) return null;
        try {
            transport.localAddress(TransportType.TCP);
        } catch (RuntimeException e) { // no TCP on this host: UDP it stays (and may be too large for it)
            return null;
        }
        Via via = request.topVia();
        return request.withoutFirstValue(HeaderNames.VIA).withHeaderFirst(HeaderNames.VIA, via.withTransport(TransportType.TCP.name()).toString());
    }

    /**
     * Sends outside any transaction: the ACK for a 2xx, stateless forwarding. A large request goes over TCP
     * and, when the next hop refuses that, over UDP (18.1.1). Errors are only logged.
     */
    public void sendStateless(SipMessage m, TransportType t, InetSocketAddress dest) {
        SipRequest overTcp = m instanceof SipRequest r ? overTcpIfLarge(r, t) : null;
        if (overTcp == null) {
            transport.send(m, t, dest, e -> logUnsent(m, dest, e));
            return;
        }
        transport.send(overTcp, TransportType.TCP, dest, e -> transport.send(m, t, dest, e2 -> logUnsent(m, dest, e2)));
    }

    private static void logUnsent(SipMessage m, InetSocketAddress dest, Throwable e) {
        LOG.log(System.Logger.Level.DEBUG, "cannot send {0} to {1}: {2}", m.startLine(), dest, e.toString());
    }

    /**
     * The CANCEL for {@code invite} (9.1): same Request-URI, Call-ID, From, To and CSeq number, the
     * INVITE's top Via only (so it matches the same server transaction hop by hop), its Route headers.
     */
    public static SipRequest createCancel(SipRequest invite) {
        return sameHopRequest("CANCEL", invite, invite.header(HeaderNames.TO));
    }

    /**
     * The ACK for a non-2xx final response (17.1.1.3): Request-URI, Call-ID, From and CSeq number of the
     * request, its top Via only, the To of the response (with the tag the server chose), its Route headers.
     */
    static SipRequest createAck(SipRequest request, SipResponse response) {
        return sameHopRequest("ACK", request, response.header(HeaderNames.TO));
    }

    /** CANCEL and non-2xx ACK share their shape: the request's hop (top Via, Route) and identity, a given To. */
    private static SipRequest sameHopRequest(String method, SipRequest request, String to) {
        SipRequest.Builder b = SipRequest.builder(method, request.requestUri())
                .header(HeaderNames.VIA, request.topVia().toString())
                .maxForwards(70);
        for (HeaderField f : request.fields(HeaderNames.ROUTE)) b.header(HeaderNames.ROUTE, f.value());
        return b.header(HeaderNames.FROM, request.header(HeaderNames.FROM))
                .header(HeaderNames.TO, to)
                .callId(request.callId())
                .cseq(request.cseq().number())
                .build();
    }

    /** Live transactions, server and client. */
    public int size() {
        return servers.size() + clients.size();
    }

    // ---- server side (17.2.3) ----

    private void onRequest(InboundMessage m, SipRequest r) {
        if (r.topVia() == null) return; // the validator rejects these; nothing to match or answer with
        String method = r.method();
        if (method.equals("ACK")) {
            ServerTx tx = matchServer(r, "INVITE");
            if (tx != null) tx.onAck(m);
            else user.onAck(m); // the ACK for a 2xx: a transaction of its own in the eyes of nobody but the TU
            return;
        }
        ServerTx tx = matchServer(r, method);
        if (tx != null) {
            tx.onRetransmission();
            return;
        }
        if (method.equals("CANCEL")) {
            onCancel(m, r);
            return;
        }
        tx = newServer(m, r, method);
        user.onRequest(tx);
    }

    /** 9.2: the layer answers a CANCEL itself; the TU only hears about one that can still change something. */
    private void onCancel(InboundMessage m, SipRequest cancel) {
        ServerTx invite = matchServer(cancel, "INVITE");
        ServerTx tx = newServer(m, cancel, "CANCEL");
        if (invite == null) {
            tx.respond(withToTag(cancel.createResponse(481), null));
            return;
        }
        invite.markCancelled();
        tx.respond(withToTag(cancel.createResponse(200), invite.responseToTag()));
        if (invite.state() == ServerTransaction.State.PROCEEDING) user.onCancel(invite);
    }

    /** A final response needs a To tag (8.2.6.2): the one the INVITE's responses carry when there is one. */
    private static SipResponse withToTag(SipResponse r, String preferred) {
        if (r.toTag() != null) return r;
        return r.withToTag(preferred != null ? preferred : Branches.newTag());
    }

    private ServerTx newServer(InboundMessage m, SipRequest r, String method) {
        Via via = r.topVia();
        String id = via.hasRfc3261Branch() ? rfc3261Key(via, method) : rfc2543Key(r, method, r.toTag());
        ServerTx tx = new ServerTx(this, m, id);
        servers.put(id, tx);
        tx.start();
        return tx;
    }

    /**
     * The server transaction {@code r} belongs to, where {@code method} is the method of the request that
     * created it (INVITE for an ACK, and for a CANCEL looking for what it cancels).
     */
    private ServerTx matchServer(SipRequest r, String method) {
        Via via = r.topVia();
        if (via.hasRfc3261Branch()) return servers.get(rfc3261Key(via, method));
        if (!r.isMethod("ACK")) return servers.get(rfc2543Key(r, method, r.toTag()));
        // RFC 2543 ACK: its To tag is the one of the response, which the INVITE had only if it was a re-INVITE.
        ServerTx tx = servers.get(rfc2543Key(r, method, r.toTag()));
        if (tx != null) return tx;
        tx = servers.get(rfc2543Key(r, method, null));
        return tx != null && Objects.equals(tx.responseToTag(), r.toTag()) ? tx : null;
    }

    /** 17.2.3: branch, sent-by and method (case-insensitive host). */
    private static String rfc3261Key(Via via, String method) {
        return via.branch() + '|' + via.sentBy().toLowerCase(Locale.ROOT) + '|' + method;
    }

    /** 17.2.3 for RFC 2543 peers: Request-URI, To tag, From tag, Call-ID, CSeq number and top Via. */
    private static String rfc2543Key(SipRequest r, String method, String toTag) {
        Via v = r.topVia();
        // received and rport are ours, added on arrival; they are not part of what the client sent.
        Parameters p = v.parameters().without("received").without("rport");
        Via sent = new Via(v.protocol(), v.transport(), v.host().toLowerCase(Locale.ROOT), v.port(), p);
        CSeq cseq = r.cseq();
        return "2543|" + method + '|' + r.rawRequestUri() + '|' + toTag + '|' + r.fromTag() + '|' + r.callId()
                + '|' + (cseq == null ? -1 : cseq.number()) + '|' + sent;
    }

    // ---- client side (17.1.3) ----

    private void onResponse(InboundMessage m, SipResponse r) {
        Via via = r.topVia();
        CSeq cseq = r.cseq();
        ClientTx tx = via == null || via.branch() == null || cseq == null ? null : clients.get(clientKey(via.branch(), cseq.method()));
        if (tx == null) user.onStrayResponse(m);
        else tx.onResponse(r);
    }

    private static String clientKey(String branch, String method) {
        return branch + '|' + method;
    }

    // ---- bookkeeping ----

    void removed(ServerTx tx) {
        servers.remove(tx.id(), tx);
    }

    void removed(ClientTx tx) {
        clients.remove(tx.key(), tx);
    }
}
