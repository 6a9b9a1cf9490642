package org.imsemu.as;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.imsemu.as.sh.RepositoryData;
import org.imsemu.as.sh.ShData;
import org.imsemu.diameter.Avp;
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.dictionary.Applications;
import org.imsemu.diameter.dictionary.BaseAvps;
import org.imsemu.diameter.dictionary.Commands;
import org.imsemu.diameter.dictionary.CxAvps;
import org.imsemu.diameter.dictionary.ShAvps;
import org.imsemu.diameter.dictionary.Vendors;
import org.imsemu.diameter.node.DiameterNode;
import org.imsemu.diameter.node.DiameterNodeConfig;

/**
 * The tests' HSS: a real Diameter node serving Sh (UDR, PUR with sequence numbers, SNR, and PNR to
 * subscribers) from an in-memory map, after TS 29.328 §6.1 and §7.6. Small on purpose; the real HSS
 * lives in module hss.
 */
final class TestHss implements AutoCloseable {
    static final String HOST = "hss.test";
    static final String REALM = "test";

    private final DiameterNode node;
    /** public identity -> service indication -> data */
    private final Map<String, Map<String, RepositoryData>> repository = new ConcurrentHashMap<>();
    /** public identity -> Origin-Hosts of subscribed ASs */
    private final Map<String, Set<String>> subscribers = new ConcurrentHashMap<>();
    final List<String> received = new CopyOnWriteArrayList<>();

    TestHss(String ip, EventLoopGroup group) {
        node = DiameterNode.start(DiameterNodeConfig.builder(HOST, REALM).listen(new InetSocketAddress(ip, 0))
                .application(Applications.SH_AUTH).vendorId(Vendors.TGPP).build(), group);
        node.registerHandler(Commands.USER_DATA, (req, peer) -> CompletableFuture.completedFuture(udr(req)));
        node.registerHandler(Commands.PROFILE_UPDATE, (req, peer) -> CompletableFuture.completedFuture(pur(req)));
        node.registerHandler(Commands.SUBSCRIBE_NOTIFICATIONS, (req, peer) -> CompletableFuture.completedFuture(snr(req, peer.originHost())));
    }

    InetSocketAddress address() {
        return node.localAddress();
    }

    void put(String impu, RepositoryData data) {
        repository.computeIfAbsent(impu, k -> new ConcurrentHashMap<>()).put(data.serviceIndication(), data);
    }

    RepositoryData get(String impu, String si) {
        return repository.getOrDefault(impu, Map.of()).get(si);
    }

    /** Provisioning from outside (as `imsemu hss` would): stores, then PNR to every subscriber; waits for the PNAs. */
    void update(String impu, RepositoryData data) throws Exception {
        put(impu, data);
        for (String as : subscribers.getOrDefault(impu, Set.of())) {
            DiameterMessage pnr = Commands.PUSH_NOTIFICATION.request()
                    .add(BaseAvps.SESSION_ID.of(node.newSessionId()), app(), BaseAvps.AUTH_SESSION_STATE.of(BaseAvps.NO_STATE_MAINTAINED),
                            BaseAvps.DESTINATION_HOST.of(as), BaseAvps.DESTINATION_REALM.of(REALM),
                            ShAvps.USER_IDENTITY.of(CxAvps.PUBLIC_IDENTITY.of(impu)),
                            ShAvps.SH_USER_DATA.of(ShData.repositoryDataXml(data).getBytes(StandardCharsets.UTF_8)))
                    .build();
            DiameterMessage pna = node.send(pnr).get(10, TimeUnit.SECONDS);
            if (pna.resultCode().orElse(0L) != 2001) throw new AssertionError("PNA: " + pna);
        }
    }

