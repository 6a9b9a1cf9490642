package org.imsemu.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MalformedSdpTest {

    private static final String HEAD = "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\n";
    private static final String HEAD_C_T = HEAD + "c=IN IP4 192.0.2.1\nt=0 0\n";

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty input", "", 1, "empty SDP"),
                Arguments.of("v= not first", "o=- 1 1 IN IP4 192.0.2.1\nv=0\ns=-\nt=0 0\n", 1, "expected v= line first"),
                Arguments.of("uppercase type", "V=0\n", 1, "unknown type letter 'V'"),
                Arguments.of("missing o=", "v=0\ns=-\nt=0 0\n", 2, "expected o= line after v="),
                Arguments.of("missing s=", "v=0\no=- 1 1 IN IP4 192.0.2.1\nt=0 0\n", 3, "expected s= line after o="),
                Arguments.of("truncated after o=", "v=0\no=- 1 1 IN IP4 192.0.2.1\n", 3, "missing s= line"),
                Arguments.of("missing t= at end", HEAD + "c=IN IP4 192.0.2.1\n", 5, "missing t= line"),
                Arguments.of("missing t= before m=", HEAD + "c=IN IP4 192.0.2.1\nm=audio 4000 RTP/AVP 0\n", 5,
                        "missing t= line before first m="),
                Arguments.of("missing t= before a=", HEAD + "a=sendrecv\n", 4, "missing t= line before a="),
                Arguments.of("unknown type letter", HEAD_C_T + "x=foo\n", 6, "unknown type letter 'x'"),
                Arguments.of("bad version", "v=1\no=- 1 1 IN IP4 192.0.2.1\ns=-\nt=0 0\n", 1, "unsupported SDP version"),
                Arguments.of("o= with 5 fields", "v=0\no=- 1 1 IN IP4\ns=-\nt=0 0\n", 2, "o= line needs 6 fields"),
                Arguments.of("o= non-numeric id", "v=0\no=- abc 1 IN IP4 192.0.2.1\ns=-\nt=0 0\n", 2, "bad session id"),
                Arguments.of("empty s=", "v=0\no=- 1 1 IN IP4 192.0.2.1\ns=\nt=0 0\n", 3, "empty session name"),
                Arguments.of("c= after t=", HEAD + "t=0 0\nc=IN IP4 192.0.2.1\n", 5, "c= line out of order"),
                Arguments.of("duplicate i=", HEAD + "i=one\ni=two\n", 5, "duplicate i= line"),
                Arguments.of("duplicate o=", HEAD_C_T + "o=- 1 1 IN IP4 192.0.2.1\n", 6, "duplicate o= line"),
                Arguments.of("r= without t=", HEAD + "c=IN IP4 192.0.2.1\nr=1 2 3\n", 5, "r= line must directly follow"),
                Arguments.of("t= inside media", HEAD_C_T + "m=audio 4000 RTP/AVP 0\nt=0 0\n", 7,
                        "t= line not allowed in a media description"),
                Arguments.of("c= after a= in media", HEAD_C_T + "m=audio 4000 RTP/AVP 0\na=sendrecv\nc=IN IP4 192.0.2.2\n",
                        8, "c= line out of order"),
                Arguments.of("port too large", HEAD_C_T + "m=audio 99999 RTP/AVP 0\n", 6, "bad port in m= line '99999'"),
                Arguments.of("port not a number", HEAD_C_T + "m=audio abc RTP/AVP 0\n", 6, "bad port in m= line 'abc'"),
                Arguments.of("m= without formats", HEAD_C_T + "m=audio 4000 RTP/AVP\n", 6,
                        "m= line needs '<media> <port> <proto> <fmt> ...'"),
                Arguments.of("m= trailing space", HEAD_C_T + "m=audio 4000 RTP/AVP 0 \n", 6, "stray space"),
                Arguments.of("m= RTP format not a payload type", HEAD_C_T + "m=audio 4000 RTP/AVP PCMU\n", 6,
                        "bad RTP payload type 'PCMU'"),
                Arguments.of("bad address type", HEAD + "c=IN IP5 192.0.2.1\n", 4, "unknown address type 'IP5'"),
                Arguments.of("bad IPv4 literal", HEAD + "c=IN IP4 300.1.2.3\n", 4, "malformed IP4"),
                Arguments.of("IPv4 literal as IP6", HEAD + "c=IN IP6 192.0.2.1\n", 4, "address type is IP6"),
                Arguments.of("bad IPv6 literal", HEAD + "c=IN IP6 2001:db8:::1\n", 4, "malformed IP6"),
                Arguments.of("TTL too large", HEAD + "c=IN IP4 224.2.1.1/256\n", 4, "bad TTL"),
                Arguments.of("no c= anywhere", HEAD + "t=0 0\nm=audio 4000 RTP/AVP 0\na=sendrecv\n", 5,
                        "no c= line"),
                Arguments.of("bad rtpmap", HEAD_C_T + "m=audio 4000 RTP/AVP 0\na=rtpmap:abc PCMU/8000\n", 7,
                        "bad rtpmap payload type"),
                Arguments.of("rtpmap without clock rate", HEAD_C_T + "m=audio 4000 RTP/AVP 0\na=rtpmap:0 PCMU\n", 7,
                        "a=rtpmap needs"),
                Arguments.of("direction with value", HEAD_C_T + "a=sendonly:yes\n", 6, "flag and takes no value"),
                Arguments.of("bad precondition strength",
                        HEAD_C_T + "m=audio 4000 RTP/AVP 0\na=des:qos sometimes local sendrecv\n", 7,
                        "unknown precondition strength tag 'sometimes'"),
                Arguments.of("empty line", HEAD_C_T + "\na=sendrecv\n", 6, "empty line"),
                Arguments.of("no equals sign", HEAD_C_T + "hello\n", 6, "expected '<type>=<value>'"),
                Arguments.of("space before equals", HEAD_C_T + "a =sendrecv\n", 6, "expected '<type>=<value>'"),
                Arguments.of("stray CR", HEAD_C_T + "a=x\rb\n", 6, "stray CR"),
                Arguments.of("empty attribute value", HEAD_C_T + "a=tool:\n", 6, "empty value for attribute 'tool'"),
                Arguments.of("bad bandwidth", HEAD + "b=AS\n", 4, "b= line needs"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsWithLineNumber(String name, String sdp, int line, String fragment) {
        SdpParseException e = catchThrowableOfType(() -> SdpParser.parse(sdp), SdpParseException.class);

        assertThat(e).as("parse should fail").isNotNull();
        assertThat(e.getMessage()).startsWith("line " + line + ": ").contains(fragment);
        assertThat(e.lineNumber()).isEqualTo(line);
    }

    @ParameterizedTest(name = "{0} (CRLF)")
    @MethodSource("malformed")
    void rejectsWithSameLineNumberWithCrlf(String name, String sdp, int line, String fragment) {
        String crlf = sdp.replace("\n", "\r\n");
        SdpParseException e = catchThrowableOfType(() -> SdpParser.parse(crlf), SdpParseException.class);

        assertThat(e).as("parse should fail").isNotNull();
        assertThat(e.getMessage()).startsWith("line " + line + ": ").contains(fragment);
    }

    @Test
    void rejectsInvalidUtf8WithLineNumber() {
        byte[] good = (HEAD_C_T + "a=tool:x\n").getBytes(StandardCharsets.US_ASCII);
        byte[] bad = good.clone();
        bad[bad.length - 2] = (byte) 0xC3; // lead byte followed by '\n': malformed, on line 6

        SdpParseException e = catchThrowableOfType(() -> SdpParser.parse(bad), SdpParseException.class);

        assertThat(e).isNotNull();
        assertThat(e.getMessage()).isEqualTo("line 6: invalid UTF-8 byte sequence");
    }
}
