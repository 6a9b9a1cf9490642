package org.imsemu.nodes.icscf;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.imsemu.nodes.common.NodeAddress;
import org.imsemu.sip.header.ChargingVector;
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
 * Topology hiding at the I-CSCF (THIG, TS 23.228 4.14, TS 24.229 5.3.3 in its Release 5/6 form): on a
 * message leaving the home network, the entries naming the network's hosts are replaced by one opaque
 * entry naming this I-CSCF and carrying them encrypted; on the way back in they are put back. Hidden:
 * every Via of a request leaving (the response restores them), and each run of the network's entries in
 * Record-Route, Path and Service-Route (a Route entry or Record-Route entry coming back is opened again, so
 * requests inside the dialog still reach the S- and P-CSCF). The icid-generated-at of P-Charging-Vector
 * (a P-CSCF's name) goes too. The token is AES-GCM under a key of this I-CSCF (one per network), so
 * nobody outside can read or forge it; keys live as long as the node.
 *
 * <p>Forms: a Via {@code SIP/2.0/UDP icscf:port;branch=z9hG4bKthig;thig=TOKEN} and a URI
 * {@code sip:thig-TOKEN@icscf:port;lr}. Not hidden: UEs' Contact and SDP (the peer needs them), and a 2xx
 * retransmitted after the client transaction has gone (forwarded along its Vias without this logic).
 */
final class TopologyHiding {
    static final String USER_PREFIX = "thig-";
    static final String VIA_PARAM = "thig";
    private static final List<String> LISTS = List.of(HeaderNames.RECORD_ROUTE, HeaderNames.PATH, HeaderNames.SERVICE_ROUTE);
    private static final int NONCE = 12;
    /** First line of a list token: hidden from a response (a UAC reverses it into its Route set) or a request. */
    private static final String REVERSED = "R";
    private static final String KEPT = "K";

    private final String domain;
    private final NodeAddress self;
    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    TopologyHiding(String domain, NodeAddress self) {
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.self = self;
        try {
            KeyGenerator g = KeyGenerator.getInstance("AES");
            g.init(128, random);
            this.key = g.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no AES in this JVM", e);
        }
    }

    /**
     * Applies hiding to a request passing this I-CSCF, by the hop it came from (top Via) and the hop it
     * goes to (first Route once our tokens are opened, else the Request-URI): entering, its Route tokens
     * are opened and its responses leave hidden; leaving, it is hidden and its responses come back opened.
     */
    void apply(ProxyRequest pr) {
        pr.modify(this::openRoutes);
        SipRequest req = pr.request();
        Via top = req.topVia();
        boolean fromOutside = top != null && isNamed(top.host()) && !isOurs(top.host());
        String next = nextHopHost(req);
        boolean toOutside = next != null && isNamed(next) && !isOurs(next);
        if (fromOutside && !toOutside) pr.onResponse(this::hide);
        if (toOutside) pr.modify(this::hide).onResponse(this::open);
    }

    // ---- hiding ----

    SipRequest hide(SipRequest req) {
        SipRequest out = req;
        List<String> vias = req.headerValues(HeaderNames.VIA);
        if (!vias.isEmpty()) {
            Via token = Via.of("UDP", self.fqdn(), self.sipPort(), Via.MAGIC_COOKIE + "thig").withParameter(VIA_PARAM, seal(vias));
            out = out.withoutHeader(HeaderNames.VIA).withHeaderFirst(HeaderNames.VIA, token.toString());
        }
        for (String h : LISTS) out = (SipRequest) hideRuns(out, h, false);
        return (SipRequest) withoutGeneratedAt(out);
    }

    SipResponse hide(SipResponse res) {
        SipMessage out = res;
        for (String h : LISTS) out = hideRuns(out, h, true);
        return (SipResponse) withoutGeneratedAt(out);
    }

    /**
     * Each run of consecutive entries naming our hosts (not this I-CSCF) becomes one token entry. A run
     * hidden in a response's Record-Route comes back in a UAC's Route set, which reversed the list (RFC
     * 3261 12.1.2): the token says so, and the run is reversed when opened in a Route.
     */
    private SipMessage hideRuns(SipMessage m, String header, boolean inResponse) {
        if (!m.hasHeader(header)) return m;
        List<NameAddress> entries = m.nameAddresses(header);
        List<NameAddress> out = new ArrayList<>(entries.size());
        List<String> run = new ArrayList<>();
        boolean changed = false;
        for (NameAddress e : entries) {
            if (isInternal(e.uri())) {
                run.add(e.toString());
                changed = true;
                continue;
            }
            flush(run, out, inResponse);
            out.add(e);
        }
        flush(run, out, inResponse);
        return changed ? m.withoutHeader(header).withHeaderLast(header, NameAddress.join(out)) : m;
    }

    private void flush(List<String> run, List<NameAddress> out, boolean reversedInRoute) {
        if (run.isEmpty()) return;
        List<String> payload = new ArrayList<>(run.size() + 1);
        payload.add(reversedInRoute ? REVERSED : KEPT);
        payload.addAll(run);
        out.add(NameAddress.of(SipUri.of(USER_PREFIX + seal(payload), self.fqdn(), self.sipPort()).withParameter("lr", null)));
        run.clear();
    }

    /** A host of this network other than this I-CSCF. */
    private boolean isInternal(Uri u) {
        return u instanceof SipUri s && isOurs(s.host()) && !s.host().equalsIgnoreCase(self.fqdn());
    }

    private SipMessage withoutGeneratedAt(SipMessage m) {
        if (!m.hasHeader(HeaderNames.P_CHARGING_VECTOR)) return m;
        try {
            ChargingVector v = m.pChargingVector();
            String at = v.parameters().get("icid-generated-at");
            if (at == null || !isOurs(at)) return m;
            return m.withHeader(HeaderNames.P_CHARGING_VECTOR, v.without("icid-generated-at").toString());
        } catch (RuntimeException e) {
            return m.withoutHeader(HeaderNames.P_CHARGING_VECTOR); // unreadable: it may say anything
        }
    }

    // ---- opening ----

    SipRequest openRoutes(SipRequest req) {
        return (SipRequest) openList(req, HeaderNames.ROUTE);
    }

    SipResponse open(SipResponse res) {
        SipMessage out = res;
        Via top = res.topVia();
        if (top != null && top.parameters().get(VIA_PARAM) != null && top.host().equalsIgnoreCase(self.fqdn())) {
            List<String> vias = unseal(top.parameters().get(VIA_PARAM));
            if (vias != null) {
                List<String> rest = res.headerValues(HeaderNames.VIA);
                out = out.withoutHeader(HeaderNames.VIA);
                List<String> all = new ArrayList<>(vias);
                all.addAll(rest.subList(1, rest.size()));
                out = out.withHeaderFirst(HeaderNames.VIA, String.join(", ", all));
            }
        }
        for (String h : LISTS) out = openList(out, h);
        return (SipResponse) out;
    }

    private SipMessage openList(SipMessage m, String header) {
        boolean route = header.equals(HeaderNames.ROUTE);
        if (!m.hasHeader(header)) return m;
        List<NameAddress> entries = m.nameAddresses(header);
        List<String> out = new ArrayList<>(entries.size());
        boolean changed = false;
        for (NameAddress e : entries) {
            List<String> inside = e.uri() instanceof SipUri s && s.user() != null && s.user().startsWith(USER_PREFIX)
                    && s.host().equalsIgnoreCase(self.fqdn()) ? unseal(s.user().substring(USER_PREFIX.length())) : null;
            if (inside == null || inside.isEmpty()) {
                out.add(e.toString());
            } else {
                List<String> entries2 = new ArrayList<>(inside.subList(1, inside.size()));
                if (route && REVERSED.equals(inside.get(0))) java.util.Collections.reverse(entries2);
                out.addAll(entries2);
                changed = true;
            }
        }
        return changed ? m.withoutHeader(header).withHeaderLast(header, String.join(", ", out)) : m;
    }

    // ---- tokens ----

    /** The values, encrypted and authenticated, as a URI-user and token safe string (base64url). */
    String seal(List<String> values) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = c.doFinal(String.join("\n", values).getBytes(StandardCharsets.UTF_8));
            byte[] all = new byte[NONCE + sealed.length];
            System.arraycopy(nonce, 0, all, 0, NONCE);
            System.arraycopy(sealed, 0, all, NONCE, sealed.length);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(all);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The values of a token this I-CSCF made, or null (not ours, altered, or from before a restart). */
    List<String> unseal(String token) {
        try {
            byte[] all = Base64.getUrlDecoder().decode(token);
            if (all.length <= NONCE) return null;
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, NONCE));
            String text = new String(c.doFinal(all, NONCE, all.length - NONCE), StandardCharsets.UTF_8);
            return List.of(text.split("\n"));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    // ---- hosts ----

    private boolean isOurs(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals(domain) || h.endsWith("." + domain);
    }

    private static boolean isNamed(String host) {
        if (host == null || host.isEmpty() || host.startsWith("[") || host.indexOf(':') >= 0) return false;
        char last = host.charAt(host.length() - 1);
        return !(last >= '0' && last <= '9');
    }

    private static String nextHopHost(SipRequest req) {
        List<NameAddress> routes = req.routes();
        Uri u = routes.isEmpty() ? req.requestUri() : routes.get(0).uri();
        return u instanceof SipUri s ? s.host() : null;
    }
}
