package org.imsemu.diameter.node;

import java.io.IOException;

/**
 * The peer a request was sent to went down (closed, or failed its watchdog) before answering, and no
 * other peer could take the request over. Whether it was served is unknown.
 */
public class PeerDownException extends IOException {
    private static final long serialVersionUID = 1L;

    public PeerDownException(String message) {
        super(message);
    }
}
