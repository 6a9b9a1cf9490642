package org.imsemu.ue;

/** A call that ended before it was answered: the INVITE's final status says why (404, 480, 486, 487...). */
public final class CallFailedException extends RuntimeException {
    private final int status;

    public CallFailedException(int status, String reason) {
        super("call failed: " + status + (reason == null ? "" : " " + reason));
        this.status = status;
    }

    public int status() {
        return status;
    }
}
