package org.imsemu.diameter.dictionary;

import org.imsemu.diameter.CommandDefinition;

/** Commands of the base protocol, Cx/Dx, Sh, Rx, Gq, Rf and Ro. */
public final class Commands {
    private Commands() {
    }

    private static CommandDefinition c(String name, int code, long app, String req, String ans, boolean proxiable) {
        return new CommandDefinition(name, code, app, req, ans, proxiable);
    }

    // RFC 6733
    public static final CommandDefinition CAPABILITIES_EXCHANGE = c("Capabilities-Exchange", 257, Applications.COMMON_MESSAGES, "CER", "CEA", false);
    public static final CommandDefinition DEVICE_WATCHDOG = c("Device-Watchdog", 280, Applications.COMMON_MESSAGES, "DWR", "DWA", false);
    public static final CommandDefinition DISCONNECT_PEER = c("Disconnect-Peer", 282, Applications.COMMON_MESSAGES, "DPR", "DPA", false);
    public static final CommandDefinition ACCOUNTING = c("Accounting", 271, Applications.BASE_ACCOUNTING, "ACR", "ACA", true);
    // RFC 4006 (Ro)
    public static final CommandDefinition CREDIT_CONTROL = c("Credit-Control", 272, Applications.CREDIT_CONTROL, "CCR", "CCA", true);
    // TS 29.229 Cx/Dx
    public static final CommandDefinition USER_AUTHORIZATION = c("User-Authorization", 300, Applications.CX, "UAR", "UAA", true);
    public static final CommandDefinition SERVER_ASSIGNMENT = c("Server-Assignment", 301, Applications.CX, "SAR", "SAA", true);
    public static final CommandDefinition LOCATION_INFO = c("Location-Info", 302, Applications.CX, "LIR", "LIA", true);
    public static final CommandDefinition MULTIMEDIA_AUTH = c("Multimedia-Auth", 303, Applications.CX, "MAR", "MAA", true);
    public static final CommandDefinition REGISTRATION_TERMINATION = c("Registration-Termination", 304, Applications.CX, "RTR", "RTA", true);
    public static final CommandDefinition PUSH_PROFILE = c("Push-Profile", 305, Applications.CX, "PPR", "PPA", true);
    // TS 29.329 Sh
    public static final CommandDefinition USER_DATA = c("User-Data", 306, Applications.SH, "UDR", "UDA", true);
    public static final CommandDefinition PROFILE_UPDATE = c("Profile-Update", 307, Applications.SH, "PUR", "PUA", true);
    public static final CommandDefinition SUBSCRIBE_NOTIFICATIONS = c("Subscribe-Notifications", 308, Applications.SH, "SNR", "SNA", true);
    public static final CommandDefinition PUSH_NOTIFICATION = c("Push-Notification", 309, Applications.SH, "PNR", "PNA", true);
    // TS 29.214 Rx
    public static final CommandDefinition RX_AA = c("AA", 265, Applications.RX, "AAR", "AAA", true);
    public static final CommandDefinition RX_RE_AUTH = c("Re-Auth", 258, Applications.RX, "RAR", "RAA", true);
    public static final CommandDefinition RX_SESSION_TERMINATION = c("Session-Termination", 275, Applications.RX, "STR", "STA", true);
    public static final CommandDefinition RX_ABORT_SESSION = c("Abort-Session", 274, Applications.RX, "ASR", "ASA", true);
    // TS 29.209 Gq
    public static final CommandDefinition GQ_AA = c("AA", 265, Applications.GQ, "AAR", "AAA", true);
    public static final CommandDefinition GQ_RE_AUTH = c("Re-Auth", 258, Applications.GQ, "RAR", "RAA", true);
    public static final CommandDefinition GQ_SESSION_TERMINATION = c("Session-Termination", 275, Applications.GQ, "STR", "STA", true);
    public static final CommandDefinition GQ_ABORT_SESSION = c("Abort-Session", 274, Applications.GQ, "ASR", "ASA", true);
}
