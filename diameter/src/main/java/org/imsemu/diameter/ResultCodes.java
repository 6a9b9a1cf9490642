package org.imsemu.diameter;

import java.util.Map;

/** Result-Code values of the base protocol (RFC 6733 §7.1). */
public final class ResultCodes {
    private ResultCodes() {
    }

    public static final long DIAMETER_MULTI_ROUND_AUTH = 1001;
    public static final long DIAMETER_SUCCESS = 2001;
    public static final long DIAMETER_LIMITED_SUCCESS = 2002;
    public static final long DIAMETER_COMMAND_UNSUPPORTED = 3001;
    public static final long DIAMETER_UNABLE_TO_DELIVER = 3002;
    public static final long DIAMETER_REALM_NOT_SERVED = 3003;
    public static final long DIAMETER_TOO_BUSY = 3004;
    public static final long DIAMETER_LOOP_DETECTED = 3005;
    public static final long DIAMETER_REDIRECT_INDICATION = 3006;
    public static final long DIAMETER_APPLICATION_UNSUPPORTED = 3007;
    public static final long DIAMETER_INVALID_HDR_BITS = 3008;
    public static final long DIAMETER_INVALID_AVP_BITS = 3009;
    public static final long DIAMETER_UNKNOWN_PEER = 3010;
    public static final long DIAMETER_AUTHENTICATION_REJECTED = 4001;
    public static final long DIAMETER_OUT_OF_SPACE = 4002;
    public static final long ELECTION_LOST = 4003;
    public static final long DIAMETER_AVP_UNSUPPORTED = 5001;
    public static final long DIAMETER_UNKNOWN_SESSION_ID = 5002;
    public static final long DIAMETER_AUTHORIZATION_REJECTED = 5003;
    public static final long DIAMETER_INVALID_AVP_VALUE = 5004;
    public static final long DIAMETER_MISSING_AVP = 5005;
    public static final long DIAMETER_RESOURCES_EXCEEDED = 5006;
    public static final long DIAMETER_CONTRADICTING_AVPS = 5007;
    public static final long DIAMETER_AVP_NOT_ALLOWED = 5008;
    public static final long DIAMETER_AVP_OCCURS_TOO_MANY_TIMES = 5009;
    public static final long DIAMETER_NO_COMMON_APPLICATION = 5010;
    public static final long DIAMETER_UNSUPPORTED_VERSION = 5011;
    public static final long DIAMETER_UNABLE_TO_COMPLY = 5012;
    public static final long DIAMETER_INVALID_BIT_IN_HEADER = 5013;
    public static final long DIAMETER_INVALID_AVP_LENGTH = 5014;
    public static final long DIAMETER_INVALID_MESSAGE_LENGTH = 5015;
    public static final long DIAMETER_INVALID_AVP_BIT_COMBO = 5016;
    public static final long DIAMETER_NO_COMMON_SECURITY = 5017;

    private static final Map<Long, String> NAMES = Map.ofEntries(
            Map.entry(1001L, "DIAMETER_MULTI_ROUND_AUTH"), Map.entry(2001L, "DIAMETER_SUCCESS"),
            Map.entry(2002L, "DIAMETER_LIMITED_SUCCESS"), Map.entry(3001L, "DIAMETER_COMMAND_UNSUPPORTED"),
            Map.entry(3002L, "DIAMETER_UNABLE_TO_DELIVER"), Map.entry(3003L, "DIAMETER_REALM_NOT_SERVED"),
            Map.entry(3004L, "DIAMETER_TOO_BUSY"), Map.entry(3005L, "DIAMETER_LOOP_DETECTED"),
            Map.entry(3006L, "DIAMETER_REDIRECT_INDICATION"), Map.entry(3007L, "DIAMETER_APPLICATION_UNSUPPORTED"),
            Map.entry(3008L, "DIAMETER_INVALID_HDR_BITS"), Map.entry(3009L, "DIAMETER_INVALID_AVP_BITS"),
            Map.entry(3010L, "DIAMETER_UNKNOWN_PEER"), Map.entry(4001L, "DIAMETER_AUTHENTICATION_REJECTED"),
            Map.entry(4002L, "DIAMETER_OUT_OF_SPACE"), Map.entry(4003L, "ELECTION_LOST"),
            Map.entry(5001L, "DIAMETER_AVP_UNSUPPORTED"), Map.entry(5002L, "DIAMETER_UNKNOWN_SESSION_ID"),
            Map.entry(5003L, "DIAMETER_AUTHORIZATION_REJECTED"), Map.entry(5004L, "DIAMETER_INVALID_AVP_VALUE"),
            Map.entry(5005L, "DIAMETER_MISSING_AVP"), Map.entry(5006L, "DIAMETER_RESOURCES_EXCEEDED"),
            Map.entry(5007L, "DIAMETER_CONTRADICTING_AVPS"), Map.entry(5008L, "DIAMETER_AVP_NOT_ALLOWED"),
            Map.entry(5009L, "DIAMETER_AVP_OCCURS_TOO_MANY_TIMES"), Map.entry(5010L, "DIAMETER_NO_COMMON_APPLICATION"),
            Map.entry(5011L, "DIAMETER_UNSUPPORTED_VERSION"), Map.entry(5012L, "DIAMETER_UNABLE_TO_COMPLY"),
            Map.entry(5013L, "DIAMETER_INVALID_BIT_IN_HEADER"), Map.entry(5014L, "DIAMETER_INVALID_AVP_LENGTH"),
            Map.entry(5015L, "DIAMETER_INVALID_MESSAGE_LENGTH"), Map.entry(5016L, "DIAMETER_INVALID_AVP_BIT_COMBO"),
            Map.entry(5017L, "DIAMETER_NO_COMMON_SECURITY"));

    /** The RFC name of a base Result-Code, or "Result-Code N" for others. */
    public static String name(long code) {
        return NAMES.getOrDefault(code, "Result-Code " + code);
    }

    /** True for protocol errors (3xxx), the only answers that carry the E bit (RFC 6733 §7.1.3). */
    public static boolean isProtocolError(long code) {
        return code >= 3000 && code < 4000;
    }

    public static boolean isSuccess(long code) {
        return code >= 2000 && code < 3000;
    }
}
