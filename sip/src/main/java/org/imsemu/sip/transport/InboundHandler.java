package org.imsemu.sip.transport;

/** Receives the messages a transport parsed and validated, on the stack thread. */
@FunctionalInterface
public interface InboundHandler {
    void onMessage(InboundMessage message);
}
