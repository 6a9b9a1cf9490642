package org.imsemu.diameter.dictionary;

import static org.imsemu.diameter.AvpType.*;
import static org.imsemu.diameter.dictionary.Defs.base;
import static org.imsemu.diameter.dictionary.Defs.tgpp;

import org.imsemu.diameter.AvpDefinition;

/**
 * AVPs of offline (Rf) and online (Ro) charging: Diameter Credit-Control (RFC 4006 §8) and the IMS
 * charging AVPs of TS 32.299 §7.2 (vendor 3GPP). Accounting-Record-Type and -Number are in {@link BaseAvps}.
 */
public final class ChargingAvps {
    private ChargingAvps() {
    }

    // RFC 4006
    public static final AvpDefinition CC_CORRELATION_ID = base("CC-Correlation-Id", 411, OCTET_STRING);
    public static final AvpDefinition CC_INPUT_OCTETS = base("CC-Input-Octets", 412, UNSIGNED64);
    public static final AvpDefinition CC_MONEY = base("CC-Money", 413, GROUPED);
    public static final AvpDefinition CC_OUTPUT_OCTETS = base("CC-Output-Octets", 414, UNSIGNED64);
    public static final AvpDefinition CC_REQUEST_NUMBER = base("CC-Request-Number", 415, UNSIGNED32);
    public static final AvpDefinition CC_REQUEST_TYPE = base("CC-Request-Type", 416, ENUMERATED);
    public static final AvpDefinition CC_SERVICE_SPECIFIC_UNITS = base("CC-Service-Specific-Units", 417, UNSIGNED64);
    public static final AvpDefinition CC_SESSION_FAILOVER = base("CC-Session-Failover", 418, ENUMERATED);
    public static final AvpDefinition CC_SUB_SESSION_ID = base("CC-Sub-Session-Id", 419, UNSIGNED64);
    public static final AvpDefinition CC_TIME = base("CC-Time", 420, UNSIGNED32);
    public static final AvpDefinition CC_TOTAL_OCTETS = base("CC-Total-Octets", 421, UNSIGNED64);
    public static final AvpDefinition CHECK_BALANCE_RESULT = base("Check-Balance-Result", 422, ENUMERATED);
    public static final AvpDefinition COST_INFORMATION = base("Cost-Information", 423, GROUPED);
    public static final AvpDefinition COST_UNIT = base("Cost-Unit", 424, UTF8_STRING);
    public static final AvpDefinition CURRENCY_CODE = base("Currency-Code", 425, UNSIGNED32);
    public static final AvpDefinition CREDIT_CONTROL = base("Credit-Control", 426, ENUMERATED);
    public static final AvpDefinition CREDIT_CONTROL_FAILURE_HANDLING = base("Credit-Control-Failure-Handling", 427, ENUMERATED);
    public static final AvpDefinition DIRECT_DEBITING_FAILURE_HANDLING = base("Direct-Debiting-Failure-Handling", 428, ENUMERATED);
    public static final AvpDefinition EXPONENT = base("Exponent", 429, INTEGER32);
    public static final AvpDefinition FINAL_UNIT_INDICATION = base("Final-Unit-Indication", 430, GROUPED);
    public static final AvpDefinition GRANTED_SERVICE_UNIT = base("Granted-Service-Unit", 431, GROUPED);
    public static final AvpDefinition RATING_GROUP = base("Rating-Group", 432, UNSIGNED32);
    public static final AvpDefinition REDIRECT_ADDRESS_TYPE = base("Redirect-Address-Type", 433, ENUMERATED);
    public static final AvpDefinition REDIRECT_SERVER = base("Redirect-Server", 434, GROUPED);
    public static final AvpDefinition REDIRECT_SERVER_ADDRESS = base("Redirect-Server-Address", 435, UTF8_STRING);
    public static final AvpDefinition REQUESTED_ACTION = base("Requested-Action", 436, ENUMERATED);
    public static final AvpDefinition REQUESTED_SERVICE_UNIT = base("Requested-Service-Unit", 437, GROUPED);
    public static final AvpDefinition RESTRICTION_FILTER_RULE = base("Restriction-Filter-Rule", 438, IP_FILTER_RULE);
    public static final AvpDefinition SERVICE_IDENTIFIER = base("Service-Identifier", 439, UNSIGNED32);
    public static final AvpDefinition SERVICE_PARAMETER_INFO = base("Service-Parameter-Info", 440, GROUPED);
    public static final AvpDefinition SERVICE_PARAMETER_TYPE = base("Service-Parameter-Type", 441, UNSIGNED32);
    public static final AvpDefinition SERVICE_PARAMETER_VALUE = base("Service-Parameter-Value", 442, OCTET_STRING);
    public static final AvpDefinition SUBSCRIPTION_ID = base("Subscription-Id", 443, GROUPED);
    public static final AvpDefinition SUBSCRIPTION_ID_DATA = base("Subscription-Id-Data", 444, UTF8_STRING);
    public static final AvpDefinition UNIT_VALUE = base("Unit-Value", 445, GROUPED);
    public static final AvpDefinition USED_SERVICE_UNIT = base("Used-Service-Unit", 446, GROUPED);
    public static final AvpDefinition VALUE_DIGITS = base("Value-Digits", 447, INTEGER64);
    public static final AvpDefinition VALIDITY_TIME = base("Validity-Time", 448, UNSIGNED32);
    public static final AvpDefinition FINAL_UNIT_ACTION = base("Final-Unit-Action", 449, ENUMERATED);
    public static final AvpDefinition SUBSCRIPTION_ID_TYPE = base("Subscription-Id-Type", 450, ENUMERATED);
    public static final AvpDefinition TARIFF_TIME_CHANGE = base("Tariff-Time-Change", 451, TIME);
    public static final AvpDefinition TARIFF_CHANGE_USAGE = base("Tariff-Change-Usage", 452, ENUMERATED);
    public static final AvpDefinition G_S_U_POOL_IDENTIFIER = base("G-S-U-Pool-Identifier", 453, UNSIGNED32);
    public static final AvpDefinition CC_UNIT_TYPE = base("CC-Unit-Type", 454, ENUMERATED);
    public static final AvpDefinition MULTIPLE_SERVICES_INDICATOR = base("Multiple-Services-Indicator", 455, ENUMERATED);
    public static final AvpDefinition MULTIPLE_SERVICES_CREDIT_CONTROL = base("Multiple-Services-Credit-Control", 456, GROUPED);
    public static final AvpDefinition G_S_U_POOL_REFERENCE = base("G-S-U-Pool-Reference", 457, GROUPED);
    public static final AvpDefinition USER_EQUIPMENT_INFO = base("User-Equipment-Info", 458, GROUPED);
    public static final AvpDefinition USER_EQUIPMENT_INFO_TYPE = base("User-Equipment-Info-Type", 459, ENUMERATED);
    public static final AvpDefinition USER_EQUIPMENT_INFO_VALUE = base("User-Equipment-Info-Value", 460, OCTET_STRING);
    public static final AvpDefinition SERVICE_CONTEXT_ID = base("Service-Context-Id", 461, UTF8_STRING);

