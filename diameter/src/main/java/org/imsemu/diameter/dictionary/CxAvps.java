package org.imsemu.diameter.dictionary;

import static org.imsemu.diameter.AvpType.*;
import static org.imsemu.diameter.dictionary.Defs.base;
import static org.imsemu.diameter.dictionary.Defs.tgpp;

import org.imsemu.diameter.AvpDefinition;
import org.imsemu.diameter.AvpDefinition.MandatoryRule;

/** AVPs of Cx/Dx (TS 29.229 §6.3, vendor 3GPP) and the SIP Digest AVPs it uses (RFC 4740, RFC 5090). */
public final class CxAvps {
    private CxAvps() {
    }

    private static final MandatoryRule MUST_NOT = MandatoryRule.MUST_NOT;

    public static final AvpDefinition VISITED_NETWORK_IDENTIFIER = tgpp("Visited-Network-Identifier", 600, OCTET_STRING);
    public static final AvpDefinition PUBLIC_IDENTITY = tgpp("Public-Identity", 601, UTF8_STRING);
    public static final AvpDefinition SERVER_NAME = tgpp("Server-Name", 602, UTF8_STRING);
    public static final AvpDefinition SERVER_CAPABILITIES = tgpp("Server-Capabilities", 603, GROUPED);
    public static final AvpDefinition MANDATORY_CAPABILITY = tgpp("Mandatory-Capability", 604, UNSIGNED32);
    public static final AvpDefinition OPTIONAL_CAPABILITY = tgpp("Optional-Capability", 605, UNSIGNED32);
    /** Cx User-Data (the IMS subscription XML); Sh has its own, {@link ShAvps#SH_USER_DATA}. */
    public static final AvpDefinition USER_DATA = tgpp("User-Data", 606, OCTET_STRING);
    public static final AvpDefinition SIP_NUMBER_AUTH_ITEMS = tgpp("SIP-Number-Auth-Items", 607, UNSIGNED32);
    public static final AvpDefinition SIP_AUTHENTICATION_SCHEME = tgpp("SIP-Authentication-Scheme", 608, UTF8_STRING);
    public static final AvpDefinition SIP_AUTHENTICATE = tgpp("SIP-Authenticate", 609, OCTET_STRING);
    public static final AvpDefinition SIP_AUTHORIZATION = tgpp("SIP-Authorization", 610, OCTET_STRING);
    public static final AvpDefinition SIP_AUTHENTICATION_CONTEXT = tgpp("SIP-Authentication-Context", 611, OCTET_STRING);
    public static final AvpDefinition SIP_AUTH_DATA_ITEM = tgpp("SIP-Auth-Data-Item", 612, GROUPED);
    public static final AvpDefinition SIP_ITEM_NUMBER = tgpp("SIP-Item-Number", 613, UNSIGNED32);
    public static final AvpDefinition SERVER_ASSIGNMENT_TYPE = tgpp("Server-Assignment-Type", 614, ENUMERATED);
    public static final AvpDefinition DEREGISTRATION_REASON = tgpp("Deregistration-Reason", 615, GROUPED);
    public static final AvpDefinition REASON_CODE = tgpp("Reason-Code", 616, ENUMERATED);
    public static final AvpDefinition REASON_INFO = tgpp("Reason-Info", 617, UTF8_STRING);
    public static final AvpDefinition CHARGING_INFORMATION = tgpp("Charging-Information", 618, GROUPED);
    public static final AvpDefinition PRIMARY_EVENT_CHARGING_FUNCTION_NAME = tgpp("Primary-Event-Charging-Function-Name", 619, DIAMETER_URI);
    public static final AvpDefinition SECONDARY_EVENT_CHARGING_FUNCTION_NAME = tgpp("Secondary-Event-Charging-Function-Name", 620, DIAMETER_URI);
    public static final AvpDefinition PRIMARY_CHARGING_COLLECTION_FUNCTION_NAME = tgpp("Primary-Charging-Collection-Function-Name", 621, DIAMETER_URI);
    public static final AvpDefinition SECONDARY_CHARGING_COLLECTION_FUNCTION_NAME = tgpp("Secondary-Charging-Collection-Function-Name", 622, DIAMETER_URI);
    public static final AvpDefinition USER_AUTHORIZATION_TYPE = tgpp("User-Authorization-Type", 623, ENUMERATED);
    public static final AvpDefinition USER_DATA_ALREADY_AVAILABLE = tgpp("User-Data-Already-Available", 624, ENUMERATED);
    public static final AvpDefinition CONFIDENTIALITY_KEY = tgpp("Confidentiality-Key", 625, OCTET_STRING);
    public static final AvpDefinition INTEGRITY_KEY = tgpp("Integrity-Key", 626, OCTET_STRING);
    public static final AvpDefinition SUPPORTED_FEATURES = tgpp("Supported-Features", 628, GROUPED, MUST_NOT);
    public static final AvpDefinition FEATURE_LIST_ID = tgpp("Feature-List-ID", 629, UNSIGNED32, MUST_NOT);
    public static final AvpDefinition FEATURE_LIST = tgpp("Feature-List", 630, UNSIGNED32, MUST_NOT);
    public static final AvpDefinition SUPPORTED_APPLICATIONS = tgpp("Supported-Applications", 631, GROUPED, MUST_NOT);
    public static final AvpDefinition ASSOCIATED_IDENTITIES = tgpp("Associated-Identities", 632, GROUPED, MUST_NOT);
    public static final AvpDefinition ORIGINATING_REQUEST = tgpp("Originating-Request", 633, ENUMERATED);
    public static final AvpDefinition WILDCARDED_PUBLIC_IDENTITY = tgpp("Wildcarded-Public-Identity", 634, UTF8_STRING, MUST_NOT);
    public static final AvpDefinition SIP_DIGEST_AUTHENTICATE = tgpp("SIP-Digest-Authenticate", 635, GROUPED, MUST_NOT);
    public static final AvpDefinition WILDCARDED_IMPU = tgpp("Wildcarded-IMPU", 636, UTF8_STRING, MUST_NOT);
    public static final AvpDefinition UAR_FLAGS = tgpp("UAR-Flags", 637, UNSIGNED32, MUST_NOT);
    public static final AvpDefinition LOOSE_ROUTE_INDICATION = tgpp("Loose-Route-Indication", 638, ENUMERATED, MUST_NOT);
    public static final AvpDefinition SCSCF_RESTORATION_INFO = tgpp("SCSCF-Restoration-Info", 639, GROUPED, MUST_NOT);
    public static final AvpDefinition PATH = tgpp("Path", 640, OCTET_STRING, MUST_NOT);
    public static final AvpDefinition CONTACT = tgpp("Contact", 641, OCTET_STRING, MUST_NOT);
    public static final AvpDefinition SUBSCRIPTION_INFO = tgpp("Subscription-Info", 642, GROUPED, MUST_NOT);
    public static final AvpDefinition CALL_ID_SIP_HEADER = tgpp("Call-ID-SIP-Header", 643, OCTET_STRING, MUST_NOT);
    public static final AvpDefinition FROM_SIP_HEADER = tgpp("From-SIP-Header", 644, OCTET_STRING, MUST_NOT);
    public static final AvpDefinition TO_SIP_HEADER = tgpp("To-SIP-Header", 645, OCTET_STRING, MUST_NOT);
    public static final AvpDefinition RECORD_ROUTE = tgpp("Record-Route", 646, OCTET_STRING, MUST_NOT);
    public static final AvpDefinition ASSOCIATED_REGISTERED_IDENTITIES = tgpp("Associated-Registered-Identities", 647, GROUPED, MUST_NOT);
    public static final AvpDefinition MULTIPLE_REGISTRATION_INDICATION = tgpp("Multiple-Registration-Indication", 648, ENUMERATED, MUST_NOT);
    public static final AvpDefinition RESTORATION_INFO = tgpp("Restoration-Info", 649, GROUPED, MUST_NOT);
    public static final AvpDefinition SESSION_PRIORITY = tgpp("Session-Priority", 650, ENUMERATED, MUST_NOT);
    public static final AvpDefinition IDENTITY_WITH_EMERGENCY_REGISTRATION = tgpp("Identity-with-Emergency-Registration", 651, GROUPED, MUST_NOT);
    public static final AvpDefinition PRIVILEDGED_SENDER_INDICATION = tgpp("Priviledged-Sender-Indication", 652, ENUMERATED, MUST_NOT);
    public static final AvpDefinition LIA_FLAGS = tgpp("LIA-Flags", 653, UNSIGNED32, MUST_NOT);
    public static final AvpDefinition INITIAL_CSEQ_SEQUENCE_NUMBER = tgpp("Initial-CSeq-Sequence-Number", 654, UNSIGNED32, MUST_NOT);
    public static final AvpDefinition SAR_FLAGS = tgpp("SAR-Flags", 655, UNSIGNED32, MUST_NOT);

