package org.imsemu.diameter.dictionary;

import org.imsemu.diameter.AvpDefinition;
import org.imsemu.diameter.AvpDefinition.MandatoryRule;
import org.imsemu.diameter.AvpType;

/** Short constructors for the dictionary tables. */
final class Defs {
    private Defs() {
    }

    static AvpDefinition base(String name, int code, AvpType type) {
        return new AvpDefinition(name, code, 0, type, MandatoryRule.MUST);
    }

    static AvpDefinition base(String name, int code, AvpType type, MandatoryRule m) {
        return new AvpDefinition(name, code, 0, type, m);
    }

    static AvpDefinition tgpp(String name, int code, AvpType type) {
        return new AvpDefinition(name, code, Vendors.TGPP, type, MandatoryRule.MUST);
    }

    static AvpDefinition tgpp(String name, int code, AvpType type, MandatoryRule m) {
        return new AvpDefinition(name, code, Vendors.TGPP, type, m);
    }

    static AvpDefinition etsi(String name, int code, AvpType type, MandatoryRule m) {
        return new AvpDefinition(name, code, Vendors.ETSI, type, m);
    }
}
