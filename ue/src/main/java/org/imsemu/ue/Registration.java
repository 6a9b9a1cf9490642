package org.imsemu.ue;

import java.util.List;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.SipResponse;

/**
 * The outcome of one registration procedure (initial, refresh or de-registration, TS 24.229 5.1.1).
 *
 * @param status         final status of the last REGISTER (200, 401, 403, a made-up 408/503...)
 * @param expires        expiry the registrar granted in seconds; 0 after de-registration or failure
 * @param serviceRoutes  Service-Route of the 200 (RFC 3608), preloaded as Route on originating requests
 * @param associatedUris P-Associated-URI of the 200: the implicitly registered public identities
 * @param requestsSent   REGISTER requests this procedure sent (2 when challenged once)
 * @param challenges     401 challenges answered during this procedure
 * @param response       the final response itself
 */
public record Registration(int status, String reason, long expires, List<NameAddress> serviceRoutes,
                           List<NameAddress> associatedUris, int requestsSent, int challenges, SipResponse response) {

    public Registration {
        serviceRoutes = List.copyOf(serviceRoutes);
        associatedUris = List.copyOf(associatedUris);
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    /** Registered now: a 2xx with a non-zero expiry. */
    public boolean isRegistered() {
        return isSuccess() && expires > 0;
    }

    @Override
    public String toString() {
        return "Registration[" + status + " " + reason + ", expires " + expires + " s, Service-Route " + serviceRoutes
                + ", P-Associated-URI " + associatedUris + ", " + requestsSent + " REGISTER(s), " + challenges + " challenge(s)]";
    }
}
