package org.imsemu.sip.message;

import org.imsemu.sip.codec.SipParseException;

/**
 * A message whose framing or start line is broken. When the header section could still be read,
 * {@link #partialRequest()} holds what was recognised, so a server can answer 400 to the sender.
 */
public final class MalformedMessageException extends SipParseException {
    private static final long serialVersionUID = 1L;
    private final transient SipRequest partialRequest;

    public MalformedMessageException(String message, SipRequest partialRequest) {
        super(message);
        this.partialRequest = partialRequest;
    }

    /** The request as far as it could be read, or null (responses and unreadable messages). */
    public SipRequest partialRequest() {
        return partialRequest;
    }
}
