package org.imsemu.scenario;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What a node does. Every role of the roadmap is known so that a scenario naming one that is not
 * built yet is refused with a pointer to the issue that builds it, instead of being ignored.
 * A later issue makes its role available by flipping {@code built} here.
 */
public enum Role {
    DNS("dns", true, 53, null),
    PCSCF("pcscf", true, 5060, null),
    ICSCF("icscf", true, 5060, null),
    SCSCF("scscf", true, 5060, null),
    HSS("hss", true, 3868, null),
    AS("as", true, 5060, null),
    PCRF("pcrf", false, 3868, "policy control (Gq/Rx) issue"),
    CDF("cdf", false, 3868, "offline charging (Rf) issue"),
    OCS("ocs", false, 3868, "online charging (Ro) issue"),
    MRF("mrf", false, 5060, "media resource function issue"),
    DHCP("dhcp", false, 547, "DHCP P-CSCF discovery issue"),
    ROUTER("router", false, 0, "router and network namespaces issue");

    private final String xmlName;
    private final boolean built;
    private final int defaultPort;
    private final String plannedIn;

    Role(String xmlName, boolean built, int defaultPort, String plannedIn) {
        this.xmlName = xmlName;
        this.built = built;
        this.defaultPort = defaultPort;
        this.plannedIn = plannedIn;
    }

    /** The value of the {@code role} attribute. */
    public String xmlName() {
        return xmlName;
    }

    /** Whether this release can run a node of this role. */
    public boolean isBuilt() {
        return built;
    }

    /** Port used when a node gives none: SIP 5060, DNS 53, Diameter 3868; 0 for a role that listens on none. */
    public int defaultPort() {
        return defaultPort;
    }

    /** For a role not built yet: the issue that will build it; null otherwise. */
    public String plannedIn() {
        return plannedIn;
    }

    public static Optional<Role> fromXml(String value) {
        return Arrays.stream(values()).filter(r -> r.xmlName.equals(value)).findFirst();
    }

    /** "dns, pcscf, ..." for messages. */
    static String allXmlNames() {
        return Arrays.stream(values()).map(Role::xmlName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return xmlName;
    }
}
