package org.imsemu.diameter;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Lookups shared by a message and a Grouped AVP: both are a list of AVPs. */
public interface AvpContainer {

    List<Avp> avps();

    /** The first AVP of this kind. */
    default Optional<Avp> avp(AvpDefinition def) {
        for (Avp a : avps()) if (def.matches(a)) return Optional.of(a);
        return Optional.empty();
    }

    default Optional<Avp> avp(int code, int vendorId) {
        for (Avp a : avps()) if (a.code() == code && a.vendorId() == vendorId) return Optional.of(a);
        return Optional.empty();
    }

    /** Every AVP of this kind, in order. */
    default List<Avp> all(AvpDefinition def) {
        List<Avp> out = new ArrayList<>(2);
        for (Avp a : avps()) if (def.matches(a)) out.add(a);
        return out;
    }

    /** The first AVP of this kind, or DIAMETER_MISSING_AVP (5005) with a placeholder Failed-AVP. */
    default Avp required(AvpDefinition def) {
        return avp(def).orElseThrow(() -> new DiameterException(ResultCodes.DIAMETER_MISSING_AVP,
                "missing " + def.name(), def.placeholder()));
    }

    /** The text of the first AVP of this kind (UTF8String, DiameterIdentity, DiameterURI). */
    default Optional<String> text(AvpDefinition def) {
        return avp(def).map(Avp::asUtf8String);
    }

    /** The value of the first Unsigned32 / Enumerated / Integer32 AVP of this kind. */
    default Optional<Long> number(AvpDefinition def) {
        return avp(def).map(a -> switch (def.type()) {
            case UNSIGNED32 -> a.asUnsigned32();
            case INTEGER64, UNSIGNED64 -> a.asInteger64();
            default -> (long) a.asInteger32();
        });
    }
}
