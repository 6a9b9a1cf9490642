package org.imsemu.sip.ua;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.uri.SipUri;

/**
 * RFC 3263 without DNS: the host (or maddr) must be an IP literal or {@code localhost}. The transport
 * is the URI's transport parameter, else {@code defaultTransport} (UDP per RFC 3263 section 4.1 for a
 * numeric host without transport); the port is the URI's, else 5060.
 */
public final class NumericTargetResolver implements TargetResolver {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    public static final int DEFAULT_PORT = 5060;

    private final TransportType defaultTransport;

    public NumericTargetResolver() {
        this(TransportType.UDP);
    }

    public NumericTargetResolver(TransportType defaultTransport) {
        this.defaultTransport = defaultTransport;
    }

    @Override
    public Target resolve(SipUri uri) {
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
        int port = uri.port() >= 0 ? uri.port() : DEFAULT_PORT;
        return new Target(transport, new InetSocketAddress(address, port));
    }

    /** The address of an IP literal or localhost, without any lookup; null otherwise. */
    static InetAddress literal(String host) {
        if (host.equalsIgnoreCase("localhost")) return InetAddress.getLoopbackAddress();
        boolean v4 = IPV4.matcher(host).matches();
        boolean v6 = host.indexOf(':') >= 0 && host.toLowerCase(Locale.ROOT).matches("[0-9a-f:.]+(%[0-9a-z]+)?");
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
}
