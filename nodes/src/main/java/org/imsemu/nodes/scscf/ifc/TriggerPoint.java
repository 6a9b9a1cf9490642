package org.imsemu.nodes.scscf.ifc;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.imsemu.sip.message.SipRequest;

/**
 * The condition of an initial filter criterion (TS 29.228 annex B.2.2, C): service point triggers
 * combined by group. In conjunctive normal form (CNF) the triggers of a group are ORed and the groups
 * ANDed; in disjunctive normal form (DNF) the triggers of a group are ANDed and the groups ORed. A
 * trigger in several groups counts in each.
 */
public record TriggerPoint(boolean conjunctive, List<ServicePointTrigger> triggers) {

    public TriggerPoint {
        triggers = List.copyOf(triggers);
    }

    public boolean matches(SipRequest request, SessionCase sessionCase) {
        Map<Integer, Boolean> groups = new TreeMap<>();
        for (ServicePointTrigger t : triggers) {
            boolean m = t.matches(request, sessionCase);
            for (int g : t.groups()) {
                Boolean prev = groups.get(g);
                groups.put(g, prev == null ? m : conjunctive ? prev || m : prev && m);
            }
        }
        if (groups.isEmpty()) return true;
        return conjunctive ? groups.values().stream().allMatch(b -> b) : groups.values().stream().anyMatch(b -> b);
    }
}
