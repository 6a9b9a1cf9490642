package org.imsemu.scenario;

import java.net.InetAddress;

/** A node or UE while the scenario is being checked: mutable until its address is known. */
final class HostDraft {
    final XmlElement element;
    final String name;
    /** Null for a UE. */
    final Role role;
    /** Null for a UE and for a node outside any domain. */
    final String domain;
    /** Resolved net name; null when missing or unknown (already reported). */
    String net;
    /** The {@code address} attribute, parsed; null when absent or unreadable. */
    InetAddress explicitAddress;
    /** Explicit or allocated. */
    InetAddress address;

    HostDraft(XmlElement element, String name, Role role, String domain) {
        this.element = element;
        this.name = name;
        this.role = role;
        this.domain = domain;
    }

    boolean isUe() {
        return role == null;
    }

    /** {@code node "pcscf1"} or {@code UE "alice"}, for messages. */
    String describe() {
        return (isUe() ? "UE \"" : "node \"") + name + "\"";
    }
}
