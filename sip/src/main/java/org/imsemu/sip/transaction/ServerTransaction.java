package org.imsemu.sip.transaction;

import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transport.InboundMessage;

/** A server transaction (RFC 3261 sections 17.2.1 and 17.2.2 with the RFC 6026 Accepted state). */
public interface ServerTransaction {

    enum State { TRYING, PROCEEDING, ACCEPTED, COMPLETED, CONFIRMED, TERMINATED }

    SipRequest request();

    /** The request as received, with source address and transport. */
    InboundMessage inbound();

    /** Key the transaction is matched by (branch + sent-by + method, or the RFC 2543 fallback). */
    String id();

    State state();

    /**
     * Sends a response; the transaction keeps it for retransmissions and changes state. Responses sent
     * after the transaction has a final response (other than 2xx retransmissions for INVITE) are refused
     * with IllegalStateException.
     */
    void respond(SipResponse response);

    /** True once a CANCEL matched this transaction. */
    boolean isCancelled();

    default boolean isInvite() {
        return request().isMethod("INVITE");
    }
}
