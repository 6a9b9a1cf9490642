package org.imsemu.sip.proxy;

/**
 * The routing decision of a proxy, the part that differs between a P-CSCF, an I-CSCF and an S-CSCF
 * (Kamailio's "request_route"). The core has already validated the request, checked Max-Forwards and
 * loops, and consumed Route entries that point at this proxy; the logic must eventually call one of
 * {@link ProxyRequest#forward}, {@link ProxyRequest#respond} — possibly later, after an asynchronous
 * lookup, as long as it hops back to the stack thread first.
 */
@FunctionalInterface
public interface ProxyLogic {

    void onRequest(ProxyRequest request);

    /** Forwards every request to its Request-URI (or its Route set): a plain loose-routing proxy. */
    ProxyLogic FORWARD = ProxyRequest::forwardToRequestUri;
}
