package org.imsemu.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.imsemu.sip.codec.SipParseException;
import org.imsemu.sip.codec.ValueScanner;
import org.imsemu.sip.header.AuthHeader;
import org.imsemu.sip.header.CSeq;
import org.imsemu.sip.header.ChargingVector;
import org.imsemu.sip.header.TokenWithParams;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.header.RAck;
import org.imsemu.sip.header.Via;

/**
 * A SIP request or response: an immutable value. Modifications return a copy that shares every
 * untouched header field (and its original bytes) with the original, so a proxy that adds a Via and
 * removes a Route copies a list of references, not the message.
 */
public abstract sealed class SipMessage permits SipRequest, SipResponse {
    public static final String VERSION = "SIP/2.0";
    private static final byte[] NO_BODY = new byte[0];

    final List<HeaderField> headers;
    final byte[] body;

    SipMessage(List<HeaderField> headers, byte[] body) {
        this.headers = headers;
        this.body = body == null ? NO_BODY : body;
    }

    /** A copy of this message with other header fields and body; the start line is kept. */
    abstract SipMessage copy(List<HeaderField> newHeaders, byte[] newBody);

    abstract void writeStartLine(ByteSink out);

    /** The start line's length in bytes, without its CRLF. */
    abstract int startLineLength();

    public abstract boolean isRequest();

    public List<HeaderField> headerFields() {
        return headers;
    }

    public byte[] body() {
        return body.clone();
    }

