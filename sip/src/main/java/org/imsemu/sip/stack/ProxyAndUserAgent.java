package org.imsemu.sip.stack;

import java.util.Objects;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.proxy.ProxyCore;
import org.imsemu.sip.transaction.ServerTransaction;
import org.imsemu.sip.transaction.TransactionUser;
import org.imsemu.sip.transport.InboundMessage;
import org.imsemu.sip.ua.DialogId;
import org.imsemu.sip.ua.UserAgent;
import org.imsemu.sip.uri.SipUri;

/**
 * A proxy core and a user-agent core sharing one host (one transaction layer, one address and port), as
 * an application server that is a proxy for most calls and a B2BUA for some. New requests go to the
 * proxy, whose logic may hand an INVITE over with {@link UserAgent#adopt}. What belongs to the UA goes to
 * it: requests and ACKs inside its dialogs with no Route left (or addressed to its Contact, so that a
 * request for a dialog it has ended gets 481 instead of being proxied back to this very host), CANCELs and transport errors of the
 * INVITEs it serves, and stray responses with one Via (a UA's request carries only its own; a response
 * the proxy forwarded has at least two). Runs on the stack thread.
 */
public final class ProxyAndUserAgent implements TransactionUser {
    private final ProxyCore proxy;
    private final UserAgent userAgent;

    public ProxyAndUserAgent(ProxyCore proxy, UserAgent userAgent) {
        this.proxy = Objects.requireNonNull(proxy, "proxy");
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
    }

    public ProxyCore proxy() {
        return proxy;
    }

    public UserAgent userAgent() {
        return userAgent;
    }

    /**
     * Whether an in-dialog request (or the ACK of a 2xx) is the UA's: one with Route entries left still
     * goes through the proxy first (a dialog whose route set passes this host as a proxy too).
     */
    private boolean forUserAgent(SipRequest r) {
        if (r.toTag() == null || !r.routes().isEmpty()) return false;
        if (userAgent.dialog(DialogId.ofIncomingRequest(r)) != null) return true;
        return r.requestUri() instanceof SipUri s && proxy.isMe(s) && Objects.equals(s.user(), userAgent.config().contactUser());
    }

    @Override
    public void onRequest(ServerTransaction transaction) {
        if (forUserAgent(transaction.request())) userAgent.onRequest(transaction);
        else proxy.onRequest(transaction);
    }

    @Override
    public void onCancel(ServerTransaction invite) {
        if (userAgent.isServing(invite)) userAgent.onCancel(invite);
        else proxy.onCancel(invite);
    }

    @Override
    public void onAck(InboundMessage ack) {
        if (forUserAgent((SipRequest) ack.message())) userAgent.onAck(ack);
        else proxy.onAck(ack);
    }

    @Override
    public void onStrayResponse(InboundMessage response) {
        if (((SipResponse) response.message()).vias().size() == 1) userAgent.onStrayResponse(response);
        else proxy.onStrayResponse(response);
    }

    @Override
    public void onTransportError(ServerTransaction transaction, Throwable cause) {
        if (userAgent.isServing(transaction)) userAgent.onTransportError(transaction, cause);
        else proxy.onTransportError(transaction, cause);
    }
}
