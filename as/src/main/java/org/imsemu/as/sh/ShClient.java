package org.imsemu.as.sh;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.imsemu.diameter.Avp;
import org.imsemu.diameter.DiameterException;
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.ResultCodes;
import org.imsemu.diameter.dictionary.Applications;
import org.imsemu.diameter.dictionary.BaseAvps;
import org.imsemu.diameter.dictionary.Commands;
import org.imsemu.diameter.dictionary.CxAvps;
import org.imsemu.diameter.dictionary.ShAvps;
import org.imsemu.diameter.dictionary.Vendors;
import org.imsemu.diameter.node.DiameterNode;
import org.imsemu.diameter.node.DiameterNodeConfig;
import org.imsemu.diameter.node.PeerConfig;
import org.imsemu.diameter.node.PeerInfo;
import org.imsemu.sip.uri.Uri;

/**
 * An application server's side of Sh (TS 29.328/29.329) over a {@link DiameterNode} connected to the HSS:
 * read user data (UDR), update repository data (PUR), subscribe to changes (SNR) and receive them (PNR).
 * Every method returns at once; futures complete on the Diameter node's event loop, so continuations
 * must not block (an {@link org.imsemu.as.AsRequest} may be decided from there: it hops to its own thread).
 * Failures complete the future with {@link ShException}.
 */
