package org.imsemu.diameter.node;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.imsemu.diameter.ApplicationId;
import org.imsemu.diameter.dictionary.Dictionary;

/**
 * A Diameter node's identity and behaviour. Build with {@link #builder(String, String)}; defaults:
 * listen on 0.0.0.0:3868, Tw 30 s (RFC 3539), Tc 30 s, answer timeout 10 s, any peer accepted.
 */
public record DiameterNodeConfig(String originHost, String originRealm, InetSocketAddress listenAddress,
                                 List<InetAddress> hostIpAddresses, List<ApplicationId> applications,
                                 long vendorId, String productName, long firmwareRevision,
                                 Duration watchdogInterval, Duration reconnectInterval, Duration answerTimeout,
                                 List<PeerConfig> peers, Map<String, List<String>> realmRoutes,
                                 PeerPolicy peerPolicy, DiameterObserver observer, Dictionary dictionary) {
    public static final int DEFAULT_PORT = 3868;

    public DiameterNodeConfig {
        Objects.requireNonNull(originHost);
        Objects.requireNonNull(originRealm);
        hostIpAddresses = List.copyOf(hostIpAddresses);
        applications = List.copyOf(applications);
        peers = List.copyOf(peers);
        realmRoutes = Map.copyOf(realmRoutes);
    }

    public static Builder builder(String originHost, String originRealm) {
        return new Builder(originHost, originRealm);
    }

    public static final class Builder {
        private final String originHost;
        private final String originRealm;
        private InetSocketAddress listen = new InetSocketAddress(DEFAULT_PORT);
        private final List<InetAddress> hostIps = new ArrayList<>();
        private final List<ApplicationId> apps = new ArrayList<>();
        private long vendorId = 0;
        private String productName = "imsemu";
        private long firmware = 1;
        private Duration tw = Duration.ofSeconds(30);
        private Duration tc = Duration.ofSeconds(30);
        private Duration answerTimeout = Duration.ofSeconds(10);
        private final List<PeerConfig> peers = new ArrayList<>();
        private final Map<String, List<String>> routes = new LinkedHashMap<>();
        private PeerPolicy policy = PeerPolicy.acceptAny();
        private DiameterObserver observer = DiameterObserver.NONE;
        private Dictionary dictionary = Dictionary.standard();

        private Builder(String originHost, String originRealm) {
            this.originHost = originHost;
            this.originRealm = originRealm;
        }

        /** Where to listen (port 0: any free port); null: do not listen, only connect. */
        public Builder listen(InetSocketAddress address) {
            listen = address;
            return this;
        }

        /** Host-IP-Address values for CER/CEA; by default the connection's local address. */
        public Builder hostIpAddress(InetAddress a) {
            hostIps.add(a);
            return this;
        }

        public Builder application(ApplicationId app) {
            apps.add(app);
            return this;
        }

        public Builder vendorId(long v) {
            vendorId = v;
            return this;
        }

        public Builder productName(String p) {
            productName = p;
            return this;
        }

        public Builder firmwareRevision(long f) {
            firmware = f;
            return this;
        }

        /** Tw, the device watchdog interval (RFC 3539 §3.4.1); jittered by up to ±2 s or ±10 %. */
        public Builder watchdogInterval(Duration d) {
            tw = d;
            return this;
        }

        /** Tc, how long to wait before reconnecting to a configured peer. */
        public Builder reconnectInterval(Duration d) {
            tc = d;
            return this;
        }

        public Builder answerTimeout(Duration d) {
            answerTimeout = d;
            return this;
        }

        public Builder peer(PeerConfig p) {
            peers.add(p);
            return this;
        }

        /** Requests for {@code realm} ("*" for any) go to the first open one of these hosts. */
        public Builder realmRoute(String realm, String... hosts) {
            routes.computeIfAbsent(realm.toLowerCase(), k -> new ArrayList<>()).addAll(List.of(hosts));
            return this;
        }

        public Builder peerPolicy(PeerPolicy p) {
            policy = p;
            return this;
        }

        public Builder observer(DiameterObserver o) {
            observer = o;
            return this;
        }

        public Builder dictionary(Dictionary d) {
            dictionary = d;
            return this;
        }

        public DiameterNodeConfig build() {
            Map<String, List<String>> r = new LinkedHashMap<>();
            routes.forEach((k, v) -> r.put(k, List.copyOf(v)));
            return new DiameterNodeConfig(originHost, originRealm, listen, hostIps, apps, vendorId, productName, firmware,
                    tw, tc, answerTimeout, peers, r, policy, observer, dictionary);
        }
    }
}
