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
 * The UE's side of the SDP offer/answer model (RFC 3264) for one audio stream: PCMU (or PCMA) plus
 * telephone-event, 20 ms packets. Stateless helpers; {@link Call} keeps the session versions.
 */
final class MediaNegotiation {
    static final String CONTENT_TYPE = "application/sdp";

    /** What a remote description asks of our RTP session. */
    record Media(InetSocketAddress remote, int payloadType, MediaDirection direction) {
    }

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
     * Our answer to {@code offer}: the first offered G.711 codec, telephone-event when offered, the
     * reverse of the offered direction (6.1); every other m-line rejected with port 0 (6).
     */
    static SessionDescription answer(SessionDescription offer, String user, long sessionId, long version, String address, int port)
            throws NotAcceptable {
        MediaDescription chosen = audio(offer).orElseThrow(() -> new NotAcceptable("no RTP/AVP audio stream offered"));
        int codec = g711Of(chosen).orElseThrow(() -> new NotAcceptable("no PCMU or PCMA offered in " + chosen.formats()));
        List<MediaDescription> media = new ArrayList<>();
        for (MediaDescription m : offer.media()) {
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
            attrs.add(offer.effectiveDirection(m).reverse().toAttribute());
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
