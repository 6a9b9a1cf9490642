package org.imsemu.ue;

import java.util.Locale;
import org.imsemu.sip.ua.Dialog;

/**
 * The Replaces header (RFC 3891): the dialog a new INVITE takes the place of, named from the side of
 * the UA that receives it: {@code to-tag} is that UA's own tag, {@code from-tag} its peer's.
 */
record Replaces(String callId, String toTag, String fromTag) {

    /** The Replaces value that makes the peer of {@code ourDialog} replace it (its local tag is our remote tag). */
    static Replaces forPeerOf(Dialog ourDialog) {
        return new Replaces(ourDialog.callId(), ourDialog.id().remoteTag(), ourDialog.id().localTag());
    }

    /** Parses {@code callid;to-tag=X;from-tag=Y} (other parameters, such as early-only, are ignored); null when malformed. */
    static Replaces parse(String value) {
        if (value == null) return null;
        String[] parts = value.strip().split(";");
        String to = null;
        String from = null;
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].strip().split("=", 2);
            if (kv.length != 2) continue;
            switch (kv[0].strip().toLowerCase(Locale.ROOT)) {
                case "to-tag" -> to = kv[1].strip();
                case "from-tag" -> from = kv[1].strip();
                default -> { }
            }
        }
        if (parts[0].isBlank() || to == null || from == null) return null;
        return new Replaces(parts[0].strip(), to, from);
    }

    /** Whether {@code d} is the dialog this names, seen from the receiving UA. */
    boolean matches(Dialog d) {
        return d.callId().equals(callId) && toTag.equals(d.id().localTag()) && fromTag.equals(d.id().remoteTag());
    }

    /** The header value. */
    @Override
    public String toString() {
        return callId + ";to-tag=" + toTag + ";from-tag=" + fromTag;
    }

    /** The value escaped for a URI header (RFC 3261 19.1.1 hvalue), as in {@code Refer-To: <sip:...?Replaces=...>}. */
    String escaped() {
        StringBuilder sb = new StringBuilder();
        for (char c : toString().toCharArray()) {
            boolean plain = Character.isLetterOrDigit(c) && c < 128 || "-_.!~*'()[]/?:+$".indexOf(c) >= 0;
            if (plain) sb.append(c);
            else sb.append('%').append(String.format("%02X", (int) c));
        }
        return sb.toString();
    }
}
