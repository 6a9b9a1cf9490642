package org.imsemu.sdp;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Strict RFC 4566 parser. It rejects rather than guesses (wrong line order, unknown type letters,
 * stray spaces), because an emulator must notice when the node under test sends bad SDP instead of
 * silently accepting it. Lines may end in CRLF or LF; the last line ending may be missing.
 */
public final class SdpParser {

    private static final String KNOWN_TYPES = "vosiuepcbtrzkam";
    private static final String MEDIA_TYPES = "micbka";
    private static final int T_RANK = 9;

    private SdpParser() {
    }

    public static SessionDescription parse(String sdp) throws SdpParseException {
        Objects.requireNonNull(sdp, "sdp");
        return new Run(sdp).parse();
    }

    /** Decodes strictly as UTF-8 (the RFC 4566 default charset) so bad bytes are reported, not replaced. */
    public static SessionDescription parse(byte[] sdp) throws SdpParseException {
        Objects.requireNonNull(sdp, "sdp");
        boolean ascii = true;
        for (byte b : sdp) {
            if (b < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return parse(new String(sdp, StandardCharsets.US_ASCII));
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(sdp);
        CharBuffer out = CharBuffer.allocate(sdp.length);
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (sdp[i] == '\n') {
                    line++;
                }
            }
            throw new SdpParseException(line, "invalid UTF-8 byte sequence");
        }
        out.flip();
        return parse(out.toString());
    }

    /** Position in the RFC 4566 section 5 session-level order; r= shares t='s rank. */
    private static int sessionRank(char type) {
        return "vosiuepcbtzka".indexOf(type == 'r' ? 't' : type);
    }

    private static boolean sessionRepeatable(char type) {
        return type == 'e' || type == 'p' || type == 'b' || type == 't' || type == 'r' || type == 'a';
    }

    private static boolean mediaRepeatable(char type) {
        return type == 'c' || type == 'b' || type == 'a';
    }

    /** Mutable state of one parse; kept out of the public class so SdpParser stays stateless. */
    private static final class Run {
        private final String s;
        private int pos;
        private int lineNo;

        private Origin origin;
        private String sessionName;
        private String information;
        private String uri;
        private final List<String> emails = new ArrayList<>(1);
        private final List<String> phones = new ArrayList<>(1);
        private Connection connection;
        private final List<Bandwidth> bandwidths = new ArrayList<>(1);
        private final List<Timing> timings = new ArrayList<>(1);
        private String timeZones;
        private String key;
        private final List<Attribute> attributes = new ArrayList<>(4);
        private final List<MediaDescription> media = new ArrayList<>(2);

        private MediaDescription header;
        private int headerLine;
        private String mInformation;
        private final List<Connection> mConnections = new ArrayList<>(1);
        private final List<Bandwidth> mBandwidths = new ArrayList<>(1);
        private String mKey;
        private final List<Attribute> mAttributes = new ArrayList<>(8);

        Run(String s) {
            this.s = s;
        }

        private SdpParseException err(String reason) {
            return new SdpParseException(lineNo, reason);
        }

        private String nextLine() throws SdpParseException {
            int nl = s.indexOf('\n', pos);
            int end = nl < 0 ? s.length() : nl;
            int next = nl < 0 ? s.length() : nl + 1;
            if (end > pos && s.charAt(end - 1) == '\r') {
                end--;
            }
            lineNo++;
            String line = s.substring(pos, end);
            pos = next;
            if (line.indexOf('\r') >= 0) {
                throw err("stray CR inside line");
            }
            return line;
        }

