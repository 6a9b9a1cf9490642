package org.imsemu.sip.ua;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.transaction.TimerSettings;
import org.imsemu.sip.transport.TargetResolver;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.uri.SipUri;

/**
 * What a {@link UserAgent} is: its contact address (host, port, transport), optional credentials for
 * Digest, how it finds next hops and where it continues once they are found, its timers. Immutable;
 * build with {@link #builder}.
 */
public final class UserAgentConfig {
    private final String host;
    private final int port;
    private final TransportType transport;
    private final String contactUser;
    private final DigestCredentials credentials;
    private final List<DigestAlgorithm> digestAlgorithms;
    private final TargetResolver resolver;
    private final Executor executor;
    private final TimerSettings timers;
    private final SipUri outboundProxy;
    private final String userAgentHeader;
    private final Set<String> supported;

    private UserAgentConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.transport = b.transport;
        this.contactUser = b.contactUser;
        this.credentials = b.credentials;
        this.digestAlgorithms = List.copyOf(b.digestAlgorithms);
        this.resolver = b.resolver;
        this.executor = b.executor;
        this.timers = b.timers;
        this.outboundProxy = b.outboundProxy;
        this.userAgentHeader = b.userAgentHeader;
        this.supported = Set.copyOf(b.supported);
    }

    /** A UA whose Contact and Via say {@code host:port}. */
    public static Builder builder(String host, int port) {
        return new Builder(host, port);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** The transport our Contact names (and the one requests use unless the next hop says otherwise). */
    public TransportType transport() {
        return transport;
    }

    public String contactUser() {
        return contactUser;
    }

    /** Credentials for Digest retries, or null: 401/407 are then final. */
    public DigestCredentials credentials() {
        return credentials;
    }

    public List<DigestAlgorithm> digestAlgorithms() {
        return digestAlgorithms;
    }

    /** Finds the next hop of each request (RFC 3263); {@link TargetResolver#NUMERIC} unless set. */
    public TargetResolver resolver() {
        return resolver;
    }

    /**
     * Where the UA continues when a resolution completes later: the stack thread (the stack's event
     * loop). Futures already complete continue at once, on the caller's (stack) thread.
     */
    public Executor executor() {
        return executor;
    }

    public TimerSettings timers() {
        return timers;
    }

    /** Next hop for requests without Route (RFC 3261 8.1.2's outbound proxy, used as next hop only), or null. */
    public SipUri outboundProxy() {
        return outboundProxy;
    }

    public String userAgentHeader() {
        return userAgentHeader;
    }

    /** Option tags we support: a request that Requires anything else gets 420 (8.2.2.3). */
    public Set<String> supported() {
        return supported;
    }

    /** Our Contact URI: {@code sip:user@host:port}, with ;transport=tcp when the transport is TCP. */
    public SipUri contactUri() {
        SipUri u = SipUri.of(contactUser, host, port);
        return transport == TransportType.UDP ? u : u.withParameter("transport", transport.name().toLowerCase(java.util.Locale.ROOT));
    }

    public NameAddress contact() {
        return NameAddress.of(contactUri());
    }

    public static final class Builder {
        private final String host;
        private final int port;
        private TransportType transport = TransportType.UDP;
        private String contactUser;
        private DigestCredentials credentials;
        private List<DigestAlgorithm> digestAlgorithms = List.of(DigestAlgorithm.MD5, DigestAlgorithm.MD5_SESS);
        private TargetResolver resolver = TargetResolver.NUMERIC;
        private Executor executor = Runnable::run;
        private TimerSettings timers = TimerSettings.DEFAULT;
        private SipUri outboundProxy;
        private String userAgentHeader;
        private Set<String> supported = Set.of();

        private Builder(String host, int port) {
            Objects.requireNonNull(host, "host");
            // An IPv6 address goes into Via and Contact as an IPv6 reference (RFC 3261 25.1: in brackets).
            this.host = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
            if (port <= 0 || port > 65535) throw new IllegalArgumentException("Bad port " + port);
            this.port = port;
        }

        public Builder transport(TransportType t) {
            this.transport = Objects.requireNonNull(t);
            return this;
        }

        public Builder contactUser(String user) {
            this.contactUser = user;
            return this;
        }

        public Builder credentials(DigestCredentials c) {
            this.credentials = c;
            return this;
        }

        public Builder credentials(String username, String password) {
            return credentials(new DigestCredentials(username, password));
        }

        /** The Digest algorithms answered (plug AKAv1-MD5 in here). */
        public Builder digestAlgorithms(List<DigestAlgorithm> algorithms) {
            this.digestAlgorithms = List.copyOf(algorithms);
            return this;
        }

        public Builder resolver(TargetResolver r) {
            this.resolver = Objects.requireNonNull(r);
            return this;
        }

        /**
         * The stack thread, where the UA resumes after a next hop resolved asynchronously. The default,
         * {@code Runnable::run}, resumes on whatever thread completed the future: right for a manual clock
         * in tests and for resolvers whose futures are already complete ({@link TargetResolver#NUMERIC}),
         * wrong for a DNS resolver completing on its own threads.
         */
        public Builder executor(Executor stackThread) {
            this.executor = Objects.requireNonNull(stackThread);
            return this;
        }

        public Builder timers(TimerSettings t) {
            this.timers = Objects.requireNonNull(t);
            return this;
        }

        public Builder outboundProxy(SipUri proxy) {
            this.outboundProxy = proxy;
            return this;
        }

        public Builder userAgentHeader(String value) {
            this.userAgentHeader = value;
            return this;
        }

        public Builder supported(Set<String> optionTags) {
            this.supported = Set.copyOf(optionTags);
            return this;
        }

        public UserAgentConfig build() {
            return new UserAgentConfig(this);
        }
    }
}
