package org.imsemu.conformance;

import java.util.Arrays;
import java.util.Objects;

/**
 * A Diameter message as the comparator sees it: its command abbreviation ("MAR", "SAA"), whether it is
 * a request, its Result-Code or Experimental-Result-Code (null if none), and its bytes.
 */
public record DiameterSummary(String command, boolean request, Long result, byte[] bytes) {
    public DiameterSummary {
        Objects.requireNonNull(command, "command");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    boolean sameBytes(byte[] other) {
        return Arrays.equals(bytes, other);
    }

    /** "MAR", "MAA 2001" */
    public String label() {
        return result == null ? command : command + " " + result;
    }
}
