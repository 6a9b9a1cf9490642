package org.imsemu.diameter.node;

import java.util.concurrent.TimeoutException;

/** No answer came within the request's timeout; the request may or may not have been served. */
public class AnswerTimeoutException extends TimeoutException {
    private static final long serialVersionUID = 1L;

    public AnswerTimeoutException(String message) {
        super(message);
    }
}