public final class ShClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ShClient.class.getName());
    /** Send-Data-Indication USER_DATA_REQUESTED (TS 29.329 §6.3.17): the SNA carries the current data. */
    private static final int USER_DATA_REQUESTED = 1;

    private final DiameterNode node;
    private final String realm;
    private final String hssHost;
    private final boolean ownsNode;
    private final List<ShNotificationListener> listeners = new CopyOnWriteArrayList<>();

    /** Sh over an existing node (which must advertise {@link Applications#SH_AUTH}); requests go to {@code realm}. */
    public ShClient(DiameterNode node, String realm, String hssHost) {
        this(node, realm, hssHost, false);
    }

    private ShClient(DiameterNode node, String realm, String hssHost, boolean ownsNode) {
        this.node = Objects.requireNonNull(node, "node");
        this.realm = Objects.requireNonNull(realm, "realm");
        this.hssHost = hssHost;
        this.ownsNode = ownsNode;
        node.registerHandler(Commands.PUSH_NOTIFICATION, (req, peer) -> CompletableFuture.completedFuture(onPushNotification(req)));
    }

    /**
     * Starts a Diameter node for the AS (Sh application, the HSS as its one configured peer) and returns
     * at once; {@link #ready()} completes when the HSS connection is open. {@code localIp}, when not
     * null, is the address the node connects from (and listens on, ephemeral port, unless
     * {@link ShConfig#listen()} says otherwise).
     */
    public static ShClient start(ShConfig config, String localIp, EventLoopGroup group) {
        InetSocketAddress listen = config.listen() != null ? config.listen()
                : localIp != null ? new InetSocketAddress(localIp, 0) : null;
        DiameterNodeConfig dc = DiameterNodeConfig.builder(config.originHost(), config.originRealm())
                .listen(listen)
                .application(Applications.SH_AUTH)
                .vendorId(Vendors.TGPP)
                .productName("imsemu-as")
                .answerTimeout(config.answerTimeout())
                .observer(config.observer())
                .peer(new PeerConfig(config.hssHost(), config.realm(), config.hssAddress()))
                .realmRoute(config.realm(), config.hssHost())
                .build();
        return new ShClient(DiameterNode.start(dc, group), config.realm(), config.hssHost(), true);
    }

    public DiameterNode node() {
        return node;
    }

    /** Completes when the connection to the HSS is open (CER/CEA done). */
    public CompletableFuture<PeerInfo> ready() {
        if (hssHost == null) throw new IllegalStateException("no HSS host configured: cannot tell when it is connected");
        return node.whenPeerOpen(hssHost);
    }

    public void addNotificationListener(ShNotificationListener l) {
        listeners.add(Objects.requireNonNull(l));
    }

    public void removeNotificationListener(ShNotificationListener l) {
        listeners.remove(l);
    }

    // ---- UDR ----

    /**
     * UDR for one or more Data-Reference values ({@link ShAvps#DR_REPOSITORY_DATA},
     * {@link ShAvps#DR_IMS_PUBLIC_IDENTITY}, ...); {@code serviceIndications} go with repository data.
     * Completes with the parsed Sh-Data (empty when the HSS sent none).
     */
    public CompletableFuture<ShData> read(Uri publicIdentity, List<Integer> dataReferences, List<String> serviceIndications) {
        if (dataReferences.isEmpty()) throw new IllegalArgumentException("UDR needs at least one Data-Reference");
        DiameterMessage.Builder b = request(Commands.USER_DATA.request(), publicIdentity);
        for (String si : serviceIndications) b.add(ShAvps.SERVICE_INDICATION.of(si.getBytes(StandardCharsets.UTF_8)));
        for (int dr : dataReferences) b.add(ShAvps.DATA_REFERENCE.of(dr));
        return exchange(b.build(), "UDR for " + publicIdentity).thenApply(ShClient::userData);
    }

    /** UDR for the repository data of one service indication; empty when the HSS has none. */
    public CompletableFuture<Optional<RepositoryData>> readRepositoryData(Uri publicIdentity, String serviceIndication) {
        return read(publicIdentity, List.of(ShAvps.DR_REPOSITORY_DATA), List.of(serviceIndication))
                .thenApply(d -> d.repositoryData(serviceIndication).filter(RepositoryData::hasServiceData))
                .exceptionallyCompose(e -> notAvailable(e) ? CompletableFuture.completedFuture(Optional.empty()) : CompletableFuture.failedFuture(e));
    }

    /** UDR for the IMS public identities of the user (Data-Reference IMSPublicIdentity, TS 29.328 §7.6.5). */
    public CompletableFuture<List<String>> readPublicIdentities(Uri publicIdentity) {
        return read(publicIdentity, List.of(ShAvps.DR_IMS_PUBLIC_IDENTITY), List.of()).thenApply(ShData::publicIdentities);
    }

    // ---- PUR ----

    /**
     * PUR of repository data: {@code data} as {@link RepositoryData#create} made it (sequence number 0),
     * or as {@link RepositoryData#next} made it from what was read (null ServiceData removes it). The
     * HSS refuses a wrong sequence number with {@link ShException#isOutOfSync()}: read again and retry.
     */
    public CompletableFuture<RepositoryData> updateRepositoryData(Uri publicIdentity, RepositoryData data) {
        DiameterMessage pur = request(Commands.PROFILE_UPDATE.request(), publicIdentity)
                .add(ShAvps.DATA_REFERENCE.of(ShAvps.DR_REPOSITORY_DATA))
                .add(ShAvps.SH_USER_DATA.of(ShData.repositoryDataXml(data).getBytes(StandardCharsets.UTF_8)))
                .build();
        return exchange(pur, "PUR for " + publicIdentity).thenApply(a -> data);
    }

    // ---- SNR ----

    /**
     * SNR subscribing to the repository data of one service indication: changes then arrive as PNR at
     * the notification listeners. Read the current data with {@link #readRepositoryData} after this
     * completes, or use {@link #subscribeAndReadRepositoryData}.
     */
    public CompletableFuture<Void> subscribeRepositoryData(Uri publicIdentity, String serviceIndication) {
        return exchange(subscription(publicIdentity, serviceIndication, ShAvps.SUBSCRIBE).build(), "SNR for " + publicIdentity)
                .thenApply(a -> null);
    }

    /**
     * SNR that subscribes and asks for the current data in the SNA (Send-Data-Indication
     * USER_DATA_REQUESTED, TS 29.329 §6.3.17): one round trip instead of SNR then UDR, for an HSS that
     * supports it.
     */
    public CompletableFuture<Optional<RepositoryData>> subscribeAndReadRepositoryData(Uri publicIdentity, String serviceIndication) {
        DiameterMessage snr = subscription(publicIdentity, serviceIndication, ShAvps.SUBSCRIBE)
                .add(ShAvps.SEND_DATA_INDICATION.of(USER_DATA_REQUESTED)).build();
        return exchange(snr, "SNR for " + publicIdentity)
                .thenApply(a -> userData(a).repositoryData(serviceIndication).filter(RepositoryData::hasServiceData));
    }

    public CompletableFuture<Void> unsubscribeRepositoryData(Uri publicIdentity, String serviceIndication) {
        return exchange(subscription(publicIdentity, serviceIndication, ShAvps.UNSUBSCRIBE).build(), "SNR (unsubscribe) for " + publicIdentity)
                .thenApply(a -> null);
    }

    private DiameterMessage.Builder subscription(Uri publicIdentity, String serviceIndication, int type) {
        return request(Commands.SUBSCRIBE_NOTIFICATIONS.request(), publicIdentity)
                .add(ShAvps.SERVICE_INDICATION.of(serviceIndication.getBytes(StandardCharsets.UTF_8)))
                .add(ShAvps.SUBS_REQ_TYPE.of(type))
                .add(ShAvps.DATA_REFERENCE.of(ShAvps.DR_REPOSITORY_DATA));
    }

    // ---- PNR ----

    private DiameterMessage onPushNotification(DiameterMessage pnr) {
        Avp identity = pnr.required(ShAvps.USER_IDENTITY);
        String impu = identity.text(CxAvps.PUBLIC_IDENTITY)
                .orElseThrow(() -> new DiameterException(ResultCodes.DIAMETER_MISSING_AVP, "User-Identity without Public-Identity",
                        CxAvps.PUBLIC_IDENTITY.placeholder()));
        Avp data = pnr.required(ShAvps.SH_USER_DATA);
        ShData sh;
        Uri uri;
        try {
            sh = ShData.parse(data.asOctetString());
            uri = Uri.parse(impu);
        } catch (RuntimeException e) {
            throw new DiameterException(ResultCodes.DIAMETER_INVALID_AVP_VALUE, "bad PNR: " + e.getMessage(), data);
        }
        for (ShNotificationListener l : listeners) {
            try {
                l.onNotification(uri, sh);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Sh notification listener failed", e);
            }
        }
        return DiameterMessage.answer(pnr).add(shApplication()).resultCode(ResultCodes.DIAMETER_SUCCESS)
                .add(BaseAvps.AUTH_SESSION_STATE.of(BaseAvps.NO_STATE_MAINTAINED)).build();
    }

    // ---- plumbing ----

    /** TS 29.329 §6.1: Session-Id, Vendor-Specific-Application-Id, Auth-Session-State, Destination-*, User-Identity. */
    private DiameterMessage.Builder request(DiameterMessage.Builder b, Uri publicIdentity) {
        b.add(BaseAvps.SESSION_ID.of(node.newSessionId()))
                .add(shApplication())
                .add(BaseAvps.AUTH_SESSION_STATE.of(BaseAvps.NO_STATE_MAINTAINED))
                .add(BaseAvps.DESTINATION_REALM.of(realm));
        if (hssHost != null) b.add(BaseAvps.DESTINATION_HOST.of(hssHost));
        return b.add(ShAvps.USER_IDENTITY.of(CxAvps.PUBLIC_IDENTITY.of(publicIdentity.toString())));
    }

    private static Avp shApplication() {
        return BaseAvps.VENDOR_SPECIFIC_APPLICATION_ID.of(BaseAvps.VENDOR_ID.of(Vendors.TGPP),
                BaseAvps.AUTH_APPLICATION_ID.of(Applications.SH));
    }

    private CompletableFuture<DiameterMessage> exchange(DiameterMessage request, String what) {
        return node.send(request).handle((a, e) -> {
            if (e != null) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                throw new ShException(what + ": no answer (" + cause.getMessage() + ")", cause);
            }
            return checked(a, what);
        });
    }

    private static DiameterMessage checked(DiameterMessage a, String what) {
        // Experimental-Result first: DiameterMessage.resultCode() falls back to it, and 3GPP codes must not be read as base ones.
        Optional<Long> er = a.avp(BaseAvps.EXPERIMENTAL_RESULT).flatMap(g -> g.number(BaseAvps.EXPERIMENTAL_RESULT_CODE));
        if (er.isPresent()) {
            if (er.get() >= 2000 && er.get() < 3000) return a;
            throw new ShException(what + " failed with " + ShException.describe(er.get(), true), er.get(), true);
        }
        Optional<Long> rc = a.resultCode();
        if (rc.isPresent()) {
            if (ResultCodes.isSuccess(rc.get())) return a;
            String text = a.text(BaseAvps.ERROR_MESSAGE).map(t -> ": " + t).orElse("");
            throw new ShException(what + " failed with " + ShException.describe(rc.get(), false) + text, rc.get(), false);
        }
        throw new ShException(what + ": answer without Result-Code or Experimental-Result", 0, false);
    }

    private static ShData userData(DiameterMessage a) {
        Optional<Avp> data = a.avp(ShAvps.SH_USER_DATA);
        if (data.isEmpty()) return new ShData(List.of(), List.of(), null, null, "");
        return ShData.parse(data.get().asOctetString());
    }

    private static boolean notAvailable(Throwable e) {
        Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return c instanceof ShException s && s.isExperimental() && s.resultCode() == ShException.USER_DATA_NOT_AVAILABLE;
    }

    /** Closes the Diameter node if this client started it (DPR to the HSS). */
    @Override
    public void close() {
        if (ownsNode) node.close();
    }

    @Override
    public String toString() {
        List<String> peers = new ArrayList<>();
        node.openPeers().forEach(p -> peers.add(p.originHost()));
        return "ShClient[" + node.originHost() + " -> " + realm + ", open " + peers + "]";
    }
}
