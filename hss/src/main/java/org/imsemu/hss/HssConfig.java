package org.imsemu.hss;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.imsemu.diameter.node.DiameterNodeConfig;
import org.imsemu.diameter.node.DiameterObserver;
import org.imsemu.diameter.node.PeerPolicy;

/**
 * An HSS's configuration, immutable; build with {@link #builder(String, String)}. Defaults: listen on
 * 0.0.0.0:3868, accept any peer of the HSS's own realm, answer timeout 10 s, Tw 30 s, no S-CSCF names,
 * at most 5 authentication vectors per MAR.
 *
 * @param originHost the HSS's Diameter identity, its FQDN (e.g. hss1.domain1.com)
 * @param realm      the domain it serves, its Origin-Realm and the SIP Digest realm
 */
public record HssConfig(String originHost, String realm, InetSocketAddress listenAddress, ServerCapabilities serverCapabilities,
                        DiameterObserver observer, PeerPolicy peerPolicy, Duration answerTimeout, Duration watchdogInterval,
                        int maxAuthItems, Clock clock) {
    public static final int DEFAULT_PORT = DiameterNodeConfig.DEFAULT_PORT;

    public HssConfig {
        Objects.requireNonNull(originHost, "originHost");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(serverCapabilities, "serverCapabilities");
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(peerPolicy, "peerPolicy");
        Objects.requireNonNull(answerTimeout, "answerTimeout");
        Objects.requireNonNull(watchdogInterval, "watchdogInterval");
        Objects.requireNonNull(clock, "clock");
        if (maxAuthItems < 1) throw new IllegalArgumentException("maxAuthItems must be positive: " + maxAuthItems);
    }

    public static Builder builder(String originHost, String realm) {
        return new Builder(originHost, realm);
    }

    /** Accepts peers whose Origin-Realm is {@code realm} (case-insensitive): the domain's own CSCFs and ASs. */
    public static PeerPolicy sameRealm(String realm) {
        return (host, peerRealm, remote) -> realm.equalsIgnoreCase(peerRealm);
    }

    public static final class Builder {
        private final String originHost;
        private final String realm;
        private InetSocketAddress listen = new InetSocketAddress(DEFAULT_PORT);
        private final List<Integer> mandatory = new ArrayList<>();
        private final List<Integer> optional = new ArrayList<>();
        private final List<String> scscfs = new ArrayList<>();
        private DiameterObserver observer = DiameterObserver.NONE;
        private PeerPolicy policy;
        private Duration answerTimeout = Duration.ofSeconds(10);
        private Duration tw = Duration.ofSeconds(30);
        private int maxAuthItems = 5;
        private Clock clock = Clock.systemUTC();

        private Builder(String originHost, String realm) {
            this.originHost = originHost;
            this.realm = realm;
        }

        /** Where to listen for Diameter peers (port 0: any free port). */
        public Builder listen(InetSocketAddress address) {
            listen = address;
            return this;
        }

        /** An S-CSCF of the domain, by its SIP URI (e.g. sip:scscf1.domain1.com:5060), offered in Server-Capabilities. */
        public Builder scscf(String serverName) {
            scscfs.add(serverName);
            return this;
        }

        public Builder mandatoryCapability(int capability) {
            mandatory.add(capability);
            return this;
        }

        public Builder optionalCapability(int capability) {
            optional.add(capability);
            return this;
        }

        /** The capture hook: sees every Diameter message the HSS sends and receives. */
        public Builder observer(DiameterObserver o) {
            observer = o;
            return this;
        }

        /** Which peers may connect (default {@link HssConfig#sameRealm}); tests use {@link PeerPolicy#acceptAny()}. */
        public Builder peerPolicy(PeerPolicy p) {
            policy = p;
            return this;
        }

        /** How long to wait for the answer to an RTR, PPR or PNR. */
        public Builder answerTimeout(Duration d) {
            answerTimeout = d;
            return this;
        }

        public Builder watchdogInterval(Duration d) {
            tw = d;
            return this;
        }

        /** The most authentication vectors one MAR gets, whatever SIP-Number-Auth-Items asks. */
        public Builder maxAuthItems(int n) {
            maxAuthItems = n;
            return this;
        }

        public Builder clock(Clock c) {
            clock = c;
            return this;
        }

        public HssConfig build() {
            return new HssConfig(originHost, realm, listen, new ServerCapabilities(mandatory, optional, scscfs), observer,
                    policy != null ? policy : sameRealm(realm), answerTimeout, tw, maxAuthItems, clock);
        }
    }
}
