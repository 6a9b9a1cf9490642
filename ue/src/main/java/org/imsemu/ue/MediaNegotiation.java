package org.imsemu.ue;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.imsemu.rtp.MediaDirection;
import org.imsemu.sdp.Attribute;
import org.imsemu.sdp.Direction;
import org.imsemu.sdp.MediaDescription;
import org.imsemu.sdp.Origin;
import org.imsemu.sdp.RtpMap;
import org.imsemu.sdp.SessionDescription;

/**
 * The UE's side of the SDP offer/answer model (RFC 3264): one audio stream, PCMU (or PCMA) plus
 * telephone-event, 20 ms packets, and optionally a second m-line for video (a dummy H264 stream, see
 * {@link VideoStream}). Directions follow 6.1 and 8.4 (hold): an answer's direction is the reverse of the
 * offered one, narrowed by what the answerer itself wants (sendonly while it holds). Stateless helpers;
 * {@link Call} keeps the session versions and what it wants.
 */
final class MediaNegotiation {
    static final String CONTENT_TYPE = "application/sdp";

    /** What a remote description asks of our RTP session. */
    record Media(InetSocketAddress remote, int payloadType, MediaDirection direction) {
    }

    /** The video m-line of an offer: absent (-1), present but disabled (port 0), or on this port. */
    static final int NO_VIDEO_LINE = -1;

    /** The remote offer cannot be accepted (488 Not Acceptable Here). */
    static final class NotAcceptable extends Exception {
        NotAcceptable(String why) {
            super(why);
        }
    }

    private MediaNegotiation() {
    }

    /** Our offer: one audio m-line, PCMU 0 and telephone-event 101, the given direction. */
    static SessionDescription offer(String user, long sessionId, long version, String address, int port, Direction direction) {
        SessionDescription sdp = SessionDescription.audioOffer(user, sessionId, address, port, List.of(RtpMap.PCMU, RtpMap.TELEPHONE_EVENT));
        MediaDescription audio = sdp.media().get(0).withoutAttribute("sendrecv")
                .withAttribute(Attribute.of("fmtp", RtpMap.TELEPHONE_EVENT.payloadType() + " 0-15"))
                .withAttribute(Attribute.of("ptime", "20"))
                .withAttribute(direction.toAttribute());
        return sdp.withMedia(0, audio).withOrigin(Origin.of(user, sessionId, version, address));
    }

    /**
     * An offer for a session being re-negotiated: audio with {@code audioCodec} (0 PCMU or 8 PCMA) and
     * telephone-event in {@code direction}; then, when {@code videoPort} is not {@link #NO_VIDEO_LINE}, a
     * video m-line (port 0: disabled, RFC 3264 8.2) in the same direction.
     */
    static SessionDescription offer(String user, long sessionId, long version, String address, int audioPort, int audioCodec,
                                    Direction direction, int videoPort) {
        SessionDescription sdp = offer(user, sessionId, version, address, audioPort, direction);
        if (audioCodec == 8) {
            MediaDescription a = sdp.media().get(0);
            List<Attribute> attrs = new ArrayList<>();
            for (Attribute at : a.attributes()) {
                attrs.add(at.name().equals("rtpmap") && at.value().startsWith("0 ") ? RtpMap.PCMA.toAttribute() : at);
            }
            List<String> formats = new ArrayList<>(a.formats());
            formats.set(formats.indexOf("0"), "8");
            sdp = sdp.withMedia(0, a.withFormats(formats).withAttributes(attrs));
        }
        if (videoPort == NO_VIDEO_LINE) return sdp;
        List<MediaDescription> media = new ArrayList<>(sdp.media());
        media.add(videoPort == 0
                ? MediaDescription.of("video", 0, "RTP/AVP", List.of(Integer.toString(VideoStream.PAYLOAD_TYPE)), List.of())
                : MediaDescription.of("video", videoPort, "RTP/AVP", List.of(Integer.toString(VideoStream.PAYLOAD_TYPE)),
                        List.of(Attribute.of("rtpmap", VideoStream.PAYLOAD_TYPE + " " + VideoStream.ENCODING), direction.toAttribute())));
        return sdp.withMedia(media);
    }

    /** Our answer wanting both directions and no video: see the full form. */
    static SessionDescription answer(SessionDescription offer, String user, long sessionId, long version, String address, int port)
            throws NotAcceptable {
        return answer(offer, user, sessionId, version, address, port, Direction.SENDRECV, 0);
    }

