package org.imsemu.runtime;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.imsemu.sip.header.CSeq;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.header.Via;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.stack.SipStack;
import org.imsemu.sip.transaction.Branches;
import org.imsemu.sip.transaction.ClientTransaction;
import org.imsemu.sip.transaction.ClientTransactionListener;
import org.imsemu.sip.transaction.ServerTransaction;
import org.imsemu.sip.transaction.TransactionUser;
import org.imsemu.sip.transport.InboundMessage;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;

/**
 * A bare SIP endpoint on a registered UE's IP address (another port), which the UE's P-CSCF therefore
 * takes for that UE: it builds every request by hand (a reg event SUBSCRIBE as in TS 24.229 5.1.1.3, a
 * MESSAGE with whatever identity and privacy headers a test wants), so the test sees exactly what the
 * network does with it. Every request it receives is answered 200 and kept.
 */
final class UeProbe implements AutoCloseable {
    private final SipStack stack;
    private final InetSocketAddress pcscf;
    private final String pcscfHost;
    private final int pcscfPort;
    private final NameAddress user;
    final BlockingQueue<SipRequest> notifies = new LinkedBlockingQueue<>();
    final List<SipRequest> received = Collections.synchronizedList(new ArrayList<>());
    private String callId;
    private String fromTag;
    private String toTag;
    private long cseq;
    private List<NameAddress> routeSet = List.of();
    private Uri remoteTarget;
    private volatile java.util.function.Function<SipRequest, SipResponse> responder = r -> r.createResponse(200);

    /** On another port of the UE's address: the P-CSCF takes it for the UE when it claims the UE's identity. */
    UeProbe(ImsNetwork net, String ueName) {
        this(net, ueName, 0);
    }

    /**
     * On {@code port} of the UE's address; the UE's own port (once the UE is closed) makes the probe the
     * UE for the P-CSCF, whatever identity it claims.
     */
    UeProbe(ImsNetwork net, String ueName, int port) {
        var ue = net.scenario().ue(ueName).orElseThrow();
        var p = net.scenario().pcscfOf(ue);
        this.pcscf = p.socketAddress();
        this.pcscfHost = p.fqdn();
        this.pcscfPort = p.port();
        this.user = NameAddress.parse(ue.impu(), HeaderNames.TO);
        InetAddress address = ue.address();
        SipStack.Config config = new SipStack.Config(address.getHostAddress(), port, EnumSet.of(TransportType.UDP), null,
                net.bus().observer(ueName + "-probe"));
        this.stack = SipStack.start(config, net.group(), s -> new TransactionUser() {
            @Override
            public void onRequest(ServerTransaction tx) {
                SipRequest r = tx.request();
                received.add(r);
                SipResponse answer = responder.apply(r);
                tx.respond(answer.toTag() != null ? answer : answer.withToTag(r.toTag() != null ? r.toTag() : Branches.newTag()));
                if (r.isMethod("NOTIFY")) notifies.add(r);
            }

            @Override
            public void onCancel(ServerTransaction invite) {
            }

            @Override
            public void onAck(InboundMessage ack) {
            }

            @Override
            public void onStrayResponse(InboundMessage response) {
            }
        });
    }

    private String host() {
        return stack.config().host();
    }

    private int port() {
        return stack.localAddress(TransportType.UDP).getPort();
    }

    /** The initial SUBSCRIBE to {@code target}'s state (Event: reg), preloaded with the P-CSCF as first route. */
    SipResponse subscribe(String target, long expires) throws Exception {
        callId = Branches.newCallId(host());
        fromTag = Branches.newTag();
        cseq = 1;
        SipRequest sub = SipRequest.builder("SUBSCRIBE", SipUri.parse(target))
                .maxForwards(70).from(user.withTag(fromTag)).to(NameAddress.parse(target, HeaderNames.TO))
                .callId(callId).cseq(cseq).contact(NameAddress.of(SipUri.of(null, host(), port())))
                .route(NameAddress.of(SipUri.of(null, pcscfHost, pcscfPort).withParameter("lr", null)))
                .header(HeaderNames.EVENT, "reg").header(HeaderNames.EXPIRES, Long.toString(expires))
                .header("Accept", "application/reginfo+xml").build();
        SipResponse r = send(sub);
        if (r.isSuccess()) {
            toTag = r.toTag();
            List<NameAddress> rr = new ArrayList<>(r.recordRoutes());
            Collections.reverse(rr);
            routeSet = rr;
            remoteTarget = r.contacts().get(0).uri();
        }
        return r;
    }

    /** A SUBSCRIBE inside the dialog: a refresh, or with 0 an unsubscribe. */
    SipResponse refresh(long expires) throws Exception {
        SipRequest.Builder b = SipRequest.builder("SUBSCRIBE", remoteTarget)
                .maxForwards(70).from(user.withTag(fromTag)).to(NameAddress.of(remoteTarget).withTag(toTag))
                .callId(callId).header(HeaderNames.CSEQ, new CSeq(++cseq, "SUBSCRIBE").toString())
                .contact(NameAddress.of(SipUri.of(null, host(), port())))
                .header(HeaderNames.EVENT, "reg").header(HeaderNames.EXPIRES, Long.toString(expires));
        for (NameAddress r : routeSet) b.route(r);
        return send(b.build());
    }

    /**
     * A MESSAGE (RFC 3428) to {@code target} through the P-CSCF, From {@code from} (null: the UE's
     * identity), with {@code headers} (name, value pairs) added.
     */
    SipResponse message(String target, NameAddress from, String... headers) throws Exception {
        SipRequest.Builder b = SipRequest.builder("MESSAGE", SipUri.parse(target))
                .maxForwards(70).from((from == null ? user : from).withTag(Branches.newTag()))
                .to(NameAddress.parse(target, HeaderNames.TO)).callId(Branches.newCallId(host())).cseq(1)
                .route(NameAddress.of(SipUri.of(null, pcscfHost, pcscfPort).withParameter("lr", null)));
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return send(b.body("text/plain", "hello").build());
    }

    /** How the probe answers what it receives (200 unless told otherwise). */
    void respondWith(java.util.function.Function<SipRequest, SipResponse> answer) {
        this.responder = answer;
    }

    /** The probe's own address and port, as a Contact host part would name it. */
    String hostPort() {
        return host() + ":" + port();
    }

    List<NameAddress> routeSet() {
        return routeSet;
    }

    SipRequest nextNotify() throws InterruptedException {
        SipRequest n = notifies.poll(20, TimeUnit.SECONDS);
        if (n == null) throw new AssertionError("no NOTIFY within 20 s");
        return n;
    }

    private SipResponse send(SipRequest request) throws Exception {
        CompletableFuture<SipResponse> f = new CompletableFuture<>();
        stack.eventLoop().execute(() -> {
            Via via = Via.of("UDP", host(), port(), Branches.newBranch()).withParameter("rport", null);
            stack.transactions().sendRequest(request.withHeaderFirst(HeaderNames.VIA, via.toString()), TransportType.UDP, pcscf,
                    new ClientTransactionListener() {
                        @Override
                        public void onResponse(ClientTransaction tx, SipResponse response) {
                            if (response.isFinal()) f.complete(response);
                        }

                        @Override
                        public void onTimeout(ClientTransaction tx) {
                            f.completeExceptionally(new AssertionError("timeout: " + request.startLine()));
                        }

                        @Override
                        public void onTransportError(ClientTransaction tx, Throwable cause) {
                            f.completeExceptionally(cause);
                        }
                    });
        });
        return f.get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        stack.close();
    }
}
