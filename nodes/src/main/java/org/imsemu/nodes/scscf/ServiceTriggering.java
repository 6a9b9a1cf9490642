package org.imsemu.nodes.scscf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import java.util.Map;
import org.imsemu.nodes.common.NodeAddress;
import org.imsemu.nodes.common.Routing;
import org.imsemu.nodes.scscf.ifc.InitialFilterCriteria;
import org.imsemu.nodes.scscf.ifc.SessionCase;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.proxy.ProxyRequest;
import org.imsemu.sip.transaction.Branches;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;

/**
 * ISC (TS 24.229 5.4.3.2, 5.4.3.3): the S-CSCF evaluates the served user's initial filter criteria in
 * priority order and sends a matching request to the application server with its own URI after the AS in
 * Route, carrying an original dialog identifier ("odi-" token in the user part), so that the request
 * coming back is recognised and evaluation goes on after that criterion. When the AS does not answer, the
 * criterion's default handling applies: continue with the next one, or end the request (408).
 * Stack-thread only.
 */
final class ServiceTriggering {
    static final String ODI_PREFIX = "odi-";
    static final String P_SERVED_USER = "P-Served-User";
    private static final int MAX_PENDING = 100_000;

    /** Where evaluation stands for one request sent to an AS. */
    record Progress(String servedUser, SessionCase sessionCase, int priority, String target) {
    }

    /** Where a request goes: Route entries to put on top, and the targets (Request-URIs) to fork to. */
    record Target(List<NameAddress> routes, List<Uri> uris) {
    }

    /** Where the request goes once no criterion is left: the routing it would have had without services. */
    interface Continuation {
        Target target(SipRequest request);
    }

    private final NodeAddress self;
    private final Map<String, Progress> pending = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Progress> eldest) {
            return size() > MAX_PENDING;
        }
    };

    ServiceTriggering(NodeAddress self) {
        this.self = self;
    }

    /** The progress of a request that came back from an AS by our ODI route, or null. */
    Progress returning(ProxyRequest pr) {
        String user = Routing.routeUser(pr.consumedRoute());
        if (user == null || !user.startsWith(ODI_PREFIX)) return null;
        return pending.get(user.substring(ODI_PREFIX.length()));
    }

    /**
     * Forwards the request to the next AS whose criterion matches after priority {@code after}, or,
     * when none is left, where {@code done} says.
     */
    void next(ProxyRequest pr, ServedUsers.User user, SessionCase sessionCase, boolean registered, int after, Continuation done) {
        next(pr, user, sessionCase, registered, after, done, null);
    }

    /**
     * As {@link #next(ProxyRequest, ServedUsers.User, SessionCase, boolean, int, Continuation)}, with
     * {@code otherFailures} (may be null) deciding on final failures that are not an AS's default handling
     * (a 3xx to recurse on, say).
     */
    void next(ProxyRequest pr, ServedUsers.User user, SessionCase sessionCase, boolean registered, int after, Continuation done,
              Function<SipResponse, List<Uri>> otherFailures) {
        pr.forward(plan(pr, user, sessionCase, registered, after, done, otherFailures).uris());
    }

    private Target plan(ProxyRequest pr, ServedUsers.User user, SessionCase sessionCase, boolean registered, int after,
                        Continuation done, Function<SipResponse, List<Uri>> otherFailures) {
        pr.modify(ServiceTriggering::withoutServedUser);
        SipRequest req = pr.request();
        InitialFilterCriteria ifc = user == null || user.profile() == null ? null
                : user.profile().next(req, sessionCase, registered, after);
        if (ifc == null) {
            Target t = done.target(req);
            pr.modify(r -> Routing.pushRoutes(r, t.routes()));
            if (otherFailures != null) pr.onFailure(otherFailures);
            return t;
        }
        String token = Branches.newTag();
        pending.put(token, new Progress(user.registeredImpu(), sessionCase, ifc.priority(), targetOf(req)));
        SipUri as = SipUri.parse(ifc.applicationServer().serverName()).withParameter("lr", null);
        SipUri back = self.routeUri(ODI_PREFIX + token);
        String sescase = sessionCase.isOriginating() ? "orig" : "term";
        pr.modify(r -> Routing.pushRoutes(r, List.of(NameAddress.of(as), NameAddress.of(back)))
                .withHeader(P_SERVED_USER, "<" + user.registeredImpu() + ">;sescase=" + sescase + ";regstate="
                        + (registered ? "reg" : "unreg")));
        pr.onFailure(failure -> {
            // A response we made up ourselves (no To tag): the AS never answered; its default handling.
            if (failure.toTag() != null) return otherFailures == null ? List.of() : otherFailures.apply(failure);
            if (ifc.applicationServer().defaultHandling() == InitialFilterCriteria.DefaultHandling.SESSION_TERMINATED) {
                return List.of();
            }
            pending.remove(token);
            pr.modify(r -> Routing.replaceRoutes(r, routesAfterOdi(r, token)));
            return plan(pr, user, sessionCase, registered, ifc.priority(), done, otherFailures).uris();
        });
        return new Target(List.of(), List.of(req.requestUri()));
    }

    private static List<NameAddress> routesAfterOdi(SipRequest r, String token) {
        List<NameAddress> routes = new ArrayList<>(r.routes());
        while (!routes.isEmpty()) {
            NameAddress first = routes.remove(0);
            if (first.uri() instanceof SipUri s && (ODI_PREFIX + token).equals(s.user())) break;
        }
        return routes;
    }

    private static String targetOf(SipRequest req) {
        return Routing.aor(NameAddress.of(req.requestUri()));
    }

    static SipRequest withoutServedUser(SipRequest req) {
        return req.hasHeader(P_SERVED_USER) ? req.withoutHeader(P_SERVED_USER) : req;
    }
}
