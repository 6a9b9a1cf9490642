package org.imsemu.sip.transaction;

import java.net.InetSocketAddress;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.transport.TransportType;

/** A client transaction (RFC 3261 sections 17.1.1 and 17.1.2 with the RFC 6026 Accepted state). */
public interface ClientTransaction {

    enum State { CALLING, TRYING, PROCEEDING, ACCEPTED, COMPLETED, TERMINATED }

    SipRequest request();

    /** The branch of the top Via: the transaction's key. */
    String branch();

    State state();

    TransportType transport();

    InetSocketAddress destination();

    /** Whether any provisional response has arrived (a CANCEL may only be sent after one, 9.1). */
    boolean hasProvisional();
}
