package org.imsemu.diameter.dictionary;

import static org.imsemu.diameter.AvpType.*;
import static org.imsemu.diameter.dictionary.Defs.tgpp;

import org.imsemu.diameter.AvpDefinition;
import org.imsemu.diameter.AvpDefinition.MandatoryRule;

/**
 * AVPs of Sh/Dh (TS 29.329 §6.3, vendor 3GPP). Sh also uses Cx's Public-Identity, Server-Name,
 * Supported-Features and Wildcarded-Public-Identity ({@link CxAvps}).
 */
public final class ShAvps {
    private ShAvps() {
    }

    private static final MandatoryRule MUST_NOT = MandatoryRule.MUST_NOT;

    public static final AvpDefinition USER_IDENTITY = tgpp("User-Identity", 700, GROUPED);
    public static final AvpDefinition MSISDN = tgpp("MSISDN", 701, OCTET_STRING);
    /** Sh's User-Data (TS 29.329 §6.3.3; "User-Data" in the spec, renamed here to stay apart from Cx's). */
    public static final AvpDefinition SH_USER_DATA = tgpp("Sh-User-Data", 702, OCTET_STRING);
    public static final AvpDefinition DATA_REFERENCE = tgpp("Data-Reference", 703, ENUMERATED);
    public static final AvpDefinition SERVICE_INDICATION = tgpp("Service-Indication", 704, OCTET_STRING);
    public static final AvpDefinition SUBS_REQ_TYPE = tgpp("Subs-Req-Type", 705, ENUMERATED);
    public static final AvpDefinition REQUESTED_DOMAIN = tgpp("Requested-Domain", 706, ENUMERATED);
    public static final AvpDefinition CURRENT_LOCATION = tgpp("Current-Location", 707, ENUMERATED);
    public static final AvpDefinition IDENTITY_SET = tgpp("Identity-Set", 708, ENUMERATED, MUST_NOT);
    public static final AvpDefinition EXPIRY_TIME = tgpp("Expiry-Time", 709, TIME, MUST_NOT);
    public static final AvpDefinition SEND_DATA_INDICATION = tgpp("Send-Data-Indication", 710, ENUMERATED, MUST_NOT);
    public static final AvpDefinition DSAI_TAG = tgpp("DSAI-Tag", 711, OCTET_STRING);
    public static final AvpDefinition ONE_TIME_NOTIFICATION = tgpp("One-Time-Notification", 712, ENUMERATED, MUST_NOT);
    public static final AvpDefinition REQUESTED_NODES = tgpp("Requested-Nodes", 713, UNSIGNED32, MUST_NOT);
    public static final AvpDefinition SERVING_NODE_INDICATION = tgpp("Serving-Node-Indication", 714, ENUMERATED, MUST_NOT);
    public static final AvpDefinition REPOSITORY_DATA_ID = tgpp("Repository-Data-ID", 715, GROUPED, MUST_NOT);
    public static final AvpDefinition SEQUENCE_NUMBER = tgpp("Sequence-Number", 716, UNSIGNED32, MUST_NOT);
    public static final AvpDefinition UDR_FLAGS = tgpp("UDR-Flags", 719, UNSIGNED32, MUST_NOT);

    // Data-Reference values (TS 29.329 §6.3.4)
    public static final int DR_REPOSITORY_DATA = 0;
    public static final int DR_IMS_PUBLIC_IDENTITY = 10;
    public static final int DR_IMS_USER_STATE = 11;
    public static final int DR_SCSCF_NAME = 12;
    public static final int DR_INITIAL_FILTER_CRITERIA = 13;
    public static final int DR_LOCATION_INFORMATION = 14;
    public static final int DR_USER_STATE = 15;
    public static final int DR_CHARGING_INFORMATION = 16;
    public static final int DR_MSISDN = 17;
    public static final int DR_PSI_ACTIVATION = 18;
    public static final int DR_DSAI = 19;
    public static final int DR_SERVICE_LEVEL_TRACE_INFO = 21;
    public static final int DR_IP_ADDRESS_SECURE_BINDING_INFO = 22;
    public static final int DR_SERVICE_PRIORITY_LEVEL = 23;
    public static final int DR_SMSF_3GPP_ADDRESS = 24;
    // Subs-Req-Type (§6.3.6)
    public static final int SUBSCRIBE = 0;
    public static final int UNSUBSCRIBE = 1;
    // Identity-Set (§6.3.10)
    public static final int ALL_IDENTITIES = 0;
    public static final int REGISTERED_IDENTITIES = 1;
    public static final int IMPLICIT_IDENTITIES = 2;
    public static final int ALIAS_IDENTITIES = 3;
}
