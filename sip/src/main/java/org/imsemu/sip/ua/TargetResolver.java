package org.imsemu.sip.ua;

import org.imsemu.sip.uri.SipUri;

/**
 * Turns the URI of the next hop (the first Route or the Request-URI, RFC 3261 section 8.1.2) into a
 * transport and address. {@link NumericTargetResolver} handles IP literals and {@code localhost}; an
 * RFC 3263 DNS resolver (NAPTR, SRV, A/AAAA) plugs in here later.
 */
@FunctionalInterface
public interface TargetResolver {

    /** Throws {@link UnresolvableTargetException} when the URI leads nowhere this resolver knows. */
    Target resolve(SipUri uri);
}
