package org.imsemu.scenario;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Errors found while checking a scenario's meaning, each at the element it concerns. */
final class Problems {
    private final String file;
    private final List<ScenarioError> errors = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void add(XmlElement at, String message) {
        errors.add(new ScenarioError(file, at.line, at.column, message));
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** In document order; errors at the same element keep the order they were found in. */
    List<ScenarioError> sorted() {
        List<ScenarioError> copy = new ArrayList<>(errors);
        copy.sort(Comparator.comparingInt(ScenarioError::line).thenComparingInt(ScenarioError::column));
        return copy;
    }
}
