package org.imsemu.as;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.imsemu.as.sh.ShConfig;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.message.HeaderNames;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.sip.message.SipResponse;
import org.imsemu.sip.proxy.ProxyConfig;
import org.imsemu.sip.proxy.ProxyRequest;
import org.imsemu.sip.stack.SipStack;
import org.imsemu.sip.transport.NextHop;
import org.imsemu.sip.transport.TargetResolver;
import org.imsemu.sip.transport.TransportType;
import org.imsemu.sip.transport.Transports;
import org.imsemu.sip.ua.ClientInvite;
import org.imsemu.sip.ua.ServerRequest;
import org.imsemu.sip.ua.UserAgent;
import org.imsemu.sip.ua.UserAgentConfig;
import org.imsemu.sip.ua.UserAgentListener;
import org.imsemu.sip.uri.SipUri;
import org.imsemu.sip.uri.Uri;

/**
 * A tiny IMS around one AS, on real sockets in 127.0.93.0/24: a stand-in S-CSCF doing the ISC half of
 * TS 24.229 §5.4.3.2/§5.4.3.3 for one filter criterion (initial requests from a UA get Route: AS, ODI
 * and P-Served-User; requests returning with the ODI go to their Request-URI), user agents reached by
 * their user name, the AS, and a Diameter HSS. Each network takes its own block of addresses.
 */
final class IscNetwork implements AutoCloseable {
    static final String DOMAIN = "domain1.test";
    private static final AtomicInteger NEXT_BLOCK = new AtomicInteger();
    private static final int PORT = 5060;

    final EventLoopGroup group = Transports.newEventLoopGroup(2);
    private final int base;
    private int nextHost = 1;
    private final Map<String, InetSocketAddress> byHost = new ConcurrentHashMap<>();
    private final Map<String, InetSocketAddress> byUser = new ConcurrentHashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    final SipStack scscf;
    final String scscfHost = "scscf." + DOMAIN;
    private final AtomicInteger odi = new AtomicInteger();
    /** Start lines of the requests that came back from the AS with the ODI route. */
    final List<String> returnedFromAs = new CopyOnWriteArrayList<>();
    volatile SipUri asUri;
    /** Which user the stand-in S-CSCF serves, and in which session case. */
    volatile SessionCase sessionCase = SessionCase.ORIGINATING;

    IscNetwork() {
        // Blocks are reused round-robin: networks live one at a time (tests run sequentially), and close frees them.
        base = NEXT_BLOCK.getAndIncrement() % 12 * 20;
        String ip = nextIp();
        byHost.put(scscfHost, new InetSocketAddress(ip, PORT));
        scscf = SipStack.startProxy(new SipStack.Config(ip, PORT, EnumSet.of(TransportType.UDP, TransportType.TCP), null, null),
                group, this::scscfLogic, resolver(), pc -> new ProxyConfig(scscfHost, pc.port(), java.util.Set.of(ip), 181_000));
        closeables.add(scscf);
    }

    String nextIp() {
        return "127.0.93." + (base + nextHost++);
    }

    /** Host names first (Route entries), then user names (Request-URIs of the test users). */
    TargetResolver resolver() {
        return uri -> {
            InetSocketAddress a = byHost.get(uri.host().toLowerCase());
            if (a == null && uri.user() != null) a = byUser.get(uri.user());
            if (a == null) return TargetResolver.NUMERIC.resolve(uri);
            return CompletableFuture.completedFuture(new NextHop(uri.transport() == null ? TransportType.UDP : TransportType.fromName(uri.transport()), a));
        };
    }

    private void scscfLogic(ProxyRequest pr) {
        if (pr.isInDialog() || pr.request().isMethod("ACK")) {
            pr.forwardToRequestUri();
            return;
        }
        NameAddress consumed = pr.consumedRoute();
        if (consumed != null && consumed.uri() instanceof SipUri s && s.user() != null && s.user().startsWith("odi-")) {
            // Back from the AS: no more filter criteria here, so on to the (perhaps new) Request-URI.
            returnedFromAs.add(pr.request().startLine());
            pr.modify(r -> r.withoutHeader(ServedUser.HEADER)).forwardToRequestUri();
            return;
        }
        SipUri as = asUri;
        if (as == null) {
            pr.forwardToRequestUri();
            return;
        }
        SipRequest r = pr.request();
        Uri served = sessionCase == SessionCase.TERMINATING ? r.requestUri() : r.from().uri();
        SipUri odiUri = SipUri.of("odi-" + odi.incrementAndGet(), scscfHost, PORT).withParameter("lr", null);
        pr.modify(q -> q.withHeaderFirst(HeaderNames.ROUTE, "<" + odiUri + ">").withHeaderFirst(HeaderNames.ROUTE, "<" + as + ">")
                .withHeader(ServedUser.HEADER, new ServedUser(served, sessionCase, true).toHeaderValue()));
        pr.recordRoute();
        pr.forwardToRequestUri();
    }

