package org.imsemu.sip.uri;

import org.imsemu.sip.codec.SipParseException;
import org.imsemu.sip.header.Parameters;

/** A tel URI (RFC 3966): a global (+digits) or local number with parameters such as phone-context. */
public record TelUri(String number, Parameters parameters) implements Uri {

    static TelUri parse(String text) {
        String rest = text.substring(4);
        int semi = rest.indexOf(';');
        String number = semi < 0 ? rest : rest.substring(0, semi);
        if (number.isEmpty()) throw new SipParseException("Bad tel URI: no number");
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '(' || c == ')'
                    || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f') || c == '*' || c == '#' || (c == '+' && i == 0);
            if (!ok) throw new SipParseException("Bad tel URI: illegal character in number '" + number + "'");
        }
        Parameters params = semi < 0 ? Parameters.EMPTY : SipUri.parseUriParameters(rest, semi, rest.length(), "tel URI");
        return new TelUri(number, params);
    }

    public boolean isGlobal() {
        return number.startsWith("+");
    }

    @Override
    public String scheme() {
        return "tel";
    }

    @Override
    public String toString() {
        return "tel:" + number + parameters;
    }
}
