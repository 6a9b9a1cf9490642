package org.imsemu.as;

import java.util.Objects;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.uri.Uri;

/**
 * The P-Served-User of a request from the S-CSCF (RFC 5502): the public identity whose service profile
 * triggered the AS, the session case, and whether that user is registered.
 *
 * @param identity the served user's public identity (sip: or tel: URI)
 * @param sessionCase from the sescase parameter
 * @param registered true for regstate=reg, false for regstate=unreg, null when absent
 */
public record ServedUser(Uri identity, SessionCase sessionCase, Boolean registered) {
    public static final String HEADER = "P-Served-User";

    public ServedUser {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(sessionCase, "sessionCase");
    }

    /** Parses a P-Served-User header value; {@link org.imsemu.sip.codec.SipParseException} when it is malformed. */
    public static ServedUser parse(String value) {
        NameAddress na = NameAddress.parse(value, HEADER);
        String reg = na.parameter("regstate");
        Boolean registered = reg == null ? null : reg.equalsIgnoreCase("reg") ? Boolean.TRUE
                : reg.equalsIgnoreCase("unreg") ? Boolean.FALSE : null;
        return new ServedUser(na.uri(), SessionCase.fromToken(na.parameter("sescase")), registered);
    }

    /** The header value, as an S-CSCF writes it: {@code <uri>;sescase=orig;regstate=reg}. */
    public String toHeaderValue() {
        StringBuilder sb = new StringBuilder("<").append(identity).append('>');
        if (sessionCase.token() != null) sb.append(";sescase=").append(sessionCase.token());
        if (registered != null) sb.append(";regstate=").append(registered ? "reg" : "unreg");
        return sb.toString();
    }
}
