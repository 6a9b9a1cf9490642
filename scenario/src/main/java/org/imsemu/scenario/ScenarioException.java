package org.imsemu.scenario;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A scenario that cannot be used. {@link #getMessage()} is the first error as
 * {@code FILE:LINE:COLUMN: what is wrong}; {@link #errors()} has all that were found, in document order.
 */
public final class ScenarioException extends RuntimeException {
    private final transient List<ScenarioError> errors;

    public ScenarioException(List<ScenarioError> errors) {
        super(errors.isEmpty() ? "no errors" : errors.get(0).toString());
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ScenarioException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public ScenarioException(ScenarioError error) {
        this(List.of(error));
    }

    public List<ScenarioError> errors() {
        return errors;
    }

    /** Every error, one per line. */
    public String report() {
        return errors.stream().map(ScenarioError::toString).collect(Collectors.joining("\n"));
    }
}
