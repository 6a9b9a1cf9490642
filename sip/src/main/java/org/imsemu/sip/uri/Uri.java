package org.imsemu.sip.uri;

import org.imsemu.sip.codec.SipParseException;

/** A URI as SIP carries it: sip/sips (RFC 3261), tel (RFC 3966), or any other absolute URI. */
public sealed interface Uri permits SipUri, TelUri, AbsoluteUri {

    String scheme();

    /** The URI exactly as it would be written on the wire. */
    @Override
    String toString();

    static Uri parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) throw new SipParseException("Bad URI: no scheme in '" + abbreviate(text) + "'");
        String scheme = text.substring(0, colon);
        if (scheme.equalsIgnoreCase("sip") || scheme.equalsIgnoreCase("sips")) return SipUri.parse(text);
        if (scheme.equalsIgnoreCase("tel")) return TelUri.parse(text);
        return AbsoluteUri.parse(text);
    }

    static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}
