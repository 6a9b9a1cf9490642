package org.imsemu.sip.transaction;

import java.net.InetSocketAddress;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transport.TransportType;

/**
 * The INVITE (17.1.1 with RFC 6026) and non-INVITE (17.1.2) client transactions. Confined to the stack
 * thread.
 */
final class ClientTx implements ClientTransaction {
    private final TransactionLayer layer;
    private SipRequest request;
    private final String branch;
    private final String key;
    private final boolean invite;
    private TransportType transport;
    /** The request as it was for UDP, while it goes over TCP for its size (18.1.1); null otherwise. */
    private SipRequest udpForm;
    private final InetSocketAddress destination;
    private final ClientTransactionListener listener;

    private State state;
    private boolean provisional;
    private SipRequest ack;                 // the ACK for a non-2xx final, re-sent on its retransmissions
    private SipTimer.Timeout retransmit;    // Timer A or E
    private SipTimer.Timeout timeout;       // Timer B or F
    private SipTimer.Timeout ending;        // Timer D, K or M
    private SipTimer.Timeout cancelGuard;   // INVITE only: 64*T1 after our CANCEL (9.1)
    private long retransmitInterval;

    ClientTx(TransactionLayer layer, SipRequest request, String key, TransportType transport,
             InetSocketAddress destination, ClientTransactionListener listener, SipRequest udpForm) {
        this.layer = layer;
        this.request = request;
        this.branch = request.topVia().branch();
        this.key = key;
        this.invite = request.isMethod("INVITE");
        this.transport = transport;
        this.destination = destination;
        this.listener = listener;
        this.udpForm = udpForm;
        this.state = invite ? State.CALLING : State.TRYING;
    }

    void start() {
        if (!transport.isReliable()) armRetransmission();
        timeout = layer.timer.schedule(layer.settings.timeout(), this::timeoutTimer);
        sendRequest();
    }

    /** Timer A or E from T1. */
    private void armRetransmission() {
        retransmitInterval = layer.settings.t1();
        retransmit = layer.timer.schedule(retransmitInterval, this::retransmitTimer);
    }

    String key() {
        return key;
    }

    @Override
    public SipRequest request() {
        return request;
    }

    @Override
    public String branch() {
        return branch;
    }

    @Override
    public State state() {
        return state;
    }

    @Override
    public TransportType transport() {
        return transport;
    }

    @Override
    public InetSocketAddress destination() {
        return destination;
    }

    @Override
    public boolean hasProvisional() {
        return provisional;
    }

    private boolean waitingForFinal() {
        return state == State.CALLING || state == State.TRYING || state == State.PROCEEDING;
    }

    private void retransmitTimer() {
        if (!waitingForFinal()) return;
        TimerSettings s = layer.settings;
        if (invite) {
            retransmitInterval = 2 * retransmitInterval;              // Timer A doubles without a cap
        } else if (state == State.PROCEEDING) {
            retransmitInterval = s.t2();                              // Timer E in Proceeding: T2
        } else {
            retransmitInterval = Math.min(2 * retransmitInterval, s.t2());
        }
        retransmit = layer.timer.schedule(retransmitInterval, this::retransmitTimer);
        sendRequest();
    }

    private void timeoutTimer() {
        if (!waitingForFinal()) return;
        terminate();
        listener.onTimeout(this);
    }

    /**
     * A CANCEL for this INVITE went out (9.1): if no final response comes within 64*T1, the INVITE counts
     * as cancelled and the transaction ends, reported as a timeout. Without this a downstream that never
     * answers would keep the transaction in Proceeding for ever (Timer B only guards Calling).
     */
    void cancelSent() {
        if (!invite || !waitingForFinal() || cancelGuard != null) return;
        cancelGuard = layer.timer.schedule(layer.settings.timeout(), this::cancelGuardTimer);
    }

    private void cancelGuardTimer() {
        if (!waitingForFinal()) return;
        terminate();
        listener.onTimeout(this);
    }

    void onResponse(SipResponse r) {
        if (invite) onInviteResponse(r);
        else onNonInviteResponse(r);
    }

    private void onInviteResponse(SipResponse r) {
        switch (state) {
            case CALLING, PROCEEDING -> {
                // Timer B only guards the Calling state; after a provisional the TU decides when to give up.
                cancel(retransmit);
                cancel(timeout);
                if (r.isFinal()) cancel(cancelGuard); // a provisional after the CANCEL does not restart it
                if (r.isProvisional()) {
                    state = State.PROCEEDING;
                    provisional = true;
                } else if (r.isSuccess()) {
                    state = State.ACCEPTED; // RFC 6026: further 2xx reach the TU until Timer M
                    ending = layer.timer.schedule(layer.settings.timeout(), this::terminate);
                } else {
                    state = State.COMPLETED;
                    ack = TransactionLayer.createAck(request, r);
                    sendAck();
                    if (transport.isReliable()) terminate(); // Timer D is zero
                    else ending = layer.timer.schedule(TransactionLayer.TIMER_D_UDP, this::terminate);
                }
                listener.onResponse(this, r);
                if (r.isFinal()) linger();
            }
            case ACCEPTED -> {
                // A 2xx retransmission or a 2xx from another fork: the UAC core ACKs each one (13.2.2.4).
                if (r.isSuccess()) listener.onResponse(this, r);
            }
            case COMPLETED -> {
                if (r.isFinal() && !r.isSuccess()) sendAck(); // the final was retransmitted: our ACK was lost
            }
            default -> {
            }
        }
    }

    private void onNonInviteResponse(SipResponse r) {
        if (!waitingForFinal()) return; // Completed: retransmitted finals are absorbed
        if (r.isProvisional()) {
            state = State.PROCEEDING;
            provisional = true;
        } else {
            state = State.COMPLETED;
            cancel(retransmit);
            cancel(timeout);
            if (transport.isReliable()) terminate(); // Timer K is zero
            else ending = layer.timer.schedule(layer.settings.t4(), this::terminate);
        }
        listener.onResponse(this, r);
        if (r.isFinal()) linger();
    }

    /**
     * A final response came: the transaction only waits (Timer D, K or M) for retransmissions and, for
     * INVITE, further 2xx. The request stays, not what was decoded from it.
     */
    private void linger() {
        if (state != State.TERMINATED) request.releaseDecoded();
    }

    private void sendRequest() {
        layer.transport.send(request, transport, destination, this::onTransportError);
    }

    private void sendAck() {
        // The TU already has the final response; a lost ACK only means the server retransmits it.
        layer.transport.send(ack, transport, destination, e -> { });
    }

    private void onTransportError(Throwable cause) {
        if (!waitingForFinal()) return;
        if (udpForm != null && !provisional) {
            // 18.1.1: the next hop takes no TCP (a UDP-only UE, SIPp): the same transaction goes on over
            // UDP after all, with retransmissions; every element must cope with large datagrams anyway.
            request = udpForm;
            udpForm = null;
            transport = TransportType.UDP;
            armRetransmission();
            sendRequest();
            return;
        }
        terminate();
        listener.onTransportError(this, cause);
    }

    void terminate() {
        if (state == State.TERMINATED) return;
        state = State.TERMINATED;
        cancel(retransmit);
        cancel(timeout);
        cancel(ending);
        cancel(cancelGuard);
        layer.removed(this);
    }

    private static void cancel(SipTimer.Timeout t) {
        if (t != null) t.cancel();
    }

    @Override
    public String toString() {
        return "ClientTransaction[" + request.method() + " " + branch + " " + state + "]";
    }
}
