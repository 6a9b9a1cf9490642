package org.imsemu.scenario;

/** Address family; the scenario attribute {@code ip} picks the one given to nodes of dual-stack nets. */
public enum IpVersion {
    IPV4("ipv4"), IPV6("ipv6");

    private final String xmlName;

    IpVersion(String xmlName) {
        this.xmlName = xmlName;
    }

    public String xmlName() {
        return xmlName;
    }

    static IpVersion fromXml(String value) {
        return value == null || value.equals("ipv4") ? IPV4 : IPV6;
    }
}