        SessionDescription parse() throws SdpParseException {
            if (s.isEmpty()) {
                lineNo = 1;
                throw err("empty SDP, expected v= line");
            }
            int lastRank = -1;
            char lastType = 0;
            boolean inMedia = false;
            while (pos < s.length()) {
                String line = nextLine();
                if (line.isEmpty()) {
                    throw err("empty line");
                }
                if (line.length() < 2 || line.charAt(1) != '=') {
                    throw err("expected '<type>=<value>' but found '" + Syntax.abbreviate(line) + "'");
                }
                char type = line.charAt(0);
                if (KNOWN_TYPES.indexOf(type) < 0) {
                    throw err("unknown type letter " + Syntax.describe(type));
                }
                if (lineNo <= 3) {
                    char expected = "vos".charAt(lineNo - 1);
                    if (type != expected) {
                        throw err("expected " + expected + "= line " + (lineNo == 1 ? "first"
                                : "after " + "vo".charAt(lineNo - 2) + "=") + " but found " + type + "=");
                    }
                }
                String value = line.substring(2);
                try {
                    if (!inMedia && type != 'm') {
                        int rank = sessionRank(type);
                        if (rank <= 2 && lineNo > 3) {
                            throw err("duplicate " + type + "= line");
                        } else if (type == 'r') {
                            if (lastType != 't' && lastType != 'r') {
                                throw err("r= line must directly follow a t= or r= line");
                            }
                        } else if (rank < lastRank) {
                            throw err(type + "= line out of order: it must come before " + lastType + "=");
                        } else if (rank == lastRank && !sessionRepeatable(type)) {
                            throw err("duplicate " + type + "= line");
                        }
                        if (rank > T_RANK && timings.isEmpty()) {
                            throw err("missing t= line before " + type + "= line");
                        }
                        sessionLine(type, value);
                        lastRank = rank;
                        lastType = type;
                        continue;
                    }
                    if (type == 'm') {
                        if (timings.isEmpty()) {
                            throw err("missing t= line before first m= line");
                        }
                        finishMedia();
                        inMedia = true;
                        header = MediaDescription.parseHeader(value);
                        headerLine = lineNo;
                        lastRank = 0;
                        lastType = 'm';
                        continue;
                    }
                    int rank = MEDIA_TYPES.indexOf(type);
                    if (rank < 0) {
                        throw err(type + "= line not allowed in a media description "
                                + "(session-level lines must precede the first m= line)");
                    } else if (rank < lastRank) {
                        throw err(type + "= line out of order: it must come before " + lastType + "=");
                    } else if (rank == lastRank && !mediaRepeatable(type)) {
                        throw err("duplicate " + type + "= line in media description");
                    }
                    mediaLine(type, value);
                    lastRank = rank;
                    lastType = type;
                } catch (IllegalArgumentException e) {
                    throw err(e.getMessage());
                }
            }
            lineNo++;
            if (sessionName == null) {
                throw err("unexpected end of SDP: missing " + (origin == null ? "o=" : "s=") + " line");
            }
            if (timings.isEmpty()) {
                throw err("unexpected end of SDP: missing t= line");
            }
            lineNo--;
            finishMedia();
            try {
                return new SessionDescription(0, origin, sessionName, information, uri, emails, phones, connection,
                        bandwidths, timings, timeZones, key, attributes, media);
            } catch (IllegalArgumentException e) {
                throw err(e.getMessage());
            }
        }

        private void sessionLine(char type, String value) throws SdpParseException {
            switch (type) {
                case 'v':
                    if (!value.equals("0")) {
                        throw err("unsupported SDP version '" + value + "' (expected v=0)");
                    }
                    break;
                case 'o':
                    origin = Origin.parse(value);
                    break;
                case 's':
                    sessionName = Syntax.text(value, "session name (use 's= ' or 's=-' for none)");
                    break;
                case 'i':
                    information = Syntax.text(value, "i= line");
                    break;
                case 'u':
                    uri = Syntax.text(value, "u= line");
                    break;
                case 'e':
                    emails.add(Syntax.text(value, "e= line"));
                    break;
                case 'p':
                    phones.add(Syntax.text(value, "p= line"));
                    break;
                case 'c':
                    connection = Connection.parse(value);
                    break;
                case 'b':
                    bandwidths.add(Bandwidth.parse(value));
                    break;
                case 't':
                    timings.add(Timing.parse(value));
                    break;
                case 'r': {
                    int last = timings.size() - 1;
                    timings.set(last, timings.get(last).withRepeat(Syntax.text(value, "r= line")));
                    break;
                }
                case 'z':
                    timeZones = Syntax.text(value, "z= line");
                    break;
                case 'k':
                    key = Syntax.text(value, "k= line");
                    break;
                case 'a':
                    attributes.add(Attribute.parse(value));
                    break;
                default:
                    throw new AssertionError(type);
            }
        }

        private void mediaLine(char type, String value) {
            switch (type) {
                case 'i':
                    mInformation = Syntax.text(value, "i= line");
                    break;
                case 'c':
                    mConnections.add(Connection.parse(value));
                    break;
                case 'b':
                    mBandwidths.add(Bandwidth.parse(value));
                    break;
                case 'k':
                    mKey = Syntax.text(value, "k= line");
                    break;
                case 'a':
                    mAttributes.add(Attribute.parse(value));
                    break;
                default:
                    throw new AssertionError(type);
            }
        }

        private void finishMedia() throws SdpParseException {
            if (header == null) {
                return;
            }
            if (connection == null && mConnections.isEmpty()) {
                throw new SdpParseException(headerLine,
                        "media description has no c= line and there is no session-level c= line");
            }
            MediaDescription h = header;
            media.add(new MediaDescription(h.media(), h.port(), h.numberOfPorts(), h.proto(), h.formats(),
                    mInformation, mConnections, mBandwidths, mKey, mAttributes));
            header = null;
            mInformation = null;
            mConnections.clear();
            mBandwidths.clear();
            mKey = null;
            mAttributes.clear();
        }
    }
}
