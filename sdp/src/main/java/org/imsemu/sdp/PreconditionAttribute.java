package org.imsemu.sdp;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An RFC 3312 precondition status attribute: {@code a=curr}, {@code a=des} or {@code a=conf}.
 * {@code strength} is only carried by {@code des} and is null for the other two kinds, which keeps
 * "no strength" distinct from the strength tag {@code none}.
 */
public record PreconditionAttribute(Kind kind, String preconditionType, Strength strength,
                                    StatusType statusType, StatusDirection direction) {

    /** The only precondition type RFC 3312 defines. */
    public static final String QOS = "qos";

    /** Which of the three status tables the attribute describes. */
    public enum Kind {
        /** Current status. */
        CURR,
        /** Desired status. */
        DES,
        /** Confirmation request. */
        CONF;

        public String attributeName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Strength { MANDATORY, OPTIONAL, NONE, FAILURE, UNKNOWN }

    /** End-to-end, or one of the two access-network segments. */
    public enum StatusType { E2E, LOCAL, REMOTE }

    /** Unlike {@link Direction} this has NONE, meaning no resources reserved in either direction. */
    public enum StatusDirection { NONE, SEND, RECV, SENDRECV }

    public PreconditionAttribute {
        Objects.requireNonNull(kind, "kind");
        Syntax.token(preconditionType, "precondition type");
        Objects.requireNonNull(statusType, "statusType");
        Objects.requireNonNull(direction, "direction");
        if ((kind == Kind.DES) != (strength != null)) {
            throw new IllegalArgumentException("strength is required for des and forbidden for " + kind.attributeName());
        }
    }

    public static PreconditionAttribute curr(String type, StatusType status, StatusDirection direction) {
        return new PreconditionAttribute(Kind.CURR, type, null, status, direction);
    }

    public static PreconditionAttribute des(String type, Strength strength, StatusType status,
                                            StatusDirection direction) {
        return new PreconditionAttribute(Kind.DES, type, strength, status, direction);
    }

    public static PreconditionAttribute conf(String type, StatusType status, StatusDirection direction) {
        return new PreconditionAttribute(Kind.CONF, type, null, status, direction);
    }

    public static boolean isPreconditionAttribute(String attributeName) {
        return "curr".equals(attributeName) || "des".equals(attributeName) || "conf".equals(attributeName);
    }

    /** @throws IllegalArgumentException if the attribute is not a well-formed curr/des/conf */
    public static PreconditionAttribute parse(Attribute attribute) {
        if (attribute.value() == null) {
            throw new IllegalArgumentException("a=" + attribute.name() + " needs a value");
        }
        return parse(attribute.name(), attribute.value());
    }

    static PreconditionAttribute parse(String name, String value) {
        Kind kind;
        switch (name) {
            case "curr":
                kind = Kind.CURR;
                break;
            case "des":
                kind = Kind.DES;
                break;
            case "conf":
                kind = Kind.CONF;
                break;
            default:
                throw new IllegalArgumentException("'" + name + "' is not a precondition attribute");
        }
        List<String> f = Syntax.fields(value, "a=" + name);
        int expected = kind == Kind.DES ? 4 : 3;
        if (f.size() != expected) {
            throw new IllegalArgumentException("a=" + name + " needs " + (kind == Kind.DES
                    ? "'<type> <strength> <status-type> <direction>'"
                    : "'<type> <status-type> <direction>'") + " but was '" + value + "'");
        }
        int i = 1;
        Strength strength = kind == Kind.DES ? lookup(Strength.class, f.get(i++), "strength tag") : null;
        StatusType status = lookup(StatusType.class, f.get(i++), "status type");
        StatusDirection dir = lookup(StatusDirection.class, f.get(i), "direction tag");
        return new PreconditionAttribute(kind, f.get(0), strength, status, dir);
    }

    /** ABNF literals are case-insensitive, so "E2E" is as valid as "e2e". */
    private static <E extends Enum<E>> E lookup(Class<E> type, String s, String what) {
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(s)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown precondition " + what + " '" + s + "'");
    }

    /** The attribute value, e.g. {@code qos mandatory local sendrecv}. */
    public String value() {
        StringBuilder sb = new StringBuilder(40).append(preconditionType).append(' ');
        if (strength != null) {
            sb.append(strength.name().toLowerCase(Locale.ROOT)).append(' ');
        }
        return sb.append(statusType.name().toLowerCase(Locale.ROOT)).append(' ')
                .append(direction.name().toLowerCase(Locale.ROOT)).toString();
    }

    public Attribute toAttribute() {
        return Attribute.of(kind.attributeName(), value());
    }

    @Override
    public String toString() {
        return "a=" + kind.attributeName() + ':' + value();
    }
}
