package org.imsemu.scenario;

import java.util.Objects;
import java.util.Optional;

/**
 * A subscription in a domain's HSS: public identity (IMPU, a sip: URI), private identity (IMPI, NAI)
 * and the credentials: a password for Digest MD5 and/or AKA keys (used by the IMS AKA issue).
 */
public record Subscriber(String impu, String impi, Optional<String> password, Optional<AkaKeys> aka) {

    public Subscriber {
        Objects.requireNonNull(impu, "impu");
        Objects.requireNonNull(impi, "impi");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(aka, "aka");
    }

    @Override
    public String toString() {
        return "Subscriber[" + impu + ", " + impi + (password.isPresent() ? ", password" : "") + (aka.isPresent() ? ", aka" : "") + "]";
    }
}
