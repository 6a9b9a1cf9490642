package org.imsemu.sip.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import org.imsemu.sip.message.SipParser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stream framing, fed byte by byte where it matters, without sockets. */
class SipStreamDecoderTest {
    private static final String BODY = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n";
    private static final String MESSAGE = "INVITE sip:bob@127.0.0.1 SIP/2.0\r\n"
            + "Via: SIP/2.0/TCP 127.0.0.1:5070;branch=z9hG4bK1\r\n"
            + "Content-Length: " + BODY.length() + "\r\n"
            + "\r\n" + BODY;

    private final EmbeddedChannel channel = new EmbeddedChannel(new SipStreamDecoder());

    @AfterEach
    void tearDown() {
        channel.finishAndReleaseAll();
    }

    private void feed(String s) {
        channel.writeInbound(Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1));
    }

    private Object next() {
        return channel.readInbound();
    }

    private String frame() {
        Object o = next();
        assertThat(o).isInstanceOf(SipStreamDecoder.Frame.class);
        return new String(((SipStreamDecoder.Frame) o).bytes(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void oneMessageFedByteByByteIsOneFrame() {
        for (int i = 0; i < MESSAGE.length(); i++) {
            assertThat(next()).as("nothing before byte %d", i).isNull();
            feed(MESSAGE.substring(i, i + 1));
        }
        assertThat(frame()).isEqualTo(MESSAGE);
        assertThat(next()).isNull();
    }

    @Test
    void twoMessagesInOneBufferAreTwoFrames() {
        String second = MESSAGE.replace("INVITE", "OPTIONS");
        feed(MESSAGE + second);
        assertThat(frame()).isEqualTo(MESSAGE);
        assertThat(frame()).isEqualTo(second);
    }

    @Test
    void compactContentLengthAndBareLfLinesFrame() {
        String m = "MESSAGE sip:a@b SIP/2.0\nl: 3\n\nabcEXTRA";
        feed(m);
        assertThat(frame()).isEqualTo("MESSAGE sip:a@b SIP/2.0\nl: 3\n\nabc");
    }

    @Test
    void doubleCrlfBetweenMessagesIsAPing() {
        feed(MESSAGE + "\r\n\r\n");
        assertThat(frame()).isEqualTo(MESSAGE);
        assertThat(next()).isEqualTo(SipStreamDecoder.KeepAlive.PING);
    }

    @Test
    void pingSplitAcrossReadsIsStillAPing() {
        feed("\r\n");
        feed("\r");
        assertThat(next()).isNull();
        feed("\n");
        assertThat(next()).isEqualTo(SipStreamDecoder.KeepAlive.PING);
    }

    @Test
    void singleLeadingCrlfIsSkipped() {
        feed("\r\n" + MESSAGE);
        assertThat(frame()).isEqualTo(MESSAGE);
        assertThat(next()).isNull();
    }

    @Test
    void missingContentLengthLosesFraming() {
        feed("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK2\r\n\r\n" + MESSAGE);
        Object o = next();
        assertThat(o).isInstanceOf(SipStreamDecoder.FramingError.class);
        SipStreamDecoder.FramingError e = (SipStreamDecoder.FramingError) o;
        assertThat(e.reason()).isEqualTo("Missing Content-Length");
        assertThat(new String(e.headerSection(), StandardCharsets.US_ASCII)).startsWith("OPTIONS sip:a@b").endsWith("\r\n\r\n");
        feed(MESSAGE);
        assertThat(next()).as("nothing is framed after the framing is lost").isNull();
    }

    @Test
    void conflictingContentLengthLosesFraming() {
        feed("OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 0\r\nl: 4\r\n\r\n");
        Object o = next();
        assertThat(o).isInstanceOf(SipStreamDecoder.FramingError.class);
        assertThat(((SipStreamDecoder.FramingError) o).reason()).isEqualTo("Conflicting Content-Length");
    }

    @Test
    void oversizedHeaderSectionLosesFraming() {
        StringBuilder sb = new StringBuilder("OPTIONS sip:a@b SIP/2.0\r\n");
        while (sb.length() <= SipParser.MAX_HEADER_BYTES) sb.append("X-Filler: ").append("x".repeat(100)).append("\r\n");
        feed(sb.toString());
        Object o = next();
        assertThat(o).isInstanceOf(SipStreamDecoder.FramingError.class);
        assertThat(((SipStreamDecoder.FramingError) o).reason()).isEqualTo("Header section too large");
        assertThat(((SipStreamDecoder.FramingError) o).headerSection()).isNull();
    }

    @Test
    void oversizedBodyLosesFraming() {
        feed("MESSAGE sip:a@b SIP/2.0\r\nContent-Length: " + (SipStreamDecoder.MAX_BODY_BYTES + 1) + "\r\n\r\n");
        Object o = next();
        assertThat(o).isInstanceOf(SipStreamDecoder.FramingError.class);
        assertThat(((SipStreamDecoder.FramingError) o).reason()).startsWith("Body too large");
    }

    @Test
    void contentLengthParsing() {
        assertThat(SipStreamDecoder.contentLength("A sip:x SIP/2.0\r\ncontent-length :  12 \r\n\r\n".getBytes(StandardCharsets.US_ASCII))).isEqualTo(12);
        assertThatThrownBy(() -> SipStreamDecoder.contentLength("A sip:x SIP/2.0\r\nContent-Length: 1x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))
                .hasMessage("Bad Content-Length '1x'");
        // A header whose value mentions Content-Length is not one.
        assertThatThrownBy(() -> SipStreamDecoder.contentLength("A sip:x SIP/2.0\r\nSubject: Content-Length: 5\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))
                .hasMessage("Missing Content-Length");
    }
}