    public int bodyLength() {
        return body.length;
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public boolean hasHeader(String name) {
        return firstField(name) != null;
    }

    public HeaderField firstField(String name) {
        String key = HeaderNames.key(name);
        for (HeaderField f : headers) {
            if (f.key().equals(key)) return f;
        }
        return null;
    }

    public List<HeaderField> fields(String name) {
        String key = HeaderNames.key(name);
        List<HeaderField> out = new ArrayList<>(2);
        for (HeaderField f : headers) {
            if (f.key().equals(key)) out.add(f);
        }
        return out;
    }

    /** The value of the first field with this name, or null. */
    public String header(String name) {
        HeaderField f = firstField(name);
        return f == null ? null : f.value();
    }

    /** Every value of the header; fields of list headers are split at their commas. */
    public List<String> headerValues(String name) {
        String key = HeaderNames.key(name);
        boolean list = HeaderNames.isList(key);
        List<String> out = new ArrayList<>(2);
        for (HeaderField f : headers) {
            if (!f.key().equals(key)) continue;
            if (list) out.addAll(ValueScanner.splitList(f.value(), f.name()));
            else out.add(f.value());
        }
        return out;
    }

    // ---- typed access to the headers every layer needs ----

    @SuppressWarnings("unchecked")
    public List<Via> vias() {
        List<Via> out = new ArrayList<>(4);
        for (HeaderField f : headers) {
            if (f.key().equals("via")) {
                out.addAll(f.typed(List.class, v -> parseList(v, "Via", Via::parse)));
            }
        }
        return out;
    }

    /** The topmost Via, or null when there is none. */
    public Via topVia() {
        HeaderField f = firstField(HeaderNames.VIA);
        if (f == null) return null;
        @SuppressWarnings("unchecked")
        List<Via> list = f.typed(List.class, v -> parseList(v, "Via", Via::parse));
        return list.get(0);
    }

    public NameAddress from() {
        return nameAddress(HeaderNames.FROM);
    }

    public NameAddress to() {
        return nameAddress(HeaderNames.TO);
    }

    public String fromTag() {
        NameAddress f = from();
        return f == null ? null : f.tag();
    }

    public String toTag() {
        NameAddress t = to();
        return t == null ? null : t.tag();
    }

    public String callId() {
        return header(HeaderNames.CALL_ID);
    }

    public CSeq cseq() {
        HeaderField f = firstField(HeaderNames.CSEQ);
        return f == null ? null : f.typed(CSeq.class, CSeq::parse);
    }

    /** Max-Forwards, or -1 when absent. */
    public int maxForwards() {
        String v = header(HeaderNames.MAX_FORWARDS);
        if (v == null) return -1;
        long n = parseUnsigned(v, HeaderNames.MAX_FORWARDS, 255);
        return (int) n;
    }

    /** Expires header in seconds, or -1 when absent. */
    public long expires() {
        String v = header(HeaderNames.EXPIRES);
        return v == null ? -1 : parseUnsigned(v, HeaderNames.EXPIRES, 0xFFFFFFFFL);
    }

    public List<NameAddress> contacts() {
        HeaderField f = firstField(HeaderNames.CONTACT);
        if (f != null && f.value().equals("*")) return List.of();
        return nameAddresses(HeaderNames.CONTACT);
    }

    public boolean isWildcardContact() {
        HeaderField f = firstField(HeaderNames.CONTACT);
        return f != null && f.value().equals("*");
    }

    public List<NameAddress> routes() {
        return nameAddresses(HeaderNames.ROUTE);
    }

    public List<NameAddress> recordRoutes() {
        return nameAddresses(HeaderNames.RECORD_ROUTE);
    }

    public List<NameAddress> paths() {
        return nameAddresses(HeaderNames.PATH);
    }

    public List<NameAddress> serviceRoutes() {
        return nameAddresses(HeaderNames.SERVICE_ROUTE);
    }

    public String contentType() {
        return header(HeaderNames.CONTENT_TYPE);
    }

    /** The first header of this name as an authentication header, or null. */
    public AuthHeader authHeader(String name) {
        HeaderField f = firstField(name);
        return f == null ? null : f.typed(AuthHeader.class, v -> AuthHeader.parse(v, f.name()));
    }

    public List<AuthHeader> authHeaders(String name) {
        List<AuthHeader> out = new ArrayList<>(1);
        for (HeaderField f : fields(name)) out.add(f.typed(AuthHeader.class, v -> AuthHeader.parse(v, f.name())));
        return out;
    }

    /** Option tags of Require, Supported, Proxy-Require or Unsupported. */
    public List<String> optionTags(String name) {
        return headerValues(name);
    }

    public long rseq() {
        String v = header(HeaderNames.RSEQ);
        return v == null ? -1 : parseUnsigned(v, HeaderNames.RSEQ, 0xFFFFFFFFL);
    }

    public RAck rack() {
        HeaderField f = firstField(HeaderNames.RACK);
        return f == null ? null : f.typed(RAck.class, RAck::parse);
    }

    public NameAddress referTo() {
        return nameAddress(HeaderNames.REFER_TO);
    }

    public String event() {
        return header(HeaderNames.EVENT);
    }

    // ---- 3GPP and extension headers (RFC 3325, 3329, 6665, 7315) ----

    public List<NameAddress> pAssertedIdentities() {
        return nameAddresses(HeaderNames.P_ASSERTED_IDENTITY);
    }

    public NameAddress pPreferredIdentity() {
        List<NameAddress> l = nameAddresses(HeaderNames.P_PREFERRED_IDENTITY);
        return l.isEmpty() ? null : l.get(0);
    }

    public List<NameAddress> pAssociatedUris() {
        return nameAddresses(HeaderNames.P_ASSOCIATED_URI);
    }

    public NameAddress pCalledPartyId() {
        return nameAddress(HeaderNames.P_CALLED_PARTY_ID);
    }

    public ChargingVector pChargingVector() {
        HeaderField f = firstField(HeaderNames.P_CHARGING_VECTOR);
        return f == null ? null : f.typed(ChargingVector.class, ChargingVector::parse);
    }

    /** Security-Client, Security-Server or Security-Verify mechanisms (RFC 3329), in order of preference. */
    public List<TokenWithParams> securityMechanisms(String name) {
        List<TokenWithParams> out = new ArrayList<>(2);
        for (String v : headerValues(name)) out.add(TokenWithParams.parse(v, name));
        return out;
    }

    /** A header of the shape token;params (Event, Subscription-State, P-Access-Network-Info ...), or null. */
    public TokenWithParams tokenHeader(String name) {
        HeaderField f = firstField(name);
        return f == null ? null : f.typed(TokenWithParams.class, v -> TokenWithParams.parse(v, f.name()));
    }

    public NameAddress nameAddress(String name) {
        HeaderField f = firstField(name);
        return f == null ? null : f.typed(NameAddress.class, v -> NameAddress.parse(v, f.name()));
    }

    @SuppressWarnings("unchecked")
    public List<NameAddress> nameAddresses(String name) {
        String key = HeaderNames.key(name);
        List<NameAddress> out = new ArrayList<>(2);
        for (HeaderField f : headers) {
            if (f.key().equals(key)) {
                out.addAll(f.typed(List.class, v -> parseList(v, f.name(), s -> NameAddress.parse(s, f.name()))));
            }
        }
        return out;
    }

    private static <T> List<T> parseList(String value, String what, java.util.function.Function<String, T> parser) {
        List<String> parts = ValueScanner.splitList(value, what);
        if (parts.isEmpty()) throw new SipParseException("Bad " + what + ": empty value");
        List<T> out = new ArrayList<>(parts.size());
        for (String p : parts) out.add(parser.apply(p));
        return Collections.unmodifiableList(out);
    }

    static long parseUnsigned(String v, String what, long max) {
        if (v.isEmpty() || v.length() > 10) throw new SipParseException("Bad " + what + ": '" + abbreviate(v) + "'");
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') throw new SipParseException("Bad " + what + ": '" + abbreviate(v) + "'");
            n = n * 10 + (c - '0');
        }
        if (n > max) throw new SipParseException("Bad " + what + ": " + v + " is too large");
        return n;
    }

    private static String abbreviate(String s) {
        return s.length() > 20 ? s.substring(0, 17) + "..." : s;
    }

    /**
     * Drops what the typed getters decoded and cached (header values, Vias, URIs ...): the same message,
     * decoded again on demand. A transaction that only lingers for retransmissions (Timers D, J, L, M keep
     * it 32 s) calls this so that tens of thousands of them do not keep their parsed forms alive.
     * Fields may be shared with copies of this message: those only lose their caches too.
     */
    public void releaseDecoded() {
        for (HeaderField f : headers) f.releaseDecoded();
    }

