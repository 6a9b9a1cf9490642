package org.imsemu.diameter.dictionary;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.imsemu.diameter.AvpCatalog;
import org.imsemu.diameter.AvpDefinition;
import org.imsemu.diameter.CommandDefinition;
import org.imsemu.diameter.DiameterMessage;

/**
 * Names and types of AVPs and commands, looked up by (code, vendor) or by name. {@link #standard()}
 * holds the base protocol, Cx/Dx, Sh, Rx/Gq, Rf/Ro tables of this package; {@link #with} extends it.
 * Immutable.
 */
public final class Dictionary implements AvpCatalog {
    private static final Dictionary STANDARD = new Dictionary(
            collect(AvpDefinition.class, BaseAvps.class, CxAvps.class, ShAvps.class, RxAvps.class, ChargingAvps.class),
            collect(CommandDefinition.class, Commands.class));

    private final List<AvpDefinition> avps;
    private final List<CommandDefinition> commands;
    private final Map<Long, AvpDefinition> byCode = new HashMap<>();
    private final Map<String, AvpDefinition> byName = new HashMap<>();

    private Dictionary(List<AvpDefinition> avps, List<CommandDefinition> commands) {
        this.avps = List.copyOf(avps);
        this.commands = List.copyOf(commands);
        for (AvpDefinition d : avps) {
            if (byCode.putIfAbsent(key(d.code(), d.vendorId()), d) != null) throw new IllegalArgumentException("duplicate AVP code " + d);
            if (byName.putIfAbsent(d.name().toLowerCase(), d) != null) throw new IllegalArgumentException("duplicate AVP name " + d);
        }
    }

    /** The built-in dictionary. */
    public static Dictionary standard() {
        return STANDARD;
    }

    /** This dictionary plus more definitions (e.g. an operator's own AVPs). */
    public Dictionary with(Collection<AvpDefinition> moreAvps, Collection<CommandDefinition> moreCommands) {
        List<AvpDefinition> a = new ArrayList<>(avps);
        a.addAll(moreAvps);
        List<CommandDefinition> c = new ArrayList<>(commands);
        c.addAll(moreCommands);
        return new Dictionary(a, c);
    }

    @Override
    public AvpDefinition find(int code, int vendorId) {
        return byCode.get(key(code, vendorId));
    }

    public Optional<AvpDefinition> avp(int code, int vendorId) {
        return Optional.ofNullable(find(code, vendorId));
    }

    /** By name, ignoring case. */
    public Optional<AvpDefinition> avp(String name) {
        return Optional.ofNullable(byName.get(name.toLowerCase()));
    }

    public List<AvpDefinition> avps() {
        return avps;
    }

    public List<CommandDefinition> commands() {
        return commands;
    }

    /** The command with this code in this application, else the first with this code in any. */
    public Optional<CommandDefinition> command(int code, long applicationId) {
        CommandDefinition any = null;
        for (CommandDefinition c : commands) {
            if (c.code() != code) continue;
            if (c.applicationId() == applicationId) return Optional.of(c);
            if (any == null) any = c;
        }
        return Optional.ofNullable(any);
    }

    /** "MAR", "CEA" ... or "cmd-303-R" for an unknown command. */
    public String abbreviation(DiameterMessage m) {
        return command(m.commandCode(), m.applicationId())
                .map(c -> m.isRequest() ? c.requestAbbreviation() : c.answerAbbreviation())
                .orElse("cmd-" + m.commandCode() + (m.isRequest() ? "-R" : "-A"));
    }

    private static long key(int code, int vendor) {
        return ((long) vendor << 32) | (code & 0xffff_ffffL);
    }

    private static <T> List<T> collect(Class<T> type, Class<?>... holders) {
        List<T> out = new ArrayList<>();
        for (Class<?> h : holders) {
            for (Field f : h.getDeclaredFields()) {
                int mod = f.getModifiers();
                if (Modifier.isStatic(mod) && Modifier.isPublic(mod) && f.getType() == type) {
                    try {
                        out.add(type.cast(f.get(null)));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return out;
    }
}
