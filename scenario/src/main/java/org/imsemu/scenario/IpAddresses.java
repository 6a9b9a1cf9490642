package org.imsemu.scenario;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address literals without name resolution: {@link InetAddress#getByName} may query DNS for
 * text that is not a literal, and a scenario check must never touch the network.
 */
public final class IpAddresses {
    private IpAddresses() {
    }

    /**
     * Parses an IPv4 dotted quad or an IPv6 literal (RFC 4291 2.2, with "::" and a dotted IPv4 tail).
     *
     * @throws IllegalArgumentException saying what is wrong with the text
     */
    public static InetAddress parse(String text) {
        return fromBytes(text.indexOf(':') >= 0 ? parseIpv6(text) : parseIpv4(text));
    }

    /** 4 bytes: IPv4; 16 bytes: IPv6 (kept IPv6 even for ::ffff:a.b.c.d). */
    static InetAddress fromBytes(byte[] bytes) {
        try {
            return bytes.length == 16 ? Inet6Address.getByAddress(null, bytes, -1) : InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only thrown for a wrong array length
        }
    }

    /** Text form: dotted quad, or RFC 5952 for IPv6 (lower case, longest zero run as "::"). */
    public static String format(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1; // RFC 5952 4.2.2: a single zero group is not shortened
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                s.append("::");
                i += bestLength - 1;
                continue;
            }
            if (s.length() > 0 && s.charAt(s.length() - 1) != ':') {
                s.append(':');
            }
            s.append(Integer.toHexString(groups[i]));
        }
        return s.toString();
    }

    static byte[] parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address (four numbers 0-255 separated by dots)");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
                    || (p.length() > 1 && p.charAt(0) == '0') || Integer.parseInt(p) > 255) {
                throw new IllegalArgumentException("\"" + text + "\" is not an IPv4 address (four numbers 0-255 separated by dots)");
            }
            bytes[i] = (byte) Integer.parseInt(p);
        }
        return bytes;
    }

    static byte[] parseIpv6(String text) {
        String bad = "\"" + text + "\" is not an IPv6 address";
        int doubleColon = text.indexOf("::");
        if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
            throw new IllegalArgumentException(bad + " (\"::\" may appear only once)");
        }
        String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
        String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
        int[] headGroups = groups(head, bad, doubleColon < 0 || tail.isEmpty());
        int[] tailGroups = doubleColon >= 0 ? groups(tail, bad, true) : new int[0];
        int total = headGroups.length + tailGroups.length;
        if (doubleColon < 0 ? total != 8 : total > 7) {
            throw new IllegalArgumentException(bad + " (it needs 8 groups of up to 4 hex digits, or \"::\" for a run of zero groups)");
        }
        int[] all = new int[8];
        System.arraycopy(headGroups, 0, all, 0, headGroups.length);
        System.arraycopy(tailGroups, 0, all, 8 - tailGroups.length, tailGroups.length);
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[2 * i] = (byte) (all[i] >> 8);
            bytes[2 * i + 1] = (byte) all[i];
        }
        return bytes;
    }

    /** Groups of one side of "::"; a trailing dotted IPv4 counts as two groups when allowed. */
    private static int[] groups(String part, String bad, boolean ipv4TailAllowed) {
        if (part.isEmpty()) {
            return new int[0];
        }
        String[] texts = part.split(":", -1);
        int last = texts.length - 1;
        boolean ipv4Tail = ipv4TailAllowed && texts[last].indexOf('.') >= 0;
        int[] out = new int[texts.length + (ipv4Tail ? 1 : 0)];
        for (int i = 0; i < texts.length; i++) {
            String g = texts[i];
            if (i == last && ipv4Tail) {
                byte[] v4;
                try {
                    v4 = parseIpv4(g);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(bad + " (bad IPv4 part \"" + g + "\")");
                }
                out[i] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
                out[i + 1] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
                continue;
            }
            if (g.isEmpty() || g.length() > 4 || !g.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                throw new IllegalArgumentException(bad + " (bad group \"" + g + "\")");
            }
            out[i] = Integer.parseInt(g, 16);
        }
        return out;
    }
}
