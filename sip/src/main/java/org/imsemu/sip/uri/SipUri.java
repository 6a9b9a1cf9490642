package org.imsemu.sip.uri;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.imsemu.sip.codec.Chars;
import org.imsemu.sip.codec.SipParseException;
import org.imsemu.sip.header.Parameters;

/**
 * A sip: or sips: URI (RFC 3261 section 19.1). Immutable; a parsed URI remembers its original text so
 * that forwarding it leaves the bytes alone. User and password are kept escaped, as written.
 */
public final class SipUri implements Uri {
    private final boolean secure;
    private final String user;
    private final String password;
    private final String host;
    private final int port;
    private final Parameters parameters;
    private final String headers;
    private String text;

    private SipUri(boolean secure, String user, String password, String host, int port, Parameters parameters,
                   String headers, String text) {
        this.secure = secure;
        this.user = user;
        this.password = password;
        this.host = Objects.requireNonNull(host);
        this.port = port;
        this.parameters = parameters;
        this.headers = headers;
        this.text = text;
    }

    public static SipUri of(String user, String host, int port) {
        return new SipUri(false, user, null, host, port, Parameters.EMPTY, null, null);
    }

    public static SipUri of(String user, String host) {
        return of(user, host, -1);
    }

    public static SipUri parse(String text) {
        boolean secure;
        int i;
        if (text.regionMatches(true, 0, "sip:", 0, 4)) {
            secure = false;
            i = 4;
        } else if (text.regionMatches(true, 0, "sips:", 0, 5)) {
            secure = true;
            i = 5;
        } else {
            throw new SipParseException("Bad SIP URI: not a sip/sips URI");
        }
        String user = null;
        String password = null;
        int at = text.indexOf('@', i);
        if (at >= 0) {
            if (text.indexOf('@', at + 1) >= 0) throw bad(text, "more than one '@'");
            int colon = text.indexOf(':', i);
            int userEnd = colon >= 0 && colon < at ? colon : at;
            if (userEnd == i) throw bad(text, "empty user part");
            if (!Chars.isEscapedRun(text, i, userEnd, c -> Chars.isUserChar((char) c))) throw bad(text, "illegal character in user part");
            user = text.substring(i, userEnd);
            if (userEnd < at) {
                if (!Chars.isEscapedRun(text, userEnd + 1, at, c -> Chars.isPasswordChar((char) c))) throw bad(text, "illegal character in password");
                password = text.substring(userEnd + 1, at);
            }
            i = at + 1;
        }
        int hostStart = i;
        String host;
        if (i < text.length() && text.charAt(i) == '[') {
            int close = text.indexOf(']', i);
            if (close < 0) throw bad(text, "unterminated IPv6 reference");
            host = text.substring(i, close + 1);
            if (!isIpv6Reference(host)) throw bad(text, "bad IPv6 reference");
            i = close + 1;
        } else {
            while (i < text.length() && Chars.isHostChar(text.charAt(i))) i++;
            host = text.substring(hostStart, i);
            if (!isHostname(host)) throw bad(text, host.isEmpty() ? "no host" : "bad host '" + host + "'");
        }
        int port = -1;
        if (i < text.length() && text.charAt(i) == ':') {
            int ps = ++i;
            while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') i++;
            if (ps == i || i - ps > 5) throw bad(text, "bad port");
            port = Integer.parseInt(text, ps, i, 10);
            if (port > 65535) throw bad(text, "port out of range");
        }
        int q = text.indexOf('?', i);
        int paramsEnd = q < 0 ? text.length() : q;
        if (i < paramsEnd && text.charAt(i) != ';') throw bad(text, "unexpected '" + text.charAt(i) + "' after host");
        Parameters params = parseUriParameters(text, i, paramsEnd, "SIP URI");
        String headers = null;
        if (q >= 0) {
            headers = text.substring(q + 1);
            validateHeaders(text, headers);
        }
        return new SipUri(secure, user, password, host, port, params, headers, text);
    }

    static Parameters parseUriParameters(String text, int from, int to, String what) {
        if (from >= to) return Parameters.EMPTY;
        List<Parameters.Param> list = new ArrayList<>(4);
        int i = from;
        while (i < to) {
            if (text.charAt(i) != ';') throw new SipParseException("Bad " + what + ": expected ';'");
            int start = ++i;
            while (i < to && text.charAt(i) != ';') i++;
            String p = text.substring(start, i);
            int eq = p.indexOf('=');
            String name = eq < 0 ? p : p.substring(0, eq);
            String value = eq < 0 ? null : p.substring(eq + 1);
            if (name.isEmpty() || !Chars.isEscapedRun(name, 0, name.length(), c -> Chars.isParamChar((char) c))) {
                throw new SipParseException("Bad " + what + ": bad parameter '" + p + "'");
            }
            if (value != null && (value.isEmpty() || !Chars.isEscapedRun(value, 0, value.length(), c -> Chars.isParamChar((char) c)))) {
                throw new SipParseException("Bad " + what + ": bad parameter value '" + p + "'");
            }
            list.add(new Parameters.Param(name, value));
        }
        return Parameters.of(list);
    }

    private static void validateHeaders(String text, String headers) {
        for (String h : headers.split("&", -1)) {
            int eq = h.indexOf('=');
            if (eq <= 0 || !Chars.isEscapedRun(h, 0, eq, c -> Chars.isHeaderNameValueChar((char) c))
                    || !Chars.isEscapedRun(h, eq + 1, h.length(), c -> Chars.isHeaderNameValueChar((char) c))) {
                throw bad(text, "bad URI header '" + h + "'");
            }
        }
    }

