package org.imsemu.capture;

/** Whether the recording node sent or received the message. */
public enum Direction {
    SENT, RECEIVED;

    static Direction of(org.imsemu.sip.transport.CapturedMessage.Direction d) {
        return d == org.imsemu.sip.transport.CapturedMessage.Direction.SENT ? SENT : RECEIVED;
    }
}
