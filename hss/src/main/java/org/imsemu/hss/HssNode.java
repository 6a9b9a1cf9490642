package org.imsemu.hss;

import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.imsemu.aka.VectorGenerator;
import org.imsemu.diameter.CommandDefinition;
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.ResultCodes;
import org.imsemu.diameter.dictionary.Applications;
import org.imsemu.diameter.dictionary.BaseAvps;
import org.imsemu.diameter.dictionary.Commands;
import org.imsemu.diameter.dictionary.CxAvps;
import org.imsemu.diameter.dictionary.Vendors;
import org.imsemu.diameter.node.DiameterNode;
import org.imsemu.diameter.node.DiameterNodeConfig;
import org.imsemu.hss.store.HssDatabase;
import org.imsemu.hss.store.HssDatabase.Assignment;
import org.imsemu.hss.store.HssDatabase.RepositoryData;
import org.imsemu.hss.store.RegistrationState;
import org.imsemu.hss.store.Subscription;

/**
 * The HSS of one domain: a Diameter node serving Cx (UAR, MAR, SAR, LIR; sending RTR and PPR) and Sh
 * (UDR, PUR, SNR; sending PNR) over the subscriber database. Every database call runs on one dedicated
 * thread, never on the Diameter event loop; serialising them there also makes each request's
 * read-check-write (SQN, Sh sequence numbers, registration state) atomic within this HSS.
 */
