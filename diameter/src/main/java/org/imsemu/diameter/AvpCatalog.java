package org.imsemu.diameter;

/** What the decoder needs of a dictionary: the definition of an AVP, or null when unknown. */
@FunctionalInterface
public interface AvpCatalog {
    AvpDefinition find(int code, int vendorId);
}
