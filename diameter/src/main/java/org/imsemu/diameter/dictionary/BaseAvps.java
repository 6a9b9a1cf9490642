package org.imsemu.diameter.dictionary;

import static org.imsemu.diameter.AvpType.*;
import static org.imsemu.diameter.dictionary.Defs.base;

import org.imsemu.diameter.AvpDefinition;
import org.imsemu.diameter.AvpDefinition.MandatoryRule;

/** AVPs of the base protocol (RFC 6733 §4.5) and the RADIUS-derived ones it and its applications use. */
public final class BaseAvps {
    private BaseAvps() {
    }

    public static final AvpDefinition ACCT_INTERIM_INTERVAL = base("Acct-Interim-Interval", 85, UNSIGNED32);
    public static final AvpDefinition ACCOUNTING_REALTIME_REQUIRED = base("Accounting-Realtime-Required", 483, ENUMERATED);
    public static final AvpDefinition ACCT_MULTI_SESSION_ID = base("Acct-Multi-Session-Id", 50, UTF8_STRING);
    public static final AvpDefinition ACCOUNTING_RECORD_NUMBER = base("Accounting-Record-Number", 485, UNSIGNED32);
    public static final AvpDefinition ACCOUNTING_RECORD_TYPE = base("Accounting-Record-Type", 480, ENUMERATED);
    public static final AvpDefinition ACCT_SESSION_ID = base("Acct-Session-Id", 44, OCTET_STRING);
    public static final AvpDefinition ACCOUNTING_SUB_SESSION_ID = base("Accounting-Sub-Session-Id", 287, UNSIGNED64);
    public static final AvpDefinition ACCT_APPLICATION_ID = base("Acct-Application-Id", 259, UNSIGNED32);
    public static final AvpDefinition AUTH_APPLICATION_ID = base("Auth-Application-Id", 258, UNSIGNED32);
    public static final AvpDefinition AUTH_REQUEST_TYPE = base("Auth-Request-Type", 274, ENUMERATED);
    public static final AvpDefinition AUTHORIZATION_LIFETIME = base("Authorization-Lifetime", 291, UNSIGNED32);
    public static final AvpDefinition AUTH_GRACE_PERIOD = base("Auth-Grace-Period", 276, UNSIGNED32);
    public static final AvpDefinition AUTH_SESSION_STATE = base("Auth-Session-State", 277, ENUMERATED);
    public static final AvpDefinition RE_AUTH_REQUEST_TYPE = base("Re-Auth-Request-Type", 285, ENUMERATED);
    public static final AvpDefinition CLASS = base("Class", 25, OCTET_STRING);
    public static final AvpDefinition DESTINATION_HOST = base("Destination-Host", 293, DIAMETER_IDENTITY);
    public static final AvpDefinition DESTINATION_REALM = base("Destination-Realm", 283, DIAMETER_IDENTITY);
    public static final AvpDefinition DISCONNECT_CAUSE = base("Disconnect-Cause", 273, ENUMERATED);
    public static final AvpDefinition ERROR_MESSAGE = base("Error-Message", 281, UTF8_STRING, MandatoryRule.MUST_NOT);
    public static final AvpDefinition ERROR_REPORTING_HOST = base("Error-Reporting-Host", 294, DIAMETER_IDENTITY, MandatoryRule.MUST_NOT);
    public static final AvpDefinition EVENT_TIMESTAMP = base("Event-Timestamp", 55, TIME);
    public static final AvpDefinition EXPERIMENTAL_RESULT = base("Experimental-Result", 297, GROUPED);
    public static final AvpDefinition EXPERIMENTAL_RESULT_CODE = base("Experimental-Result-Code", 298, UNSIGNED32);
    public static final AvpDefinition FAILED_AVP = base("Failed-AVP", 279, GROUPED);
    public static final AvpDefinition FIRMWARE_REVISION = base("Firmware-Revision", 267, UNSIGNED32, MandatoryRule.MUST_NOT);
    public static final AvpDefinition HOST_IP_ADDRESS = base("Host-IP-Address", 257, ADDRESS);
    public static final AvpDefinition INBAND_SECURITY_ID = base("Inband-Security-Id", 299, UNSIGNED32);
    public static final AvpDefinition MULTI_ROUND_TIME_OUT = base("Multi-Round-Time-Out", 272, UNSIGNED32);
    public static final AvpDefinition ORIGIN_HOST = base("Origin-Host", 264, DIAMETER_IDENTITY);
    public static final AvpDefinition ORIGIN_REALM = base("Origin-Realm", 296, DIAMETER_IDENTITY);
    public static final AvpDefinition ORIGIN_STATE_ID = base("Origin-State-Id", 278, UNSIGNED32);
    public static final AvpDefinition PRODUCT_NAME = base("Product-Name", 269, UTF8_STRING, MandatoryRule.MUST_NOT);
    public static final AvpDefinition PROXY_HOST = base("Proxy-Host", 280, DIAMETER_IDENTITY);
    public static final AvpDefinition PROXY_INFO = base("Proxy-Info", 284, GROUPED);
    public static final AvpDefinition PROXY_STATE = base("Proxy-State", 33, OCTET_STRING);
    public static final AvpDefinition REDIRECT_HOST = base("Redirect-Host", 292, DIAMETER_URI);
    public static final AvpDefinition REDIRECT_HOST_USAGE = base("Redirect-Host-Usage", 261, ENUMERATED);
    public static final AvpDefinition REDIRECT_MAX_CACHE_TIME = base("Redirect-Max-Cache-Time", 262, UNSIGNED32);
    public static final AvpDefinition RESULT_CODE = base("Result-Code", 268, UNSIGNED32);
    public static final AvpDefinition ROUTE_RECORD = base("Route-Record", 282, DIAMETER_IDENTITY);
    public static final AvpDefinition SESSION_ID = base("Session-Id", 263, UTF8_STRING);
    public static final AvpDefinition SESSION_TIMEOUT = base("Session-Timeout", 27, UNSIGNED32);
    public static final AvpDefinition SESSION_BINDING = base("Session-Binding", 270, UNSIGNED32);
    public static final AvpDefinition SESSION_SERVER_FAILOVER = base("Session-Server-Failover", 271, ENUMERATED);
    public static final AvpDefinition SUPPORTED_VENDOR_ID = base("Supported-Vendor-Id", 265, UNSIGNED32);
    public static final AvpDefinition TERMINATION_CAUSE = base("Termination-Cause", 295, ENUMERATED);
    public static final AvpDefinition USER_NAME = base("User-Name", 1, UTF8_STRING);
    public static final AvpDefinition VENDOR_ID = base("Vendor-Id", 266, UNSIGNED32);
    public static final AvpDefinition VENDOR_SPECIFIC_APPLICATION_ID = base("Vendor-Specific-Application-Id", 260, GROUPED);
    // RADIUS attributes reused by Rx (RFC 7155 NASREQ)
    public static final AvpDefinition CALLED_STATION_ID = base("Called-Station-Id", 30, UTF8_STRING);
    public static final AvpDefinition FRAMED_IP_ADDRESS = base("Framed-IP-Address", 8, OCTET_STRING);
    public static final AvpDefinition FRAMED_IPV6_PREFIX = base("Framed-IPv6-Prefix", 97, OCTET_STRING);

    /** Disconnect-Cause values (RFC 6733 §5.4.3). */
    public static final int DISCONNECT_REBOOTING = 0;
    public static final int DISCONNECT_BUSY = 1;
    public static final int DISCONNECT_DO_NOT_WANT_TO_TALK_TO_YOU = 2;
    /** Auth-Session-State values (RFC 6733 §8.11). */
    public static final int STATE_MAINTAINED = 0;
    public static final int NO_STATE_MAINTAINED = 1;
}