    /**
     * Our answer to {@code offer}: the first offered G.711 codec, telephone-event when offered, the
     * reverse of the offered direction (6.1) narrowed by {@code wanted} (8.4: sendonly while we hold, so
     * a hold offer answered while holding gives inactive); an offered video stream accepted on
     * {@code videoPort} (rejected with port 0 when that is 0); every other m-line rejected with port 0 (6).
     */
    static SessionDescription answer(SessionDescription offer, String user, long sessionId, long version, String address, int port,
                                     Direction wanted, int videoPort) throws NotAcceptable {
        MediaDescription chosen = audio(offer).orElseThrow(() -> new NotAcceptable("no RTP/AVP audio stream offered"));
        int codec = g711Of(chosen).orElseThrow(() -> new NotAcceptable("no PCMU or PCMA offered in " + chosen.formats()));
        List<MediaDescription> media = new ArrayList<>();
        MediaDescription offeredVideo = video(offer).orElse(null);
        for (MediaDescription m : offer.media()) {
            if (m == offeredVideo && m.port() > 0 && videoPort > 0 && !m.formats().isEmpty()) {
                String pt = m.formats().get(0);
                List<Attribute> attrs = new ArrayList<>();
                m.rtpMaps().stream().filter(r -> Integer.toString(r.payloadType()).equals(pt)).findFirst()
                        .ifPresent(r -> attrs.add(r.toAttribute()));
                attrs.add(intersect(offer.effectiveDirection(m).reverse(), wanted).toAttribute());
                media.add(MediaDescription.of("video", videoPort, m.proto(), List.of(pt), attrs));
                continue;
            }
            if (m != chosen) {
                media.add(MediaDescription.of(m.media(), 0, m.proto(), List.of(m.formats().get(0)), List.of()));
                continue;
            }
            List<String> formats = new ArrayList<>();
            List<Attribute> attrs = new ArrayList<>();
            formats.add(Integer.toString(codec));
            attrs.add((codec == 0 ? RtpMap.PCMU : RtpMap.PCMA).toAttribute());
            Optional<RtpMap> te = m.rtpMaps().stream().filter(r -> r.encoding().equalsIgnoreCase("telephone-event")).findFirst();
            if (te.isPresent()) {
                formats.add(Integer.toString(te.get().payloadType()));
                attrs.add(te.get().toAttribute());
                m.fmtp(te.get().payloadType()).ifPresent(f -> attrs.add(Attribute.of("fmtp", te.get().payloadType() + " " + f)));
            }
            attrs.add(Attribute.of("ptime", "20"));
            attrs.add(intersect(offer.effectiveDirection(m).reverse(), wanted).toAttribute());
            media.add(MediaDescription.of("audio", port, m.proto(), formats, attrs));
        }
        return SessionDescription.of(Origin.of(user, sessionId, version, address), "-",
                org.imsemu.sdp.Connection.of(address), media);
    }

    /** What the remote description (offer or answer) asks of our RTP session. */
    static Media media(SessionDescription remote) throws NotAcceptable {
        MediaDescription m = audio(remote).orElseThrow(() -> new NotAcceptable("no RTP/AVP audio stream"));
        int pt = g711Of(m).orElseThrow(() -> new NotAcceptable("no PCMU or PCMA in " + m.formats()));
        String address = remote.effectiveConnection(m).address();
        Direction theirs = remote.effectiveDirection(m);
        MediaDirection ours = toRtp(theirs.reverse());
        if (m.port() == 0) ours = MediaDirection.INACTIVE; // stream rejected or disabled
        if (address.equals("0.0.0.0") || address.equals("::")) { // RFC 2543 hold: do not send there
            ours = ours.receives() ? MediaDirection.RECV_ONLY : MediaDirection.INACTIVE;
        }
        return new Media(new InetSocketAddress(address, m.port()), pt, ours);
    }

    /** What the remote description asks of our video stream, when it has a video m-line. */
    static Optional<Media> videoMedia(SessionDescription remote) {
        MediaDescription m = video(remote).orElse(null);
        if (m == null) return Optional.empty();
        int pt = m.formats().isEmpty() ? VideoStream.PAYLOAD_TYPE : parsePt(m.formats().get(0));
        String address = remote.effectiveConnection(m).address();
        MediaDirection ours = m.port() == 0 ? MediaDirection.INACTIVE : toRtp(remote.effectiveDirection(m).reverse());
        return Optional.of(new Media(new InetSocketAddress(address, m.port()), pt, ours));
    }

    /** The first video m-line (RTP/AVP), enabled or not. */
    static Optional<MediaDescription> video(SessionDescription sdp) {
        return sdp.media().stream().filter(m -> m.media().equals("video") && m.proto().equals("RTP/AVP")).findFirst();
    }

    /** The direction of the first audio m-line of a description we made. */
    static Direction audioDirection(SessionDescription sdp) {
        return audio(sdp).map(sdp::effectiveDirection).orElse(Direction.SENDRECV);
    }

    /** Both sides' wishes together: a direction flows only when both allow it. */
    static Direction intersect(Direction a, Direction b) {
        boolean send = a == Direction.SENDRECV || a == Direction.SENDONLY;
        send &= b == Direction.SENDRECV || b == Direction.SENDONLY;
        boolean recv = a == Direction.SENDRECV || a == Direction.RECVONLY;
        recv &= b == Direction.SENDRECV || b == Direction.RECVONLY;
        return send ? (recv ? Direction.SENDRECV : Direction.SENDONLY) : (recv ? Direction.RECVONLY : Direction.INACTIVE);
    }

    private static int parsePt(String f) {
        try {
            return Integer.parseInt(f);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static Optional<MediaDescription> audio(SessionDescription sdp) {
        return sdp.media().stream().filter(m -> m.media().equals("audio") && m.proto().equals("RTP/AVP") && m.port() > 0).findFirst()
                .or(() -> sdp.media().stream().filter(m -> m.media().equals("audio") && m.proto().equals("RTP/AVP")).findFirst());
    }

    private static Optional<Integer> g711Of(MediaDescription m) {
        for (String f : m.formats()) {
            int pt = Integer.parseInt(f);
            // static payload types 0 and 8, or a dynamic one mapped to PCMU/PCMA at 8 kHz
            Optional<RtpMap> map = m.rtpMap(pt);
            String enc = map.map(RtpMap::encoding).orElse(pt == 0 ? "PCMU" : pt == 8 ? "PCMA" : "");
            if ((pt == 0 && enc.equalsIgnoreCase("PCMU")) || (pt == 8 && enc.equalsIgnoreCase("PCMA"))) return Optional.of(pt);
        }
        return Optional.empty();
    }

    static MediaDirection toRtp(Direction d) {
        return switch (d) {
            case SENDRECV -> MediaDirection.SEND_RECV;
            case SENDONLY -> MediaDirection.SEND_ONLY;
            case RECVONLY -> MediaDirection.RECV_ONLY;
            case INACTIVE -> MediaDirection.INACTIVE;
        };
    }
}
