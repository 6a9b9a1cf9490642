package org.imsemu.nodes.common;

import org.imsemu.sip.stack.SipStack;
import org.imsemu.sip.transport.TargetResolver;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.ua.UserAgent;
import org.imsemu.sip.ua.UserAgentConfig;

/**
 * The user agent a CSCF sends its own requests with (the S-CSCF's NOTIFYs, the P-CSCF's SUBSCRIBE): on
 * the node's proxy host, sharing its transaction layer, timer and thread, and named by the node's FQDN
 * with the contact user {@value #CONTACT_USER}, so that requests for its dialogs are told from proxied
 * ones by their Request-URI. The proxy stays the transaction user: the node's logic answers requests in
 * those dialogs itself; the responses to the UA's requests reach it through its client transactions.
 */
public final class NodeUserAgent {
    /** The user part of a CSCF's own Contact (its dialogs are registration-event subscriptions). */
    public static final String CONTACT_USER = "reg";

    private NodeUserAgent() {
    }

    /** A user agent on {@code stack} (a started proxy host of {@code self}), resolving with {@code resolver}. */
    public static UserAgent on(SipStack stack, NodeAddress self, TargetResolver resolver) {
        UserAgentConfig.Builder b = UserAgentConfig.builder(self.fqdn(), stack.localAddress(TransportType.UDP).getPort())
                .transport(TransportType.UDP).contactUser(CONTACT_USER).resolver(resolver).executor(stack.eventLoop());
        if (stack.config().timers() != null) b.timers(stack.config().timers());
        UserAgent ua = new UserAgent(b.build(), stack.timer());
        ua.attach(stack.transactions());
        return ua;
    }
}
