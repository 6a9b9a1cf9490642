package org.imsemu.conformance;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A signalling flow as a specification describes it: an ordered list of steps between roles.
 *
 * @param spec                    where it comes from, e.g. "3GPP TS 24.228 v5.15.0 §6.2, adapted"
 * @param ignored                 messages left out before comparing (e.g. 100 Trying: hop-by-hop, and it
 *                                races with the request the proxy forwards)
 * @param collapseRetransmissions whether a message identical (same hop, same bytes) to an earlier one is
 *                                left out as a retransmission
 */
public record ExpectedFlow(String name, String title, String spec, List<Step> steps, List<MessagePattern> ignored,
                           boolean collapseRetransmissions) {
    public ExpectedFlow {
        Objects.requireNonNull(name, "name");
        title = title == null ? name : title;
        spec = spec == null ? "" : spec;
        steps = List.copyOf(steps);
        ignored = List.copyOf(ignored);
        if (steps.isEmpty()) throw new IllegalArgumentException("flow " + name + " has no steps");
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).number() != i + 1) throw new IllegalArgumentException("flow " + name + ": step " + (i + 1) + " is numbered " + steps.get(i).number());
        }
    }

    /** Every role label the steps name, in order of appearance. Messages between other nodes are not compared. */
    public Set<String> roles() {
        Set<String> r = new LinkedHashSet<>();
        for (Step s : steps) {
            r.add(s.from());
            r.add(s.to());
        }
        return r;
    }

    public boolean isIgnored(ObservedMessage m) {
        for (MessagePattern p : ignored) {
            if (p.matches(m)) return true;
        }
        return false;
    }
}
