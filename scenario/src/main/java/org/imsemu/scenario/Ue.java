package org.imsemu.scenario;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * User equipment attached to a P-CSCF.
 *
 * @param impi     given, else the matching subscriber's, else user@host of the IMPU
 * @param password given, else the matching subscriber's
 * @param aka      the matching subscriber's AKA keys, if any
 * @param pcscf    name of the P-CSCF node it uses
 * @param net      the P-CSCF's net, which the UE's address is on
 */
public record Ue(String name, String impu, String impi, Optional<String> password, Optional<AkaKeys> aka,
                 String pcscf, String net, InetAddress address, int port) {

    public static final int DEFAULT_PORT = 5060;

    public Ue {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(impu, "impu");
        Objects.requireNonNull(impi, "impi");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(aka, "aka");
        Objects.requireNonNull(pcscf, "pcscf");
        Objects.requireNonNull(net, "net");
        Objects.requireNonNull(address, "address");
    }

    /** The domain part of the IMPU: the UE's home domain. */
    public String homeDomain() {
        return Identities.normalizeImpu(impu).map(Identities::hostOf).orElseThrow();
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    @Override
    public String toString() {
        return "Ue[" + name + ", " + impu + ", " + impi + ", pcscf=" + pcscf + ", " + IpAddresses.format(address) + ":" + port + "]";
    }
}
