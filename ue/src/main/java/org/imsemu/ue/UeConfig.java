package org.imsemu.ue;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.imsemu.sip.transaction.TimerSettings;
import org.imsemu.sip.transport.MessageObserver;
import org.imsemu.sip.transport.TargetResolver;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.ua.DigestAlgorithm;
import org.imsemu.sip.uri.SipUri;

/**
 * Everything a {@link UserEquipment} is (TS 24.229 terms): its public identity (IMPU), private identity
 * (IMPI) and shared secret, its own address, the P-CSCF it attaches to (the outbound proxy), transport,
 * RTP port range and answer policy. Immutable; build with {@link #builder}.
 */
public final class UeConfig {
    private final SipUri impu;
    private final String impi;
    private final String password;
    private final String localHost;
    private final int sipPort;
    private final InetSocketAddress pcscf;
    private final TransportType transport;
    private final int rtpPortMin;
    private final int rtpPortMax;
    private final AnswerPolicy answerPolicy;
    private final Duration callDuration;
    private final long registrationExpires;
    private final EventLoopGroup eventLoopGroup;
    private final MessageObserver observer;
    private final List<DigestAlgorithm> digestAlgorithms;
    private final TargetResolver resolver;
    private final TimerSettings timers;
    private final String userAgentHeader;
    private final double toneFrequency;
    private final boolean securityAgreement;
    private final boolean reliableProvisionals;
    private final boolean preconditions;
    private final boolean requirePreconditions;
    private final boolean followRedirects;
    private final boolean regEventSubscription;
    private final long regEventExpires;
    private final boolean reRegisterWhenDeactivated;
    private final int maxRedirects;

    private UeConfig(Builder b) {
        this.impu = b.impu;
        this.impi = b.impi != null ? b.impi : impu.user() + "@" + impu.host();
        this.password = b.password;
        this.localHost = b.localHost;
        this.sipPort = b.sipPort;
        this.pcscf = b.pcscf;
        this.transport = b.transport;
        this.rtpPortMin = b.rtpPortMin;
        this.rtpPortMax = b.rtpPortMax;
        this.answerPolicy = b.answerPolicy;
        this.callDuration = b.callDuration;
        this.registrationExpires = b.registrationExpires;
        this.eventLoopGroup = b.eventLoopGroup;
        this.observer = b.observer;
        this.digestAlgorithms = List.copyOf(b.digestAlgorithms);
        // TS 24.229 5.1.1.1: a UE sends every request to its P-CSCF, in-dialog ones included (their
        // Route set starts with it); so by default every next hop is the P-CSCF, and the UE needs no DNS.
        this.resolver = b.resolver != null ? b.resolver
                : uri -> java.util.concurrent.CompletableFuture.completedFuture(
                        new org.imsemu.sip.transport.NextHop(transport, pcscf));
        this.timers = b.timers;
        this.userAgentHeader = b.userAgentHeader;
        this.toneFrequency = b.toneFrequency;
        this.securityAgreement = b.securityAgreement;
        this.reliableProvisionals = b.reliableProvisionals;
        this.preconditions = b.preconditions || b.requirePreconditions;
        this.requirePreconditions = b.requirePreconditions;
        this.followRedirects = b.followRedirects;
        this.regEventSubscription = b.regEventSubscription;
        this.regEventExpires = b.regEventExpires;
        this.reRegisterWhenDeactivated = b.reRegisterWhenDeactivated;
        this.maxRedirects = b.maxRedirects;
        if (preconditions && !reliableProvisionals) {
            throw new IllegalArgumentException("preconditions need reliable provisional responses (100rel)");
        }
    }

    /**
     * @param impu     public user identity, e.g. {@code sip:alice@domain1.com}; its host is the home domain
     * @param password the shared secret for Digest
     * @param local    the UE's own IP literal (and the host of its Contact)
     * @param pcscf    the P-CSCF: where every request goes first
     */
    public static Builder builder(String impu, String password, String local, InetSocketAddress pcscf) {
        return new Builder(impu, password, local, pcscf);
    }

