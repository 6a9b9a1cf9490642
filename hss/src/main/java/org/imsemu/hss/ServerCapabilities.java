package org.imsemu.hss;

import java.util.List;

/**
 * What the HSS tells an I-CSCF when it must select an S-CSCF (TS 29.228 §6.7, Server-Capabilities AVP):
 * the capabilities the domain's users need of an S-CSCF (operator-defined integers, mandatory and
 * optional) and the names (SIP URIs) of S-CSCFs that have them.
 */
public record ServerCapabilities(List<Integer> mandatory, List<Integer> optional, List<String> serverNames) {
    public ServerCapabilities {
        mandatory = List.copyOf(mandatory);
        optional = List.copyOf(optional);
        serverNames = List.copyOf(serverNames);
    }

    public static ServerCapabilities none() {
        return new ServerCapabilities(List.of(), List.of(), List.of());
    }
}