    // SIP Digest AVPs (RFC 5090 / RFC 4740, IETF namespace), carried in SIP-Digest-Authenticate
    public static final AvpDefinition DIGEST_REALM = base("Digest-Realm", 104, UTF8_STRING);
    public static final AvpDefinition DIGEST_NONCE = base("Digest-Nonce", 105, UTF8_STRING);
    public static final AvpDefinition DIGEST_RESPONSE_AUTH = base("Digest-Response-Auth", 106, UTF8_STRING);
    public static final AvpDefinition DIGEST_NEXTNONCE = base("Digest-Nextnonce", 107, UTF8_STRING);
    public static final AvpDefinition DIGEST_METHOD = base("Digest-Method", 108, UTF8_STRING);
    public static final AvpDefinition DIGEST_URI = base("Digest-URI", 109, UTF8_STRING);
    public static final AvpDefinition DIGEST_QOP = base("Digest-QoP", 110, UTF8_STRING);
    public static final AvpDefinition DIGEST_ALGORITHM = base("Digest-Algorithm", 111, UTF8_STRING);
    public static final AvpDefinition DIGEST_ENTITY_BODY_HASH = base("Digest-Entity-Body-Hash", 112, UTF8_STRING);
    public static final AvpDefinition DIGEST_CNONCE = base("Digest-CNonce", 113, UTF8_STRING);
    public static final AvpDefinition DIGEST_NONCE_COUNT = base("Digest-Nonce-Count", 114, UTF8_STRING);
    public static final AvpDefinition DIGEST_USERNAME = base("Digest-Username", 115, UTF8_STRING);
    public static final AvpDefinition DIGEST_OPAQUE = base("Digest-Opaque", 116, UTF8_STRING);
    public static final AvpDefinition DIGEST_AUTH_PARAM = base("Digest-Auth-Param", 117, UTF8_STRING);
    public static final AvpDefinition DIGEST_AKA_AUTS = base("Digest-AKA-Auts", 118, UTF8_STRING);
    public static final AvpDefinition DIGEST_DOMAIN = base("Digest-Domain", 119, UTF8_STRING);
    public static final AvpDefinition DIGEST_STALE = base("Digest-Stale", 120, UTF8_STRING);
    public static final AvpDefinition DIGEST_HA1 = base("Digest-HA1", 121, UTF8_STRING);
    public static final AvpDefinition SIP_AOR = base("SIP-AOR", 122, UTF8_STRING);
}
