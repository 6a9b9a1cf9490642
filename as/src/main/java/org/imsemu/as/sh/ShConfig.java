package org.imsemu.as.sh;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.imsemu.diameter.node.DiameterObserver;

/**
 * How an application server reaches its HSS over Sh: the HSS's Diameter address, Origin-Host and realm,
 * and the AS's own Diameter identity.
 *
 * @param hssAddress where the HSS listens (TCP, port 3868 by default)
 * @param hssHost the HSS's Diameter identity (its Origin-Host)
 * @param realm the HSS's realm, used as Destination-Realm (usually the home domain)
 * @param originHost the AS's own Diameter identity (e.g. its FQDN)
 * @param originRealm the AS's realm
 * @param listen where the AS's Diameter node listens, or null to only connect (from the AS's own IP
 *               when {@link org.imsemu.as.AsHostConfig} knows it)
 * @param answerTimeout how long to wait for a UDA/PUA/SNA
 * @param observer sees every Diameter message (the capture hook); never null
 */
public record ShConfig(InetSocketAddress hssAddress, String hssHost, String realm, String originHost, String originRealm,
                       InetSocketAddress listen, Duration answerTimeout, DiameterObserver observer) {

    public ShConfig {
        Objects.requireNonNull(hssAddress, "hssAddress");
        Objects.requireNonNull(hssHost, "hssHost");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(originHost, "originHost");
        Objects.requireNonNull(originRealm, "originRealm");
        answerTimeout = answerTimeout == null ? Duration.ofSeconds(5) : answerTimeout;
        observer = observer == null ? DiameterObserver.NONE : observer;
    }

    /** An AS in the HSS's realm; listens nowhere, 5 s answer timeout, no capture. */
    public static ShConfig of(InetSocketAddress hssAddress, String hssHost, String realm, String originHost) {
        return new ShConfig(hssAddress, hssHost, realm, originHost, realm, null, null, null);
    }

    public ShConfig withObserver(DiameterObserver o) {
        return new ShConfig(hssAddress, hssHost, realm, originHost, originRealm, listen, answerTimeout, o);
    }

    public ShConfig withListen(InetSocketAddress address) {
        return new ShConfig(hssAddress, hssHost, realm, originHost, originRealm, address, answerTimeout, observer);
    }

    public ShConfig withAnswerTimeout(Duration d) {
        return new ShConfig(hssAddress, hssHost, realm, originHost, originRealm, listen, d, observer);
    }
}
