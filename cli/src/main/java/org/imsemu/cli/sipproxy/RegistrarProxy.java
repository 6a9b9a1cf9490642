package org.imsemu.cli.sipproxy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imsemu.sip.header.AuthHeader;
import org.imsemu.sip.ua.DigestVerifier;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.proxy.ProxyLogic;
import org.imsemu.sip.proxy.ProxyRequest;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;

/**
 * A plain registrar and record-routing proxy for one domain, assembled from the library: the debug
 * `imsemu sip-proxy` and the peer for SIPp interoperability tests. REGISTER for the domain updates the
 * location service; requests for a registered user fork to its contacts; everything else follows its
 * Request-URI.
 */
public final class RegistrarProxy implements ProxyLogic {
    static final long DEFAULT_EXPIRES = 3600;
    static final long MAX_EXPIRES = 7200;

    private final String domain;
    private final LocationService location;
    private final Map<String, String> passwords;
    /** Nonces we issued and not yet saw used, oldest first; bounded so that a flood cannot grow it. */
    private final Map<String, Boolean> nonces = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 10_000;
        }
    };

    /** Without credentials: every REGISTER is accepted (a load-test registrar). */
    public RegistrarProxy(String domain, LocationService location) {
        this(domain, location, Map.of());
    }

    /** With credentials (user name to password): REGISTER is challenged with Digest MD5, qop=auth (RFC 3261 22.4). */
    public RegistrarProxy(String domain, LocationService location, Map<String, String> passwords) {
        this.domain = domain;
        this.location = location;
        this.passwords = Map.copyOf(passwords);
    }

    @Override
    public void onRequest(ProxyRequest pr) {
        SipRequest req = pr.request();
        Uri ruri = req.requestUri();
        if (pr.isInDialog() || req.hasHeader(HeaderNames.ROUTE) || req.isMethod("ACK")) {
            pr.forwardToRequestUri(); // in-dialog or pre-routed: follow the Route set (RFC 3261 16.12)
            return;
        }
        if (!(ruri instanceof SipUri target)) {
            pr.respond(416);
            return;
        }
        // A domain name is ours on any port; when the "domain" is our IP address only our own port is.
        boolean forUs = pr.isLocal(target) || (target.host().equalsIgnoreCase(domain) && !isIpLiteral(domain));
        if (!forUs) {
            pr.recordRoute().forwardToRequestUri();
            return;
        }
        if (req.isMethod("REGISTER")) {
            register(pr);
            return;
        }
        if (target.user() == null) {
            pr.respond(req.isMethod("OPTIONS") ? 200 : 404);
            return;
        }
        List<LocationService.Binding> bindings = location.lookup(target.toAor().toString());
        if (bindings.isEmpty()) {
            pr.respond(404);
            return;
        }
        List<Uri> targets = new ArrayList<>(bindings.size());
        for (LocationService.Binding b : bindings) targets.add(b.contact().uri());
        List<NameAddress> path = bindings.get(0).path();
        if (!path.isEmpty()) {
            // RFC 3327: requests to a contact registered through a Path go through that Path first.
            pr.modify(r -> r.withHeaderFirst(HeaderNames.ROUTE, NameAddress.join(path)));
        }
        pr.recordRoute().forward(targets);
    }

    /** True when the REGISTER may proceed; otherwise it has been answered 401 or 403. */
    private boolean authenticated(ProxyRequest pr) {
        if (passwords.isEmpty()) return true;
        SipRequest req = pr.request();
        AuthHeader creds = null;
        for (AuthHeader a : req.authHeaders(HeaderNames.AUTHORIZATION)) {
            if (a.isDigest() && domain.equalsIgnoreCase(a.param("realm"))) creds = a;
        }
        if (creds != null) {
            String password = passwords.get(creds.param("username"));
            String nonce = creds.param("nonce");
            boolean known = nonce != null && nonces.containsKey(nonce);
            if (password != null && known && DigestVerifier.verify(creds, req.method(), req.body(), password)) return true;
            if (password == null || known) {
                pr.respond(403);
                return false;
            }
            // An unknown (expired) nonce with an otherwise plausible answer: challenge again, stale=true.
        }
        String nonce = DigestVerifier.newNonce();
        nonces.put(nonce, Boolean.TRUE);
        AuthHeader challenge = DigestVerifier.challenge(domain, nonce, null, true, "MD5", creds != null);
        pr.respond(req.createResponse(401).withHeader(HeaderNames.WWW_AUTHENTICATE, challenge.toString()));
        return false;
    }

    private void register(ProxyRequest pr) {
        if (!authenticated(pr)) return;
        SipRequest req = pr.request();
        String aor = req.to().sipUri().toAor().toString();
        long headerExpires = req.expires();
        if (req.isWildcardContact()) {
            if (headerExpires != 0) {
                pr.respond(400, "Wildcard Contact Requires Expires 0");
                return;
            }
            location.removeAll(aor);
            pr.respond(req.createResponse(200));
            return;
        }
        for (NameAddress c : req.contacts()) {
            String p = c.parameter("expires");
            long expires = p != null ? Long.parseLong(p) : headerExpires >= 0 ? headerExpires : DEFAULT_EXPIRES;
            LocationService.Binding old = location.find(aor, c);
            if (old != null && old.callId().equals(req.callId()) && old.cseq() >= req.cseq().number()) {
                pr.respond(500, "Out-of-Order REGISTER");
                return;
            }
            location.update(aor, c.withUri(c.uri()), Math.min(expires, MAX_EXPIRES), req.callId(), req.cseq().number(), req.paths());
        }
        SipResponse ok = req.createResponse(200);
        long now = location.now();
        for (LocationService.Binding b : location.lookup(aor)) {
            NameAddress contact = b.contact().withParameter("expires", Long.toString(b.secondsLeft(now)));
            ok = ok.withHeaderLast(HeaderNames.CONTACT, contact.toString());
        }
        if (req.hasHeader(HeaderNames.PATH)) ok = ok.withHeaderLast(HeaderNames.PATH, NameAddress.join(req.paths()));
        pr.respond(ok);
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
