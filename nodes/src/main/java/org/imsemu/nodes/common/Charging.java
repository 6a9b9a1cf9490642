package org.imsemu.nodes.common;

import java.util.UUID;
import org.imsemu.sip.header.ChargingVector;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;

/**
 * The charging P-headers of RFC 7315 (P-Charging-Vector, P-Charging-Function-Addresses) as the CSCFs
 * handle them (TS 24.229 5.2, 5.4). All CSCFs of the emulator, of both operators, form one trust domain
 * for them; they are only ever removed on the way to a UE, which must never see them (nor another UE's
 * P-Access-Network-Info).
 */
public final class Charging {
    private Charging() {
    }

    /** A fresh vector: a new ICID, and who generated it (TS 24.229 5.2.6.3.3, RFC 7315 4.6). */
    public static ChargingVector newVector(String generatedAt) {
        return ChargingVector.of(UUID.randomUUID().toString()).with("icid-generated-at", generatedAt);
    }

    /** The request's vector with {@code name=value} added (or replaced); unchanged without a readable vector. */
    public static SipRequest withIoi(SipRequest req, String name, String value) {
        ChargingVector v = vector(req);
        return v == null ? req : req.withHeader(HeaderNames.P_CHARGING_VECTOR, v.with(name, value).toString());
    }

    private static ChargingVector vector(SipRequest req) {
        try {
            return req.pChargingVector();
        } catch (RuntimeException e) {
            return null; // malformed: left as it is rather than guessed at
        }
    }

    /** The default Charging Collection Function address of a network, while none is configured. */
    public static String defaultCcf(String domain) {
        return "cdf." + domain;
    }

    /** Headers that stay inside the trust domain: charging data, and the access network a UE reported. */
    private static final java.util.List<String> NETWORK_ONLY = java.util.List.of(HeaderNames.P_CHARGING_VECTOR,
            HeaderNames.P_CHARGING_FUNCTION_ADDRESSES, HeaderNames.P_ACCESS_NETWORK_INFO);

    /** The request as it may go to a UE: without the headers that must not leave the trust domain (RFC 7315). */
    public static SipRequest towardsUe(SipRequest req) {
        SipRequest out = req;
        for (String h : NETWORK_ONLY) if (out.hasHeader(h)) out = out.withoutHeader(h);
        return out;
    }

    /** The response as it may go to a UE, likewise. */
    public static SipResponse towardsUe(SipResponse res) {
        SipResponse out = res;
        for (String h : NETWORK_ONLY) if (out.hasHeader(h)) out = out.withoutHeader(h);
        return out;
    }
}
