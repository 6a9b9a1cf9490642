package org.imsemu.rtp;

/** Which way media flows on a session, as negotiated by SDP (RFC 3264 section 5.1, a=sendrecv etc.). */
public enum MediaDirection {
    SEND_RECV, SEND_ONLY, RECV_ONLY, INACTIVE;

    public boolean sends() {
        return this == SEND_RECV || this == SEND_ONLY;
    }

    public boolean receives() {
        return this == SEND_RECV || this == RECV_ONLY;
    }
}
