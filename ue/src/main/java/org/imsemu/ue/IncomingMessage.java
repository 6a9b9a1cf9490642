package org.imsemu.ue;

import java.nio.charset.StandardCharsets;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.uri.Uri;

/**
 * A page-mode instant message (RFC 3428 MESSAGE) the UE received and answered with 200.
 *
 * @param from the sender as the network asserted it (P-Asserted-Identity, RFC 3325), else the From URI
 * @param to the To URI
 * @param callId the MESSAGE's Call-ID (each page-mode message is its own transaction, no dialog)
 * @param contentType the body's Content-Type, or null without body
 * @param body the body bytes (empty without body)
 */
public record IncomingMessage(Uri from, Uri to, String callId, String contentType, byte[] body) {

    public IncomingMessage {
        body = body == null ? new byte[0] : body.clone();
    }

    static IncomingMessage of(SipRequest message) {
        java.util.List<NameAddress> asserted = message.pAssertedIdentities();
        Uri sender = asserted.isEmpty() ? message.from().uri() : asserted.get(0).uri();
        return new IncomingMessage(sender, message.to().uri(), message.callId(), message.contentType(), message.body());
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body as UTF-8 text (RFC 3428 text/plain bodies default to UTF-8). */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "IncomingMessage[from " + from + " to " + to + ", " + contentType + ", " + body.length + " bytes]";
    }
}
