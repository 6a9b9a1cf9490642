package org.imsemu.ue;

/** Where a call is, seen from this UE. */
public enum CallState {
    /** INVITE sent (or received) and no ringing yet. */
    CALLING,
    /** 180 received (outgoing) or sent (incoming). */
    RINGING,
    /** 2xx sent or received: the dialog is confirmed and RTP flows. */
    ESTABLISHED,
    /** Over: hung up, cancelled, rejected or failed. */
    ENDED
}
