package org.imsemu.as.sh;

import java.util.Objects;

/**
 * One piece of transparent data an application server keeps in the HSS (TS 29.328 §7.6, the
 * RepositoryData element of Sh-Data). The HSS stores it without looking inside.
 *
 * @param serviceIndication names the data; one per service (e.g. "call-forwarding")
 * @param sequenceNumber 0..65535; 0 only when the data is first created (TS 29.328 §7.6.1)
 * @param serviceData the content of the ServiceData element, as XML text; null when the data is being
 *                    removed (a PUR without ServiceData deletes it)
 */
public record RepositoryData(String serviceIndication, int sequenceNumber, String serviceData) {
    public static final int MAX_SEQUENCE_NUMBER = 65535;

    public RepositoryData {
        Objects.requireNonNull(serviceIndication, "serviceIndication");
        if (serviceIndication.isBlank()) throw new IllegalArgumentException("empty service indication");
        if (sequenceNumber < 0 || sequenceNumber > MAX_SEQUENCE_NUMBER) {
            throw new IllegalArgumentException("sequence number out of 0..65535: " + sequenceNumber);
        }
    }

    /** New data, as an AS creates it: sequence number 0. */
    public static RepositoryData create(String serviceIndication, String serviceData) {
        return new RepositoryData(serviceIndication, 0, serviceData);
    }

    /**
     * The update of this data to {@code newServiceData} (null: removal), with the next sequence number:
     * n + 1, and 1 after 65535, since 0 means creation (TS 29.328 §7.6.1).
     */
    public RepositoryData next(String newServiceData) {
        return new RepositoryData(serviceIndication, nextSequenceNumber(sequenceNumber), newServiceData);
    }

    public static int nextSequenceNumber(int n) {
        return n >= MAX_SEQUENCE_NUMBER ? 1 : n + 1;
    }

    public boolean hasServiceData() {
        return serviceData != null;
    }
}
