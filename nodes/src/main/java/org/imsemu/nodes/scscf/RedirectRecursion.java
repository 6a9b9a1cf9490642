package org.imsemu.nodes.scscf;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.proxy.ProxyRequest;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;

/**
 * An originating S-CSCF following redirects itself (RFC 3261 16.5 and 16.7 step 6, TS 24.229 5.4.3.2):
 * when every branch failed and the best response is a 3xx, its Contacts become the new targets, each
 * routed afresh ({@code routesFor}: to its network by DNS, or through the THIG exit). A target already
 * tried is not tried again (a redirect loop), and after {@value #MAX_REDIRECTS} redirects the next 3xx
 * goes to the caller as it is; so does a 3xx whose Contacts are all tried or none a SIP URI.
 * One instance per request; stack-thread only.
 */
final class RedirectRecursion implements Function<SipResponse, List<Uri>> {
    static final int MAX_REDIRECTS = 5;

    private final ProxyRequest pr;
    private final Function<Uri, List<NameAddress>> routesFor;
    private final Set<String> tried = new HashSet<>();
    private int followed;

    RedirectRecursion(ProxyRequest pr, Uri firstTarget, Function<Uri, List<NameAddress>> routesFor) {
        this.pr = pr;
        this.routesFor = routesFor;
        tried.add(key(firstTarget));
    }

    @Override
    public List<Uri> apply(SipResponse failure) {
        if (failure.status() < 300 || failure.status() >= 400 || followed >= MAX_REDIRECTS) return List.of();
        List<Uri> next = new ArrayList<>();
        for (NameAddress c : failure.contacts()) {
            if (c.uri() instanceof SipUri s && tried.add(key(s))) next.add(s);
        }
        if (next.isEmpty()) return List.of();
        followed++;
        List<NameAddress> routes = routesFor.apply(next.get(0));
        pr.modify(r -> {
            var out = r.withoutHeader(org.imsemu.sip.message.HeaderNames.ROUTE);
            return routes.isEmpty() ? out : out.withHeaderFirst(org.imsemu.sip.message.HeaderNames.ROUTE, NameAddress.join(routes));
        });
        return next;
    }

    /** Redirects followed so far. */
    int followed() {
        return followed;
    }

    private static String key(Uri u) {
        return u instanceof SipUri s ? s.toAor().toString().toLowerCase(Locale.ROOT) : u.toString().toLowerCase(Locale.ROOT);
    }
}
