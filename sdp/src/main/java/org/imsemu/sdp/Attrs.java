package org.imsemu.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Attribute-list operations shared by the session and media levels. */
final class Attrs {

    private Attrs() {
    }

    static Optional<Attribute> first(List<Attribute> list, String name) {
        for (Attribute a : list) {
            if (a.name().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    static List<Attribute> all(List<Attribute> list, String name) {
        List<Attribute> out = new ArrayList<>(2);
        for (Attribute a : list) {
            if (a.name().equals(name)) {
                out.add(a);
            }
        }
        return List.copyOf(out);
    }

    static List<Attribute> with(List<Attribute> list, Attribute attribute) {
        Objects.requireNonNull(attribute, "attribute");
        List<Attribute> out = new ArrayList<>(list.size() + 1);
        out.addAll(list);
        out.add(attribute);
        return out;
    }

    static List<Attribute> without(List<Attribute> list, String name) {
        List<Attribute> out = new ArrayList<>(list.size());
        for (Attribute a : list) {
            if (!a.name().equals(name)) {
                out.add(a);
            }
        }
        return out;
    }

    /** Replaces the first direction attribute in place (keeping line order stable) and drops any others. */
    static List<Attribute> withDirection(List<Attribute> list, Direction direction) {
        List<Attribute> out = new ArrayList<>(list.size() + 1);
        boolean placed = false;
        for (Attribute a : list) {
            if (a.value() == null && Direction.fromAttributeName(a.name()).isPresent()) {
                if (!placed) {
                    out.add(direction.toAttribute());
                    placed = true;
                }
            } else {
                out.add(a);
            }
        }
        if (!placed) {
            out.add(direction.toAttribute());
        }
        return out;
    }
}
