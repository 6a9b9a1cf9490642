package org.imsemu.as;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.imsemu.as.sh.ShConfig;
import org.imsemu.sip.transport.MessageObserver;
import org.imsemu.sip.transport.TargetResolver;
import org.imsemu.sip.transport.TransportType;

/**
 * Where and how an {@link AsHost} runs. Build with {@link #builder(String, String)}; defaults: port 5060,
 * UDP and TCP, numeric resolver, no capture, no-answer timeout 20 s, no Sh.
 *
 * @param fqdn the AS's host name: in Via, Record-Route, and the iFC's ServerName ({@code sip:fqdn:port})
 * @param address the IP literal to bind
 * @param port SIP port (0: ephemeral)
 * @param resolver finds next hops (the S-CSCF named in the ODI route): the node's RFC 3263 resolver
 * @param observer sees every SIP message sent and received (the capture hook)
 * @param noAnswerTimeout how long a forwarded INVITE may go unanswered before the AS CANCELs it and
 *                        counts a 408 (RFC 3261 Timer C); what {@link AsRequest#onFailure} sees as "no answer"
 * @param sh the HSS connection, or null for an AS without Sh
 */
public record AsHostConfig(String fqdn, String address, int port, Set<TransportType> transports, TargetResolver resolver,
                           MessageObserver observer, Duration noAnswerTimeout, ShConfig sh) {

    public AsHostConfig {
        Objects.requireNonNull(fqdn, "fqdn");
        Objects.requireNonNull(address, "address");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("bad port " + port);
        transports = Set.copyOf(transports);
        if (transports.isEmpty()) throw new IllegalArgumentException("no transport");
        Objects.requireNonNull(resolver, "resolver");
        observer = observer == null ? MessageObserver.NONE : observer;
        Objects.requireNonNull(noAnswerTimeout, "noAnswerTimeout");
        if (noAnswerTimeout.isNegative() || noAnswerTimeout.isZero()) throw new IllegalArgumentException("no-answer timeout must be positive");
    }

    public static Builder builder(String fqdn, String address) {
        return new Builder(fqdn, address);
    }

    public static final class Builder {
        private final String fqdn;
        private final String address;
        private int port = 5060;
        private Set<TransportType> transports = EnumSet.of(TransportType.UDP, TransportType.TCP);
        private TargetResolver resolver = TargetResolver.NUMERIC;
        private MessageObserver observer = MessageObserver.NONE;
        private Duration noAnswer = Duration.ofSeconds(20);
        private ShConfig sh;

        private Builder(String fqdn, String address) {
            this.fqdn = fqdn;
            this.address = address;
        }

        public Builder port(int p) {
            port = p;
            return this;
        }

        public Builder transports(Set<TransportType> t) {
            transports = t;
            return this;
        }

        public Builder resolver(TargetResolver r) {
            resolver = r;
            return this;
        }

        public Builder observer(MessageObserver o) {
            observer = o;
            return this;
        }

        public Builder noAnswerTimeout(Duration d) {
            noAnswer = d;
            return this;
        }

        public Builder sh(ShConfig c) {
            sh = c;
            return this;
        }

        public AsHostConfig build() {
            return new AsHostConfig(fqdn, address, port, transports, resolver, observer, noAnswer, sh);
        }
    }
}
