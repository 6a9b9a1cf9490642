package org.imsemu.diameter.dictionary;

/** SMI Private Enterprise Codes used as Diameter Vendor-Ids. */
public final class Vendors {
    private Vendors() {
    }

    public static final int IETF = 0;
    public static final int TGPP = 10415;
    public static final int ETSI = 13019;
}
