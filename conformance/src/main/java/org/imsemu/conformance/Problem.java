package org.imsemu.conformance;

import java.util.Objects;

/** What was wrong with one message, in words. */
public record Problem(Difference kind, String text) {
    public Problem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }
}
