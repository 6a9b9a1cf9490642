package org.imsemu.sip.transport;

import java.util.concurrent.CompletableFuture;
import org.imsemu.sip.uri.SipUri;

/**
 * Turns the URI a request is sent to (top Route or Request-URI, RFC 3261 sections 8.1.2 and 16.6) into a
 * next hop. Asynchronous so that an RFC 3263 DNS resolver (NAPTR, SRV, A/AAAA) can plug in without
 * blocking the stack thread: the future completes on any thread and callers hop back to their stack
 * thread. A URI that leads nowhere gives a failed future ({@link UnresolvableTargetException}), never a
 * thrown exception.
 */
@FunctionalInterface
public interface TargetResolver {

    CompletableFuture<NextHop> resolve(SipUri uri);

    /**
     * IP literals and {@code localhost} only, no DNS: see {@link NumericTargetResolver}. Its futures are
     * complete at once.
     */
    TargetResolver NUMERIC = new NumericTargetResolver();
}
