package org.imsemu.sdp;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** RFC 3264 stream direction, carried as a flag attribute at session or media level. */
public enum Direction {
    SENDRECV,
    SENDONLY,
    RECVONLY,
    INACTIVE;

    private final String attributeName = name().toLowerCase(Locale.ROOT);

    /** The attribute name, e.g. {@code sendonly}. */
    public String attributeName() {
        return attributeName;
    }

    public Attribute toAttribute() {
        return Attribute.flag(attributeName);
    }

    public boolean sends() {
        return this == SENDRECV || this == SENDONLY;
    }

    public boolean receives() {
        return this == SENDRECV || this == RECVONLY;
    }

    /** What the answerer has to say for this offered direction if it accepts it as is (RFC 3264 section 6.1). */
    public Direction reverse() {
        switch (this) {
            case SENDONLY:
                return RECVONLY;
            case RECVONLY:
                return SENDONLY;
            default:
                return this;
        }
    }

    public static Optional<Direction> fromAttributeName(String name) {
        switch (name) {
            case "sendrecv":
                return Optional.of(SENDRECV);
            case "sendonly":
                return Optional.of(SENDONLY);
            case "recvonly":
                return Optional.of(RECVONLY);
            case "inactive":
                return Optional.of(INACTIVE);
            default:
                return Optional.empty();
        }
    }

    /** The first direction attribute in the list; several would be contradictory, so the first wins. */
    static Optional<Direction> find(List<Attribute> attributes) {
        for (Attribute a : attributes) {
            if (a.value() == null) {
                Optional<Direction> d = fromAttributeName(a.name());
                if (d.isPresent()) {
                    return d;
                }
            }
        }
        return Optional.empty();
    }
}
