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
 */
public record Step(int number, String from, String to, MessagePattern message, List<HeaderRule> headers, BodyRule body,
                   boolean optional, String note) {
    public Step {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(message, "message");
        headers = List.copyOf(headers);
        if (from.equals(to)) throw new IllegalArgumentException("step " + number + " goes from " + from + " to itself");
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
