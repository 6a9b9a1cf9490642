package org.imsemu.diameter.dictionary;

import org.imsemu.diameter.ApplicationId;

/** Application ids (IANA "Application IDs"; 3GPP ones from TS 29.230). */
public final class Applications {
    private Applications() {
    }

    public static final long COMMON_MESSAGES = 0;
    public static final long NASREQ = 1;
    public static final long BASE_ACCOUNTING = 3;
    public static final long CREDIT_CONTROL = 4;
    public static final long SIP = 6;
    /** 3GPP Cx/Dx (TS 29.229). */
    public static final long CX = 16777216;
    /** 3GPP Sh/Dh (TS 29.329). */
    public static final long SH = 16777217;
    /** 3GPP Gq (TS 29.209). */
    public static final long GQ = 16777222;
    /** 3GPP Rx (TS 29.214). */
    public static final long RX = 16777236;
    public static final long RELAY = ApplicationId.RELAY;

    /** As advertised in CER/CEA: vendor-specific auth applications of 3GPP, plain ones of the IETF. */
    public static final ApplicationId CX_AUTH = ApplicationId.auth(CX, Vendors.TGPP);
    public static final ApplicationId SH_AUTH = ApplicationId.auth(SH, Vendors.TGPP);
    public static final ApplicationId RX_AUTH = ApplicationId.auth(RX, Vendors.TGPP);
    public static final ApplicationId GQ_AUTH = ApplicationId.auth(GQ, Vendors.TGPP);
    /** Ro: Diameter Credit-Control (RFC 4006) used by TS 32.299. */
    public static final ApplicationId RO_AUTH = ApplicationId.auth(CREDIT_CONTROL);
    /** Rf: base accounting (RFC 6733) used by TS 32.299. */
    public static final ApplicationId RF_ACCT = ApplicationId.acct(BASE_ACCOUNTING);
}
