package org.imsemu.sip.header;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.imsemu.sip.codec.ValueScanner;

/**
 * A challenge or credentials header (WWW-Authenticate, Proxy-Authenticate, Authorization,
 * Proxy-Authorization): a scheme and comma-separated auth-params. Values are stored unquoted;
 * {@link #toString} quotes the ones RFC 3261/3310 write quoted.
 */
public record AuthHeader(String scheme, Map<String, String> params) {

    public AuthHeader {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public static AuthHeader parse(String value, String what) {
        ValueScanner sc = new ValueScanner(value, what);
        sc.skipLws();
        String scheme = sc.token();
        Map<String, String> params = new LinkedHashMap<>();
        sc.skipLws();
        while (!sc.atEnd()) {
            String name = sc.skipLws().token();
            sc.skipLws().expect('=');
            sc.skipLws();
            String v = sc.peek() == '"' ? Quoting.unquote(sc.quotedString()) : sc.token();
            params.put(name.toLowerCase(Locale.ROOT), v);
            sc.skipLws();
            if (!sc.consume(',')) break;
        }
        sc.expectEnd();
        return new AuthHeader(scheme, params);
    }

    public String param(String name) {
        return params.get(name.toLowerCase(Locale.ROOT));
    }

    public boolean isDigest() {
        return scheme.equalsIgnoreCase("Digest");
    }

    private static boolean unquoted(String name) {
        // RFC 3261 section 25.1 and RFC 7616: these are tokens, everything else is a quoted-string.
        return name.equals("algorithm") || name.equals("nc") || name.equals("stale");
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(128).append(scheme).append(' ');
        boolean first = true;
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (!first) sb.append(',');
            first = false;
            sb.append(e.getKey()).append('=');
            boolean bare = unquoted(e.getKey()) || (e.getKey().equals("qop") && isCredentials());
            sb.append(bare ? e.getValue() : Quoting.quote(e.getValue()));
        }
        return sb.toString();
    }

    /** Credentials carry a response; challenges do not. In credentials qop is a token, in challenges a quoted list. */
    public boolean isCredentials() {
        return params.containsKey("response");
    }
}
