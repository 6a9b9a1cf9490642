package org.imsemu.sdp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A complete SDP session description. Nullable components ({@code information}, {@code uri},
 * {@code connection}, {@code timeZones}, {@code key}) are null when the line is absent; z= and k=
 * are kept verbatim.
 *
 * <p>The constructor enforces everything {@link SdpParser} enforces, so any instance formats to text
 * that parses back to an equal instance; code that builds answers can therefore never emit SDP the
 * peer would reject for syntax.
 */
public record SessionDescription(int version, Origin origin, String sessionName, String information, String uri,
                                 List<String> emails, List<String> phones, Connection connection,
                                 List<Bandwidth> bandwidths, List<Timing> timings, String timeZones, String key,
                                 List<Attribute> attributes, List<MediaDescription> media) {

    public SessionDescription {
        if (version != 0) {
            throw new IllegalArgumentException("unsupported SDP version " + version + " (only 0 exists)");
        }
        Objects.requireNonNull(origin, "origin");
        Syntax.text(sessionName, "s= line");
        Syntax.textOrNull(information, "i= line");
        Syntax.textOrNull(uri, "u= line");
        emails = Syntax.texts(emails, "e= line");
        phones = Syntax.texts(phones, "p= line");
        bandwidths = List.copyOf(bandwidths);
        timings = List.copyOf(timings);
        if (timings.isEmpty()) {
            throw new IllegalArgumentException("at least one t= line is required");
        }
        Syntax.textOrNull(timeZones, "z= line");
        Syntax.textOrNull(key, "k= line");
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
        if (connection == null) {
            for (int i = 0; i < media.size(); i++) {
                if (media.get(i).connections().isEmpty()) {
                    throw new IllegalArgumentException("media description " + (i + 1) + " ("
                            + media.get(i).media() + ") has no c= line and there is no session-level c= line");
                }
            }
        }
    }

    /** The minimum session: given o=, s= and c=, "t=0 0", no attributes. */
    public static SessionDescription of(Origin origin, String sessionName, Connection connection,
                                        List<MediaDescription> media) {
        return new SessionDescription(0, origin, sessionName, null, null, List.of(), List.of(), connection,
                List.of(), List.of(Timing.PERMANENT), null, null, List.of(), media);
    }

    /**
     * The initial offer a plain IMS/SIP phone sends: one sendrecv RTP/AVP audio stream with an rtpmap
     * line per codec, origin and connection on the same address, and session version equal to the id as
     * RFC 3264 suggests.
     *
     * @param address an IPv4 or IPv6 literal (or host name); the address type follows from it
     */
    public static SessionDescription audioOffer(String username, long sessionId, String address, int rtpPort,
                                                List<RtpMap> codecs) {
        if (codecs.isEmpty()) {
            throw new IllegalArgumentException("an audio offer needs at least one codec");
        }
        List<String> formats = new ArrayList<>(codecs.size());
        List<Attribute> attrs = new ArrayList<>(codecs.size() + 1);
        Set<Integer> seen = new HashSet<>();
        for (RtpMap codec : codecs) {
            if (!seen.add(codec.payloadType())) {
                throw new IllegalArgumentException("payload type " + codec.payloadType() + " used twice");
            }
            formats.add(Integer.toString(codec.payloadType()));
            attrs.add(codec.toAttribute());
        }
        attrs.add(Direction.SENDRECV.toAttribute());
        MediaDescription audio = MediaDescription.of("audio", rtpPort, "RTP/AVP", formats, attrs);
        return of(Origin.of(username, sessionId, sessionId, address), "-", Connection.of(address), List.of(audio));
    }

    public static SessionDescription parse(String sdp) throws SdpParseException {
        return SdpParser.parse(sdp);
    }

    public static SessionDescription parse(byte[] sdp) throws SdpParseException {
        return SdpParser.parse(sdp);
    }

    /** Canonical SDP text with CRLF line endings. */
    public String format() {
        StringBuilder sb = new StringBuilder(256 + 192 * media.size());
        sb.append("v=0\r\n");
        origin.appendTo(sb);
        sb.append("\r\ns=").append(sessionName).append("\r\n");
        if (information != null) {
            sb.append("i=").append(information).append("\r\n");
        }
        if (uri != null) {
            sb.append("u=").append(uri).append("\r\n");
        }
        for (String e : emails) {
            sb.append("e=").append(e).append("\r\n");
        }
        for (String p : phones) {
            sb.append("p=").append(p).append("\r\n");
        }
        if (connection != null) {
            connection.appendTo(sb);
            sb.append("\r\n");
        }
        for (Bandwidth b : bandwidths) {
            b.appendTo(sb);
            sb.append("\r\n");
        }
        for (Timing t : timings) {
            t.appendTo(sb);
        }
        if (timeZones != null) {
            sb.append("z=").append(timeZones).append("\r\n");
        }
        if (key != null) {
            sb.append("k=").append(key).append("\r\n");
        }
        for (Attribute a : attributes) {
            a.appendTo(sb);
            sb.append("\r\n");
        }
        for (MediaDescription m : media) {
            m.appendTo(sb);
        }
        return sb.toString();
    }

    /** UTF-8, the RFC 4566 default charset, ready to be a SIP body. */
    public byte[] toBytes() {
        return format().getBytes(StandardCharsets.UTF_8);
    }

    /** Same as {@link #format()}, so logs show real SDP. */
    @Override
    public String toString() {
        return format();
    }

    public Optional<Attribute> attribute(String name) {
        return Attrs.first(attributes, name);
    }

    public List<Attribute> attributes(String name) {
        return Attrs.all(attributes, name);
    }

    public boolean hasAttribute(String name) {
        return attribute(name).isPresent();
    }

    /** The direction written at session level, which applies to media that declare none. */
    public Optional<Direction> declaredDirection() {
        return Direction.find(attributes);
    }

    /** Media level overrides session level; with neither, RFC 3264 says sendrecv. */
    public Direction effectiveDirection(MediaDescription m) {
        return m.declaredDirection().or(this::declaredDirection).orElse(Direction.SENDRECV);
    }

    /**
     * Media-level c= overrides session-level c=. Never empty for media of this session, because the
     * constructor requires one of the two.
     */
    public Connection effectiveConnection(MediaDescription m) {
        Optional<Connection> c = m.connection();
        if (c.isPresent()) {
            return c.get();
        }
        if (connection == null) {
            throw new IllegalArgumentException("media has no c= line and there is no session-level c= line");
        }
        return connection;
    }

    public SessionDescription withOrigin(Origin newOrigin) {
        return new SessionDescription(version, newOrigin, sessionName, information, uri, emails, phones, connection,
                bandwidths, timings, timeZones, key, attributes, media);
    }

    /** Bumps the o= version, as RFC 3264 requires for every changed offer or answer. */
    public SessionDescription withNextVersion() {
        return withOrigin(origin.nextVersion());
    }

    public SessionDescription withSessionName(String newName) {
        return new SessionDescription(version, origin, newName, information, uri, emails, phones, connection,
                bandwidths, timings, timeZones, key, attributes, media);
    }

    /** null removes the session-level c=, which is only allowed if every media section has its own. */
    public SessionDescription withConnection(Connection newConnection) {
        return new SessionDescription(version, origin, sessionName, information, uri, emails, phones, newConnection,
                bandwidths, timings, timeZones, key, attributes, media);
    }

    public SessionDescription withBandwidths(List<Bandwidth> newBandwidths) {
        return new SessionDescription(version, origin, sessionName, information, uri, emails, phones, connection,
                newBandwidths, timings, timeZones, key, attributes, media);
    }

    public SessionDescription withTimings(List<Timing> newTimings) {
        return new SessionDescription(version, origin, sessionName, information, uri, emails, phones, connection,
                bandwidths, newTimings, timeZones, key, attributes, media);
    }

    public SessionDescription withAttributes(List<Attribute> newAttributes) {
        return new SessionDescription(version, origin, sessionName, information, uri, emails, phones, connection,
                bandwidths, timings, timeZones, key, newAttributes, media);
    }

    /** Appends a session-level attribute. */
    public SessionDescription withAttribute(Attribute attribute) {
        return withAttributes(Attrs.with(attributes, attribute));
    }

    /** Removes every session-level attribute with this name. */
    public SessionDescription withoutAttribute(String name) {
        return withAttributes(Attrs.without(attributes, name));
    }

    /** Sets the session-level direction; media-level direction attributes still override it. */
    public SessionDescription withDirection(Direction direction) {
        return withAttributes(Attrs.withDirection(attributes, direction));
    }

    public SessionDescription withMedia(List<MediaDescription> newMedia) {
        return new SessionDescription(version, origin, sessionName, information, uri, emails, phones, connection,
                bandwidths, timings, timeZones, key, attributes, newMedia);
    }

    /** Replaces one m= section; RFC 3264 forbids removing sections, so this is how streams change. */
    public SessionDescription withMedia(int index, MediaDescription replacement) {
        List<MediaDescription> list = new ArrayList<>(media);
        list.set(index, Objects.requireNonNull(replacement, "replacement"));
        return withMedia(list);
    }
}
