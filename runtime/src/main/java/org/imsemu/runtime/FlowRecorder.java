package org.imsemu.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.imsemu.capture.CaptureBus;
import org.imsemu.capture.CaptureEvent;
import org.imsemu.capture.LadderDiagram;
import org.imsemu.capture.Protocol;
import org.imsemu.conformance.ExpectedFlow;
import org.imsemu.conformance.FlowComparator;
import org.imsemu.conformance.FlowLibrary;
import org.imsemu.conformance.ObservedMessage;
import org.imsemu.conformance.Step;
import org.imsemu.sip.message.SipRequest;
import org.imsemu.conformance.Verdict;
import org.imsemu.scenario.Scenario;

/**
 * Cuts the capture into the procedures a run performed (a registration, a call, ...) and checks each
 * against its TS 24.228 flow: {@link #begin} before a procedure, {@link #end} after it.
 */
public final class FlowRecorder {

    /** One procedure: its messages, drawn and checked. */
    public record FlowResult(String title, Verdict verdict, LadderDiagram ladder, List<CaptureEvent> events) {
        public boolean passed() {
            return verdict.passed();
        }
    }

    private final CaptureBus bus;
    /** Networks hiding their topology: a flow crossing one's edge runs through its I-CSCF. */
    private final List<HiddenTopology> hiding;
    private final List<FlowResult> results = new ArrayList<>();
    private long mark;

    public FlowRecorder(CaptureBus bus) {
        this(bus, List.of());
    }

    /** A recorder for a run of {@code scenario}: flows follow its networks' topology hiding. */
    public FlowRecorder(CaptureBus bus, Scenario scenario) {
        this(bus, HiddenTopology.of(scenario));
    }

    private FlowRecorder(CaptureBus bus, List<HiddenTopology> hiding) {
        this.bus = bus;
        this.hiding = List.copyOf(hiding);
    }

    public void begin() throws InterruptedException {
        bus.awaitDispatched();
        mark = bus.mark();
    }

    /** Where the procedure begun last starts on the bus. */
    public long mark() {
        return mark;
    }

    public CaptureBus bus() {
        return bus;
    }

    /**
     * Ends the procedure started by {@link #begin}: its SIP messages between nodes that have a role are
     * compared with flow {@code flowName} (through the exit of each network on the way that hides its
     * topology); the ladder shows its Diameter messages too.
     *
     * @param nodeRoles node name to role label (UE#1, P-CSCF#1, ...), in ladder column order
     */
    public FlowResult end(String title, String flowName, Map<String, String> nodeRoles) throws InterruptedException {
        bus.awaitDispatched();
        List<CaptureEvent> events = new ArrayList<>();
        for (CaptureEvent e : bus.since(mark)) {
            if (e.protocol() == Protocol.SIP || e.protocol() == Protocol.DIAMETER) events.add(e);
        }
        ExpectedFlow flow = FlowLibrary.load(flowName);
        Map<String, String> roles = new LinkedHashMap<>(nodeRoles);
        for (HiddenTopology h : hiding) flow = h.adapt(flow, roles);
        List<ObservedMessage> observed = ObservedMessage.fromCapture(events, roles, bus);
        if (!describesSubscriptions(flow)) observed = observed.stream().filter(m -> !isSubscriptionTraffic(m)).toList();
        Verdict verdict = FlowComparator.compare(flow, observed);
        LadderDiagram ladder = LadderDiagram.of(events, new ArrayList<>(roles.keySet()), bus::nameOf, Captures::labels,
                LadderDiagram.DEFAULT_WIDTH);
        FlowResult r = new FlowResult(title, verdict, ladder, events);
        results.add(r);
        return r;
    }

    /**
     * The reg event subscriptions of the P-CSCF (and UEs) and their NOTIFYs (TS 24.229 5.2.3, 5.4.2.1) run
     * beside every procedure after a registration; a flow that has no SUBSCRIBE or NOTIFY step does not
     * describe them, so they are left out of its comparison (they stay in the ladder).
     */
    private static boolean describesSubscriptions(ExpectedFlow flow) {
        for (Step s : flow.steps()) {
            String m = s.message().message();
            String c = s.message().cseqMethod();
            if ("SUBSCRIBE".equals(m) || "NOTIFY".equals(m) || "SUBSCRIBE".equals(c) || "NOTIFY".equals(c)) return true;
        }
        return false;
    }

    private static boolean isSubscriptionTraffic(ObservedMessage m) {
        if (m.message() == null) return false;
        if (m.message() instanceof SipRequest r) return (r.isMethod("SUBSCRIBE") || r.isMethod("NOTIFY")) && r.event() != null;
        String method = m.message().cseq().method();
        return method.equals("SUBSCRIBE") || method.equals("NOTIFY");
    }

    public List<FlowResult> results() {
        return List.copyOf(results);
    }

    /** Node name to role label, built in column order. */
    public static Map<String, String> roles(String... nameRolePairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < nameRolePairs.length; i += 2) m.put(nameRolePairs[i], nameRolePairs[i + 1]);
        return m;
    }
}
