package org.imsemu.diameter.node;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.imsemu.diameter.ApplicationId;
import org.imsemu.diameter.DiameterCodec;
import org.imsemu.diameter.DiameterException;
import org.imsemu.diameter.DiameterHeader;
import org.imsemu.diameter.DiameterMessage;
import org.imsemu.diameter.ResultCodes;
import org.imsemu.diameter.dictionary.BaseAvps;
import org.imsemu.diameter.dictionary.Commands;

/**
 * One transport connection to a peer and its state machine (RFC 6733 §5.6, TCP only): the capabilities
 * exchange, the watchdog (RFC 3539: DWR after Tw of silence, SUSPECT and failover after a missed DWA,
 * DOWN after another Tw) and DPR/DPA. Everything runs on the node's event loop.
 */
final class PeerConnection extends ChannelInboundHandlerAdapter {
    private static final System.Logger LOG = System.getLogger(PeerConnection.class.getName());

    private final DiameterNode node;
    private final DiameterNodeConfig config;
    private final PeerConfig configured; // null for an accepted connection
    private Channel channel;
    private PeerState state;
    private PeerInfo info;
    private boolean dwrOutstanding;
    private boolean suspect;
    private boolean receivedSinceTick;
    private boolean dprSent;
    private ScheduledFuture<?> watchdog;
    private ScheduledFuture<?> guard;
    private String closeReason = "connection closed by peer";

    PeerConnection(DiameterNode node, PeerConfig configured) {
        this.node = node;
        this.config = node.config();
        this.configured = configured;
        this.state = configured != null ? PeerState.WAIT_CONN_ACK : PeerState.CLOSED;
    }

    PeerState state() {
        return state;
    }

    PeerInfo info() {
        return info;
    }

    PeerConfig configured() {
        return configured;
    }

    /** Open, and not suspected by the watchdog: requests may be routed here. */
    boolean usable() {
        return state.isOpen() && !suspect && channel != null && channel.isActive();
    }

