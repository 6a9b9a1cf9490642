package org.imsemu.sip.header;

import java.util.Locale;
import org.imsemu.sip.codec.Chars;
import org.imsemu.sip.codec.ValueScanner;

/** One via-parm: {@code SIP/2.0/UDP host:port;branch=z9hG4bK...;received=...;rport}. */
public record Via(String protocol, String transport, String host, int port, Parameters parameters) {

    /** RFC 3261 branches start with this cookie; others are RFC 2543 and need the fallback match. */
    public static final String MAGIC_COOKIE = "z9hG4bK";

    public static Via of(String transport, String host, int port, String branch) {
        return new Via("SIP/2.0", transport.toUpperCase(Locale.ROOT), host, port,
                Parameters.EMPTY.with("branch", branch));
    }

    public static Via parse(String value) {
        ValueScanner sc = new ValueScanner(value, "Via");
        sc.skipLws();
        String name = sc.token();
        sc.skipLws().expect('/');
        String version = sc.skipLws().token();
        sc.skipLws().expect('/');
        String transport = sc.skipLws().token();
        if (!Character.isWhitespace(sc.peek())) throw sc.error("missing space before sent-by");
        sc.skipLws();
        int start = sc.position();
        String host;
        String src = sc.source();
        int i = start;
        if (sc.peek() == '[') {
            int close = src.indexOf(']', i);
            if (close < 0) throw sc.error("unterminated IPv6 reference");
            host = src.substring(i, close + 1);
            i = close + 1;
        } else {
            while (i < src.length() && Chars.isHostChar(src.charAt(i))) i++;
            host = src.substring(start, i);
            if (host.isEmpty()) throw sc.error("no sent-by host");
        }
        sc.position(i);
        int port = -1;
        sc.skipLws();
        if (sc.consume(':')) {
            sc.skipLws();
            int ps = sc.position();
            while (!sc.atEnd() && Character.isDigit(sc.peek())) sc.position(sc.position() + 1);
            if (ps == sc.position() || sc.position() - ps > 5) throw sc.error("bad port");
            port = Integer.parseInt(src, ps, sc.position(), 10);
            if (port > 65535) throw sc.error("port out of range");
        }
        Parameters params = sc.parameters();
        sc.expectEnd();
        return new Via(name + "/" + version, transport.toUpperCase(Locale.ROOT), host, port, params);
    }

    public String branch() {
        return parameters.get("branch");
    }

    public boolean hasRfc3261Branch() {
        String b = branch();
        return b != null && b.startsWith(MAGIC_COOKIE);
    }

    public String received() {
        return parameters.get("received");
    }

    /** The rport value, "" when present without value (a request), null when absent. */
    public String rport() {
        return parameters.get("rport");
    }

    public String maddr() {
        return parameters.get("maddr");
    }

    public String sentBy() {
        return port < 0 ? host : host + ":" + port;
    }

    public boolean isReliable() {
        return !transport.equals("UDP");
    }

    /** The same via-parm over another transport (RFC 3261 18.1.1 moves a large request from UDP to TCP). */
    public Via withTransport(String newTransport) {
        return new Via(protocol, newTransport.toUpperCase(Locale.ROOT), host, port, parameters);
    }

    public Via withParameter(String name, String value) {
        return new Via(protocol, transport, host, port, parameters.with(name, value));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(64).append(protocol).append('/').append(transport).append(' ').append(host);
        if (port >= 0) sb.append(':').append(port);
        parameters.appendTo(sb);
        return sb.toString();
    }
}
