package org.imsemu.as;

/**
 * The service logic of an IMS application server (the ISC interface, TS 23.228 §4.2.4, TS 24.229
 * §5.7). The {@link AsHost} calls {@link #onRequest} for every request the S-CSCF (or a dialog peer)
 * sends to the AS, on the host's SIP thread. The implementation must decide each request exactly once,
 * now or later: {@link AsRequest#proceed()}, {@link AsRequest#retarget}, {@link AsRequest#respond} or
 * {@link AsRequest#redirect} or {@link AsRequest#actAsB2bua}. It must not block (no waiting on futures): ask the HSS with
 * {@link AsRequest#sh()} and decide in the future's continuation.
 */
@FunctionalInterface
public interface ApplicationServer {

    void onRequest(AsRequest request);

    /** The host is up (sockets bound, Sh connection under way): register Sh listeners here. */
    default void onStart(AsHost host) {
    }

    /** The host is closing. */
    default void onStop() {
    }
}
