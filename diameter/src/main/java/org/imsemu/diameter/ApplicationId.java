package org.imsemu.diameter;

/**
 * An application a node supports, as advertised in CER/CEA: Auth- or Acct-Application-Id, inside a
 * Vendor-Specific-Application-Id when {@code vendorId != 0} (RFC 6733 §6.11). 3GPP's Cx is
 * {@code auth(16777216, 10415)}.
 */
public record ApplicationId(long id, long vendorId, Kind kind) {
    public enum Kind { AUTH, ACCT }

    /** The Relay application id: a relay agent supports every application (RFC 6733 §2.4). */
    public static final long RELAY = 0xffff_ffffL;

    public static ApplicationId auth(long id) {
        return new ApplicationId(id, 0, Kind.AUTH);
    }

    public static ApplicationId auth(long id, long vendorId) {
        return new ApplicationId(id, vendorId, Kind.AUTH);
    }

    public static ApplicationId acct(long id) {
        return new ApplicationId(id, 0, Kind.ACCT);
    }

    public static ApplicationId acct(long id, long vendorId) {
        return new ApplicationId(id, vendorId, Kind.ACCT);
    }

    @Override
    public String toString() {
        return (kind == Kind.AUTH ? "auth:" : "acct:") + id + (vendorId != 0 ? "/" + vendorId : "");
    }
}