    /** An AS on its own address, named as.domain1.test, which the stand-in S-CSCF routes to. */
    AsHost startAs(ApplicationServer service, Duration noAnswer, TestHss hss) {
        String ip = nextIp();
        String fqdn = "as." + DOMAIN;
        byHost.put(fqdn, new InetSocketAddress(ip, PORT));
        AsHostConfig.Builder b = AsHostConfig.builder(fqdn, ip).port(PORT).resolver(resolver()).noAnswerTimeout(noAnswer);
        if (hss != null) b.sh(ShConfig.of(hss.address(), TestHss.HOST, TestHss.REALM, fqdn));
        AsHost host = AsHost.start(b.build(), group, service);
        closeables.add(host);
        asUri = host.uri();
        return host;
    }

    TestHss startHss() {
        TestHss hss = new TestHss(nextIp(), group);
        closeables.add(hss);
        return hss;
    }

    /** A UA for sip:user@domain1.test, sending everything to the S-CSCF; {@code onInvite} answers its INVITEs. */
    Ua ua(String user, Consumer<ServerRequest> onInvite) {
        String ip = nextIp();
        byUser.put(user, new InetSocketAddress(ip, PORT));
        List<SipRequest> invites = new CopyOnWriteArrayList<>();
        List<String> requests = new CopyOnWriteArrayList<>();
        List<SipRequest> inDialog = new CopyOnWriteArrayList<>();
        InetSocketAddress s = byHost.get(scscfHost);
        TargetResolver toScscf = uri -> CompletableFuture.completedFuture(new NextHop(TransportType.UDP, s));
        SipStack stack = SipStack.start(new SipStack.Config(ip, PORT, EnumSet.of(TransportType.UDP), null, null), group, st -> {
            UserAgent ua = new UserAgent(UserAgentConfig.builder(ip, PORT).contactUser(user).resolver(toScscf).executor(st.eventLoop()).build(), st.timer());
            ua.attach(st.transactions());
            ua.setListener(new UserAgentListener() {
                @Override
                public void onInvite(ServerRequest invite) {
                    invites.add(invite.request());
                    requests.add("INVITE");
                    onInvite.accept(invite);
                }

                @Override
                public void onCancel(ServerRequest invite) {
                    requests.add("CANCEL");
                }

                @Override
                public void onDialogTerminated(org.imsemu.sip.ua.Dialog d, EndCause cause) {
                    if (cause == EndCause.REMOTE_BYE) requests.add("BYE");
                }

                /** An offer in the dialog gets a toy answer: the offer, a direction it asks for turned round. */
                @Override
                public void onDialogRequest(org.imsemu.sip.ua.Dialog d, ServerRequest request) {
                    SipRequest r = request.request();
                    inDialog.add(r);
                    requests.add(r.method());
                    if (r.bodyLength() > 0 && (r.isMethod("INVITE") || r.isMethod("UPDATE"))) {
                        String answer = r.bodyAsString().replace("a=sendonly", "a=recvonly");
                        request.respond(request.createResponse(200).withBody(r.contentType(), answer));
                    } else {
                        UserAgentListener.answerByDefault(request);
                    }
                }
            });
            return ua;
        });
        closeables.add(stack);
        return new Ua(stack, (UserAgent) stack.user(), SipUri.of(user, DOMAIN), invites, requests, inDialog);
    }

    /** @param inDialog the requests it received inside dialogs (not BYE, ACK, CANCEL, PRACK) */
    record Ua(SipStack stack, UserAgent ua, SipUri aor, List<SipRequest> invites, List<String> requests, List<SipRequest> inDialog) {
        ClientInvite call(Ua callee) {
            return stack.call(() -> ua.invite(NameAddress.of(aor), NameAddress.of(callee.aor()), null, null, new ClientInvite.Listener() { }));
        }

        SipResponse hangUp(ClientInvite call) throws Exception {
            return stack.call(call::bye).get(20, TimeUnit.SECONDS);
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out waiting for: " + what);
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // keep closing the rest
            }
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

}
