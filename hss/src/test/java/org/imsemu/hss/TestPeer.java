package org.imsemu.hss;

import io.netty.channel.EventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.imsemu.diameter.Avp;
import org.imsemu.diameter.CommandDefinition;
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.ResultCodes;
import org.imsemu.diameter.dictionary.Applications;
import org.imsemu.diameter.dictionary.BaseAvps;
import org.imsemu.diameter.dictionary.CxAvps;
import org.imsemu.diameter.dictionary.Vendors;
import org.imsemu.diameter.node.DiameterNode;
import org.imsemu.diameter.node.DiameterNodeConfig;
import org.imsemu.diameter.node.PeerConfig;

/**
 * A real Diameter peer of the HSS in tests (an I-CSCF, S-CSCF or AS): connects over TCP, sends requests,
 * and records the requests the HSS sends it (RTR, PPR, PNR), answering them with DIAMETER_SUCCESS.
 */
final class TestPeer implements AutoCloseable {
    final DiameterNode node;
    final LinkedBlockingQueue<DiameterMessage> received = new LinkedBlockingQueue<>();
    private final String realm;

    TestPeer(String host, String realm, HssNode hss, EventLoopGroup group, CommandDefinition... served) throws Exception {
        this.realm = realm;
        node = DiameterNode.start(DiameterNodeConfig.builder(host, realm).listen(null).vendorId(Vendors.TGPP)
                .application(Applications.CX_AUTH).application(Applications.SH_AUTH)
                .peer(new PeerConfig(hss.config().originHost(), hss.config().realm(), hss.localAddress())).build(), group);
        for (CommandDefinition c : served) {
            node.registerHandler(c, (request, peer) -> {
                received.add(request);
                return CompletableFuture.completedFuture(DiameterMessage.answer(request)
                        .add(Messages.vendorSpecificApplicationId(request.applicationId()))
                        .resultCode(ResultCodes.DIAMETER_SUCCESS).add(BaseAvps.AUTH_SESSION_STATE.of(BaseAvps.NO_STATE_MAINTAINED)).build());
            });
        }
        node.whenPeerOpen(hss.config().originHost()).get(10, TimeUnit.SECONDS);
    }

    /** A request with the Cx/Sh head; the caller adds the command's AVPs. */
    DiameterMessage.Builder request(CommandDefinition c) {
        return DiameterMessage.request(c.code(), c.applicationId()).proxiable(true)
                .add(BaseAvps.SESSION_ID.of(node.newSessionId()), Messages.vendorSpecificApplicationId(c.applicationId()),
                        BaseAvps.AUTH_SESSION_STATE.of(BaseAvps.NO_STATE_MAINTAINED),
                        BaseAvps.ORIGIN_HOST.of(node.originHost()), BaseAvps.ORIGIN_REALM.of(realm),
                        BaseAvps.DESTINATION_REALM.of(realm));
    }

    DiameterMessage send(DiameterMessage.Builder b) throws Exception {
        return node.send(b.build()).get(10, TimeUnit.SECONDS);
    }

    DiameterMessage next() throws InterruptedException {
        DiameterMessage m = received.poll(10, TimeUnit.SECONDS);
        if (m == null) throw new AssertionError("no request reached " + node.originHost());
        return m;
    }

    static long experimental(DiameterMessage answer) {
        return answer.avp(BaseAvps.EXPERIMENTAL_RESULT).flatMap(e -> e.number(BaseAvps.EXPERIMENTAL_RESULT_CODE)).orElse(-1L);
    }

    static long result(DiameterMessage answer) {
        return answer.number(BaseAvps.RESULT_CODE).orElse(-1L);
    }

    static String utf8(Avp a) {
        return new String(a.asOctetString(), StandardCharsets.UTF_8);
    }

    static String serverName(DiameterMessage a) {
        return a.text(CxAvps.SERVER_NAME).orElse(null);
    }


    @Override
    public void close() {
        node.close();
    }
}
