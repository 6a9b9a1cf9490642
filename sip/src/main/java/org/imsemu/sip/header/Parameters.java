package org.imsemu.sip.header;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An ordered, immutable list of {@code ;name[=value]} parameters (URI parameters or header parameters).
 * Names compare case-insensitively. Values are kept exactly as written, quotes included, so a
 * message that is forwarded unchanged keeps its bytes; {@link #get} returns the unquoted value.
 */
public final class Parameters {
    public static final Parameters EMPTY = new Parameters(List.of());

    /** One parameter; {@code value} is null for a flag such as {@code ;lr}. */
    public record Param(String name, String value) {
        public Param {
            Objects.requireNonNull(name);
        }

        public String unquotedValue() {
            return value == null ? null : Quoting.unquote(value);
        }
    }

    private final List<Param> params;

    private Parameters(List<Param> params) {
        this.params = params;
    }

    public static Parameters of(List<Param> params) {
        return params.isEmpty() ? EMPTY : new Parameters(List.copyOf(params));
    }

    public List<Param> asList() {
        return params;
    }

    public boolean isEmpty() {
        return params.isEmpty();
    }

    public boolean has(String name) {
        return find(name) != null;
    }

    /** The unquoted value; "" for a flag parameter; null when absent. */
    public String get(String name) {
        Param p = find(name);
        if (p == null) return null;
        return p.value == null ? "" : p.unquotedValue();
    }

    public Param find(String name) {
        for (Param p : params) {
            if (p.name.equalsIgnoreCase(name)) return p;
        }
        return null;
    }

    /** A copy with the parameter set (replacing in place if present, appended otherwise). */
    public Parameters with(String name, String value) {
        List<Param> copy = new ArrayList<>(params.size() + 1);
        boolean replaced = false;
        for (Param p : params) {
            if (!replaced && p.name.equalsIgnoreCase(name)) {
                copy.add(new Param(p.name, value));
                replaced = true;
            } else {
                copy.add(p);
            }
        }
        if (!replaced) copy.add(new Param(name, value));
        return new Parameters(Collections.unmodifiableList(copy));
    }

    public Parameters without(String name) {
        if (!has(name)) return this;
        List<Param> copy = new ArrayList<>(params.size());
        for (Param p : params) {
            if (!p.name.equalsIgnoreCase(name)) copy.add(p);
        }
        return of(copy);
    }

    public void appendTo(StringBuilder sb) {
        for (Param p : params) {
            sb.append(';').append(p.name);
            if (p.value != null) sb.append('=').append(p.value);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendTo(sb);
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameters other && params.equals(other.params);
    }

    @Override
    public int hashCode() {
        return params.hashCode();
    }
}
