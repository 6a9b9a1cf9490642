package org.imsemu.conformance;

/**
 * The result of comparing a capture with a flow.
 *
 * @param stepsMatched  steps matched before the first difference (all mandatory ones on a pass)
 * @param compared      observed messages left after removing other nodes' traffic, ignored messages
 *                      and retransmissions
 * @param failedStep    the expected step at the first difference, or null (pass, or an extra message)
 * @param actual        the message found at the first difference, or null (pass, or capture too short)
 * @param actualIndex   1-based position of {@code actual} among the compared messages, or 0
 * @param difference    the kind of the first difference, or null on a pass
 * @param explanation   one paragraph a human can act on; "" on a pass
 */
public record Verdict(String flow, boolean passed, int stepsMatched, int stepsTotal, int compared, Step failedStep,
                      ObservedMessage actual, int actualIndex, Difference difference, String explanation) {

    static Verdict pass(ExpectedFlow f, int matched, int compared) {
        return new Verdict(f.name(), true, matched, f.steps().size(), compared, null, null, 0, null, "");
    }

    /** "registration: PASS (12 of 12 steps)" or the failure with its explanation. */
    public String summary() {
        if (passed) return flow + ": PASS (" + stepsMatched + " of " + stepsTotal + " steps matched, " + compared + " messages compared)";
        return flow + ": FAIL after " + stepsMatched + " of " + stepsTotal + " steps\n" + explanation;
    }

    @Override
    public String toString() {
        return summary();
    }
}
