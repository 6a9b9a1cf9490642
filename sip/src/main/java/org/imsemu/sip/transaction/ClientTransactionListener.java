package org.imsemu.sip.transaction;

import org.imsemu.sip.message.SipResponse;

/** What a client transaction reports to its TU, on the stack thread. */
public interface ClientTransactionListener {

    /** For transactions whose outcome nobody waits for, such as a CANCEL. */
    ClientTransactionListener IGNORE = new ClientTransactionListener() {
        @Override
        public void onResponse(ClientTransaction transaction, SipResponse response) {
        }

        @Override
        public void onTimeout(ClientTransaction transaction) {
        }

        @Override
        public void onTransportError(ClientTransaction transaction, Throwable cause) {
        }
    };

    /** Each provisional response, the final response, and (INVITE, Accepted state) further 2xx responses. */
    void onResponse(ClientTransaction transaction, SipResponse response);

    /**
     * Timer B or F fired: no final response. The TU acts as if it received 408 (8.1.3.1). Also an INVITE
     * with no final response 64*T1 after a CANCEL was sent for it (9.1): the TU may count it as cancelled.
     */
    void onTimeout(ClientTransaction transaction);

    /** The transport could not send the request (8.1.3.1: treat as 503). */
    void onTransportError(ClientTransaction transaction, Throwable cause);
}
