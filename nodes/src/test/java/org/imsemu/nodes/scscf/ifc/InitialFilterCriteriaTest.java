package org.imsemu.nodes.scscf.ifc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.imsemu.sip.message.SipParser;
import org.imsemu.sip.message.SipRequest;
import org.junit.jupiter.api.Test;

/** TS 29.228 annex B/C user data: parsing and trigger-point evaluation. */
class InitialFilterCriteriaTest {

    private static final String USER_DATA = """
            <?xml version="1.0" encoding="UTF-8"?>
            <IMSSubscription>
              <PrivateID>alice@domain1.com</PrivateID>
              <ServiceProfile>
                <PublicIdentity><Identity>sip:alice@domain1.com</Identity></PublicIdentity>
                <PublicIdentity><Identity>tel:+15550001</Identity></PublicIdentity>
                <InitialFilterCriteria>
                  <Priority>20</Priority>
                  <TriggerPoint>
                    <ConditionTypeCNF>1</ConditionTypeCNF>
                    <SPT><ConditionNegated>0</ConditionNegated><Group>0</Group><Method>INVITE</Method></SPT>
                    <SPT><ConditionNegated>0</ConditionNegated><Group>0</Group><Method>MESSAGE</Method></SPT>
                    <SPT><ConditionNegated>0</ConditionNegated><Group>1</Group><SessionCase>0</SessionCase></SPT>
                  </TriggerPoint>
                  <ApplicationServer><ServerName>sip:logger.domain1.com</ServerName><DefaultHandling>0</DefaultHandling></ApplicationServer>
                </InitialFilterCriteria>
                <InitialFilterCriteria>
                  <Priority>10</Priority>
                  <TriggerPoint>
                    <ConditionTypeCNF>0</ConditionTypeCNF>
                    <SPT><Group>0</Group><SIPHeader><Header>Subject</Header><Content>^urgent</Content></SIPHeader></SPT>
                    <SPT><Group>0</Group><SessionDescription><Line>m</Line><Content>video</Content></SessionDescription></SPT>
                    <SPT><ConditionNegated>1</ConditionNegated><Group>1</Group><RequestURI>@domain1\\.com</RequestURI></SPT>
                  </TriggerPoint>
                  <ApplicationServer><ServerName>sip:video.domain1.com</ServerName><DefaultHandling>1</DefaultHandling></ApplicationServer>
                  <ProfilePartIndicator>0</ProfilePartIndicator>
                </InitialFilterCriteria>
              </ServiceProfile>
            </IMSSubscription>
            """;

