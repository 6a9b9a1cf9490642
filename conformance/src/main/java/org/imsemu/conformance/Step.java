package org.imsemu.conformance;

import java.util.List;
import java.util.Objects;

/**
 * One expected message of a flow: who sends it to whom (role labels such as "UE#1", "P-CSCF#1"), which
 * message, and conditions on its headers and body. An optional step may be absent from the capture.
 *
 * @param number 1-based position in the flow
 * @param body   condition on the body, or null for none
 * @param note   why the step is there (from the flow file), or null
 * @param lanes  the {@code <parallel>} branches the step is in, as "block:branch", outermost first
 */
public record Step(int number, String from, String to, MessagePattern message, List<HeaderRule> headers, BodyRule body,
                   boolean optional, String note, List<String> lanes) {
    public Step {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(message, "message");
        headers = List.copyOf(headers);
        lanes = List.copyOf(lanes);
        if (from.equals(to)) throw new IllegalArgumentException("step " + number + " goes from " + from + " to itself");
    }

    public Step(int number, String from, String to, MessagePattern message, List<HeaderRule> headers, BodyRule body,
                boolean optional, String note) {
        this(number, from, to, message, headers, body, optional, note, List.of());
    }

    /**
     * Whether the flow leaves the order of this step and {@code other} open: they sit in different
     * branches of one {@code <parallel>} block (each lane is "block:branch").
     */
    public boolean isConcurrentWith(Step other) {
        for (String mine : lanes) {
            String block = mine.substring(0, mine.indexOf(':') + 1);
            for (String theirs : other.lanes) {
                if (theirs.startsWith(block) && !theirs.equals(mine)) return true;
            }
        }
        return false;
    }

    /** "step 4: S-CSCF#1 -> I-CSCF#1 401" */
    public String describe() {
        return "step " + number + ": " + from + " -> " + to + " " + message + (optional ? " (optional)" : "");
    }

    /** The step with its conditions, for an explanation. */
    public String describeWithRules() {
        StringBuilder sb = new StringBuilder(describe());
        if (!headers.isEmpty() || body != null) {
            sb.append(" [");
            for (int i = 0; i < headers.size(); i++) {
                if (i > 0) sb.append("; ");
                sb.append(headers.get(i));
            }
            if (body != null) sb.append(headers.isEmpty() ? "" : "; ").append(body);
            sb.append(']');
        }
        return sb.toString();
    }
}
