package org.imsemu.nodes.common;

import org.imsemu.sip.header.AuthHeader;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.uri.SipUri;

/** IMS identities as the CSCFs meet them in SIP (TS 23.003 13, TS 24.229 5.1.1.2). */
public final class Identities {
    private Identities() {
    }

    /**
     * The private identity a REGISTER is for: the user name of its Authorization (TS 24.229 has the UE
     * send one even before it is challenged), else derived from the public identity in To (user@host).
     */
    public static String privateIdentity(SipRequest register) {
        for (AuthHeader a : register.authHeaders(HeaderNames.AUTHORIZATION)) {
            String u = a.param("username");
            if (a.isDigest() && u != null && !u.isEmpty()) return u;
        }
        String impu = Routing.aor(register.to());
        return impu.startsWith("sip:") ? impu.substring(4) : impu;
    }

    /** A Server-Name (a SIP URI from the HSS) as a loose route. */
    public static SipUri routeTo(String serverName) {
        return SipUri.parse(serverName).withParameter("lr", null);
    }
}