    private DiameterMessage udr(DiameterMessage req) {
        String impu = impu(req);
        received.add("UDR " + impu);
        List<Integer> refs = new ArrayList<>();
        for (Avp a : req.all(ShAvps.DATA_REFERENCE)) refs.add(a.asEnumerated());
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Sh-Data>");
        if (refs.contains(ShAvps.DR_REPOSITORY_DATA)) {
            for (Avp si : req.all(ShAvps.SERVICE_INDICATION)) {
                RepositoryData d = get(impu, new String(si.asOctetString(), StandardCharsets.UTF_8));
                if (d != null) xml.append(inner(ShData.repositoryDataXml(d)));
            }
        }
        if (refs.contains(ShAvps.DR_IMS_PUBLIC_IDENTITY)) {
            xml.append("<PublicIdentifiers><IMSPublicIdentity>").append(impu).append("</IMSPublicIdentity>")
                    .append("<IMSPublicIdentity>").append(impu.replace("sip:", "tel:+1").replaceAll("@.*", ""))
                    .append("</IMSPublicIdentity></PublicIdentifiers>");
        }
        xml.append("</Sh-Data>");
        return success(req).add(ShAvps.SH_USER_DATA.of(xml.toString().getBytes(StandardCharsets.UTF_8))).build();
    }

    /** TS 29.328 §7.6.1: 0 creates, otherwise the stored number + 1; anything else is out of sync (5105). */
    private DiameterMessage pur(DiameterMessage req) {
        String impu = impu(req);
        received.add("PUR " + impu);
        ShData data = ShData.parse(req.required(ShAvps.SH_USER_DATA).asOctetString());
        for (RepositoryData d : data.repositoryData()) {
            RepositoryData old = get(impu, d.serviceIndication());
            boolean ok = old == null ? d.sequenceNumber() == 0 : d.sequenceNumber() == RepositoryData.nextSequenceNumber(old.sequenceNumber());
            if (!ok) {
                return DiameterMessage.answer(req).add(app()).add(BaseAvps.EXPERIMENTAL_RESULT.of(BaseAvps.VENDOR_ID.of(Vendors.TGPP),
                        BaseAvps.EXPERIMENTAL_RESULT_CODE.of(5105))).add(BaseAvps.AUTH_SESSION_STATE.of(BaseAvps.NO_STATE_MAINTAINED)).build();
            }
            if (d.hasServiceData()) put(impu, d);
            else repository.getOrDefault(impu, new ConcurrentHashMap<>()).remove(d.serviceIndication());
        }
        return success(req).build();
    }

    private DiameterMessage snr(DiameterMessage req, String asHost) {
        String impu = impu(req);
        received.add("SNR " + impu);
        if (req.number(ShAvps.SUBS_REQ_TYPE).orElse(0L) == ShAvps.SUBSCRIBE) {
            subscribers.computeIfAbsent(impu, k -> ConcurrentHashMap.newKeySet()).add(asHost);
        } else {
            subscribers.getOrDefault(impu, Set.of()).remove(asHost);
        }
        return success(req).build();
    }

    boolean isSubscribed(String impu) {
        return !subscribers.getOrDefault(impu, Set.of()).isEmpty();
    }

    private static String impu(DiameterMessage req) {
        return req.required(ShAvps.USER_IDENTITY).text(CxAvps.PUBLIC_IDENTITY).orElseThrow();
    }

    private static String inner(String shDataXml) {
        return shDataXml.substring(shDataXml.indexOf("<Sh-Data>") + 9, shDataXml.lastIndexOf("</Sh-Data>"));
    }

    private static Avp app() {
        return BaseAvps.VENDOR_SPECIFIC_APPLICATION_ID.of(BaseAvps.VENDOR_ID.of(Vendors.TGPP), BaseAvps.AUTH_APPLICATION_ID.of(Applications.SH));
    }

    private static DiameterMessage.Builder success(DiameterMessage req) {
        return DiameterMessage.answer(req).add(app()).resultCode(2001).add(BaseAvps.AUTH_SESSION_STATE.of(BaseAvps.NO_STATE_MAINTAINED));
    }

    @Override
    public void close() {
        node.close();
    }
}
