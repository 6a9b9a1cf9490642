package org.imsemu.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One m= section. Nullable components ({@code numberOfPorts}, {@code information}, {@code key}) are
 * null when the line is absent. Media-level c= is a list because RFC 4566 allows several for layered
 * multicast; {@link #connection()} covers the usual single one.
 *
 * <p>For RTP profiles the formats must be payload type numbers, so that offer/answer code can rely on
 * {@link Integer#parseInt} working on them.
 */
public record MediaDescription(String media, int port, Integer numberOfPorts, String proto, List<String> formats,
                               String information, List<Connection> connections, List<Bandwidth> bandwidths,
                               String key, List<Attribute> attributes) {

    public MediaDescription {
        Syntax.token(media, "media type");
        Syntax.checkRange(port, "port", 0, 65535);
        if (numberOfPorts != null) {
            Syntax.checkRange(numberOfPorts, "number of ports", 1, 65535);
        }
        Objects.requireNonNull(proto, "proto");
        boolean rtp = checkProto(proto);
        formats = List.copyOf(formats);
        if (formats.isEmpty()) {
            throw new IllegalArgumentException("m= line needs at least one format");
        }
        for (String f : formats) {
            Syntax.token(f, "media format");
            if (rtp) {
                Syntax.parseInt(f, "RTP payload type", 0, 127);
            }
        }
        Syntax.textOrNull(information, "i= line");
        connections = List.copyOf(connections);
        bandwidths = List.copyOf(bandwidths);
        Syntax.textOrNull(key, "k= line");
        attributes = List.copyOf(attributes);
    }

    /** A section with just the m= line and the given attributes. */
    public static MediaDescription of(String media, int port, String proto, List<String> formats,
                                      List<Attribute> attributes) {
        return new MediaDescription(media, port, null, proto, formats, null, List.of(), List.of(), null, attributes);
    }

    /** Returns whether the proto is an RTP profile (a "RTP" component, e.g. RTP/AVP or UDP/TLS/RTP/SAVPF). */
    private static boolean checkProto(String proto) {
        boolean rtp = false;
        int start = 0;
        for (int i = 0; i <= proto.length(); i++) {
            if (i == proto.length() || proto.charAt(i) == '/') {
                String part = proto.substring(start, i);
                Syntax.token(part, "transport protocol component of '" + proto + "'");
                rtp |= part.equals("RTP");
                start = i + 1;
            }
        }
        return rtp;
    }

    /** Parses the m= line value into a section without further lines. */
    static MediaDescription parseHeader(String value) {
        List<String> f = Syntax.fields(value, "m= line");
        if (f.size() < 4) {
            throw new IllegalArgumentException(
                    "m= line needs '<media> <port> <proto> <fmt> ...' but has only " + f.size() + " fields");
        }
        String p = f.get(1);
        int slash = p.indexOf('/');
        int port = Syntax.parseInt(slash < 0 ? p : p.substring(0, slash), "port in m= line", 0, 65535);
        Integer n = slash < 0 ? null
                : Syntax.parseInt(p.substring(slash + 1), "number of ports in m= line", 1, 65535);
        return new MediaDescription(f.get(0), port, n, f.get(2), f.subList(3, f.size()), null, List.of(),
                List.of(), null, List.of());
    }

    /** The first media-level c= line, if any; see {@link SessionDescription#effectiveConnection}. */
    public Optional<Connection> connection() {
        return connections.isEmpty() ? Optional.empty() : Optional.of(connections.get(0));
    }

    /** RFC 3264: a zero port rejects or disables the stream. */
    public boolean isRejected() {
        return port == 0;
    }

    public Optional<Attribute> attribute(String name) {
        return Attrs.first(attributes, name);
    }

    public List<Attribute> attributes(String name) {
        return Attrs.all(attributes, name);
    }

    public Optional<String> attributeValue(String name) {
        return attribute(name).map(Attribute::value);
    }

    public boolean hasAttribute(String name) {
        return attribute(name).isPresent();
    }

    /** The direction written in this section; use {@link SessionDescription#effectiveDirection} for the one in force. */
    public Optional<Direction> declaredDirection() {
        return Direction.find(attributes);
    }

    public List<RtpMap> rtpMaps() {
        List<RtpMap> out = new ArrayList<>();
        for (Attribute a : attributes) {
            if (a.name().equals("rtpmap")) {
                out.add(RtpMap.parse(a.value()));
            }
        }
        return List.copyOf(out);
    }

    public Optional<RtpMap> rtpMap(int payloadType) {
        for (RtpMap m : rtpMaps()) {
            if (m.payloadType() == payloadType) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** The format-specific parameters of {@code a=fmtp:<format> <parameters>}. */
    public Optional<String> fmtp(String format) {
        for (Attribute a : attributes) {
            if (a.name().equals("fmtp")) {
                String v = a.value();
                int sp = v.indexOf(' ');
                if (v.substring(0, sp).equals(format)) {
                    return Optional.of(v.substring(sp + 1));
                }
            }
        }
        return Optional.empty();
    }

    public Optional<String> fmtp(int payloadType) {
        return fmtp(Integer.toString(payloadType));
    }

    /** All curr/des/conf attributes of this section, in order. */
    public List<PreconditionAttribute> preconditions() {
        List<PreconditionAttribute> out = new ArrayList<>();
        for (Attribute a : attributes) {
            if (PreconditionAttribute.isPreconditionAttribute(a.name())) {
                out.add(PreconditionAttribute.parse(a));
            }
        }
        return List.copyOf(out);
    }

    public MediaDescription withPort(int newPort) {
        return new MediaDescription(media, newPort, numberOfPorts, proto, formats, information, connections,
                bandwidths, key, attributes);
    }

    public MediaDescription withFormats(List<String> newFormats) {
        return new MediaDescription(media, port, numberOfPorts, proto, newFormats, information, connections,
                bandwidths, key, attributes);
    }

    /** Replaces all media-level c= lines; null removes them so the session-level one applies. */
    public MediaDescription withConnection(Connection connection) {
        return new MediaDescription(media, port, numberOfPorts, proto, formats, information,
                connection == null ? List.of() : List.of(connection), bandwidths, key, attributes);
    }

    public MediaDescription withBandwidths(List<Bandwidth> newBandwidths) {
        return new MediaDescription(media, port, numberOfPorts, proto, formats, information, connections,
                newBandwidths, key, attributes);
    }

    public MediaDescription withAttributes(List<Attribute> newAttributes) {
        return new MediaDescription(media, port, numberOfPorts, proto, formats, information, connections,
                bandwidths, key, newAttributes);
    }

    /** Appends, since many attributes (rtpmap, curr, ...) legitimately repeat. */
    public MediaDescription withAttribute(Attribute attribute) {
        return withAttributes(Attrs.with(attributes, attribute));
    }

    /** Removes every attribute with this name. */
    public MediaDescription withoutAttribute(String name) {
        return withAttributes(Attrs.without(attributes, name));
    }

    public MediaDescription withDirection(Direction direction) {
        return withAttributes(Attrs.withDirection(attributes, direction));
    }

    void appendTo(StringBuilder sb) {
        sb.append("m=").append(media).append(' ').append(port);
        if (numberOfPorts != null) {
            sb.append('/').append(numberOfPorts.intValue());
        }
        sb.append(' ').append(proto);
        for (String f : formats) {
            sb.append(' ').append(f);
        }
        sb.append("\r\n");
        if (information != null) {
            sb.append("i=").append(information).append("\r\n");
        }
        for (Connection c : connections) {
            c.appendTo(sb);
            sb.append("\r\n");
        }
        for (Bandwidth b : bandwidths) {
            b.appendTo(sb);
            sb.append("\r\n");
        }
        if (key != null) {
            sb.append("k=").append(key).append("\r\n");
        }
        for (Attribute a : attributes) {
            a.appendTo(sb);
            sb.append("\r\n");
        }
    }

    /** The m= section as SDP text, CRLF terminated. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(128);
        appendTo(sb);
        return sb.toString();
    }
}
