package org.imsemu.sip.transaction;

import org.imsemu.sip.transport.InboundMessage;

/**
 * The layer above the transactions (a proxy core, a user-agent core). All callbacks run on the stack
 * thread. RFC 3261 section 17: the transaction layer absorbs retransmissions and sends ACKs for non-2xx
 * finals itself; everything else reaches the TU here.
 */
public interface TransactionUser {

    /** A new request (not a retransmission, not an ACK, not a CANCEL that matched an INVITE). */
    void onRequest(ServerTransaction transaction);

    /**
     * A CANCEL that matched the INVITE server transaction {@code invite}. The layer has already answered
     * the CANCEL with 200; the TU decides what happens to the INVITE (a UAS answers 487, a proxy cancels
     * its branches, section 16.10).
     */
    void onCancel(ServerTransaction invite);

    /** An ACK that matched no INVITE server transaction: the ACK for a 2xx, handled by the TU (13.3.1.4, 16.7). */
    void onAck(InboundMessage ack);

    /** A response that matched no client transaction, such as a retransmitted 2xx to INVITE (a proxy forwards it, 16.7). */
    void onStrayResponse(InboundMessage response);

    /**
     * The transport could not send a response of {@code transaction} (17.2.4); the transaction has
     * terminated. The default ignores it.
     */
    default void onTransportError(ServerTransaction transaction, Throwable cause) {
    }
}
