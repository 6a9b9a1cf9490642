package org.imsemu.sip.uri;

import org.imsemu.sip.codec.SipParseException;

/** Any absolute URI whose scheme SIP does not interpret (mailto:, http:, urn:, im:, pres: ...). */
public record AbsoluteUri(String scheme, String schemeSpecificPart) implements Uri {

    static AbsoluteUri parse(String text) {
        int colon = text.indexOf(':');
        String scheme = text.substring(0, colon);
        if (!Character.isLetter(scheme.charAt(0))) throw new SipParseException("Bad URI scheme '" + scheme + "'");
        for (int i = 0; i < scheme.length(); i++) {
            char c = scheme.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.') || c > 127) {
                throw new SipParseException("Bad URI scheme '" + Uri.abbreviate(scheme) + "'");
            }
        }
        String rest = text.substring(colon + 1);
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c <= ' ' || c > 126 || c == '<' || c == '>' || c == '"') {
                throw new SipParseException("Bad URI: illegal character in '" + Uri.abbreviate(text) + "'");
            }
        }
        if (rest.isEmpty()) throw new SipParseException("Bad URI: empty '" + scheme + ":' URI");
        return new AbsoluteUri(scheme, rest);
    }

    @Override
    public String toString() {
        return scheme + ":" + schemeSpecificPart;
    }
}