    public SipUri impu() {
        return impu;
    }

    public String impi() {
        return impi;
    }

    public String password() {
        return password;
    }

    /** The home network domain: the host part of the IMPU (the Request-URI of REGISTER). */
    public String homeDomain() {
        return impu.host();
    }

    public String localHost() {
        return localHost;
    }

    /** SIP port; 0 = ephemeral. */
    public int sipPort() {
        return sipPort;
    }

    public InetSocketAddress pcscf() {
        return pcscf;
    }

    /** The P-CSCF as a loose-routing URI: the first Route of originating requests and the outbound proxy. */
    public SipUri pcscfUri() {
        String host = pcscf.getAddress() != null ? pcscf.getAddress().getHostAddress() : pcscf.getHostString();
        if (host.contains(":") && !host.startsWith("[")) host = "[" + host + "]";
        SipUri u = SipUri.of(null, host, pcscf.getPort());
        if (transport != TransportType.UDP) u = u.withParameter("transport", transport.name().toLowerCase(Locale.ROOT));
        return u.withParameter("lr", null);
    }

    public TransportType transport() {
        return transport;
    }

    public int rtpPortMin() {
        return rtpPortMin;
    }

    public int rtpPortMax() {
        return rtpPortMax;
    }

    public AnswerPolicy answerPolicy() {
        return answerPolicy;
    }

    /** How long {@link UserEquipment#callForDuration} keeps a call up (demos). */
    public Duration callDuration() {
        return callDuration;
    }

    /** Expires asked for in REGISTER, in seconds. */
    public long registrationExpires() {
        return registrationExpires;
    }

    /** The event loops to run on; null: the UE makes (and closes) its own. */
    public EventLoopGroup eventLoopGroup() {
        return eventLoopGroup;
    }

    public MessageObserver observer() {
        return observer;
    }

    /** Digest algorithms answered; MD5 by default. IMS AKA (AKAv1-MD5) plugs in here. */
    public List<DigestAlgorithm> digestAlgorithms() {
        return digestAlgorithms;
    }

    public TargetResolver resolver() {
        return resolver;
    }

    public TimerSettings timers() {
        return timers;
    }

    public String userAgentHeader() {
        return userAgentHeader;
    }

    public double toneFrequency() {
        return toneFrequency;
    }

    /** Whether REGISTER negotiates the RFC 3329 security agreement (ipsec-3gpp) with the P-CSCF. */
    public boolean securityAgreement() {
        return securityAgreement;
    }

    /** Whether the UE understands 100rel (RFC 3262): it PRACKs reliable provisionals and accepts Require: 100rel. */
    public boolean reliableProvisionals() {
        return reliableProvisionals;
    }

    /**
     * Whether the UE uses QoS preconditions (RFC 3312, 4032; TS 24.229 5.1.3): as caller it offers them
     * (Supported, or Require with {@link #requirePreconditions}), as callee it answers an offer of them
     * with the precondition flow of TS 24.228 7.2.
     */
    public boolean preconditions() {
        return preconditions;
    }

    /** Whether an INVITE Requires precondition (and 100rel) instead of merely Supporting them. */
    public boolean requirePreconditions() {
        return requirePreconditions;
    }

    /**
     * Whether a 3xx to an INVITE or MESSAGE is followed (RFC 3261 8.1.3.4): its Contacts are tried in q
     * order, at most {@link #maxRedirects} redirections, never a target twice; default on.
     */
    public boolean followRedirects() {
        return followRedirects;
    }

    public int maxRedirects() {
        return maxRedirects;
    }

    /**
     * Whether the UE subscribes to its registration state after registering (TS 24.229 5.1.1.3, RFC 3680);
     * default on.
     */
    public boolean regEventSubscription() {
        return regEventSubscription;
    }

