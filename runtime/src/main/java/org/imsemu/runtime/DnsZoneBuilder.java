package org.imsemu.runtime;

import java.util.List;
import org.imsemu.dns.DnsZones;
import org.imsemu.scenario.Domain;
import org.imsemu.scenario.Node;
import org.imsemu.scenario.Role;
import org.imsemu.scenario.Scenario;
import org.imsemu.sip.transport.TransportType;

/**
 * The DNS data a scenario implies (RFC 3263): each domain's NAPTR and SRV lead to its I-CSCF, the entry
 * point for other networks and for REGISTER; every SIP node's own name has NAPTR, SRV and A/AAAA, so
 * that Path, Service-Route and Record-Route entries resolve the standard way.
 */
final class DnsZoneBuilder {
    private static final List<TransportType> SIP_TRANSPORTS = List.of(TransportType.UDP, TransportType.TCP);

    private DnsZoneBuilder() {
    }

    static DnsZones zones(Scenario scenario) {
        DnsZones.Builder b = DnsZones.builder();
        for (Domain d : scenario.domains()) {
            b.authoritativeFor(d.name());
            for (Node n : d.nodes()) {
                b.addHost(n.fqdn(), n.address());
                if (isSip(n.role())) b.addSipService(n.fqdn(), n.fqdn(), n.port(), SIP_TRANSPORTS);
            }
            Node entry = d.icscf();
            b.addSipService(d.name(), entry.fqdn(), entry.port(), SIP_TRANSPORTS);
        }
        return b.build();
    }

    static boolean isSip(Role role) {
        return role == Role.PCSCF || role == Role.ICSCF || role == Role.SCSCF;
    }
}
