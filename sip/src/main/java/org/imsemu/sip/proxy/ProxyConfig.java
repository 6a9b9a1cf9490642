package org.imsemu.sip.proxy;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who the proxy is: the host it writes in Via and Record-Route (an IP literal, IPv6 in brackets, or a
 * host name DNS resolves to it), its port, and every other name by which a Route or Request-URI may
 * designate it.
 *
 * @param host sent-by host and Record-Route host
 * @param port the SIP port (the same for UDP and TCP)
 * @param aliases other host names or addresses that mean this proxy
 * @param timerCMillis RFC 3261 16.6 step 11: how long an INVITE branch may stay in Proceeding (> 3 min)
 */
public record ProxyConfig(String host, int port, Set<String> aliases, long timerCMillis) {

    public ProxyConfig {
        aliases = aliases.stream().map(ProxyConfig::normalise).collect(Collectors.toUnmodifiableSet());
    }

    public static ProxyConfig of(String host, int port) {
        return new ProxyConfig(host, port, Set.of(), 181_000);
    }

    /** The same proxy with another Timer C duration (tests use a short one). */
    public ProxyConfig withTimerCMillis(long millis) {
        return new ProxyConfig(host, port, aliases, millis);
    }

    /** Whether a host (a Via sent-by, a URI host; IPv6 with or without brackets) designates this proxy. */
    public boolean isLocalHost(String h) {
        String n = normalise(h);
        return n.equals(normalise(host)) || aliases.contains(n);
    }

    private static String normalise(String h) {
        String lower = h.toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }
}