    /** Expires asked for in the reg event SUBSCRIBE, in seconds (600000 by default, TS 24.229 5.1.1.3). */
    public long regEventExpires() {
        return regEventExpires;
    }

    /**
     * Whether a registration the network deactivated (reg event "deactivated", e.g. the user was moved to
     * another S-CSCF) is started again from scratch, as TS 24.229 5.1.1.7 has the UE do; "rejected" never
     * is. Default on.
     */
    public boolean reRegisterWhenDeactivated() {
        return reRegisterWhenDeactivated;
    }

    /** The option tags the UE understands, for Supported and for checking Require (RFC 3261 8.2.2.3). */
    public java.util.Set<String> optionTags() {
        java.util.Set<String> tags = new java.util.LinkedHashSet<>();
        if (reliableProvisionals) tags.add("100rel");
        if (preconditions) tags.add("precondition");
        return java.util.Collections.unmodifiableSet(tags);
    }

    @Override
    public String toString() {
        return "UeConfig[" + impu + " (" + impi + ") at " + localHost + ":" + sipPort + "/" + transport + " via P-CSCF " + pcscf + "]";
    }

    public static final class Builder {
        private final SipUri impu;
        private final String password;
        private final String localHost;
        private final InetSocketAddress pcscf;
        private String impi;
        private int sipPort = 5060;
        private TransportType transport = TransportType.UDP;
        private int rtpPortMin = 40000;
        private int rtpPortMax = 40998;
        private AnswerPolicy answerPolicy = AnswerPolicy.autoAnswer(Duration.ofMillis(500));
        private Duration callDuration = Duration.ofSeconds(3);
        private long registrationExpires = 3600;
        private EventLoopGroup eventLoopGroup;
        private MessageObserver observer = MessageObserver.NONE;
        private List<DigestAlgorithm> digestAlgorithms = List.of(DigestAlgorithm.MD5);
        private TargetResolver resolver;
        private TimerSettings timers = TimerSettings.DEFAULT;
        private String userAgentHeader = "imsemu-ue/0.1";
        private double toneFrequency = 440;
        private boolean securityAgreement = true;
        private boolean reliableProvisionals = true;
        private boolean preconditions;
        private boolean requirePreconditions;
        private boolean followRedirects = true;
        private int maxRedirects = 5;
        private boolean regEventSubscription = true;
        private long regEventExpires = 600_000;
        private boolean reRegisterWhenDeactivated = true;

        private Builder(String impu, String password, String localHost, InetSocketAddress pcscf) {
            Objects.requireNonNull(impu, "IMPU");
            SipUri u;
            try {
                u = SipUri.parse(impu);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("IMPU is not a SIP URI: " + impu + " (" + e.getMessage() + ")", e);
            }
            if (u.user() == null) throw new IllegalArgumentException("IMPU needs a user part, e.g. sip:alice@domain1.com: " + impu);
            this.impu = u;
            this.password = Objects.requireNonNull(password, "password");
            this.localHost = Objects.requireNonNull(localHost, "local address");
            this.pcscf = Objects.requireNonNull(pcscf, "P-CSCF address");
            if (pcscf.getPort() <= 0) throw new IllegalArgumentException("P-CSCF needs a port: " + pcscf);
        }

        /** Private user identity, the Digest username; default user@domain of the IMPU. */
        public Builder impi(String v) {
            this.impi = v;
            return this;
        }

        public Builder sipPort(int port) {
            if (port < 0 || port > 65535) throw new IllegalArgumentException("bad SIP port " + port);
            this.sipPort = port;
            return this;
        }

        public Builder transport(TransportType t) {
            this.transport = Objects.requireNonNull(t);
            return this;
        }

