package org.imsemu.sip.registrar;

import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;

/**
 * The binding part of a registrar (RFC 3261 10.3 steps 6 to 8, Path per RFC 3327): applies the Contact
 * entries of an authorised REGISTER to the location service and builds the response. Authentication and
 * what an IMS registrar adds to the 200 (Service-Route, P-Associated-URI) are the caller's.
 */
public final class Registrar {
    public static final long DEFAULT_EXPIRES = 3600;

    private final LocationService location;
    private final long maxExpires;

    public Registrar(LocationService location, long maxExpires) {
        this.location = location;
        this.maxExpires = maxExpires;
    }

    public LocationService location() {
        return location;
    }

    /** Updates the bindings of {@code aor} and returns the 200 listing them all, or the error response. */
    public SipResponse register(SipRequest req, String aor) {
        long headerExpires = req.expires();
        if (req.isWildcardContact()) {
            if (headerExpires != 0) return req.createResponse(400, "Wildcard Contact Requires Expires 0");
            location.removeAll(aor);
            return req.createResponse(200);
        }
        for (NameAddress c : req.contacts()) {
            long expires;
            try {
                String p = c.parameter("expires");
                expires = p != null ? Long.parseLong(p) : headerExpires >= 0 ? headerExpires : DEFAULT_EXPIRES;
            } catch (NumberFormatException e) {
                return req.createResponse(400, "Bad Contact Expires");
            }
            LocationService.Binding old = location.find(aor, c);
            if (old != null && old.callId().equals(req.callId()) && old.cseq() >= req.cseq().number()) {
                return req.createResponse(500, "Out-of-Order REGISTER");
            }
            location.update(aor, c, Math.min(expires, maxExpires), req.callId(), req.cseq().number(), req.paths());
        }
        SipResponse ok = req.createResponse(200);
        long now = location.now();
        for (LocationService.Binding b : location.lookup(aor)) {
            NameAddress contact = b.contact().withParameter("expires", Long.toString(b.secondsLeft(now)));
            ok = ok.withHeaderLast(HeaderNames.CONTACT, contact.toString());
        }
        if (req.hasHeader(HeaderNames.PATH)) ok = ok.withHeaderLast(HeaderNames.PATH, NameAddress.join(req.paths()));
        return ok;
    }
}
