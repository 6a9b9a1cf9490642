package org.imsemu.sdp;

/**
 * The value of an {@code a=rtpmap} attribute. {@code channels} is null when the encoding parameters
 * are omitted, so that "PCMU/8000" and "PCMU/8000/1" both survive a round trip unchanged.
 */
public record RtpMap(int payloadType, String encoding, int clockRate, Integer channels) {

    public static final RtpMap PCMU = new RtpMap(0, "PCMU", 8000, null);
    public static final RtpMap PCMA = new RtpMap(8, "PCMA", 8000, null);
    /** RFC 4733 DTMF events on the dynamic payload type most IMS clients pick. */
    public static final RtpMap TELEPHONE_EVENT = new RtpMap(101, "telephone-event", 8000, null);

    public RtpMap {
        Syntax.checkRange(payloadType, "RTP payload type", 0, 127);
        Syntax.token(encoding, "rtpmap encoding name");
        if (encoding.indexOf('/') >= 0) {
            throw new IllegalArgumentException("rtpmap encoding name '" + encoding + "' contains '/'");
        }
        Syntax.checkRange(clockRate, "rtpmap clock rate", 1, Integer.MAX_VALUE);
        if (channels != null) {
            Syntax.checkRange(channels, "rtpmap channels", 1, Integer.MAX_VALUE);
        }
    }

    public static RtpMap of(int payloadType, String encoding, int clockRate) {
        return new RtpMap(payloadType, encoding, clockRate, null);
    }

    /** Parses an attribute value such as {@code 97 opus/48000/2}. */
    public static RtpMap parse(String value) {
        int sp = value.indexOf(' ');
        if (sp < 0) {
            throw new IllegalArgumentException("a=rtpmap needs '<payload type> <encoding>/<clock rate>' but was '"
                    + value + "'");
        }
        int pt = Syntax.parseInt(value.substring(0, sp), "rtpmap payload type", 0, 127);
        String rest = value.substring(sp + 1);
        int s1 = rest.indexOf('/');
        if (s1 < 0) {
            throw new IllegalArgumentException("a=rtpmap needs '<encoding>/<clock rate>' but was '" + rest + "'");
        }
        int s2 = rest.indexOf('/', s1 + 1);
        String rate = s2 < 0 ? rest.substring(s1 + 1) : rest.substring(s1 + 1, s2);
        Integer channels = s2 < 0 ? null
                : Syntax.parseInt(rest.substring(s2 + 1), "rtpmap channels", 1, Integer.MAX_VALUE);
        return new RtpMap(pt, rest.substring(0, s1), Syntax.parseInt(rate, "rtpmap clock rate", 1, Integer.MAX_VALUE),
                channels);
    }

    /** The attribute value, e.g. {@code 0 PCMU/8000}. */
    public String value() {
        String v = payloadType + " " + encoding + '/' + clockRate;
        return channels == null ? v : v + '/' + channels;
    }

    public Attribute toAttribute() {
        return Attribute.of("rtpmap", value());
    }

    @Override
    public String toString() {
        return value();
    }
}
