package org.imsemu.sip.header;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.imsemu.sip.codec.SipParseException;

/**
 * One sec-mechanism of a Security-Client, Security-Server or Security-Verify header (RFC 3329 2.2), with
 * typed access to the parameters TS 33.203 annex H defines for {@code ipsec-3gpp}: alg, ealg, spi-c,
 * spi-s, port-c, port-s, prot, mod, and the preference q of RFC 3329. Immutable; the parameters are kept
 * as written so that a copied Security-Verify is the Security-Server as received.
 */
public record SecurityMechanism(String name, Parameters parameters) {
    /** The mechanism of IMS AKA (TS 33.203 annex H). */
    public static final String IPSEC_3GPP = "ipsec-3gpp";
    public static final String HMAC_SHA_1_96 = "hmac-sha-1-96";
    public static final String HMAC_MD5_96 = "hmac-md5-96";

    public SecurityMechanism {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("security mechanism needs a name");
        if (parameters == null) parameters = Parameters.EMPTY;
    }

    /**
     * An ipsec-3gpp mechanism with the parameters every Security-Client and Security-Server of IMS AKA
     * carries (prot, mod and ealg are left to their defaults esp, trans and null).
     */
    public static SecurityMechanism ipsec3gpp(String alg, long spiC, long spiS, int portC, int portS) {
        return new SecurityMechanism(IPSEC_3GPP, Parameters.EMPTY)
                .with("alg", alg)
                .with("spi-c", Long.toString(checkSpi(spiC, "spi-c")))
                .with("spi-s", Long.toString(checkSpi(spiS, "spi-s")))
                .with("port-c", Integer.toString(checkPort(portC, "port-c")))
                .with("port-s", Integer.toString(checkPort(portS, "port-s")));
    }

    /** One mechanism, e.g. {@code ipsec-3gpp; alg=hmac-sha-1-96; spi-c=1; spi-s=2; port-c=5062; port-s=5064}. */
    public static SecurityMechanism parse(String text) {
        return of(TokenWithParams.parse(text, "sec-mechanism"));
    }

    /** A header value: one or more mechanisms separated by commas. */
    public static List<SecurityMechanism> parseList(String headerValue) {
        List<SecurityMechanism> out = new ArrayList<>(2);
        for (String part : org.imsemu.sip.codec.ValueScanner.splitList(headerValue, "security header")) out.add(parse(part));
        if (out.isEmpty()) throw new SipParseException("Bad security header: no mechanism");
        return List.copyOf(out);
    }

    public static SecurityMechanism of(TokenWithParams t) {
        return new SecurityMechanism(t.value(), t.parameters());
    }

    /** The mechanisms of one header as {@code SipMessage.securityMechanisms(name)} gives them. */
    public static List<SecurityMechanism> of(List<TokenWithParams> tokens) {
        return tokens.stream().map(SecurityMechanism::of).toList();
    }

    /** A header value listing the mechanisms in order. */
    public static String format(List<SecurityMechanism> mechanisms) {
        if (mechanisms.isEmpty()) throw new IllegalArgumentException("a security header needs at least one mechanism");
        StringBuilder sb = new StringBuilder();
        for (SecurityMechanism m : mechanisms) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(m);
        }
        return sb.toString();
    }

    public boolean isIpsec3gpp() {
        return IPSEC_3GPP.equalsIgnoreCase(name);
    }

    /** The raw (unquoted) value of a parameter, "" for a flag, null when absent. */
    public String parameter(String p) {
        return parameters.get(p);
    }

    /** A copy with the parameter set (replaced in place, or appended). */
    public SecurityMechanism with(String p, String value) {
        return new SecurityMechanism(name, parameters.with(p, value));
    }

    public SecurityMechanism without(String p) {
        return new SecurityMechanism(name, parameters.without(p));
    }

    /** Integrity algorithm (hmac-sha-1-96, hmac-md5-96), lower case; null when absent. */
    public String alg() {
        return lower(parameter("alg"));
    }

    /** Encryption algorithm; absent means "null" (TS 33.203 annex H), returned as such. */
    public String ealg() {
        String e = lower(parameter("ealg"));
        return e == null ? "null" : e;
    }

    /** Security protocol, default esp. */
    public String prot() {
        String p = lower(parameter("prot"));
        return p == null ? "esp" : p;
    }

    /** IPsec mode, default trans. */
    public String mod() {
        String m = lower(parameter("mod"));
        return m == null ? "trans" : m;
    }

    /** SPI of the SA its sender receives on its protected client port; -1 when absent. */
    public long spiC() {
        return spi("spi-c");
    }

    /** SPI of the SA its sender receives on its protected server port; -1 when absent. */
    public long spiS() {
        return spi("spi-s");
    }

    /** Protected client port of the sender; -1 when absent. */
    public int portC() {
        return port("port-c");
    }

    /** Protected server port of the sender; -1 when absent. */
    public int portS() {
        return port("port-s");
    }

    /** Preference (RFC 3329 2.2), 0.0 to 1.0; 0 when absent, as the RFC gives no default and we rank it last. */
    public double q() {
        String v = parameter("q");
        if (v == null) return 0;
        try {
            double q = Double.parseDouble(v);
            if (q < 0 || q > 1) throw new NumberFormatException();
            return q;
        } catch (NumberFormatException e) {
            throw new SipParseException("Bad q in security mechanism: '" + v + "'");
        }
    }

    /**
     * The same mechanism as RFC 3329 means it when comparing Security-Verify with Security-Server: the
     * name and every parameter, names and tokens case-insensitive, parameter order irrelevant.
     */
    public boolean sameAs(SecurityMechanism other) {
        return other != null && name.equalsIgnoreCase(other.name) && canonical().equals(other.canonical());
    }

    /** Whether two lists are the same mechanisms in the same order (RFC 3329 2.3.1 step 5). */
    public static boolean sameLists(List<SecurityMechanism> a, List<SecurityMechanism> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).sameAs(b.get(i))) return false;
        }
        return true;
    }

    private Map<String, String> canonical() {
        Map<String, String> m = new TreeMap<>();
        for (Parameters.Param p : parameters.asList()) {
            String v = p.unquotedValue();
            m.put(p.name().toLowerCase(Locale.ROOT), v == null ? "" : v.toLowerCase(Locale.ROOT));
        }
        return m;
    }

    private long spi(String p) {
        String v = parameter(p);
        if (v == null) return -1;
        try {
            return checkSpi(Long.parseLong(v), p);
        } catch (IllegalArgumentException e) {
            throw new SipParseException("Bad " + p + " in security mechanism: '" + v + "' (a 32-bit unsigned SPI)");
        }
    }

    private int port(String p) {
        String v = parameter(p);
        if (v == null) return -1;
        try {
            return checkPort(Integer.parseInt(v), p);
        } catch (IllegalArgumentException e) {
            throw new SipParseException("Bad " + p + " in security mechanism: '" + v + "' (a port 1-65535)");
        }
    }

    private static long checkSpi(long spi, String what) {
        if (spi < 0 || spi > 0xFFFFFFFFL) throw new IllegalArgumentException(what + " out of range: " + spi);
        return spi;
    }

    private static int checkPort(int port, String what) {
        if (port < 1 || port > 65535) throw new IllegalArgumentException(what + " out of range: " + port);
        return port;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return name + parameters;
    }
}
