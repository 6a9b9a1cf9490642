package org.imsemu.sip.transaction;

import org.imsemu.sip.message.SipResponse;

/** What a client transaction reports to its TU, on the stack thread. */
public interface ClientTransactionListener {

    /** Each provisional response, the final response, and (INVITE, Accepted state) further 2xx responses. */
    void onResponse(ClientTransaction transaction, SipResponse response);

    /** Timer B or F fired: no final response. The TU acts as if it received 408 (8.1.3.1). */
    void onTimeout(ClientTransaction transaction);

    /** The transport could not send the request (8.1.3.1: treat as 503). */
    void onTransportError(ClientTransaction transaction, Throwable cause);
}
