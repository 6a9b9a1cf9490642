package org.imsemu.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.imsemu.sip.message.SipMessage;

/**
 * A condition on a header of a message. {@code names} lists alternatives ("Expires|Contact"): the rule
 * holds when it holds for the values of any of them taken together.
 * <ul>
 * <li>present = true: at least one value; with a pattern, at least one value in which the pattern is
 *     found (Matcher.find, so anchor it with ^...$ to match whole values); with minValues, that many
 *     values at least (list headers count each comma-separated entry).</li>
 * <li>present = false: none of the names appears.</li>
 * <li>maxValues (when above 0): that many values at most (one Via: a request a node sent itself, not one
 *     it relays).</li>
 * <li>notPattern: found in no value (what must not leak: an internal host name behind topology
 *     hiding, a real identity in an anonymous request).</li>
 * </ul>
 */
public record HeaderRule(List<String> names, boolean present, Pattern pattern, int minValues, Pattern notPattern,
                         int maxValues) {
    public HeaderRule {
        names = List.copyOf(names);
        if (names.isEmpty()) throw new IllegalArgumentException("a header rule needs a header name");
        if (!present && (pattern != null || minValues > 0 || notPattern != null || maxValues > 0)) {
            throw new IllegalArgumentException("header " + String.join("|", names) + ": a pattern or min-values needs present=\"true\"");
        }
        if (maxValues > 0 && maxValues < minValues) {
            throw new IllegalArgumentException("header " + String.join("|", names) + ": max-values below min-values");
        }
    }

    public HeaderRule(List<String> names, boolean present, Pattern pattern, int minValues) {
        this(names, present, pattern, minValues, null, 0);
    }

    public static HeaderRule present(String names) {
        return new HeaderRule(split(names), true, null, 0);
    }

    public static HeaderRule absent(String names) {
        return new HeaderRule(split(names), false, null, 0);
    }

    public static HeaderRule matching(String names, String regex) {
        return new HeaderRule(split(names), true, Pattern.compile(regex), 0);
    }

    static List<String> split(String names) {
        List<String> out = new ArrayList<>();
        for (String n : names.split("\\|")) {
            if (!n.isBlank()) out.add(n.strip());
        }
        return out;
    }

    public String displayName() {
        return String.join("|", names);
    }

    /** What is wrong with {@code m}, or null when the rule holds. */
    public Problem check(SipMessage m) {
        StringBuilder why = new StringBuilder();
        List<String> values = new ArrayList<>();
        for (String n : names) values.addAll(m.headerValues(n));
        if (!present) {
            if (values.isEmpty()) return null;
            why.append("header ").append(displayName()).append(" present but must be absent: \"").append(values.get(0)).append('"');
            return new Problem(Difference.FORBIDDEN_HEADER, why.toString());
        }
        if (values.isEmpty()) {
            return new Problem(Difference.MISSING_HEADER, "missing header " + displayName());
        }
        if (pattern != null && values.stream().noneMatch(v -> pattern.matcher(v).find())) {
            why.append("header ").append(displayName()).append(values.size() == 1 ? " value " : " values ");
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) why.append(", ");
                why.append('"').append(values.get(i)).append('"');
            }
            why.append(values.size() == 1 ? " does not match /" : " do not match /").append(pattern.pattern()).append('/');
            return new Problem(Difference.HEADER_MISMATCH, why.toString());
        }
        if (notPattern != null) {
            for (String v : values) {
                if (notPattern.matcher(v).find()) {
                    return new Problem(Difference.HEADER_MISMATCH, "header " + displayName() + " value \"" + v + "\" contains /"
                            + notPattern.pattern() + "/, which it must not");
                }
            }
        }
        if (values.size() < minValues) {
            why.append("header ").append(displayName()).append(" has ").append(values.size())
                    .append(values.size() == 1 ? " value" : " values").append(", at least ").append(minValues).append(" expected: ")
                    .append(values);
            return new Problem(Difference.HEADER_MISMATCH, why.toString());
        }
        if (maxValues > 0 && values.size() > maxValues) {
            return new Problem(Difference.HEADER_MISMATCH, "header " + displayName() + " has " + values.size()
                    + " values, at most " + maxValues + " expected: " + values);
        }
        return null;
    }

    @Override
    public String toString() {
        if (!present) return "no " + displayName();
        StringBuilder sb = new StringBuilder(displayName());
        if (pattern != null) sb.append(" ~ /").append(pattern.pattern()).append('/');
        if (notPattern != null) sb.append(" !~ /").append(notPattern.pattern()).append('/');
        if (minValues > 0) sb.append(" (>= ").append(minValues).append(" values)");
        if (maxValues > 0) sb.append(" (<= ").append(maxValues).append(" values)");
        return sb.toString();
    }
}
