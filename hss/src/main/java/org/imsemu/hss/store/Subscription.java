package org.imsemu.hss.store;

import java.util.List;
import java.util.Objects;

/**
 * One subscription as the HSS holds it (TS 23.228 4.3.3): a private identity with its credentials and
 * the public identities it may register. The public identities form one implicit registration set
 * (registering one registers all); the first is the default one. {@code serviceProfile} is the
 * service profile's initial filter criteria as TS 29.228 annex XML (null: none).
 *
 * @param origin who provisioned it: "scenario" (refreshed at every start) or "provisioned" (imsemu hss add)
 */
public record Subscription(String impi, List<String> impus, Credentials credentials, String serviceProfile, String origin) {

    public Subscription {
        Objects.requireNonNull(impi, "impi");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(origin, "origin");
        impus = List.copyOf(impus);
        if (impus.isEmpty()) throw new IllegalArgumentException("a subscription needs at least one public identity");
    }

    public String defaultImpu() {
        return impus.get(0);
    }
}