public final class HssNode implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HssNode.class.getName());

    private final HssConfig config;
    private final HssDatabase db;
    private final ExecutorService dbExecutor;
    private final DiameterNode node;
    private final CxService cx;
    private final MultimediaAuth auth;
    private final ShService sh;

    private HssNode(HssConfig config, HssDatabase db, EventLoopGroup group) {
        this.config = config;
        this.db = db;
        this.dbExecutor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hss-db-" + config.originHost());
            t.setDaemon(true);
            return t;
        });
        DiameterNodeConfig dc = DiameterNodeConfig.builder(config.originHost(), config.realm())
                .listen(config.listenAddress()).vendorId(Vendors.TGPP).productName("imsemu-hss")
                .application(Applications.CX_AUTH).application(Applications.SH_AUTH)
                .peerPolicy(config.peerPolicy()).observer(config.observer())
                .answerTimeout(config.answerTimeout()).watchdogInterval(config.watchdogInterval()).build();
        this.node = DiameterNode.start(dc, group);
        ShService[] shRef = new ShService[1];
        this.cx = new CxService(config, db, s -> shRef[0].onRegistrationChange(s));
        this.auth = new MultimediaAuth(config, db, cx, new VectorGenerator());
        this.sh = new ShService(config, db, cx, this::push, node::newSessionId);
        shRef[0] = sh;
        serve(Commands.USER_AUTHORIZATION, cx::uar);
        serve(Commands.MULTIMEDIA_AUTH, auth::mar);
        serve(Commands.SERVER_ASSIGNMENT, cx::sar);
        serve(Commands.LOCATION_INFO, cx::lir);
        serve(Commands.USER_DATA, sh::udr);
        serve(Commands.PROFILE_UPDATE, sh::pur);
        serve(Commands.SUBSCRIBE_NOTIFICATIONS, sh::snr);
    }

    /** Starts the HSS: returns once it listens. The database stays the caller's (closed by the caller). */
    public static HssNode start(HssConfig config, HssDatabase db, EventLoopGroup group) {
        return new HssNode(config, db, group);
    }

    public HssConfig config() {
        return config;
    }

    public HssDatabase database() {
        return db;
    }

    /** The Diameter node (peers, capture, address). */
    public DiameterNode diameterNode() {
        return node;
    }

    /** The bound address, with the real port when 0 was configured. */
    public InetSocketAddress localAddress() {
        return node.localAddress();
    }

    private void serve(CommandDefinition command, Function<DiameterMessage, DiameterMessage> work) {
        node.registerHandler(command, (request, peer) -> onDb(() -> work.apply(request)).handle((answer, error) -> {
            if (error == null) return answer;
            DiameterMessage failure = Messages.failure(request, config, error);
            if (failure == null) throw new java.util.concurrent.CompletionException(error); // the node answers 5012
            return failure;
        }));
    }

    private <T> CompletableFuture<T> onDb(java.util.function.Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, dbExecutor);
    }

    // ---- network-initiated Cx procedures ----

    /**
     * Network-initiated de-registration (TS 29.228 §6.5.1): RTR to the S-CSCF serving {@code impi}, for
     * every public identity of its implicit set. When the S-CSCF answers DIAMETER_SUCCESS the identities
     * become NOT_REGISTERED with no S-CSCF. Completes with the RTA; fails when no S-CSCF is assigned.
     *
     * @param reasonCode a Reason-Code (CxValues.PERMANENT_TERMINATION ...)
     */
    public CompletableFuture<DiameterMessage> deregister(String impi, int reasonCode, String reasonInfo) {
        return onDb(() -> assigned(impi)).thenCompose(sa -> {
            DiameterMessage.Builder b = Messages.request(Commands.REGISTRATION_TERMINATION.code(), Applications.CX, node.newSessionId(),
                    config, sa.assignment.scscfHost(), config.realm());
            var reason = reasonInfo == null ? CxAvps.DEREGISTRATION_REASON.of(CxAvps.REASON_CODE.of(reasonCode))
                    : CxAvps.DEREGISTRATION_REASON.of(CxAvps.REASON_CODE.of(reasonCode), CxAvps.REASON_INFO.of(reasonInfo));
            b.add(reason, BaseAvps.USER_NAME.of(impi));
            for (String impu : sa.subscription.impus()) b.add(CxAvps.PUBLIC_IDENTITY.of(impu));
            return node.send(b.build()).thenApplyAsync(rta -> {
                if (rta.resultCode().orElse(0L) == ResultCodes.DIAMETER_SUCCESS) {
                    db.assign(sa.subscription.defaultImpu(), RegistrationState.NOT_REGISTERED, null, null);
                    sh.onRegistrationChange(sa.subscription);
                }
                return rta;
            }, dbExecutor);
        });
    }

    /** Push-Profile (TS 29.228 §6.5.2): the current User-Data of {@code impi} to its S-CSCF. Completes with the PPA. */
    public CompletableFuture<DiameterMessage> pushProfile(String impi) {
        return onDb(() -> assigned(impi)).thenCompose(sa -> node.send(Messages.request(Commands.PUSH_PROFILE.code(), Applications.CX,
                node.newSessionId(), config, sa.assignment.scscfHost(), config.realm())
                .add(BaseAvps.USER_NAME.of(impi), CxAvps.USER_DATA.of(UserDataXml.imsSubscription(sa.subscription).getBytes(StandardCharsets.UTF_8)))
                .build()));
    }

    private record Served(Subscription subscription, Assignment assignment) {
    }

    private Served assigned(String impi) {
        Subscription s = db.byImpi(impi).orElseThrow(() -> new IllegalArgumentException("unknown private identity " + impi));
        Assignment a = db.assignment(s.defaultImpu()).orElseThrow();
        if (a.scscf() == null || a.scscfHost() == null) {
            throw new IllegalStateException(impi + " has no S-CSCF assigned (state " + a.state() + ")");
        }
        return new Served(s, a);
    }

    // ---- Sh provisioning ----

    /**
     * Stores Sh repository data as an operator would (TS 29.328 §7.6), with the next sequence number,
     * and sends PNRs to the subscribed application servers; {@code serviceData} null deletes it.
     * Completes with what is stored (null after a deletion).
     */
    public CompletableFuture<RepositoryData> putRepositoryData(String impu, String serviceIndication, String serviceData) {
        return onDb(() -> sh.putRepositoryData(impu, serviceIndication, serviceData));
    }

    private void push(DiameterMessage pnr) {
        node.send(pnr).whenComplete((pna, e) -> {
            if (e != null) LOG.log(System.Logger.Level.WARNING, () -> "PNR not answered: " + e.getMessage());
            else if (pna.resultCode().orElse(0L) != ResultCodes.DIAMETER_SUCCESS) LOG.log(System.Logger.Level.WARNING, () -> "PNR refused: " + pna);
        });
    }

    /** Stops the Diameter node (DPR to the peers) and the database thread; the database is left open. */
    @Override
    public void close() {
        node.close();
        dbExecutor.shutdown();
        try {
            dbExecutor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Current registration of a public identity (for tools and tests). */
    public CompletionStage<Assignment> assignment(String impu) {
        return onDb(() -> db.assignment(impu).orElseThrow(() -> new IllegalArgumentException("unknown public identity " + impu)));
    }
}
