package org.imsemu.sip.ua;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.transaction.ServerTransaction;
import org.imsemu.sip.transport.InboundMessage;

/**
 * A request the UA received and must answer, with the dialog it belongs to or creates. Responses go
 * through {@link #respond}, which adds the To tag (8.2.6.2), and for INVITE the Contact and
 * Record-Route that form the dialog (12.1.1); a 2xx to INVITE is then retransmitted until its ACK comes
 * (13.3.1.4). Used on the stack thread only.
 */
public final class ServerRequest {
    private final UserAgent ua;
    private final ServerTransaction transaction;
    private final String localTag;
    private final boolean inDialog;
    private Dialog dialog;
    private SipResponse finalResponse;

    ServerRequest(UserAgent ua, ServerTransaction transaction, Dialog dialog, String localTag) {
        this.ua = ua;
        this.transaction = transaction;
        this.dialog = dialog;
        this.localTag = localTag;
        this.inDialog = dialog != null;
    }

    public SipRequest request() {
        return transaction.request();
    }

    public String method() {
        return request().method();
    }

    public InboundMessage inbound() {
        return transaction.inbound();
    }

    public ServerTransaction transaction() {
        return transaction;
    }

    /** The dialog the request arrived in, or the one our 1xx/2xx to an INVITE (2xx to a SUBSCRIBE) created; null otherwise. */
    public Dialog dialog() {
        return dialog;
    }

    /** Whether the request arrived inside an existing dialog (it had a To tag that matched). */
    public boolean isInDialog() {
        return inDialog;
    }

    /** The To tag our responses carry. */
    public String localTag() {
        return localTag;
    }

    public boolean isCancelled() {
        return transaction.isCancelled();
    }

    public boolean hasFinalResponse() {
        return finalResponse != null;
    }

    public SipResponse finalResponse() {
        return finalResponse;
    }

    /** A response to the request with our To tag (none on a 100). */
    public SipResponse createResponse(int status, String reason) {
        SipResponse r = request().createResponse(status, reason);
        return status > 100 && r.toTag() == null ? r.withToTag(localTag) : r;
    }

    public SipResponse createResponse(int status) {
        return createResponse(status, null);
    }

    public void respond(int status) {
        respond(createResponse(status));
    }

    public void respond(SipResponse response) {
        ua.respond(this, response);
    }

    /** A 2xx carrying a body (the SDP answer to an INVITE's offer). */
    public void accept(String contentType, byte[] body) {
        respond(createResponse(200).withBody(contentType, body));
    }

    public void accept(String contentType, String body) {
        accept(contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Whether this INVITE may be answered with reliable provisionals: it carries 100rel in Supported or
     * Require (RFC 3262 3).
     */
    public boolean canRespondReliably() {
        return request().isMethod("INVITE") && ReliableProvisionals.acceptedBy(request());
    }

    /**
     * Sends a 101-199 response reliably (RFC 3262): Require: 100rel and the next RSeq are added, the
     * response is retransmitted (T1, doubling) until the PRACK matching it by RAck arrives, which the core
     * answers with 200. A second reliable provisional waits until the first is acknowledged. The future
     * completes with the PRACK (its body may be an SDP answer), or fails with a
     * {@link java.util.concurrent.TimeoutException} after 64*T1 without PRACK (the INVITE is then answered
     * with 504). Throws when the INVITE did not offer 100rel ({@link #canRespondReliably}).
     */
    public CompletableFuture<SipRequest> respondReliably(SipResponse provisional) {
        return ua.respondReliably(this, provisional);
    }

    public CompletableFuture<SipRequest> respondReliably(int status) {
        return respondReliably(createResponse(status));
    }

    /** Whether a reliable provisional we sent still waits for its PRACK (or for its turn to go out). */
    public boolean hasUnacknowledgedReliable() {
        return ua.hasUnacknowledgedReliable(this);
    }

    void dialog(Dialog d) {
        this.dialog = d;
    }

    void finalResponse(SipResponse r) {
        this.finalResponse = r;
    }

    @Override
    public String toString() {
        return "ServerRequest[" + request().startLine() + (dialog == null ? "" : " " + dialog.id()) + "]";
    }
}