        /** Local RTP ports to pick from (even ports are used, RFC 3550 11). */
        public Builder rtpPorts(int min, int max) {
            if (min < 1024 || max > 65534 || min > max) throw new IllegalArgumentException("bad RTP port range " + min + "-" + max);
            this.rtpPortMin = min;
            this.rtpPortMax = max;
            return this;
        }

        public Builder answerPolicy(AnswerPolicy p) {
            this.answerPolicy = Objects.requireNonNull(p);
            return this;
        }

        public Builder callDuration(Duration d) {
            if (d.isNegative()) throw new IllegalArgumentException("negative call duration");
            this.callDuration = d;
            return this;
        }

        public Builder registrationExpires(long seconds) {
            if (seconds <= 0) throw new IllegalArgumentException("registration expiry must be positive: " + seconds);
            this.registrationExpires = seconds;
            return this;
        }

        public Builder eventLoopGroup(EventLoopGroup g) {
            this.eventLoopGroup = g;
            return this;
        }

        public Builder observer(MessageObserver o) {
            this.observer = Objects.requireNonNull(o);
            return this;
        }

        public Builder digestAlgorithms(List<DigestAlgorithm> algorithms) {
            if (algorithms.isEmpty()) throw new IllegalArgumentException("at least one Digest algorithm");
            this.digestAlgorithms = List.copyOf(algorithms);
            return this;
        }

        public Builder resolver(TargetResolver r) {
            this.resolver = Objects.requireNonNull(r);
            return this;
        }

        public Builder timers(TimerSettings t) {
            this.timers = Objects.requireNonNull(t);
            return this;
        }

        public Builder userAgentHeader(String v) {
            this.userAgentHeader = v;
            return this;
        }

        public Builder toneFrequency(double hz) {
            this.toneFrequency = hz;
            return this;
        }

        /**
         * RFC 3329 security agreement on REGISTER (TS 24.229 5.1.1.2.1): Security-Client, Require and
         * Proxy-Require "sec-agree", then Security-Verify; default on. Only the negotiation: no IPsec SA
         * is installed and requests still go to the P-CSCF's ordinary port. A P-CSCF that sends no
         * Security-Server is tolerated (the UE registers without agreement).
         */
        public Builder securityAgreement(boolean on) {
            this.securityAgreement = on;
            return this;
        }

        /** RFC 3262 support (default on); off, a Require: 100rel is refused with 420 and preconditions are impossible. */
        public Builder reliableProvisionals(boolean on) {
            this.reliableProvisionals = on;
            return this;
        }

        /** QoS preconditions, segmented (local/remote) status type; default off. See {@link UeConfig#preconditions()}. */
        public Builder preconditions(boolean on) {
            this.preconditions = on;
            return this;
        }

        /** Require: precondition, 100rel in INVITE (a callee without them answers 420); implies {@link #preconditions}. */
        public Builder requirePreconditions(boolean on) {
            this.requirePreconditions = on;
            return this;
        }

        /** Whether 3xx responses are followed (default on). */
        public Builder followRedirects(boolean on) {
            this.followRedirects = on;
            return this;
        }

        /** How many 3xx in a row are followed before the request fails with the last one (default 5). */
        public Builder maxRedirects(int n) {
            if (n < 0) throw new IllegalArgumentException("negative redirect limit: " + n);
            this.maxRedirects = n;
            return this;
        }

        /** Subscribe to the reg event package after registering (default on). */
        public Builder regEventSubscription(boolean on) {
            this.regEventSubscription = on;
            return this;
        }

        public Builder regEventExpires(long seconds) {
            if (seconds <= 0) throw new IllegalArgumentException("reg event expiry must be positive: " + seconds);
            this.regEventExpires = seconds;
            return this;
        }

        /** Register again when the network deactivates the registration (default on, TS 24.229 5.1.1.7). */
        public Builder reRegisterWhenDeactivated(boolean on) {
            this.reRegisterWhenDeactivated = on;
            return this;
        }

        public UeConfig build() {
            return new UeConfig(this);
        }
    }
}
