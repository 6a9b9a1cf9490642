package org.imsemu.sip.transport;

/**
 * Sees every message a transport sends or receives, malformed ones included. Called on the transport's
 * event-loop thread: implementations must be fast and must not block (hand off to a queue).
 */
@FunctionalInterface
public interface MessageObserver {
    MessageObserver NONE = m -> { };

    void onMessage(CapturedMessage message);
}
