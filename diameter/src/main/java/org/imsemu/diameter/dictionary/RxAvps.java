package org.imsemu.diameter.dictionary;

import static org.imsemu.diameter.AvpType.*;
import static org.imsemu.diameter.dictionary.Defs.etsi;
import static org.imsemu.diameter.dictionary.Defs.tgpp;

import org.imsemu.diameter.AvpDefinition;
import org.imsemu.diameter.AvpDefinition.MandatoryRule;

/**
 * AVPs of Rx (TS 29.214 §5.3) and Gq (TS 29.209), vendor 3GPP, with the media component AVPs, and
 * the Gx (TS 29.212) ones Rx borrows.
 */
public final class RxAvps {
    private RxAvps() {
    }

    private static final MandatoryRule MUST_NOT = MandatoryRule.MUST_NOT;
    private static final MandatoryRule MAY = MandatoryRule.MAY;

    public static final AvpDefinition ABORT_CAUSE = tgpp("Abort-Cause", 500, ENUMERATED);
    public static final AvpDefinition ACCESS_NETWORK_CHARGING_ADDRESS = tgpp("Access-Network-Charging-Address", 501, ADDRESS);
    public static final AvpDefinition ACCESS_NETWORK_CHARGING_IDENTIFIER = tgpp("Access-Network-Charging-Identifier", 502, GROUPED);
    public static final AvpDefinition ACCESS_NETWORK_CHARGING_IDENTIFIER_VALUE = tgpp("Access-Network-Charging-Identifier-Value", 503, OCTET_STRING);
    public static final AvpDefinition AF_APPLICATION_IDENTIFIER = tgpp("AF-Application-Identifier", 504, OCTET_STRING);
    public static final AvpDefinition AF_CHARGING_IDENTIFIER = tgpp("AF-Charging-Identifier", 505, OCTET_STRING);
    public static final AvpDefinition AUTHORIZATION_TOKEN = tgpp("Authorization-Token", 506, OCTET_STRING);
    public static final AvpDefinition FLOW_DESCRIPTION = tgpp("Flow-Description", 507, IP_FILTER_RULE);
    public static final AvpDefinition FLOW_GROUPING = tgpp("Flow-Grouping", 508, GROUPED);
    public static final AvpDefinition FLOW_NUMBER = tgpp("Flow-Number", 509, UNSIGNED32);
    public static final AvpDefinition FLOWS = tgpp("Flows", 510, GROUPED);
    public static final AvpDefinition FLOW_STATUS = tgpp("Flow-Status", 511, ENUMERATED);
    public static final AvpDefinition FLOW_USAGE = tgpp("Flow-Usage", 512, ENUMERATED);
    public static final AvpDefinition SPECIFIC_ACTION = tgpp("Specific-Action", 513, ENUMERATED);
    public static final AvpDefinition MAX_REQUESTED_BANDWIDTH_DL = tgpp("Max-Requested-Bandwidth-DL", 515, UNSIGNED32);
    public static final AvpDefinition MAX_REQUESTED_BANDWIDTH_UL = tgpp("Max-Requested-Bandwidth-UL", 516, UNSIGNED32);
    public static final AvpDefinition MEDIA_COMPONENT_DESCRIPTION = tgpp("Media-Component-Description", 517, GROUPED);
    public static final AvpDefinition MEDIA_COMPONENT_NUMBER = tgpp("Media-Component-Number", 518, UNSIGNED32);
    public static final AvpDefinition MEDIA_SUB_COMPONENT = tgpp("Media-Sub-Component", 519, GROUPED);
    public static final AvpDefinition MEDIA_TYPE = tgpp("Media-Type", 520, ENUMERATED);
    public static final AvpDefinition RR_BANDWIDTH = tgpp("RR-Bandwidth", 521, UNSIGNED32);
    public static final AvpDefinition RS_BANDWIDTH = tgpp("RS-Bandwidth", 522, UNSIGNED32);
    public static final AvpDefinition SIP_FORKING_INDICATION = tgpp("SIP-Forking-Indication", 523, ENUMERATED);
    public static final AvpDefinition CODEC_DATA = tgpp("Codec-Data", 524, OCTET_STRING);
    public static final AvpDefinition SERVICE_URN = tgpp("Service-URN", 525, OCTET_STRING);
    public static final AvpDefinition ACCEPTABLE_SERVICE_INFO = tgpp("Acceptable-Service-Info", 526, GROUPED);
    public static final AvpDefinition SERVICE_INFO_STATUS = tgpp("Service-Info-Status", 527, ENUMERATED);
    public static final AvpDefinition MPS_IDENTIFIER = tgpp("MPS-Identifier", 528, OCTET_STRING, MUST_NOT);
    public static final AvpDefinition AF_SIGNALLING_PROTOCOL = tgpp("AF-Signalling-Protocol", 529, ENUMERATED, MUST_NOT);
    public static final AvpDefinition SPONSORED_CONNECTIVITY_DATA = tgpp("Sponsored-Connectivity-Data", 530, GROUPED, MUST_NOT);
    public static final AvpDefinition SPONSOR_IDENTITY = tgpp("Sponsor-Identity", 531, UTF8_STRING, MUST_NOT);
    public static final AvpDefinition APPLICATION_SERVICE_PROVIDER_IDENTITY = tgpp("Application-Service-Provider-Identity", 532, UTF8_STRING, MUST_NOT);
    public static final AvpDefinition RX_REQUEST_TYPE = tgpp("Rx-Request-Type", 533, ENUMERATED, MUST_NOT);
    public static final AvpDefinition MIN_REQUESTED_BANDWIDTH_DL = tgpp("Min-Requested-Bandwidth-DL", 534, UNSIGNED32, MUST_NOT);
    public static final AvpDefinition MIN_REQUESTED_BANDWIDTH_UL = tgpp("Min-Requested-Bandwidth-UL", 535, UNSIGNED32, MUST_NOT);
    public static final AvpDefinition REQUIRED_ACCESS_INFO = tgpp("Required-Access-Info", 536, ENUMERATED, MUST_NOT);
    public static final AvpDefinition IP_DOMAIN_ID = tgpp("IP-Domain-Id", 537, OCTET_STRING, MUST_NOT);
    public static final AvpDefinition MEDIA_COMPONENT_STATUS = tgpp("Media-Component-Status", 549, UNSIGNED32, MUST_NOT);
    // Gx (TS 29.212) AVPs used on Rx
    public static final AvpDefinition TOS_TRAFFIC_CLASS = tgpp("ToS-Traffic-Class", 1014, OCTET_STRING);
    public static final AvpDefinition IP_CAN_TYPE = tgpp("IP-CAN-Type", 1027, ENUMERATED);
    public static final AvpDefinition RAT_TYPE = tgpp("RAT-Type", 1032, ENUMERATED, MUST_NOT);
    public static final AvpDefinition AN_GW_ADDRESS = tgpp("AN-GW-Address", 1050, ADDRESS, MUST_NOT);
    public static final AvpDefinition RESERVATION_PRIORITY = etsi("Reservation-Priority", 458, ENUMERATED, MAY);

    // Media-Type (TS 29.214 §5.3.19)
    public static final int MEDIA_AUDIO = 0;
    public static final int MEDIA_VIDEO = 1;
    public static final int MEDIA_DATA = 2;
    public static final int MEDIA_APPLICATION = 3;
    public static final int MEDIA_CONTROL = 4;
    public static final int MEDIA_TEXT = 5;
    public static final int MEDIA_MESSAGE = 6;
    public static final int MEDIA_OTHER = 0xFFFFFFFF;
    // Flow-Status (§5.3.11)
    public static final int ENABLED_UPLINK = 0;
    public static final int ENABLED_DOWNLINK = 1;
    public static final int ENABLED = 2;
    public static final int DISABLED = 3;
    public static final int REMOVED = 4;
}
