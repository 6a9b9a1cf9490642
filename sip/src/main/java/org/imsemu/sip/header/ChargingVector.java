package org.imsemu.sip.header;

import org.imsemu.sip.codec.ValueScanner;

/**
 * P-Charging-Vector (RFC 7315 section 4.6): {@code icid-value=X;icid-generated-at=host;orig-ioi=A;term-ioi=B}.
 * The ICID is mandatory; the other parameters are kept in order, as written.
 */
public record ChargingVector(String icidAsWritten, Parameters parameters) {

    public static ChargingVector parse(String text) {
        ValueScanner sc = new ValueScanner(";" + text.strip(), "P-Charging-Vector");
        Parameters all = sc.parameters();
        sc.expectEnd();
        Parameters.Param icid = all.find("icid-value");
        if (icid == null || icid.value() == null || icid.unquotedValue().isEmpty()) throw sc.error("icid-value missing");
        return new ChargingVector(icid.value(), all.without("icid-value"));
    }

    /** A new vector; the ICID is quoted when it is not a token (base64 ICIDs often are not). */
    public static ChargingVector of(String icid) {
        return new ChargingVector(org.imsemu.sip.codec.Chars.isToken(icid) ? icid : Quoting.quote(icid), Parameters.EMPTY);
    }

    /** The ICID value, unquoted. */
    public String icid() {
        return Quoting.unquote(icidAsWritten);
    }

    public String origIoi() {
        return parameters.get("orig-ioi");
    }

    public String termIoi() {
        return parameters.get("term-ioi");
    }

    public ChargingVector with(String name, String value) {
        return new ChargingVector(icidAsWritten, parameters.with(name, value));
    }

    public ChargingVector without(String name) {
        return new ChargingVector(icidAsWritten, parameters.without(name));
    }

    @Override
    public String toString() {
        return "icid-value=" + icidAsWritten + parameters;
    }
}
