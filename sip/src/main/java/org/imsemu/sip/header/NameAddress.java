package org.imsemu.sip.header;

import org.imsemu.sip.codec.Chars;
import org.imsemu.sip.codec.SipParseException;
import org.imsemu.sip.codec.ValueScanner;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;

/**
 * name-addr or addr-spec with header parameters: the value of From, To, Contact, Route, Record-Route,
 * Path, Service-Route, Refer-To, P-Asserted-Identity and friends.
 *
 * @param displayName the display name as written (quotes included), or null
 * @param angleBrackets whether the URI was (or must be) written in angle brackets
 */
public record NameAddress(String displayName, Uri uri, Parameters parameters, boolean angleBrackets) {

    public static NameAddress of(Uri uri) {
        return new NameAddress(null, uri, Parameters.EMPTY, true);
    }

    public static NameAddress parse(String value, String what) {
        ValueScanner sc = new ValueScanner(value, what);
        sc.skipLws();
        String display = null;
        Uri uri;
        boolean angle;
        int lt = topLevelAngle(value);
        if (lt >= 0) {
            angle = true;
            if (sc.peek() == '"') {
                display = sc.quotedString();
                sc.skipLws();
                if (sc.position() != lt) throw sc.error("text between display name and '<'");
            } else if (lt > sc.position()) {
                String d = value.substring(sc.position(), lt).strip();
                for (String word : d.split("[ \t]+")) {
                    if (!Chars.isToken(word)) throw sc.error("display name '" + d + "' is neither tokens nor a quoted string");
                }
                display = d;
            }
            int gt = value.indexOf('>', lt);
            if (gt < 0) throw sc.error("missing '>'");
            String u = value.substring(lt + 1, gt);
            if (u.isEmpty() || Chars.isWhitespace(u.charAt(0)) || Chars.isWhitespace(u.charAt(u.length() - 1)) || u.indexOf(' ') >= 0) {
                throw sc.error("whitespace inside <URI>");
            }
            uri = Uri.parse(u);
            sc.position(gt + 1);
        } else {
            angle = false;
            if (sc.peek() == '"') throw sc.error("display name without <URI>");
            int start = sc.position();
            int end = start;
            while (end < value.length() && value.charAt(end) != ';' && !Chars.isWhitespace(value.charAt(end))) end++;
            String u = value.substring(start, end);
            if (u.isEmpty()) throw sc.error("no URI");
            if (u.indexOf('?') >= 0 || u.indexOf(',') >= 0) throw sc.error("URI with '?' or ',' must be enclosed in <>");
            uri = Uri.parse(u);
            sc.position(end);
            // An addr-spec ends at the first SEMI: what follows are header parameters, and nothing else may follow.
            int mark = sc.position();
            sc.skipLws();
            if (!sc.atEnd() && sc.peek() != ';') throw sc.error("unexpected text after URI");
            sc.position(mark);
        }
        Parameters params = sc.parameters();
        sc.expectEnd();
        return new NameAddress(display, uri, params, angle);
    }

    private static int topLevelAngle(String v) {
        boolean quoted = false;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (quoted) {
                if (c == '\\') i++;
                else if (c == '"') quoted = false;
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') {
                return i;
            }
        }
        if (quoted) throw new SipParseException("Bad header value: unterminated quoted string");
        return -1;
    }

    /** The values as one comma-separated header value (Route, Path, Service-Route ...). */
    public static String join(java.util.List<NameAddress> list) {
        StringBuilder sb = new StringBuilder();
        for (NameAddress a : list) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(a);
        }
        return sb.toString();
    }

    public SipUri sipUri() {
        if (uri instanceof SipUri s) return s;
        throw new SipParseException("Not a SIP URI: " + uri);
    }

    public String tag() {
        return parameters.get("tag");
    }

    public String parameter(String name) {
        return parameters.get(name);
    }

    public NameAddress withParameter(String name, String value) {
        return new NameAddress(displayName, uri, parameters.with(name, value), angleBrackets);
    }

    public NameAddress withTag(String tag) {
        return withParameter("tag", tag);
    }

    public NameAddress withUri(Uri newUri) {
        return new NameAddress(displayName, newUri, parameters, true);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64);
        if (displayName != null) sb.append(displayName).append(' ');
        boolean brackets = angleBrackets || displayName != null || !(uri instanceof SipUri s) || !s.parameters().isEmpty()
                || s.headers() != null;
        if (brackets) sb.append('<');
        sb.append(uri);
        if (brackets) sb.append('>');
        parameters.appendTo(sb);
        return sb.toString();
    }
}
