package org.imsemu.sip.ua;

import org.imsemu.sip.header.Via;
import org.imsemu.sip.message.HeaderField;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;

/** Small request helpers of the UA core. */
final class Requests {
    private Requests() {
    }

    /**
     * {@code request} with {@code via} as its only Via, written first. A UA's request carries exactly one
     * Via, and each new transaction (a retry, an in-dialog request) gets a fresh branch.
     */
    static SipRequest withOnlyVia(SipRequest request, Via via) {
        SipRequest.Builder b = SipRequest.builder(request.method(), request.requestUri()).via(via);
        for (HeaderField f : request.headerFields()) {
            switch (f.key()) {
                case "via", "content-length", "content-type" -> {
                }
                default -> b.header(f.name(), f.value());
            }
        }
        if (request.bodyLength() > 0) b.body(request.contentType(), request.body());
        return b.build();
    }

    /** Copies the credentials headers of {@code from} (the ACK for a 2xx carries the INVITE's, 13.2.2.4). */
    static SipRequest withCredentialsOf(SipRequest to, SipRequest from) {
        SipRequest out = to;
        for (String name : new String[] {HeaderNames.AUTHORIZATION, HeaderNames.PROXY_AUTHORIZATION}) {
            for (HeaderField f : from.fields(name)) out = out.withHeaderLast(name, f.value());
        }
        return out;
    }

    /** A response the UA core makes up for a request that got none (8.1.3.1: timeout 408, transport error 503). */
    static SipResponse synthesized(SipRequest request, int status, String reason) {
        return request.createResponse(status, reason);
    }
}