    // TS 32.299
    public static final AvpDefinition EVENT_TYPE = tgpp("Event-Type", 823, GROUPED);
    public static final AvpDefinition SIP_METHOD = tgpp("SIP-Method", 824, UTF8_STRING);
    public static final AvpDefinition EVENT = tgpp("Event", 825, UTF8_STRING);
    public static final AvpDefinition CONTENT_TYPE = tgpp("Content-Type", 826, UTF8_STRING);
    public static final AvpDefinition CONTENT_LENGTH = tgpp("Content-Length", 827, UNSIGNED32);
    public static final AvpDefinition CONTENT_DISPOSITION = tgpp("Content-Disposition", 828, UTF8_STRING);
    public static final AvpDefinition ROLE_OF_NODE = tgpp("Role-Of-Node", 829, ENUMERATED);
    public static final AvpDefinition USER_SESSION_ID = tgpp("User-Session-Id", 830, UTF8_STRING);
    public static final AvpDefinition CALLING_PARTY_ADDRESS = tgpp("Calling-Party-Address", 831, UTF8_STRING);
    public static final AvpDefinition CALLED_PARTY_ADDRESS = tgpp("Called-Party-Address", 832, UTF8_STRING);
    public static final AvpDefinition TIME_STAMPS = tgpp("Time-Stamps", 833, GROUPED);
    public static final AvpDefinition SIP_REQUEST_TIMESTAMP = tgpp("SIP-Request-Timestamp", 834, TIME);
    public static final AvpDefinition SIP_RESPONSE_TIMESTAMP = tgpp("SIP-Response-Timestamp", 835, TIME);
    public static final AvpDefinition APPLICATION_SERVER = tgpp("Application-Server", 836, UTF8_STRING);
    public static final AvpDefinition APPLICATION_PROVIDED_CALLED_PARTY_ADDRESS = tgpp("Application-Provided-Called-Party-Address", 837, UTF8_STRING);
    public static final AvpDefinition INTER_OPERATOR_IDENTIFIER = tgpp("Inter-Operator-Identifier", 838, GROUPED);
    public static final AvpDefinition ORIGINATING_IOI = tgpp("Originating-IOI", 839, UTF8_STRING);
    public static final AvpDefinition TERMINATING_IOI = tgpp("Terminating-IOI", 840, UTF8_STRING);
    public static final AvpDefinition IMS_CHARGING_IDENTIFIER = tgpp("IMS-Charging-Identifier", 841, UTF8_STRING);
    public static final AvpDefinition SDP_SESSION_DESCRIPTION = tgpp("SDP-Session-Description", 842, UTF8_STRING);
    public static final AvpDefinition SDP_MEDIA_COMPONENT = tgpp("SDP-Media-Component", 843, GROUPED);
    public static final AvpDefinition SDP_MEDIA_NAME = tgpp("SDP-Media-Name", 844, UTF8_STRING);
    public static final AvpDefinition SDP_MEDIA_DESCRIPTION = tgpp("SDP-Media-Description", 845, UTF8_STRING);
    public static final AvpDefinition SERVED_PARTY_IP_ADDRESS = tgpp("Served-Party-IP-Address", 848, ADDRESS);
    public static final AvpDefinition APPLICATION_SERVER_INFORMATION = tgpp("Application-Server-Information", 850, GROUPED);
    public static final AvpDefinition TRUNK_GROUP_ID = tgpp("Trunk-Group-Id", 851, GROUPED);
    public static final AvpDefinition INCOMING_TRUNK_GROUP_ID = tgpp("Incoming-Trunk-Group-Id", 852, UTF8_STRING);
    public static final AvpDefinition OUTGOING_TRUNK_GROUP_ID = tgpp("Outgoing-Trunk-Group-Id", 853, UTF8_STRING);
    public static final AvpDefinition BEARER_SERVICE = tgpp("Bearer-Service", 854, OCTET_STRING);
    public static final AvpDefinition SERVICE_ID = tgpp("Service-Id", 855, UTF8_STRING);
    public static final AvpDefinition ASSOCIATED_URI = tgpp("Associated-URI", 856, UTF8_STRING);
    public static final AvpDefinition CAUSE_CODE = tgpp("Cause-Code", 861, INTEGER32);
    public static final AvpDefinition NODE_FUNCTIONALITY = tgpp("Node-Functionality", 862, ENUMERATED);
    public static final AvpDefinition SERVICE_SPECIFIC_DATA = tgpp("Service-Specific-Data", 863, UTF8_STRING);
    public static final AvpDefinition ORIGINATOR = tgpp("Originator", 864, ENUMERATED);
    public static final AvpDefinition TIME_QUOTA_THRESHOLD = tgpp("Time-Quota-Threshold", 868, UNSIGNED32);
    public static final AvpDefinition VOLUME_QUOTA_THRESHOLD = tgpp("Volume-Quota-Threshold", 869, UNSIGNED32);
    public static final AvpDefinition TRIGGER_TYPE = tgpp("Trigger-Type", 870, ENUMERATED);
    public static final AvpDefinition QUOTA_HOLDING_TIME = tgpp("Quota-Holding-Time", 871, UNSIGNED32);
    public static final AvpDefinition REPORTING_REASON = tgpp("Reporting-Reason", 872, ENUMERATED);
    public static final AvpDefinition SERVICE_INFORMATION = tgpp("Service-Information", 873, GROUPED);
    public static final AvpDefinition PS_INFORMATION = tgpp("PS-Information", 874, GROUPED);
    public static final AvpDefinition IMS_INFORMATION = tgpp("IMS-Information", 876, GROUPED);
    public static final AvpDefinition QUOTA_CONSUMPTION_TIME = tgpp("Quota-Consumption-Time", 881, UNSIGNED32);
    public static final AvpDefinition MEDIA_INITIATOR_FLAG = tgpp("Media-Initiator-Flag", 882, ENUMERATED);
    public static final AvpDefinition EXPIRES = tgpp("Expires", 888, UNSIGNED32);
    public static final AvpDefinition MESSAGE_BODY = tgpp("Message-Body", 889, GROUPED);
    public static final AvpDefinition SERVICE_SPECIFIC_INFO = tgpp("Service-Specific-Info", 1249, GROUPED);
    public static final AvpDefinition CALLED_ASSERTED_IDENTITY = tgpp("Called-Asserted-Identity", 1250, UTF8_STRING);
    public static final AvpDefinition REQUESTED_PARTY_ADDRESS = tgpp("Requested-Party-Address", 1251, UTF8_STRING);
    public static final AvpDefinition SERVICE_SPECIFIC_TYPE = tgpp("Service-Specific-Type", 1257, UNSIGNED32);
    public static final AvpDefinition ACCESS_NETWORK_INFORMATION = tgpp("Access-Network-Information", 1263, OCTET_STRING);
    public static final AvpDefinition EARLY_MEDIA_DESCRIPTION = tgpp("Early-Media-Description", 1272, GROUPED);
    public static final AvpDefinition SDP_TIMESTAMPS = tgpp("SDP-TimeStamps", 1273, GROUPED);
    public static final AvpDefinition SDP_OFFER_TIMESTAMP = tgpp("SDP-Offer-Timestamp", 1274, TIME);
    public static final AvpDefinition SDP_ANSWER_TIMESTAMP = tgpp("SDP-Answer-Timestamp", 1275, TIME);
    public static final AvpDefinition ALTERNATE_CHARGED_PARTY_ADDRESS = tgpp("Alternate-Charged-Party-Address", 1280, UTF8_STRING);
    public static final AvpDefinition IMS_COMMUNICATION_SERVICE_IDENTIFIER = tgpp("IMS-Communication-Service-Identifier", 1281, UTF8_STRING);
    public static final AvpDefinition MEDIA_INITIATOR_PARTY = tgpp("Media-Initiator-Party", 1288, UTF8_STRING);
    public static final AvpDefinition SDP_TYPE = tgpp("SDP-Type", 2036, ENUMERATED);

    // Accounting-Record-Type (RFC 6733 §9.8.1)
    public static final int EVENT_RECORD = 1;
    public static final int START_RECORD = 2;
    public static final int INTERIM_RECORD = 3;
    public static final int STOP_RECORD = 4;
    // CC-Request-Type (RFC 4006 §8.3)
    public static final int INITIAL_REQUEST = 1;
    public static final int UPDATE_REQUEST = 2;
    public static final int TERMINATION_REQUEST = 3;
    public static final int EVENT_REQUEST = 4;
    // Role-Of-Node (TS 32.299 §7.2.177)
    public static final int ORIGINATING_ROLE = 0;
    public static final int TERMINATING_ROLE = 1;
    // Node-Functionality (§7.2.118)
    public static final int S_CSCF = 0;
    public static final int P_CSCF = 1;
    public static final int I_CSCF = 2;
    public static final int MRFC = 3;
    public static final int MGCF = 4;
    public static final int BGCF = 5;
    public static final int AS = 6;
}
