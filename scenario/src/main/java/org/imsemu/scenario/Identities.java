package org.imsemu.scenario;

import java.util.Locale;
import java.util.Optional;

/** Comparable forms of IMS identities: host and realm are case-insensitive, user parts are not (RFC 3261 19.1.4). */
final class Identities {
    private Identities() {
    }

    /** A sip: or sips: URI with user and host, as "sip:user@host" with the host in lower case and URI parameters dropped. */
    static Optional<String> normalizeImpu(String uri) {
        int colon = uri.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("sip") && !scheme.equals("sips")) {
            return Optional.empty();
        }
        return userAtHost(uri.substring(colon + 1)).map(s -> "sip:" + s);
    }

    /** True for a sip: URI (not sips:, tel:...) with a user and a host. */
    static boolean isSipImpu(String uri) {
        return uri.regionMatches(true, 0, "sip:", 0, 4) && normalizeImpu(uri).isPresent();
    }

    /** "user@host" of a normalized IMPU. */
    static String userAtHostOf(String normalizedImpu) {
        return normalizedImpu.substring("sip:".length());
    }

    static String hostOf(String normalizedImpu) {
        return normalizedImpu.substring(normalizedImpu.lastIndexOf('@') + 1);
    }

    static String userOf(String userAtHost) {
        return userAtHost.substring(0, userAtHost.lastIndexOf('@'));
    }

    /** An IMPI (NAI, user@realm) with the realm in lower case; the text unchanged when it has no '@'. */
    static String normalizeImpi(String impi) {
        int at = impi.lastIndexOf('@');
        return at < 0 ? impi : impi.substring(0, at + 1) + impi.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    private static Optional<String> userAtHost(String rest) {
        int at = rest.lastIndexOf('@');
        if (at <= 0) {
            return Optional.empty();
        }
        String host = rest.substring(at + 1);
        int end = host.length();
        for (int i = 0; i < host.length(); i++) {
            if (host.charAt(i) == ';' || host.charAt(i) == '?') {
                end = i;
                break;
            }
        }
        host = host.substring(0, end);
        String user = rest.substring(0, at);
        if (host.isEmpty() || user.chars().anyMatch(Character::isWhitespace) || host.chars().anyMatch(Character::isWhitespace)) {
            return Optional.empty();
        }
        return Optional.of(user + "@" + host.toLowerCase(Locale.ROOT));
    }
}
