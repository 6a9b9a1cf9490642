package org.imsemu.diameter.dictionary;

/** Enumerated values and Experimental-Result-Codes of Cx/Dx (TS 29.229 §6.2, §6.3) and Sh (TS 29.329). */
public final class CxValues {
    private CxValues() {
    }

    // Experimental-Result-Code, vendor 3GPP (TS 29.229 §6.2)
    public static final long DIAMETER_FIRST_REGISTRATION = 2001;
    public static final long DIAMETER_SUBSEQUENT_REGISTRATION = 2002;
    public static final long DIAMETER_UNREGISTERED_SERVICE = 2003;
    public static final long DIAMETER_SUCCESS_SERVER_NAME_NOT_STORED = 2004;
    public static final long DIAMETER_ERROR_USER_UNKNOWN = 5001;
    public static final long DIAMETER_ERROR_IDENTITIES_DONT_MATCH = 5002;
    public static final long DIAMETER_ERROR_IDENTITY_NOT_REGISTERED = 5003;
    public static final long DIAMETER_ERROR_ROAMING_NOT_ALLOWED = 5004;
    public static final long DIAMETER_ERROR_IDENTITY_ALREADY_REGISTERED = 5005;
    public static final long DIAMETER_ERROR_AUTH_SCHEME_NOT_SUPPORTED = 5006;
    public static final long DIAMETER_ERROR_IN_ASSIGNMENT_TYPE = 5007;
    public static final long DIAMETER_ERROR_TOO_MUCH_DATA = 5008;
    public static final long DIAMETER_ERROR_NOT_SUPPORTED_USER_DATA = 5009;
    public static final long DIAMETER_ERROR_FEATURE_UNSUPPORTED = 5011;
    public static final long DIAMETER_ERROR_SERVING_NODE_FEATURE_UNSUPPORTED = 5012;
    // Sh (TS 29.329 §6.2)
    public static final long DIAMETER_ERROR_USER_DATA_NOT_RECOGNIZED = 5100;
    public static final long DIAMETER_ERROR_OPERATION_NOT_ALLOWED = 5101;
    public static final long DIAMETER_ERROR_USER_DATA_CANNOT_BE_READ = 5102;
    public static final long DIAMETER_ERROR_USER_DATA_CANNOT_BE_MODIFIED = 5103;
    public static final long DIAMETER_ERROR_USER_DATA_CANNOT_BE_NOTIFIED = 5104;
    public static final long DIAMETER_ERROR_TRANSPARENT_DATA_OUT_OF_SYNC = 5105;
    public static final long DIAMETER_ERROR_SUBS_DATA_ABSENT = 5106;
    public static final long DIAMETER_ERROR_NO_SUBSCRIPTION_TO_DATA = 5107;
    public static final long DIAMETER_ERROR_DSAI_NOT_AVAILABLE = 5108;

    // Server-Assignment-Type (TS 29.229 §6.3.15)
    public static final int NO_ASSIGNMENT = 0;
    public static final int REGISTRATION = 1;
    public static final int RE_REGISTRATION = 2;
    public static final int UNREGISTERED_USER = 3;
    public static final int TIMEOUT_DEREGISTRATION = 4;
    public static final int USER_DEREGISTRATION = 5;
    public static final int TIMEOUT_DEREGISTRATION_STORE_SERVER_NAME = 6;
    public static final int USER_DEREGISTRATION_STORE_SERVER_NAME = 7;
    public static final int ADMINISTRATIVE_DEREGISTRATION = 8;
    public static final int AUTHENTICATION_FAILURE = 9;
    public static final int AUTHENTICATION_TIMEOUT = 10;
    public static final int DEREGISTRATION_TOO_MUCH_DATA = 11;
    public static final int AAA_USER_DATA_REQUEST = 12;
    public static final int PGW_UPDATE = 13;
    public static final int RESTORATION = 14;

    // User-Authorization-Type (§6.3.24)
    public static final int UAT_REGISTRATION = 0;
    public static final int UAT_DE_REGISTRATION = 1;
    public static final int UAT_REGISTRATION_AND_CAPABILITIES = 2;

    // Reason-Code (§6.3.17)
    public static final int PERMANENT_TERMINATION = 0;
    public static final int NEW_SERVER_ASSIGNED = 1;
    public static final int SERVER_CHANGE = 2;
    public static final int REMOVE_SCSCF = 3;

    // User-Data-Already-Available (§6.3.26)
    public static final int USER_DATA_NOT_AVAILABLE = 0;
    public static final int USER_DATA_ALREADY_AVAILABLE = 1;

    // Originating-Request (§6.3.31)
    public static final int ORIGINATING = 0;

    // Authentication schemes (SIP-Authentication-Scheme, TS 29.228 §6.3)
    public static final String SCHEME_AKAV1_MD5 = "Digest-AKAv1-MD5";
    public static final String SCHEME_SIP_DIGEST = "SIP Digest";
    public static final String SCHEME_UNKNOWN = "Unknown";
}
