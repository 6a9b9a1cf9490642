package org.imsemu.diameter.node;

/** Peer states of RFC 6733 §5.6, for TCP without election races (Wait-Conn-Ack/Elect, Wait-Returns). */
public enum PeerState {
    CLOSED, WAIT_CONN_ACK, WAIT_I_CEA, R_OPEN, I_OPEN, CLOSING;

    public boolean isOpen() {
        return this == R_OPEN || this == I_OPEN;
    }
}
