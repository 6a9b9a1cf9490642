package org.imsemu.diameter.node;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.imsemu.diameter.ApplicationId;
import org.imsemu.diameter.Avp;
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.dictionary.BaseAvps;

/** The capabilities exchange (RFC 6733 §5.3): what a node advertises, and what two nodes share. */
final class Capabilities {
    private Capabilities() {
    }

    /** The AVPs of a CER or CEA after Origin-Host/Realm: addresses, vendor, product, applications. */
    static void addLocal(DiameterMessage.Builder b, DiameterNodeConfig c, List<InetAddress> hostAddresses, long originStateId) {
        for (InetAddress a : hostAddresses) b.add(BaseAvps.HOST_IP_ADDRESS.of(a));
        b.add(BaseAvps.VENDOR_ID.of(c.vendorId()));
        b.add(BaseAvps.PRODUCT_NAME.of(c.productName()));
        b.add(BaseAvps.ORIGIN_STATE_ID.of(originStateId));
        Set<Long> vendors = new LinkedHashSet<>();
        for (ApplicationId app : c.applications()) if (app.vendorId() != 0) vendors.add(app.vendorId());
        for (long v : vendors) b.add(BaseAvps.SUPPORTED_VENDOR_ID.of(v));
        for (ApplicationId app : c.applications()) b.add(advertise(app));
        b.add(BaseAvps.FIRMWARE_REVISION.of(c.firmwareRevision()));
    }

    static Avp advertise(ApplicationId app) {
        Avp id = (app.kind() == ApplicationId.Kind.AUTH ? BaseAvps.AUTH_APPLICATION_ID : BaseAvps.ACCT_APPLICATION_ID).of(app.id());
        if (app.vendorId() == 0) return id;
        return BaseAvps.VENDOR_SPECIFIC_APPLICATION_ID.of(BaseAvps.VENDOR_ID.of(app.vendorId()), id);
    }

    /** The applications a CER or CEA advertises, plain and vendor-specific. */
    static List<ApplicationId> advertised(DiameterMessage m) {
        List<ApplicationId> out = new ArrayList<>();
        for (Avp a : m.all(BaseAvps.AUTH_APPLICATION_ID)) out.add(ApplicationId.auth(a.asUnsigned32()));
        for (Avp a : m.all(BaseAvps.ACCT_APPLICATION_ID)) out.add(ApplicationId.acct(a.asUnsigned32()));
        for (Avp vsai : m.all(BaseAvps.VENDOR_SPECIFIC_APPLICATION_ID)) {
            long vendor = vsai.number(BaseAvps.VENDOR_ID).orElse(0L);
            for (Avp a : vsai.all(BaseAvps.AUTH_APPLICATION_ID)) out.add(ApplicationId.auth(a.asUnsigned32(), vendor));
            for (Avp a : vsai.all(BaseAvps.ACCT_APPLICATION_ID)) out.add(ApplicationId.acct(a.asUnsigned32(), vendor));
        }
        return out;
    }

    /**
     * Our applications the peer also advertises. Matched on the id alone: implementations differ in
     * whether they wrap a 3GPP id in Vendor-Specific-Application-Id, and the id is unique anyway.
     * A relay on either side has everything in common.
     */
    static List<ApplicationId> common(List<ApplicationId> ours, List<ApplicationId> theirs) {
        boolean theyRelay = theirs.stream().anyMatch(a -> a.id() == ApplicationId.RELAY);
        boolean weRelay = ours.stream().anyMatch(a -> a.id() == ApplicationId.RELAY);
        if (weRelay) return theirs;
        List<ApplicationId> out = new ArrayList<>();
        for (ApplicationId a : ours) {
            if (theyRelay || theirs.stream().anyMatch(t -> t.id() == a.id())) out.add(a);
        }
        return out;
    }
}