    // ---- modified copies ----

    /** Adds a field above the existing fields of that name (or at the end when there are none). */
    public SipMessage withHeaderFirst(String name, String value) {
        String key = HeaderNames.key(name);
        List<HeaderField> copy = new ArrayList<>(headers.size() + 1);
        boolean added = false;
        for (HeaderField f : headers) {
            if (!added && f.key().equals(key)) {
                copy.add(HeaderField.of(name, value));
                added = true;
            }
            copy.add(f);
        }
        if (!added) copy.add(HeaderField.of(name, value));
        return copy(copy, body);
    }

    /** Adds a field below the existing fields of that name (or at the end). */
    public SipMessage withHeaderLast(String name, String value) {
        String key = HeaderNames.key(name);
        int last = -1;
        for (int i = 0; i < headers.size(); i++) if (headers.get(i).key().equals(key)) last = i;
        List<HeaderField> copy = new ArrayList<>(headers);
        copy.add(last < 0 ? copy.size() : last + 1, HeaderField.of(name, value));
        return copy(copy, body);
    }

    /** Replaces every field of that name by one field with this value (in the first one's place). */
    public SipMessage withHeader(String name, String value) {
        String key = HeaderNames.key(name);
        List<HeaderField> copy = new ArrayList<>(headers.size() + 1);
        boolean added = false;
        for (HeaderField f : headers) {
            if (f.key().equals(key)) {
                if (!added) copy.add(HeaderField.of(name, value));
                added = true;
            } else {
                copy.add(f);
            }
        }
        if (!added) copy.add(HeaderField.of(name, value));
        return copy(copy, body);
    }

    public SipMessage withoutHeader(String name) {
        String key = HeaderNames.key(name);
        List<HeaderField> copy = new ArrayList<>(headers.size());
        for (HeaderField f : headers) if (!f.key().equals(key)) copy.add(f);
        return copy.size() == headers.size() ? this : copy(copy, body);
    }

    /** Removes the first value of a list header (the top Via, the top Route), keeping the others. */
    public SipMessage withoutFirstValue(String name) {
        String key = HeaderNames.key(name);
        List<HeaderField> copy = new ArrayList<>(headers.size());
        boolean done = false;
        for (HeaderField f : headers) {
            if (!done && f.key().equals(key)) {
                done = true;
                List<String> parts = ValueScanner.splitList(f.value(), f.name());
                if (parts.size() > 1) copy.add(HeaderField.of(f.name(), String.join(", ", parts.subList(1, parts.size()))));
            } else {
                copy.add(f);
            }
        }
        return done ? copy(copy, body) : this;
    }

    /** Replaces the body, setting Content-Type (removed when null) and Content-Length. */
    public SipMessage withBody(String contentType, byte[] newBody) {
        byte[] b = newBody == null ? NO_BODY : newBody.clone();
        List<HeaderField> copy = new ArrayList<>(headers.size() + 2);
        for (HeaderField f : headers) {
            if (!f.key().equals("content-type") && !f.key().equals("content-length")) copy.add(f);
        }
        if (contentType != null && b.length > 0) copy.add(HeaderField.of(HeaderNames.CONTENT_TYPE, contentType));
        copy.add(HeaderField.of(HeaderNames.CONTENT_LENGTH, Integer.toString(b.length)));
        return copy(copy, b);
    }

    public SipMessage withBody(String contentType, String text) {
        return withBody(contentType, text.getBytes(StandardCharsets.UTF_8));
    }

    // ---- serialisation ----

    /**
     * The message as bytes. Fields read from the wire are copied verbatim. A Content-Length is added
     * when the message has none (RFC 3261 requires it over stream transports).
     */
    public byte[] encode() {
        ByteSink out = new ByteSink(512 + body.length);
        writeStartLine(out);
        boolean hasLength = false;
        for (HeaderField f : headers) {
            f.writeTo(out);
            if (f.key().equals("content-length")) hasLength = true;
        }
        if (!hasLength) {
            out.writeAscii("Content-Length: ");
            out.writeInt(body.length);
            out.writeCrlf();
        }
        out.writeCrlf();
        out.write(body, 0, body.length);
        return out.toByteArray();
    }

    /**
     * How many bytes {@link #encode()} would write, without writing them (RFC 3261 18.1.1 chooses the
     * transport by size before the request is sent).
     */
    public int encodedLength() {
        int n = startLineLength() + 2;
        boolean hasLength = false;
        for (HeaderField f : headers) {
            n += f.encodedLength();
            if (f.key().equals("content-length")) hasLength = true;
        }
        if (!hasLength) n += "Content-Length: ".length() + Integer.toString(body.length).length() + 2;
        return n + 2 + body.length;
    }

    /** The UTF-8 length of {@code s}. */
    static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) n++;
            else if (c < 0x800) n += 2;
            else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else n += 3;
        }
        return n;
    }

    @Override
    public String toString() {
        return new String(encode(), StandardCharsets.UTF_8);
    }

    /** The first line, for logs and diagrams. */
    public abstract String startLine();
}