    private static SipParseException bad(String text, String why) {
        return new SipParseException("Bad SIP URI '" + Uri.abbreviate(text) + "': " + why);
    }

    static boolean isHostname(String h) {
        if (h.isEmpty()) return false;
        // Labels between dots (one trailing dot allowed), none empty, none starting or ending with '-'.
        // A scan rather than split: every URI of every message comes through here.
        int end = h.charAt(h.length() - 1) == '.' ? h.length() - 1 : h.length();
        int start = 0;
        for (int i = 0; i <= end; i++) {
            if (i < end && h.charAt(i) != '.') continue;
            if (i == start || h.charAt(start) == '-' || h.charAt(i - 1) == '-') return false;
            start = i + 1;
        }
        return true;
    }

    static boolean isIpv6Reference(String h) {
        if (h.length() < 4) return false;
        int colons = 0;
        for (int i = 1; i < h.length() - 1; i++) {
            char c = h.charAt(i);
            if (c == ':') colons++;
            else if (!(Chars.isHex(c) || c == '.')) return false;
        }
        return colons >= 2 && colons <= 7 && !h.contains(":::");
    }

    public boolean isSecure() {
        return secure;
    }

    @Override
    public String scheme() {
        return secure ? "sips" : "sip";
    }

    /** The user part, still %-escaped as written; null when absent. */
    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The host as written; an IPv6 reference keeps its brackets. */
    public String host() {
        return host;
    }

    /** The host without IPv6 brackets, ready for address resolution. */
    public String hostAddress() {
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** The port, or -1 when the URI has none. */
    public int port() {
        return port;
    }

    public Parameters parameters() {
        return parameters;
    }

    public String parameter(String name) {
        return parameters.get(name);
    }

    /** The raw headers part after '?', or null. */
    public String headers() {
        return headers;
    }

    public boolean hasLr() {
        return parameters.has("lr");
    }

    public String transport() {
        return parameters.get("transport");
    }

    public String maddr() {
        return parameters.get("maddr");
    }

    public SipUri withUser(String newUser) {
        return new SipUri(secure, newUser, password, host, port, parameters, headers, null);
    }

    public SipUri withHost(String newHost, int newPort) {
        return new SipUri(secure, user, password, newHost, newPort, parameters, headers, null);
    }

    public SipUri withParameter(String name, String value) {
        return new SipUri(secure, user, password, host, port, parameters.with(name, value), headers, null);
    }

    public SipUri withoutParameter(String name) {
        if (!parameters.has(name)) return this;
        return new SipUri(secure, user, password, host, port, parameters.without(name), headers, null);
    }

    public SipUri withoutHeaders() {
        if (headers == null) return this;
        return new SipUri(secure, user, password, host, port, parameters, null, null);
    }

    /** The address-of-record form: scheme, user and host only (used as registrar key). */
    public SipUri toAor() {
        return new SipUri(secure, user == null ? null : unescape(user), null, host.toLowerCase(Locale.ROOT), -1, Parameters.EMPTY, null, null);
    }

    /**
     * URI comparison of RFC 3261 section 19.1.4: user and password case-sensitively after unescaping,
     * host case-insensitively, port as written, and the user/ttl/method/maddr/transport parameters
     * must agree when either side has them; other parameters must agree when both sides have them.
     */
    public boolean equivalentTo(SipUri o) {
        if (secure != o.secure) return false;
        if (!Objects.equals(unescape(user), unescape(o.user)) || !Objects.equals(unescape(password), unescape(o.password))) return false;
        if (!host.equalsIgnoreCase(o.host) || port != o.port) return false;
        // 19.1.4: a header component present in either URI must be present and equal in both.
        if (!headerComponents(headers).equals(headerComponents(o.headers))) return false;
        for (String must : new String[] {"user", "ttl", "method", "maddr", "transport"}) {
            String a = parameters.get(must);
            String b = o.parameters.get(must);
            if (a == null ? b != null : b == null || !a.equalsIgnoreCase(b)) return false;
        }
        for (Parameters.Param p : parameters.asList()) {
            String other = o.parameters.get(p.name());
            if (other != null && !other.equalsIgnoreCase(p.value() == null ? "" : p.value())) return false;
        }
        return true;
    }

    /** The ?hname=hvalue parts, names in lower case and both unescaped, sorted so order does not matter. */
    private static List<String> headerComponents(String h) {
        if (h == null || h.isEmpty()) return List.of();
        List<String> out = new ArrayList<>(2);
        for (String part : h.split("&", -1)) {
            int eq = part.indexOf('=');
            String name = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            out.add(unescape(name).toLowerCase(Locale.ROOT) + "=" + unescape(value));
        }
        out.sort(null);
        return out;
    }

    public static String unescape(String s) {
        if (s == null || s.indexOf('%') < 0) return s;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length() && Chars.isHex(s.charAt(i + 1)) && Chars.isHex(s.charAt(i + 2))) {
                out.write(Integer.parseInt(s, i + 1, i + 3, 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        String t = text;
        if (t == null) {
            StringBuilder sb = new StringBuilder(48).append(secure ? "sips:" : "sip:");
            if (user != null) {
                sb.append(user);
                if (password != null) sb.append(':').append(password);
                sb.append('@');
            }
            sb.append(host);
            if (port >= 0) sb.append(':').append(port);
            parameters.appendTo(sb);
            if (headers != null) sb.append('?').append(headers);
            text = t = sb.toString();
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SipUri u && toString().equals(u.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
