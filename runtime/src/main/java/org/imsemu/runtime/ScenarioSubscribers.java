package org.imsemu.runtime;

import java.util.Optional;
import org.imsemu.nodes.common.SubscriberDirectory;
import org.imsemu.scenario.Subscriber;
import org.imsemu.scenario.Subscribers;

/**
 * Release 1's stand-in for the HSS: an S-CSCF asks the scenario's subscriber list of its domain. Only
 * Digest subscribers have a password; AKA ones (the next issue) are known but cannot register yet.
 */
final class ScenarioSubscribers implements SubscriberDirectory {
    private final Subscribers subscribers;

    ScenarioSubscribers(Subscribers subscribers) {
        this.subscribers = subscribers;
    }

    @Override
    public Optional<Subscription> byImpi(String impi) {
        return subscribers.byImpi(impi).map(ScenarioSubscribers::subscription);
    }

    @Override
    public Optional<Subscription> byImpu(String impu) {
        return subscribers.byImpu(impu).map(ScenarioSubscribers::subscription);
    }

    private static Subscription subscription(Subscriber s) {
        return new Subscription(s.impi(), s.impu(), s.password().orElse(null));
    }
}
