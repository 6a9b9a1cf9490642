package org.imsemu.sip.header;

import org.imsemu.sip.codec.ValueScanner;

/**
 * A token followed by generic parameters, the shape of many extension headers: Event
 * ({@code reg;id=1}, RFC 6665), Subscription-State ({@code active;expires=600}), Security-Client/Server/
 * Verify ({@code ipsec-3gpp;alg=hmac-sha-1-96;spi-c=...}, RFC 3329), P-Charging-Vector
 * ({@code icid-value=...;orig-ioi=...}, RFC 7315 — its first element is itself a parameter), Privacy,
 * P-Access-Network-Info ({@code 3GPP-E-UTRAN-FDD;utran-cell-id-3gpp=...}).
 */
public record TokenWithParams(String value, Parameters parameters) {

    public static TokenWithParams parse(String text, String what) {
        ValueScanner sc = new ValueScanner(text, what);
        sc.skipLws();
        String token = sc.token();
        Parameters params = sc.parameters();
        sc.expectEnd();
        return new TokenWithParams(token, params);
    }

    public String parameter(String name) {
        return parameters.get(name);
    }

    public TokenWithParams withParameter(String name, String v) {
        return new TokenWithParams(value, parameters.with(name, v));
    }

    @Override
    public String toString() {
        return value + parameters;
    }
}
