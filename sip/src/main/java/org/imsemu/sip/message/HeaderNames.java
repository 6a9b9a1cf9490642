package org.imsemu.sip.message;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Header names: canonical spellings, compact forms (RFC 3261 section 7.3.3 and later RFCs), and which
 * headers carry comma-separated lists. A header's key is its long name in lower case.
 */
public final class HeaderNames {
    public static final String VIA = "Via";
    public static final String FROM = "From";
    public static final String TO = "To";
    public static final String CALL_ID = "Call-ID";
    public static final String CSEQ = "CSeq";
    public static final String MAX_FORWARDS = "Max-Forwards";
    public static final String CONTACT = "Contact";
    public static final String ROUTE = "Route";
    public static final String RECORD_ROUTE = "Record-Route";
    public static final String PATH = "Path";
    public static final String SERVICE_ROUTE = "Service-Route";
    public static final String EXPIRES = "Expires";
    public static final String CONTENT_LENGTH = "Content-Length";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String CONTENT_ENCODING = "Content-Encoding";
    public static final String AUTHORIZATION = "Authorization";
    public static final String PROXY_AUTHORIZATION = "Proxy-Authorization";
    public static final String WWW_AUTHENTICATE = "WWW-Authenticate";
    public static final String PROXY_AUTHENTICATE = "Proxy-Authenticate";
    public static final String AUTHENTICATION_INFO = "Authentication-Info";
    public static final String REQUIRE = "Require";
    public static final String PROXY_REQUIRE = "Proxy-Require";
    public static final String SUPPORTED = "Supported";
    public static final String UNSUPPORTED = "Unsupported";
    public static final String ALLOW = "Allow";
    public static final String RSEQ = "RSeq";
    public static final String RACK = "RAck";
    public static final String EVENT = "Event";
    public static final String ALLOW_EVENTS = "Allow-Events";
    public static final String SUBSCRIPTION_STATE = "Subscription-State";
    public static final String REFER_TO = "Refer-To";
    public static final String REFERRED_BY = "Referred-By";
    public static final String REPLACES = "Replaces";
    public static final String SUBJECT = "Subject";
    public static final String USER_AGENT = "User-Agent";
    public static final String SERVER = "Server";
    public static final String WARNING = "Warning";
    public static final String RETRY_AFTER = "Retry-After";
    public static final String MIN_EXPIRES = "Min-Expires";
    public static final String PRIVACY = "Privacy";
    public static final String SECURITY_CLIENT = "Security-Client";
    public static final String SECURITY_SERVER = "Security-Server";
    public static final String SECURITY_VERIFY = "Security-Verify";
    public static final String P_ASSERTED_IDENTITY = "P-Asserted-Identity";
    public static final String P_PREFERRED_IDENTITY = "P-Preferred-Identity";
    public static final String P_ASSOCIATED_URI = "P-Associated-URI";
    public static final String P_CALLED_PARTY_ID = "P-Called-Party-ID";
    public static final String P_VISITED_NETWORK_ID = "P-Visited-Network-ID";
    public static final String P_ACCESS_NETWORK_INFO = "P-Access-Network-Info";
    public static final String P_CHARGING_VECTOR = "P-Charging-Vector";
    public static final String P_CHARGING_FUNCTION_ADDRESSES = "P-Charging-Function-Addresses";
    public static final String P_MEDIA_AUTHORIZATION = "P-Media-Authorization";

    private static final Map<String, String> COMPACT = Map.ofEntries(
            Map.entry("i", CALL_ID), Map.entry("m", CONTACT), Map.entry("e", CONTENT_ENCODING),
            Map.entry("l", CONTENT_LENGTH), Map.entry("c", CONTENT_TYPE), Map.entry("f", FROM),
            Map.entry("s", SUBJECT), Map.entry("k", SUPPORTED), Map.entry("t", TO), Map.entry("v", VIA),
            Map.entry("o", EVENT), Map.entry("r", REFER_TO), Map.entry("b", REFERRED_BY),
            Map.entry("u", ALLOW_EVENTS), Map.entry("x", "Session-Expires"), Map.entry("y", "Identity"),
            Map.entry("a", "Accept-Contact"), Map.entry("j", "Reject-Contact"), Map.entry("d", "Request-Disposition"));

    private static final Set<String> LIST_HEADERS = Set.of(
            "via", "route", "record-route", "contact", "path", "service-route", "allow", "supported", "require",
            "proxy-require", "unsupported", "accept", "accept-encoding", "accept-language", "content-encoding",
            "allow-events", "p-associated-uri", "p-asserted-identity", "p-preferred-identity", "security-client",
            "security-server", "security-verify", "in-reply-to", "warning", "alert-info", "call-info", "error-info",
            "p-media-authorization", "p-visited-network-id");

    private static final Map<String, String> KEYS = new HashMap<>();

    static {
        for (java.lang.reflect.Field f : HeaderNames.class.getFields()) {
            if (f.getType() == String.class) {
                try {
                    String name = (String) f.get(null);
                    String key = name.toLowerCase(Locale.ROOT).intern();
                    KEYS.put(key, key);
                    KEYS.put(name, key); // the usual spelling: found without lower-casing

                } catch (IllegalAccessException e) {
                    throw new ExceptionInInitializerError(e);
                }
            }
        }
        COMPACT.forEach((c, name) -> {
            KEYS.put(c, name.toLowerCase(Locale.ROOT).intern());
            KEYS.put(c.toUpperCase(Locale.ROOT), name.toLowerCase(Locale.ROOT).intern());
        });
    }

    private HeaderNames() {
    }

    /** The lookup key of a header name: its long form in lower case (compact forms expanded). */
    public static String key(String name) {
        String k = KEYS.get(name);
        if (k != null) return k;
        String lower = name.toLowerCase(Locale.ROOT);
        k = KEYS.get(lower);
        return k != null ? k : lower;
    }

    /** The long form of a compact name, or the name itself. */
    public static String longForm(String name) {
        if (name.length() == 1) {
            String l = COMPACT.get(name.toLowerCase(Locale.ROOT));
            if (l != null) return l;
        }
        return name;
    }

    public static boolean isList(String key) {
        return LIST_HEADERS.contains(key);
    }
}
