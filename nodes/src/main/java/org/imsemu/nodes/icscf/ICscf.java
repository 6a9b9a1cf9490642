package org.imsemu.nodes.icscf;

import java.util.List;
import java.util.Locale;
import org.imsemu.nodes.common.Routing;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.proxy.ProxyLogic;
import org.imsemu.sip.proxy.ProxyRequest;
import org.imsemu.sip.uri.SipUri;

/**
 * The Interrogating-CSCF (TS 24.229 5.3), its operator's entry point: DNS (NAPTR/SRV for the domain)
 * leads other networks' requests and every REGISTER here. Read top to bottom:
 * <ol>
 * <li>Requests inside a dialog, and the ACK of a 2xx, follow their Route set.</li>
 * <li>A request whose Request-URI is not of this operator is refused (404): an I-CSCF routes only
 * towards its own users.</li>
 * <li>REGISTER and initial requests go to the S-CSCF serving the user; the I-CSCF keeps no state.
 * Release 1 has one S-CSCF per domain, named by the scenario; with the HSS, UAR (registration) and LIR
 * (terminating requests) choose it.</li>
 * <li>Initial requests are record-routed, so that the whole dialog passes every CSCF.</li>
 * </ol>
 */
public final class ICscf implements ProxyLogic {

    private final String domain;
    private final SipUri scscf;

    /** @param scscf the loose-routing URI of the domain's S-CSCF */
    public ICscf(String domain, SipUri scscf) {
        this.domain = domain.toLowerCase(Locale.ROOT);
        this.scscf = scscf;
    }

    @Override
    public void onRequest(ProxyRequest pr) {
        if (pr.isInDialog() || pr.request().isMethod("ACK")) {
            pr.forwardToRequestUri();
            return;
        }
        if (!domain.equals(Routing.targetDomain(pr.request()))) {
            pr.respond(404, "Not Found: Not Served By This Network");
            return;
        }
        pr.modify(r -> Routing.pushRoutes(r, List.of(NameAddress.of(scscf))));
        if (!pr.request().isMethod("REGISTER")) pr.recordRoute();
        pr.forwardToRequestUri();
    }
}
