package org.imsemu.nodes.scscf.ifc;

import java.util.Comparator;
import java.util.List;
import org.imsemu.sip.message.SipRequest;

/**
 * A service profile of a user's subscription (TS 29.228 annex B.2.1): the public identities it applies
 * to and their initial filter criteria, sorted by priority.
 */
public record ServiceProfile(List<String> publicIdentities, List<InitialFilterCriteria> filterCriteria) {

    public ServiceProfile {
        publicIdentities = List.copyOf(publicIdentities);
        filterCriteria = filterCriteria.stream().sorted(Comparator.comparingInt(InitialFilterCriteria::priority)).toList();
    }

    /**
     * The first criterion after priority {@code after} (exclusive; Integer.MIN_VALUE for the first) that
     * matches; null when none is left. The S-CSCF calls it again with the matched priority when the
     * request comes back from the AS (its ODI tells where it was).
     */
    public InitialFilterCriteria next(SipRequest request, SessionCase sessionCase, boolean registered, int after) {
        for (InitialFilterCriteria c : filterCriteria) {
            if (c.priority() > after && c.matches(request, sessionCase, registered)) return c;
        }
        return null;
    }
}