    private static SipRequest request(String method, String uri, String extraHeaders, String sdp) {
        String body = sdp == null ? "" : sdp;
        String text = method + " " + uri + " SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK1\r\nMax-Forwards: 70\r\n"
                + "From: <sip:alice@domain1.com>;tag=1\r\nTo: <" + uri + ">\r\nCall-ID: c1\r\nCSeq: 1 " + method + "\r\n"
                + extraHeaders + (sdp == null ? "" : "Content-Type: application/sdp\r\n")
                + "Content-Length: " + body.length() + "\r\n\r\n" + body;
        return (SipRequest) SipParser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesProfilesIdentitiesAndCriteriaSortedByPriority() {
        UserDataParser.ImsSubscription sub = UserDataParser.parse(USER_DATA);
        assertThat(sub.privateId()).isEqualTo("alice@domain1.com");
        ServiceProfile p = sub.profileOf("tel:+15550001");
        assertThat(p.publicIdentities()).containsExactly("sip:alice@domain1.com", "tel:+15550001");
        assertThat(p.filterCriteria()).extracting(InitialFilterCriteria::priority).containsExactly(10, 20);
        assertThat(p.filterCriteria().get(0).applicationServer().defaultHandling())
                .isEqualTo(InitialFilterCriteria.DefaultHandling.SESSION_TERMINATED);
        assertThat(sub.profileOf("sip:nobody@domain1.com")).isNull();
    }

    @Test
    void conjunctiveNormalFormAndsGroupsOfOredTriggers() {
        ServiceProfile p = UserDataParser.parse(USER_DATA).profileOf("sip:alice@domain1.com");
        SipRequest invite = request("INVITE", "sip:bob@domain1.com", "", null);
        SipRequest options = request("OPTIONS", "sip:bob@domain1.com", "", null);

        assertThat(p.next(invite, SessionCase.ORIGINATING, true, Integer.MIN_VALUE).applicationServer().serverName())
                .isEqualTo("sip:logger.domain1.com");
        assertThat(p.next(request("MESSAGE", "sip:bob@domain1.com", "", null), SessionCase.ORIGINATING, true, Integer.MIN_VALUE))
                .isNotNull();
        assertThat(p.next(invite, SessionCase.TERMINATING_REGISTERED, true, Integer.MIN_VALUE)).isNull();
        assertThat(p.next(options, SessionCase.ORIGINATING, true, Integer.MIN_VALUE)).isNull();
    }

    @Test
    void disjunctiveNormalFormOrsGroupsOfAndedTriggersWithNegation() {
        ServiceProfile p = UserDataParser.parse(USER_DATA).profileOf("sip:alice@domain1.com");
        String videoSdp = "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nc=IN IP4 1.2.3.4\r\nt=0 0\r\nm=video 4000 RTP/AVP 96\r\n";
        // group 0 (Subject ^urgent AND an m=video line) holds: matched at priority 10
        SipRequest urgentVideo = request("INVITE", "sip:bob@domain1.com", "Subject: urgent call\r\n", videoSdp);
        assertThat(p.next(urgentVideo, SessionCase.ORIGINATING, true, Integer.MIN_VALUE).priority()).isEqualTo(10);
        // group 1 (NOT a domain1.com Request-URI) holds alone
        assertThat(p.next(request("INVITE", "sip:bob@domain2.com", "", null), SessionCase.ORIGINATING, true, Integer.MIN_VALUE)
                .priority()).isEqualTo(10);
        // neither group: the next criterion (20) is the logger
        assertThat(p.next(request("INVITE", "sip:bob@domain1.com", "Subject: later\r\n", videoSdp), SessionCase.ORIGINATING, true,
                Integer.MIN_VALUE).priority()).isEqualTo(20);
        // ProfilePartIndicator 0: only while registered
        assertThat(p.next(urgentVideo, SessionCase.ORIGINATING, false, Integer.MIN_VALUE).priority()).isEqualTo(20);
        // continuing after the matched priority skips it
        assertThat(p.next(urgentVideo, SessionCase.ORIGINATING, true, 10).priority()).isEqualTo(20);
        assertThat(p.next(urgentVideo, SessionCase.ORIGINATING, true, 20)).isNull();
    }

    @Test
    void malformedUserDataIsAClearError() {
        assertThatThrownBy(() -> UserDataParser.parse("<IMSSubscription><ServiceProfile><InitialFilterCriteria>"
                + "<ApplicationServer><ServerName>sip:a</ServerName></ApplicationServer></InitialFilterCriteria></ServiceProfile></IMSSubscription>"))
                .hasMessageContaining("<InitialFilterCriteria> lacks <Priority>");
        assertThatThrownBy(() -> UserDataParser.parseCriteria("<InitialFilterCriteria><Priority>x</Priority></InitialFilterCriteria>"))
                .hasMessageContaining("<Priority> must be a number");
        assertThatThrownBy(() -> UserDataParser.parse("<Other/>")).hasMessageContaining("must be an <IMSSubscription>");
        assertThatThrownBy(() -> UserDataParser.parse("<IMSSubscription>")).hasMessageContaining("not well-formed");
        assertThatThrownBy(() -> UserDataParser.parseCriteria("<InitialFilterCriteria><Priority>1</Priority><TriggerPoint>"
                + "<ConditionTypeCNF>1</ConditionTypeCNF><SPT><RequestURI>(</RequestURI></SPT></TriggerPoint>"
                + "<ApplicationServer><ServerName>sip:a</ServerName></ApplicationServer></InitialFilterCriteria>"))
                .hasMessageContaining("<RequestURI> is not a regular expression");
    }
}
