package org.imsemu.sip.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import org.imsemu.sip.uri.SipUri;

/**
 * Turns the URI a request is sent to (top Route or Request-URI) into a next hop. Asynchronous so that
 * an RFC 3263 DNS resolver (NAPTR, SRV, A/AAAA) can plug in; the future completes on any thread and
 * callers hop back to their stack thread.
 */
@FunctionalInterface
public interface TargetResolver {

    CompletableFuture<NextHop> resolve(SipUri uri);

    /**
     * Numeric addresses (and whatever the JVM resolver knows, such as localhost) with the URI's port or
     * 5060 and its transport parameter or UDP; maddr overrides the host (RFC 3261 section 19.1.1).
     */
    TargetResolver NUMERIC = uri -> {
        String host = uri.maddr() != null ? uri.maddr() : uri.hostAddress();
        if (host.startsWith("[")) host = host.substring(1, host.length() - 1);
        String t = uri.transport();
        int port = uri.port() > 0 ? uri.port() : 5060;
        try {
            TransportType transport = t == null ? TransportType.UDP : TransportType.fromName(t);
            return CompletableFuture.completedFuture(new NextHop(transport, new InetSocketAddress(InetAddress.getByName(host), port)));
        } catch (UnknownHostException | IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
    };
}
