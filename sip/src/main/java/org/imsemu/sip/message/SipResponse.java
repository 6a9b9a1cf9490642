package org.imsemu.sip.message;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** A SIP response. See {@link SipMessage} for the copy-on-modify model. */
public final class SipResponse extends SipMessage {
    private final String version;
    private final int status;
    private final String reason;
    private final byte[] rawStartLine;

    SipResponse(String version, int status, String reason, byte[] rawStartLine, List<HeaderField> headers, byte[] body) {
        super(headers, body);
        this.version = version;
        this.status = status;
        this.reason = reason;
        this.rawStartLine = rawStartLine;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public String version() {
        return version;
    }

    public boolean isProvisional() {
        return status < 200;
    }

    public boolean isSuccess() {
        return status >= 200 && status < 300;
    }

    public boolean isFinal() {
        return status >= 200;
    }

    /** 1 for 1xx, 2 for 2xx ... */
    public int statusClass() {
        return status / 100;
    }

    @Override
    public boolean isRequest() {
        return false;
    }

    @Override
    SipResponse copy(List<HeaderField> newHeaders, byte[] newBody) {
        return new SipResponse(version, status, reason, rawStartLine, newHeaders, newBody);
    }

    public SipResponse withStatus(int newStatus, String newReason) {
        return new SipResponse(version, newStatus, newReason == null ? StatusCodes.reason(newStatus) : newReason, null, headers, body);
    }

    /** Sets the To tag (a UAS does this on every response but 100). */
    public SipResponse withToTag(String tag) {
        return withHeader(HeaderNames.TO, to().withTag(tag).toString());
    }

    @Override
    void writeStartLine(ByteSink out) {
        if (rawStartLine != null) {
            out.write(rawStartLine, 0, rawStartLine.length);
        } else {
            out.writeAscii(version);
            out.writeAscii(" ");
            out.writeInt(status);
            out.writeAscii(" ");
            out.writeUtf8(reason);
        }
        out.writeCrlf();
    }

    @Override
    int startLineLength() {
        if (rawStartLine != null) return rawStartLine.length;
        return utf8Length(version) + 1 + Integer.toString(status).length() + 1 + utf8Length(reason);
    }

    @Override
    public String startLine() {
        return rawStartLine != null ? new String(rawStartLine, StandardCharsets.UTF_8) : version + " " + status + " " + reason;
    }

    @Override
    public SipResponse withHeaderFirst(String name, String value) {
        return (SipResponse) super.withHeaderFirst(name, value);
    }

    @Override
    public SipResponse withHeaderLast(String name, String value) {
        return (SipResponse) super.withHeaderLast(name, value);
    }

    @Override
    public SipResponse withHeader(String name, String value) {
        return (SipResponse) super.withHeader(name, value);
    }

    @Override
    public SipResponse withoutHeader(String name) {
        return (SipResponse) super.withoutHeader(name);
    }

    @Override
    public SipResponse withoutFirstValue(String name) {
        return (SipResponse) super.withoutFirstValue(name);
    }

    @Override
    public SipResponse withBody(String contentType, byte[] newBody) {
        return (SipResponse) super.withBody(contentType, newBody);
    }

    @Override
    public SipResponse withBody(String contentType, String text) {
        return (SipResponse) super.withBody(contentType, text);
    }
}
