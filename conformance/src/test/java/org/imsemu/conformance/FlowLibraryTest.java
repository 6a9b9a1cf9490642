package org.imsemu.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlowLibraryTest {
    private static ExpectedFlow parse(String xml) throws IOException {
        return FlowLibrary.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "test.xml");
    }

    @Test
    void everyBuiltInFlowLoads() {
        Map<String, Integer> steps = Map.ofEntries(Map.entry("registration", 12), Map.entry("registration-cx", 20),
                Map.entry("registration-aka", 20), Map.entry("re-registration", 10), Map.entry("mo-mt-call", 36),
                Map.entry("mo-mt-call-as", 51), Map.entry("deregistration", 12), Map.entry("deregistration-cx", 20),
                Map.entry("network-deregistration", 8), Map.entry("call-cancel", 24), Map.entry("message", 12), Map.entry("mo-mt-call-preconditions", 78),
                Map.entry("call-hold", 36), Map.entry("session-modification", 30), Map.entry("call-transfer", 72),
                Map.entry("call-redirection", 42), Map.entry("call-anonymous", 36), Map.entry("reg-event-subscriptions", 12));
        for (String name : FlowLibrary.BUILT_IN) {
            ExpectedFlow f = FlowLibrary.load(name);
            assertThat(f.name()).isEqualTo(name);
            assertThat(f.steps()).as(name).hasSize(steps.get(name));
            assertThat(f.spec()).as(name).isNotBlank();
            assertThat(f.ignored()).as(name).extracting(MessagePattern::message).contains("100");
            assertThat(f.collapseRetransmissions()).isTrue();
        }
        assertThat(FlowLibrary.load("registration").roles()).containsExactly("UE#1", "P-CSCF#1", "I-CSCF#1", "S-CSCF#1");
        assertThat(FlowLibrary.load("mo-mt-call").roles())
                .containsExactly("UE#1", "P-CSCF#1", "S-CSCF#1", "I-CSCF#2", "S-CSCF#2", "P-CSCF#2", "UE#2");
        assertThat(FlowLibrary.load("deregistration").steps()).filteredOn(Step::optional).hasSize(6);
    }

    @Test
    void stepsCarryTheirRules() {
        ExpectedFlow reg = FlowLibrary.load("registration");
        Step first = reg.steps().get(0);
        assertThat(first.from()).isEqualTo("UE#1");
        assertThat(first.message().message()).isEqualTo("REGISTER");
        assertThat(first.headers()).extracting(HeaderRule::toString).contains("Contact", "no Path");
        Step ok = reg.steps().get(9);
        assertThat(ok.message()).hasToString("200 (REGISTER)");
        assertThat(ok.headers()).extracting(HeaderRule::displayName).containsExactly("Service-Route", "Path", "Contact");
        assertThat(FlowLibrary.load("mo-mt-call").steps().get(5).headers()).extracting(HeaderRule::minValues).contains(5);
    }

    @Test
    void hopsExpandToOneStepPerHopOfADeclaredPath() throws IOException {
        ExpectedFlow f = parse("<flow name='f'><path name='call' roles='UE#1 P#1 S#1 P#2 UE#2'/>"
                + "<step from='UE#1' to='P#1' message='PRACK'/>"
                + "<hops path='call' from='P#1' message='PRACK'><header name='RAck' pattern='^1 1 INVITE$'/></hops>"
                + "<hops path='call' reverse='true' message='200' cseq='PRACK' optional='true'/>"
                + "<hops path='call' to='S#1' message='BYE'/></flow>");
        assertThat(f.steps()).extracting(Step::describe).containsExactly(
                "step 1: UE#1 -> P#1 PRACK", "step 2: P#1 -> S#1 PRACK", "step 3: S#1 -> P#2 PRACK", "step 4: P#2 -> UE#2 PRACK",
                "step 5: UE#2 -> P#2 200 (PRACK) (optional)", "step 6: P#2 -> S#1 200 (PRACK) (optional)",
                "step 7: S#1 -> P#1 200 (PRACK) (optional)", "step 8: P#1 -> UE#1 200 (PRACK) (optional)",
                "step 9: UE#1 -> P#1 BYE", "step 10: P#1 -> S#1 BYE");
        assertThat(f.steps().get(3).headers()).extracting(HeaderRule::toString).containsExactly("RAck ~ /^1 1 INVITE$/");
        assertThatThrownBy(() -> parse("<flow name='f'><hops path='x' message='BYE'/></flow>"))
                .hasMessageContaining("test.xml: step 1 <hops>: no <path name=\"x\">");
        assertThatThrownBy(() -> parse("<flow name='f'><path name='p' roles='A B C'/><hops path='p' from='C' to='A' message='BYE'/></flow>"))
                .hasMessageContaining("from/to must be roles of path p");
        assertThatThrownBy(() -> parse("<flow name='f'><path name='p' roles='A'/></flow>")).hasMessageContaining("two roles or more");
        assertThatThrownBy(() -> parse("<flow name='f'><path name='p' roles='A B'/><hops path='p' message='BYE' nope='1'/></flow>"))
                .hasMessageContaining("unknown attribute nope");
    }

    @Test
    void unknownFlowIsAClearError() {
        assertThatThrownBy(() -> FlowLibrary.load("nope")).hasMessageContaining("no built-in flow \"nope\"").hasMessageContaining("registration");
    }

    @Test
    void typosAreLoadErrorsNamingTheStep() {
        assertThatThrownBy(() -> parse("<flow name='f'><step from='a' to='b' message='INVITE'><header nmae='To'/></step></flow>"))
                .hasMessageContaining("test.xml: step 1").hasMessageContaining("unknown attribute nmae");
        assertThatThrownBy(() -> parse("<flow name='f'><step from='a' to='b' message='INVITE'/><step from='a' to='b' message='BYE'><header name='To' pattern='(['/></step></flow>"))
                .hasMessageContaining("step 2").hasMessageContaining("bad pattern");
        assertThatThrownBy(() -> parse("<flow name='f'><step to='b' message='INVITE'/></flow>")).hasMessageContaining("missing attribute from");
        assertThatThrownBy(() -> parse("<flow name='f'><step from='a' to='b' message='INVITE' optional='yes'/></flow>"))
                .hasMessageContaining("optional must be true or false");
        assertThatThrownBy(() -> parse("<flow name='f'><step from='a' to='b' message='20x'/></flow>")).hasMessageContaining("not a SIP method");
        assertThatThrownBy(() -> parse("<flow name='f'><step from='a' to='a' message='BYE'/></flow>")).hasMessageContaining("to itself");
        assertThatThrownBy(() -> parse("<flow name='f'><stop/></flow>")).hasMessageContaining("unknown element <stop>");
        assertThatThrownBy(() -> parse("<flow name='f'></flow>")).hasMessageContaining("no steps");
        assertThatThrownBy(() -> parse("<flow name='f'><step from='a' to='b' message='BYE'><header name='To' present='false' pattern='x'/></step></flow>"))
                .hasMessageContaining("needs present=\"true\"");
        assertThatThrownBy(() -> parse("<flow name='f'>")).hasMessageContaining("not well-formed");
    }

    @Test
    void doctypesAreRefused() {
        String xxe = "<?xml version='1.0'?><!DOCTYPE flow [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><flow name='&x;'/>";
        assertThatThrownBy(() -> parse(xxe)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOCTYPE");
    }

    @Test
    void messagePatternsMatchMethodsCodesAndClasses() throws IOException {
        ExpectedFlow f = parse("<flow name='f' collapse-retransmissions='false'><ignore message='1xx'/>"
                + "<step from='a' to='b' message='2xx' cseq='BYE'/></flow>");
        assertThat(f.collapseRetransmissions()).isFalse();
        MessagePattern okBye = f.steps().get(0).message();
        assertThat(okBye.matches(Fixtures.response(202, "Accepted", "BYE", 1, null))).isTrue();
        assertThat(okBye.matches(Fixtures.response(200, "OK", "INVITE", 1, null))).isFalse();
        assertThat(okBye.matches(Fixtures.response(300, "Multiple Choices", "BYE", 1, null))).isFalse();
        assertThat(okBye.matches(Fixtures.request("BYE", 1, null))).isFalse();
        assertThat(MessagePattern.of("INVITE").matches(Fixtures.request("INVITE", 1, null))).isTrue();
        assertThat(MessagePattern.of("INVITE").matches(Fixtures.response(200, "OK", "INVITE", 1, null))).isFalse();
        assertThat(f.ignored().get(0).matches(Fixtures.response(183, "Session Progress", "INVITE", 1, null))).isTrue();
    }
}
