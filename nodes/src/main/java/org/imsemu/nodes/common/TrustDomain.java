package org.imsemu.nodes.common;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.header.Via;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipMessage;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.proxy.ProxyRequest;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;

/**
 * The trust domain for asserted identities (RFC 3325 section 2.3, TS 24.229 4.4) and the privacy service
 * at its edge (RFC 3323 section 5). The networks in it are named by their domains; a host is inside when
 * its name is one of them or under one. Trust follows host names, which the emulator's DNS makes true;
 * real networks authenticate their peers (NDS/IP, TLS) before believing them.
 *
 * <p>What leaves the trust domain (to a UE, or to a network outside it) loses, when the user asked for
 * privacy: with {@code id} the P-Asserted-Identity, with {@code header} the headers that reveal the user
 * or its device and are not needed to route (RFC 3323 5.1; Via, Record-Route and Contact would need a
 * stateful anonymiser and stay); in every case the headers only the network may see ({@link Charging}).
 * What enters from outside loses any P-Asserted-Identity, which nobody outside may assert.
 */
public final class TrustDomain {
    /** RFC 3323 5.1: headers that can reveal the user and that a privacy service removes for "header". */
    static final List<String> REVEALING = List.of("Call-Info", HeaderNames.USER_AGENT, "Organization", HeaderNames.SERVER,
            HeaderNames.SUBJECT, "In-Reply-To", "Reply-To", HeaderNames.WARNING);

    private final Set<String> domains;
    /** Every named host is trusted (the domains are then not consulted). */
    private final boolean everyone;

    /** @param domains the networks in the trust domain (this node's own among them) */
    public TrustDomain(Set<String> domains) {
        this(domains, false);
    }

    private TrustDomain(Set<String> domains, boolean everyone) {
        this.domains = domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.everyone = everyone;
    }

    /** A trust domain of this one network alone. */
    public static TrustDomain of(String domain) {
        return new TrustDomain(Set.of(domain));
    }

    /** Whether a host belongs to a network of the trust domain (IP literals never do: no name, no trust). */
    public boolean trusts(String host) {
        if (host == null) return false;
        if (everyone) return true;
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        for (String d : domains) if (h.equals(d) || h.endsWith("." + d)) return true;
        return false;
    }

    /** The trust domain of every named host: the emulator's default, all operators trusting each other. */
    public static TrustDomain everyone() {
        return new TrustDomain(Set.of(), true);
    }

    /**
     * At a node where requests may cross the edge (I-CSCF; S-CSCF for requests inside a dialog): a request
     * from a previous hop outside (its top Via) is disbelieved and its responses leave cleaned; a request
     * for a next hop outside (first Route, else the Request-URI) leaves cleaned and its responses are
     * disbelieved. Hosts without a name (UEs, test clients) are left alone: the P-CSCF is the edge
     * towards UEs.
     */
    public void atEdge(ProxyRequest pr) {
        SipRequest req = pr.request();
        Via top = req.topVia();
        if (top != null && isNamed(top.host()) && !trusts(top.host())) {
            pr.modify(TrustDomain::entering).onResponse(TrustDomain::leaving);
        }
        towards(pr, nextHopHost(req));
    }

    /** The request is about to go to {@code host}: cleaned if that is outside, and its responses disbelieved. */
    public void towards(ProxyRequest pr, String host) {
        if (host != null && isNamed(host) && !trusts(host)) {
            pr.modify(TrustDomain::leaving).onResponse(TrustDomain::entering);
        }
    }

    private static String nextHopHost(SipRequest req) {
        List<NameAddress> routes = req.routes();
        Uri u = routes.isEmpty() ? req.requestUri() : routes.get(0).uri();
        return u instanceof SipUri s ? s.host() : null;
    }

    /** A host name rather than an IP literal. */
    static boolean isNamed(String host) {
        if (host == null || host.isEmpty() || host.startsWith("[") || host.indexOf(':') >= 0) return false;
        char last = host.charAt(host.length() - 1);
        return !(last >= '0' && last <= '9');
    }

    // ---- RFC 3323 privacy ----

    /** Whether the message's Privacy header has {@code value} ("id", "header", "user", "critical"...). */
    public static boolean privacyRequested(SipMessage m, String value) {
        for (String v : m.headerValues(HeaderNames.PRIVACY)) {
            for (String token : v.split(";")) {
                if (token.strip().equalsIgnoreCase(value)) return true;
            }
        }
        return false;
    }

    /** A request as it may leave the trust domain. */
    public static SipRequest leaving(SipRequest req) {
        SipRequest out = Charging.towardsUe(req);
        if (privacyRequested(req, "id") && out.hasHeader(HeaderNames.P_ASSERTED_IDENTITY)) {
            out = out.withoutHeader(HeaderNames.P_ASSERTED_IDENTITY);
        }
        if (privacyRequested(req, "header")) {
            for (String h : REVEALING) if (out.hasHeader(h)) out = out.withoutHeader(h);
        }
        return out;
    }

    /** A response as it may leave the trust domain. */
    public static SipResponse leaving(SipResponse res) {
        SipResponse out = Charging.towardsUe(res);
        if (privacyRequested(res, "id") && out.hasHeader(HeaderNames.P_ASSERTED_IDENTITY)) {
            out = out.withoutHeader(HeaderNames.P_ASSERTED_IDENTITY);
        }
        if (privacyRequested(res, "header")) {
            for (String h : REVEALING) if (out.hasHeader(h)) out = out.withoutHeader(h);
        }
        return out;
    }

    /** A request from outside: nobody there may assert an identity (RFC 3325 5). */
    public static SipRequest entering(SipRequest req) {
        return req.hasHeader(HeaderNames.P_ASSERTED_IDENTITY) ? req.withoutHeader(HeaderNames.P_ASSERTED_IDENTITY) : req;
    }

    /** A response from outside, likewise. */
    public static SipResponse entering(SipResponse res) {
        return res.hasHeader(HeaderNames.P_ASSERTED_IDENTITY) ? res.withoutHeader(HeaderNames.P_ASSERTED_IDENTITY) : res;
    }
}
