package org.imsemu.sip.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.imsemu.sip.uri.SipUri;

/**
 * RFC 3263 without DNS: the host (or maddr, which overrides it, RFC 3261 section 19.1.1) must be an IP
 * literal (IPv6 with or without brackets) or {@code localhost}; any other name is refused rather than
 * looked up, since a lookup would block the stack thread. The transport is the URI's transport parameter,
 * else {@code defaultTransport} (UDP per RFC 3263 section 4.1 for a numeric host without transport); the
 * port is the URI's, else 5060. No TLS, so sips is refused. Futures are always already complete: failed
 * with {@link UnresolvableTargetException} when the URI cannot be resolved.
 */
public final class NumericTargetResolver implements TargetResolver {
    public static final int DEFAULT_PORT = 5060;
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]+(%[0-9a-z]+)?");

    private final TransportType defaultTransport;

    public NumericTargetResolver() {
        this(TransportType.UDP);
    }

    public NumericTargetResolver(TransportType defaultTransport) {
        if (defaultTransport == null) throw new NullPointerException("defaultTransport");
        this.defaultTransport = defaultTransport;
    }

    @Override
    public CompletableFuture<NextHop> resolve(SipUri uri) {
        try {
            return CompletableFuture.completedFuture(nextHop(uri));
        } catch (UnresolvableTargetException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The next hop at once, for callers that need no future; throws {@link UnresolvableTargetException}. */
    public NextHop nextHop(SipUri uri) {
        if (uri.isSecure()) throw new UnresolvableTargetException("No TLS transport for " + uri);
        TransportType transport = defaultTransport;
        String t = uri.transport();
        if (t != null) {
            try {
                transport = TransportType.fromName(t);
            } catch (IllegalArgumentException e) {
                throw new UnresolvableTargetException("Unsupported transport '" + t + "' in " + uri);
            }
        }
        String host = uri.maddr() != null ? uri.maddr() : uri.hostAddress();
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        InetAddress address = literal(host);
        if (address == null) throw new UnresolvableTargetException("Not an IP address or localhost (no DNS yet): " + host);
        if (uri.port() == 0) throw new UnresolvableTargetException("Port 0 in " + uri);
        int port = uri.port() > 0 ? uri.port() : DEFAULT_PORT;
        return new NextHop(transport, new InetSocketAddress(address, port));
    }

    /**
     * The four bytes of a dotted-quad IPv4 literal in canonical form (no leading zeros), else null; the
     * forms this does not take (leading zeros, IPv6) go the general way. Every forwarded request comes here.
     */
    private static byte[] canonicalIpv4(String host) {
        byte[] out = new byte[4];
        int n = 0;
        int i = 0;
        int len = host.length();
        while (n < 4) {
            int start = i;
            int v = 0;
            while (i < len && i - start < 3 && host.charAt(i) >= '0' && host.charAt(i) <= '9') v = v * 10 + (host.charAt(i++) - '0');
            if (i == start || v > 255 || (i - start > 1 && host.charAt(start) == '0')) return null;
            out[n++] = (byte) v;
            if (n < 4) {
                if (i >= len || host.charAt(i) != '.') return null;
                i++;
            }
        }
        return i == len ? out : null;
    }

    /** The address of an IP literal or localhost, without any lookup; null otherwise. */
    static InetAddress literal(String host) {
        if (host.equalsIgnoreCase("localhost")) return InetAddress.getLoopbackAddress();
        byte[] quad = canonicalIpv4(host);
        if (quad != null) {
            try {
                return InetAddress.getByAddress(quad); // what getByName gives for a literal, without regex or split
            } catch (UnknownHostException e) {
                return null; // cannot happen for 4 bytes
            }
        }
        boolean v4 = IPV4.matcher(host).matches();
        boolean v6 = !v4 && host.indexOf(':') >= 0 && IPV6.matcher(host.toLowerCase(Locale.ROOT)).matches();
        if (!v4 && !v6) return null;
        if (v4) {
            for (String part : host.split("\\.")) if (Integer.parseInt(part) > 255) return null;
        }
        try {
            return InetAddress.getByName(host); // a literal: parsed, never looked up
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "NumericTargetResolver[default " + defaultTransport + "]";
    }
}
