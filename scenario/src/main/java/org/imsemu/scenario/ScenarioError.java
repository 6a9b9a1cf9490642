package org.imsemu.scenario;

/**
 * One thing wrong in a scenario file, at the element it concerns (line and column of its '<', 1-based).
 * Line 0 means the file as a whole (it could not be read).
 */
public record ScenarioError(String file, int line, int column, String message) {

    /** {@code FILE:LINE:COLUMN: what is wrong} (or {@code FILE: what is wrong} for line 0). */
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column + ": " + message : file + ": " + message;
    }
}
