package org.imsemu.diameter.node;

import java.net.InetSocketAddress;
import java.util.List;
import org.imsemu.diameter.ApplicationId;

/**
 * A peer as learnt in the capabilities exchange: its identity, where it is, what it advertised and
 * what the two nodes have in common.
 */
public record PeerInfo(String originHost, String originRealm, InetSocketAddress remoteAddress, String productName,
                       List<ApplicationId> advertised, List<ApplicationId> common) {
    public PeerInfo {
        advertised = List.copyOf(advertised);
        common = List.copyOf(common);
    }

    /** True when requests of this application may go to this peer (common, or either side is a relay). */
    public boolean supports(long applicationId) {
        if (applicationId == 0) return true;
        for (ApplicationId a : common) if (a.id() == applicationId || a.id() == ApplicationId.RELAY) return true;
        return false;
    }
}
