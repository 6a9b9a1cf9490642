package org.imsemu.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A subscription in a domain's HSS: public identity (IMPU, a sip: URI), private identity (IMPI, NAI),
 * the credentials (a password for Digest MD5 and/or AKA keys), the name of its service profile and
 * its Sh repository data.
 *
 * @param profile        the {@code profile} attribute: a {@link ServiceProfile} of the same domain
 * @param repositoryData Sh repository data (TS 29.328): service indication to XML, in document order
 */
public record Subscriber(String impu, String impi, Optional<String> password, Optional<AkaKeys> aka,
                         Optional<String> profile, Map<String, String> repositoryData) {

    public Subscriber {
        Objects.requireNonNull(impu, "impu");
        Objects.requireNonNull(impi, "impi");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(aka, "aka");
        Objects.requireNonNull(profile, "profile");
        repositoryData = Collections.unmodifiableMap(new LinkedHashMap<>(repositoryData));
    }

    /** A subscriber without service profile or repository data. */
    public Subscriber(String impu, String impi, Optional<String> password, Optional<AkaKeys> aka) {
        this(impu, impi, password, aka, Optional.empty(), Map.of());
    }

    @Override
    public String toString() {
        return "Subscriber[" + impu + ", " + impi + (password.isPresent() ? ", password" : "") + (aka.isPresent() ? ", aka" : "")
                + profile.map(p -> ", profile " + p).orElse("")
                + (repositoryData.isEmpty() ? "" : ", repository data " + repositoryData.keySet()) + "]";
    }
}
