package org.imsemu.conformance;

/** The kinds of first difference a comparison can report. */
public enum Difference {
    /** Right hop, another message (e.g. 180 where 200 was expected). */
    WRONG_MESSAGE,
    /** The expected message, on another hop (reversed, or skipping a node). */
    WRONG_DIRECTION,
    /** Neither the message nor the hop is the expected one. */
    WRONG_MESSAGE_AND_DIRECTION,
    MISSING_HEADER,
    FORBIDDEN_HEADER,
    HEADER_MISMATCH,
    BODY_MISMATCH,
    /** The capture ended before the flow did. */
    MISSING_STEPS,
    /** The flow ended before the capture did. */
    EXTRA_MESSAGE
}
