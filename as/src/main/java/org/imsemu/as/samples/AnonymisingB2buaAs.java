package org.imsemu.as.samples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.imsemu.as.ApplicationServer;
import org.imsemu.as.AsRequest;
import org.imsemu.as.B2bua;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;

/**
 * Sample AS showing the B2BUA helper: every initial INVITE is bridged to its own Request-URI, with the
 * caller hidden on leg B the way RFC 3323 §4.1.1.3 suggests (From "Anonymous"
 * {@code <sip:anonymous@anonymous.invalid>}, no P-Asserted-Identity). The callee sees a call from the AS
 * with its own Call-ID; the caller sees the callee's answer and SDP unchanged. Other requests continue.
 */
public final class AnonymisingB2buaAs implements ApplicationServer {
    /** The From of leg B (RFC 3323 §4.1.1.3). */
    public static final NameAddress ANONYMOUS = NameAddress.parse("\"Anonymous\" <sip:anonymous@anonymous.invalid>", "From");

    private final List<B2bua> calls = new CopyOnWriteArrayList<>();

    @Override
    public void onRequest(AsRequest request) {
        if (!request.method().equals("INVITE") || !request.isInitial()) {
            request.proceed();
            return;
        }
        calls.add(request.actAsB2bua(request.request().requestUri(),
                invite -> invite.withHeader(HeaderNames.FROM, ANONYMOUS.withTag(invite.fromTag()).toString())
                        .withoutHeader(HeaderNames.P_ASSERTED_IDENTITY),
                null));
    }

    /** The calls bridged so far, oldest first (legs and dialogs, for tests and logs). */
    public List<B2bua> calls() {
        return new ArrayList<>(calls);
    }
}
