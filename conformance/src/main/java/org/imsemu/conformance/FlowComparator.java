package org.imsemu.conformance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares observed messages with an expected flow and explains the first difference.
 *
 * <p>Before comparing, three kinds of message are left out: messages whose sender or receiver plays no
 * role in the flow (other users' traffic, DNS servers), messages the flow ignores (100 Trying), and — when
 * the flow collapses retransmissions — a message identical, byte for byte and hop for hop, to an earlier
 * one. The rest must match the steps one to one.
 *
 * <p>The steps of a flow are written in one order, but a capture of several nodes only has the order
 * causality gives (as in a message sequence chart): a node sends its messages in the order of the flow,
 * and sends a message only after it received what the flow shows it receiving before. Two messages on
 * unrelated hops (a 200 to an UPDATE still on its way back while the callee's 180 already leaves it) may
 * be captured either way round. So a step is <em>due</em> once every earlier mandatory step sent by its
 * sender, or received by its sender, has matched; each observed message, in capture order, must be the
 * message of a due step on that step's hop, else it is the first difference, explained against the
 * earliest due step. An optional step matches when its message comes while it is due; it is given up
 * once its sender has sent a later step's message. If the message is an optional step's message on its
 * hop but breaks a header rule, that is reported, since it is the step, only wrong. Where the flow itself
 * leaves an order open ({@code <parallel>} branches: a NOTIFY about a transfer and the transferred call),
 * steps of different branches do not wait for each other; when a message has the shape of due steps
 * in several branches, it is the one whose rules it meets.
 */
public final class FlowComparator {
    private FlowComparator() {
    }

    public static Verdict compare(ExpectedFlow flow, List<ObservedMessage> observed) {
        List<ObservedMessage> msgs = relevant(flow, observed);
        List<Step> steps = flow.steps();
        int n = steps.size();
        boolean[] done = new boolean[n]; // matched, or (optional) given up
        int matched = 0;
        for (int i = 0; i < msgs.size(); i++) {
            ObservedMessage m = msgs.get(i);
            int match = -1;
            int firstDue = -1;
            for (int j = 0; j < n; j++) {
                if (done[j] || !isDue(steps, done, j)) continue;
                if (firstDue < 0 && !steps.get(j).optional()) firstDue = j;
                if (sameShape(steps.get(j), m)) {
                    if (match < 0) match = j;
                    if (check(steps.get(j), m) == null) { // of two due steps alike (branches), the one it fulfils
                        match = j;
                        break;
                    }
                }
            }
            if (match < 0) {
                if (firstDue < 0 && allMandatoryDone(steps, done)) {
                    String text = "unexpected extra message at the end: message " + (i + 1) + " of " + msgs.size() + " compared, "
                            + m.describe() + ", after the last step of " + flow.name() + " (" + steps.get(n - 1).describe() + ")";
                    return new Verdict(flow.name(), false, matched, n, msgs.size(), null, m, i + 1, Difference.EXTRA_MESSAGE, text);
                }
                Step expected = steps.get(firstDue >= 0 ? firstDue : firstMandatoryLeft(steps, done));
                return fail(flow, expected, m, i + 1, matched, msgs.size(), check(expected, m));
            }
            Step step = steps.get(match);
            Problem p = check(step, m);
            if (p != null) return fail(flow, step, m, i + 1, matched, msgs.size(), p);
            done[match] = true;
            matched++;
            for (int k = 0; k < match; k++) { // its sender went past the optional steps it did not send
                if (!done[k] && steps.get(k).optional() && steps.get(k).from().equals(step.from())
                        && !steps.get(k).isConcurrentWith(step)) done[k] = true;
            }
        }
        for (int j = 0; j < n; j++) {
            if (!done[j] && !steps.get(j).optional()) return missing(flow, steps.get(j), matched, msgs);
        }
        return Verdict.pass(flow, matched, msgs.size());
    }

    /**
     * Whether every earlier mandatory step that step {@code j}'s sender sends, or receives, has matched:
     * then nothing the flow puts before it at that node is outstanding.
     */
    private static boolean isDue(List<Step> steps, boolean[] done, int j) {
        String node = steps.get(j).from();
        for (int k = 0; k < j; k++) {
            Step before = steps.get(k);
            if (done[k] || before.optional() || before.isConcurrentWith(steps.get(j))) continue;
            if (before.from().equals(node) || before.to().equals(node)) return false;
        }
        return true;
    }

    private static boolean allMandatoryDone(List<Step> steps, boolean[] done) {
        return firstMandatoryLeft(steps, done) < 0;
    }

    private static int firstMandatoryLeft(List<Step> steps, boolean[] done) {
        for (int j = 0; j < steps.size(); j++) {
            if (!done[j] && !steps.get(j).optional()) return j;
        }
        return -1;
    }

    /** The observed messages that take part in the comparison, in order. */
    public static List<ObservedMessage> relevant(ExpectedFlow flow, List<ObservedMessage> observed) {
        Set<String> roles = flow.roles();
        Map<String, List<byte[]>> seen = new HashMap<>();
        List<ObservedMessage> out = new ArrayList<>();
        for (ObservedMessage m : observed) {
            if (!roles.contains(m.from()) || !roles.contains(m.to()) || flow.isIgnored(m)) continue;
            if (flow.collapseRetransmissions()) {
                byte[] bytes = m.bytes();
                List<byte[]> onHop = seen.computeIfAbsent(m.from() + ">" + m.to(), k -> new ArrayList<>());
                if (onHop.stream().anyMatch(b -> Arrays.equals(b, bytes))) continue;
                onHop.add(bytes);
            }
            out.add(m);
        }
        return out;
    }

    /** Null when {@code m} is {@code step}; otherwise the first thing that differs. */
    static Problem check(Step step, ObservedMessage m) {
        boolean hop = step.from().equals(m.from()) && step.to().equals(m.to());
        boolean message = step.message().matches(m);
        if (!hop && !message) {
            return new Problem(Difference.WRONG_MESSAGE_AND_DIRECTION, "wrong message and hop: expected " + step.message()
                    + " from " + step.from() + " to " + step.to() + ", found " + label(m) + " from " + m.from() + " to " + m.to());
        }
        if (!hop) {
            String how = step.from().equals(m.to()) && step.to().equals(m.from()) ? " (reversed)" : "";
            return new Problem(Difference.WRONG_DIRECTION, "wrong direction" + how + ": " + step.message() + " expected from "
                    + step.from() + " to " + step.to() + ", found from " + m.from() + " to " + m.to());
        }
        if (!message) {
            return new Problem(Difference.WRONG_MESSAGE, "wrong message: expected " + step.message() + ", found " + label(m));
        }
        if (m.isDiameter()) return null; // a Diameter step has no header or body rules (checked at load)
        for (HeaderRule rule : step.headers()) {
            Problem p = rule.check(m.message());
            if (p != null) return p;
        }
        return step.body() == null ? null : step.body().check(m.message());
    }

    private static boolean sameShape(Step step, ObservedMessage m) {
        return step.from().equals(m.from()) && step.to().equals(m.to()) && step.message().matches(m);
    }

    private static String label(ObservedMessage m) {
        if (m.isDiameter()) return "Diameter " + m.diameter().label();
        String start = m.message().startLine();
        if (m.message().isRequest()) return start.substring(0, start.indexOf(' ') < 0 ? start.length() : start.indexOf(' '));
        String cseq;
        try {
            cseq = m.message().cseq() == null ? null : m.message().cseq().method();
        } catch (RuntimeException e) {
            cseq = null;
        }
        String status = start.startsWith("SIP/2.0 ") ? start.substring(8) : start;
        return status + (cseq == null ? "" : " (" + cseq + ")");
    }

    private static Verdict fail(ExpectedFlow flow, Step step, ObservedMessage m, int index, int matched, int compared, Problem p) {
        String text = "expected: " + step.describeWithRules() + (step.note() == null ? "" : " — " + step.note()) + "\n"
                + "found:    message " + index + " of " + compared + ": " + m.describe() + "\n"
                + "problem:  " + p.text();
        return new Verdict(flow.name(), false, matched, flow.steps().size(), compared, step, m, index, p.kind(), text);
    }

    private static Verdict missing(ExpectedFlow flow, Step step, int matched, List<ObservedMessage> msgs) {
        List<Step> rest = flow.steps().subList(step.number() - 1, flow.steps().size());
        long mandatory = rest.stream().filter(s -> !s.optional()).count();
        String text = "expected: " + step.describeWithRules() + "\n"
                + "found:    nothing: the capture ended after " + msgs.size() + " compared messages"
                + (msgs.isEmpty() ? "" : " (last: " + msgs.get(msgs.size() - 1).describe() + ")") + "\n"
                + "problem:  missing steps at the end: " + mandatory + " mandatory step" + (mandatory == 1 ? "" : "s")
                + " from step " + step.number() + " to step " + flow.steps().size();
        return new Verdict(flow.name(), false, matched, flow.steps().size(), msgs.size(), step, null, 0, Difference.MISSING_STEPS, text);
    }
}
