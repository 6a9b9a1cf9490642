package org.imsemu.nodes.common;

import java.util.Optional;

/**
 * What an S-CSCF needs to know of its operator's subscribers. In release 1 the scenario file answers;
 * the HSS over Cx takes over later, behind the same questions.
 */
public interface SubscriberDirectory {

    /** A private identity (IMPI) with the public identity (IMPU) it registers and its Digest password. */
    record Subscription(String impi, String impu, String password) {
    }

    Optional<Subscription> byImpi(String impi);

    Optional<Subscription> byImpu(String impu);
}