    InetSocketAddress remote() {
        return channel == null ? (configured != null ? configured.address() : null) : (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        if (configured != null) {
            state = PeerState.WAIT_I_CEA;
            DiameterMessage.Builder cer = Commands.CAPABILITIES_EXCHANGE.request()
                    .add(BaseAvps.ORIGIN_HOST.of(config.originHost()), BaseAvps.ORIGIN_REALM.of(config.originRealm()));
            Capabilities.addLocal(cer, config, hostAddresses(), node.originStateId());
            send(node.stamp(cer.build()));
            guard = channel.eventLoop().schedule(() -> close("no CEA within Tw"), twMillis(), TimeUnit.MILLISECONDS);
        } else {
            guard = channel.eventLoop().schedule(() -> close("no CER within Tw"), twMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private List<InetAddress> hostAddresses() {
        if (!config.hostIpAddresses().isEmpty()) return config.hostIpAddresses();
        return List.of(((InetSocketAddress) channel.localAddress()).getAddress());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof FrameDecoder.FramingError fe) {
            onFramingError(fe);
            return;
        }
        byte[] frame = (byte[]) msg;
        node.observe(DiameterObserver.Direction.RECEIVED, channel, frame);
        DiameterMessage m;
        try {
            m = DiameterCodec.decode(frame, config.dictionary());
        } catch (DiameterException e) {
            onBadMessage(frame, e);
            return;
        }
        receivedSinceTick = true;
        suspect = false; // RFC 3539: any message in SUSPECT brings the peer back to OKAY
        try {
            handle(m);
        } catch (DiameterException e) {
            // a CER/CEA/DPR whose AVPs do not have their types
            onBadMessage(frame, e);
        }
    }

    private void onFramingError(FrameDecoder.FramingError fe) {
        node.observe(DiameterObserver.Direction.RECEIVED, channel, fe.bytes());
        LOG.log(System.Logger.Level.INFO, () -> "Unframeable data from " + remote() + ": " + ResultCodes.name(fe.resultCode()));
        if (fe.bytes().length >= DiameterHeader.SIZE && DiameterHeader.read(fe.bytes()).isRequest()) {
            DiameterHeader h = DiameterHeader.read(fe.bytes());
            sendThenClose(node.errorAnswer(h, null, new DiameterException(fe.resultCode(), "cannot frame message")), "framing lost");
        } else {
            close("framing lost");
        }
    }

    private void onBadMessage(byte[] frame, DiameterException e) {
        DiameterHeader h = DiameterHeader.read(frame);
        LOG.log(System.Logger.Level.INFO, () -> "Bad message from " + remote() + ": " + e.getMessage());
        if (!h.isRequest()) return; // a bad answer is dropped; its request will time out
        DiameterMessage answer = node.errorAnswer(h, DiameterNode.scanSessionId(frame), e);
        if (state.isOpen()) send(answer);
        else sendThenClose(answer, "bad message before capabilities exchange");
    }

    private void handle(DiameterMessage m) {
        int cmd = m.commandCode();
        switch (state) {
            case CLOSED -> {
                if (m.isRequest() && cmd == Commands.CAPABILITIES_EXCHANGE.code()) onCer(m);
                else if (m.isRequest()) sendThenClose(node.errorAnswer(m, ResultCodes.DIAMETER_UNKNOWN_PEER, "no CER yet", null), "request before CER");
                else close("answer before CER");
            }
            case WAIT_I_CEA -> {
                if (!m.isRequest() && cmd == Commands.CAPABILITIES_EXCHANGE.code()) onCea(m);
                else close("unexpected message while waiting for CEA");
            }
            case R_OPEN, I_OPEN, CLOSING -> {
                if (cmd == Commands.DEVICE_WATCHDOG.code()) {
                    if (m.isRequest()) send(baseAnswer(m, ResultCodes.DIAMETER_SUCCESS).build());
                    else dwrOutstanding = false;
                } else if (cmd == Commands.DISCONNECT_PEER.code()) {
                    if (m.isRequest()) onDpr(m);
                    else if (dprSent) close("DPA received");
                } else if (cmd == Commands.CAPABILITIES_EXCHANGE.code()) {
                    if (m.isRequest()) send(node.errorAnswer(m, ResultCodes.DIAMETER_UNABLE_TO_COMPLY, "capabilities already exchanged", null));
                } else if (m.isRequest()) {
                    node.onRequest(this, m);
                } else {
                    node.onAnswer(this, m);
                }
            }
            default -> close("message in state " + state);
        }
    }

    private DiameterMessage.Builder baseAnswer(DiameterMessage request, long resultCode) {
        return DiameterMessage.answer(request).resultCode(resultCode)
                .add(BaseAvps.ORIGIN_HOST.of(config.originHost()), BaseAvps.ORIGIN_REALM.of(config.originRealm()));
    }

    private void onCer(DiameterMessage cer) {
        String host = cer.required(BaseAvps.ORIGIN_HOST).asDiameterIdentity();
        String realm = cer.required(BaseAvps.ORIGIN_REALM).asDiameterIdentity();
        // Host-IP-Address is required by RFC 6733 but Kamailio's cdp may leave it out: the socket says where the peer is
        InetSocketAddress remote = remote();
        if (!node.acceptsPeer(host, realm, remote)) {
            sendThenClose(cea(cer, ResultCodes.DIAMETER_UNKNOWN_PEER), "unknown peer " + host);
            return;
        }
        if (node.isOpen(host)) {
            sendThenClose(cea(cer, ResultCodes.ELECTION_LOST), "already connected to " + host);
            return;
        }
        List<ApplicationId> theirs = Capabilities.advertised(cer);
        List<ApplicationId> common = Capabilities.common(config.applications(), theirs);
        if (common.isEmpty() && !config.applications().isEmpty()) {
            sendThenClose(cea(cer, ResultCodes.DIAMETER_NO_COMMON_APPLICATION), "no common application with " + host);
            return;
        }
        info = new PeerInfo(host, realm, remote, cer.text(BaseAvps.PRODUCT_NAME).orElse(""), theirs, common);
        send(cea(cer, ResultCodes.DIAMETER_SUCCESS));
        opened(PeerState.R_OPEN);
    }

    private DiameterMessage cea(DiameterMessage cer, long resultCode) {
        DiameterMessage.Builder b = baseAnswer(cer, resultCode).error(ResultCodes.isProtocolError(resultCode));
        Capabilities.addLocal(b, config, hostAddresses(), node.originStateId());
        return b.build();
    }

    private void onCea(DiameterMessage cea) {
        long rc = cea.resultCode().orElse(0L);
        if (rc != ResultCodes.DIAMETER_SUCCESS) {
            close("CEA with " + ResultCodes.name(rc));
            return;
        }
        String host = cea.required(BaseAvps.ORIGIN_HOST).asDiameterIdentity();
        String realm = cea.required(BaseAvps.ORIGIN_REALM).asDiameterIdentity();
        List<ApplicationId> theirs = Capabilities.advertised(cea);
        List<ApplicationId> common = Capabilities.common(config.applications(), theirs);
        if (common.isEmpty() && !config.applications().isEmpty()) {
            close("no common application with " + host);
            return;
        }
        if (node.isOpen(host)) {
            close("already connected to " + host);
            return;
        }
        info = new PeerInfo(host, realm, remote(), cea.text(BaseAvps.PRODUCT_NAME).orElse(""), theirs, common);
        opened(PeerState.I_OPEN);
    }

    private void opened(PeerState s) {
        state = s;
        cancel(guard);
        scheduleWatchdog();
        node.peerUp(this);
    }

    private void onDpr(DiameterMessage dpr) {
        send(baseAnswer(dpr, ResultCodes.DIAMETER_SUCCESS).build());
        long cause = dpr.number(BaseAvps.DISCONNECT_CAUSE).orElse((long) BaseAvps.DISCONNECT_REBOOTING);
        closeReason = "DPR received (Disconnect-Cause " + cause + ")";
        state = PeerState.CLOSING;
        node.peerClosing(this, cause);
        // the sender of the DPR closes the transport; close ourselves if it does not
        cancel(guard);
        guard = channel.eventLoop().schedule(() -> close("peer did not close after DPA"), twMillis(), TimeUnit.MILLISECONDS);
    }

    /** Sends DPR and closes on DPA (or after Tw); completes when the connection is closed. */
    CompletableFuture<Void> disconnect(int cause) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (channel == null) {
            done.complete(null);
            return done;
        }
        channel.closeFuture().addListener(f -> done.complete(null));
        if (state.isOpen()) {
            dprSent = true;
            state = PeerState.CLOSING;
            closeReason = "disconnected (DPR sent)";
            node.peerClosing(this, cause);
            send(node.stamp(Commands.DISCONNECT_PEER.request().add(BaseAvps.ORIGIN_HOST.of(config.originHost()),
                    BaseAvps.ORIGIN_REALM.of(config.originRealm()), BaseAvps.DISCONNECT_CAUSE.of(cause)).build()));
            cancel(guard);
            guard = channel.eventLoop().schedule(() -> close("no DPA within Tw"), twMillis(), TimeUnit.MILLISECONDS);
        } else {
            close("disconnected");
        }
        return done;
    }

    private void scheduleWatchdog() {
        long tw = twMillis();
        long jitter = Math.min(2000, tw / 10);
        long delay = tw + (jitter > 0 ? ThreadLocalRandom.current().nextLong(-jitter, jitter + 1) : 0);
        watchdog = channel.eventLoop().schedule(this::watchdogExpired, delay, TimeUnit.MILLISECONDS);
    }

    private void watchdogExpired() {
        if (!state.isOpen()) return;
        if (dwrOutstanding) {
            if (suspect) {
                close("watchdog: no DWA");
                return;
            }
            suspect = true;
            LOG.log(System.Logger.Level.INFO, () -> "Peer " + info.originHost() + " suspect: no DWA within Tw");
            node.failover(this);
        } else if (!receivedSinceTick) {
            send(node.stamp(Commands.DEVICE_WATCHDOG.request().add(BaseAvps.ORIGIN_HOST.of(config.originHost()),
                    BaseAvps.ORIGIN_REALM.of(config.originRealm()), BaseAvps.ORIGIN_STATE_ID.of(node.originStateId())).build()));
            dwrOutstanding = true;
        }
        receivedSinceTick = false;
        scheduleWatchdog();
    }

    void send(DiameterMessage m) {
        byte[] bytes = m.encode();
        node.observe(DiameterObserver.Direction.SENT, channel, bytes);
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
    }

    private void sendThenClose(DiameterMessage m, String reason) {
        closeReason = reason;
        byte[] bytes = m.encode();
        node.observe(DiameterObserver.Direction.SENT, channel, bytes);
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes)).addListener(ChannelFutureListener.CLOSE);
    }

    void close(String reason) {
        closeReason = reason;
        if (channel != null) channel.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel(watchdog);
        cancel(guard);
        boolean wasOpen = state.isOpen() || state == PeerState.CLOSING && info != null;
        state = PeerState.CLOSED;
        node.connectionClosed(this, wasOpen, closeReason);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, () -> "Connection " + ctx.channel() + " failed: " + cause);
        close(cause.toString());
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) f.cancel(false);
    }

    @Override
    public String toString() {
        return "Peer(" + (info != null ? info.originHost() : configured != null ? configured.host() : remote()) + " " + state + ")";
    }

    private long twMillis() {
        return Math.max(1, config.watchdogInterval().toMillis());
    }
}
