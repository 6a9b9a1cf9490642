package org.imsemu.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.imsemu.sip.header.CSeq;
import org.imsemu.sip.header.NameAddress;
import org.imsemu.sip.header.Via;
import org.imsemu.sip.uri.Uri;

/** A SIP request. See {@link SipMessage} for the copy-on-modify model. */
public final class SipRequest extends SipMessage {
    private final String method;
    private final String rawUri;
    private final String version;
    private final byte[] rawStartLine; // the original request line, reused while method and URI are unchanged
    private Uri uri;

    SipRequest(String method, String rawUri, Uri uri, String version, byte[] rawStartLine, List<HeaderField> headers, byte[] body) {
        super(headers, body);
        this.method = method;
        this.rawUri = rawUri;
        this.uri = uri;
        this.version = version;
        this.rawStartLine = rawStartLine;
    }

    /** Starts a request from scratch, as a UAC does. */
    public static Builder builder(String method, Uri requestUri) {
        return new Builder(method, requestUri);
    }

    public String method() {
        return method;
    }

    public boolean isMethod(String m) {
        return method.equals(m);
    }

    /** The Request-URI, parsed on first use. Throws SipParseException when malformed. */
    public Uri requestUri() {
        Uri u = uri;
        if (u == null) uri = u = Uri.parse(rawUri);
        return u;
    }

    public String rawRequestUri() {
        return rawUri;
    }

    public String version() {
        return version;
    }

    @Override
    public boolean isRequest() {
        return true;
    }

    @Override
    SipRequest copy(List<HeaderField> newHeaders, byte[] newBody) {
        return new SipRequest(method, rawUri, uri, version, rawStartLine, newHeaders, newBody);
    }

    public SipRequest withRequestUri(Uri newUri) {
        return new SipRequest(method, newUri.toString(), newUri, version, null, headers, body);
    }

    @Override
    void writeStartLine(ByteSink out) {
        if (rawStartLine != null) {
            out.write(rawStartLine, 0, rawStartLine.length);
        } else {
            out.writeAscii(method);
            out.writeAscii(" ");
            out.writeAscii(rawUri);
            out.writeAscii(" ");
            out.writeAscii(version);
        }
        out.writeCrlf();
    }

    @Override
    int startLineLength() {
        if (rawStartLine != null) return rawStartLine.length;
        return utf8Length(method) + 1 + utf8Length(rawUri) + 1 + utf8Length(version);
    }

    @Override
    public String startLine() {
        return rawStartLine != null ? new String(rawStartLine, StandardCharsets.UTF_8) : method + " " + rawUri + " " + version;
    }

    // Covariant copies so callers keep the request type.
    @Override
    public SipRequest withHeaderFirst(String name, String value) {
        return (SipRequest) super.withHeaderFirst(name, value);
    }

    @Override
    public SipRequest withHeaderLast(String name, String value) {
        return (SipRequest) super.withHeaderLast(name, value);
    }

    @Override
    public SipRequest withHeader(String name, String value) {
        return (SipRequest) super.withHeader(name, value);
    }

    @Override
    public SipRequest withoutHeader(String name) {
        return (SipRequest) super.withoutHeader(name);
    }

    @Override
    public SipRequest withoutFirstValue(String name) {
        return (SipRequest) super.withoutFirstValue(name);
    }

    @Override
    public SipRequest withBody(String contentType, byte[] newBody) {
        return (SipRequest) super.withBody(contentType, newBody);
    }

    @Override
    public SipRequest withBody(String contentType, String text) {
        return (SipRequest) super.withBody(contentType, text);
    }

    /**
     * A response to this request (RFC 3261 section 8.2.6.2): Via, From, To, Call-ID and CSeq copied as
     * they are. The caller adds a To tag when the response needs one.
     */
    public SipResponse createResponse(int status, String reason) {
        List<HeaderField> copy = new ArrayList<>(8);
        for (HeaderField f : headers) {
            switch (f.key()) {
                case "via", "from", "to", "call-id", "cseq" -> copy.add(f);
                default -> {
                }
            }
        }
        if (status == 100) {
            HeaderField ts = firstField("Timestamp");
            if (ts != null) copy.add(ts);
        }
        copy.add(HeaderField.of(HeaderNames.CONTENT_LENGTH, "0"));
        return new SipResponse(version.equals(VERSION) ? VERSION : version, status,
                reason == null ? StatusCodes.reason(status) : reason, null, copy, null);
    }

    public SipResponse createResponse(int status) {
        return createResponse(status, null);
    }

    /** Builds new requests with the mandatory headers in the conventional order. */
    public static final class Builder {
        private final String method;
        private final Uri uri;
        private final List<HeaderField> fields = new ArrayList<>(12);
        private byte[] body;
        private String contentType;

        Builder(String method, Uri uri) {
            this.method = method;
            this.uri = uri;
        }

        public Builder via(Via via) {
            return header(HeaderNames.VIA, via.toString());
        }

        public Builder maxForwards(int n) {
            return header(HeaderNames.MAX_FORWARDS, Integer.toString(n));
        }

        public Builder from(NameAddress from) {
            return header(HeaderNames.FROM, from.toString());
        }

        public Builder to(NameAddress to) {
            return header(HeaderNames.TO, to.toString());
        }

        public Builder callId(String callId) {
            return header(HeaderNames.CALL_ID, callId);
        }

        public Builder cseq(long n) {
            return header(HeaderNames.CSEQ, new CSeq(n, method).toString());
        }

        public Builder contact(NameAddress contact) {
            return header(HeaderNames.CONTACT, contact.toString());
        }

        public Builder route(NameAddress route) {
            return header(HeaderNames.ROUTE, route.toString());
        }

        public Builder header(String name, String value) {
            fields.add(HeaderField.of(name, value));
            return this;
        }

        public Builder body(String contentType, byte[] body) {
            this.contentType = contentType;
            this.body = body;
            return this;
        }

        public Builder body(String contentType, String text) {
            return body(contentType, text.getBytes(StandardCharsets.UTF_8));
        }

        public SipRequest build() {
            List<HeaderField> all = new ArrayList<>(fields);
            byte[] b = body == null ? new byte[0] : body.clone();
            if (b.length > 0 && contentType != null) all.add(HeaderField.of(HeaderNames.CONTENT_TYPE, contentType));
            all.add(HeaderField.of(HeaderNames.CONTENT_LENGTH, Integer.toString(b.length)));
            return new SipRequest(method, uri.toString(), uri, VERSION, null, List.copyOf(all), b);
        }
    }
}
