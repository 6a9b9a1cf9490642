package org.imsemu.as.samples;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.imsemu.as.sh.ShData;
import org.imsemu.sip.uri.Uri;
import org.w3c.dom.Element;

/**
 * The {@link CallForwardingAs}'s data for one user, kept in the HSS as Sh repository data with service
 * indication {@value #SERVICE_INDICATION}. Its ServiceData holds one element:
 * <pre>{@code
 * <CallForwarding>
 *   <Target>sip:carol@domain1.com</Target>   <!-- where calls go; any sip:, sips: or tel: URI -->
 *   <On>busy no-answer</On>                  <!-- space-separated: busy, no-answer, unconditional -->
 * </CallForwarding>
 * }</pre>
 * {@code On} may be left out: it then means "busy no-answer".
 */
public record ForwardingRule(Uri target, Set<Condition> conditions) {
    public static final String SERVICE_INDICATION = "call-forwarding";

    public enum Condition {
        /** The callee answered 486 Busy Here or 600 Busy Everywhere. */
        BUSY("busy"),
        /** Nobody answered within the AS's no-answer timeout (408), or 480 Temporarily Unavailable. */
        NO_ANSWER("no-answer"),
        /** Every call, at once, without trying the callee. */
        UNCONDITIONAL("unconditional");

        final String token;

        Condition(String token) {
            this.token = token;
        }

        static Condition of(String token) {
            for (Condition c : values()) if (c.token.equals(token.toLowerCase(Locale.ROOT))) return c;
            throw new IllegalArgumentException("unknown call-forwarding condition '" + token + "' (busy, no-answer, unconditional)");
        }
    }

    public ForwardingRule {
        Objects.requireNonNull(target, "target");
        conditions = conditions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(conditions));
        if (conditions.isEmpty()) throw new IllegalArgumentException("a forwarding rule needs at least one condition");
    }

    /** Whether a final failure with this status triggers forwarding. */
    public boolean appliesTo(int status) {
        return switch (status) {
            case 486, 600 -> conditions.contains(Condition.BUSY);
            case 408, 480 -> conditions.contains(Condition.NO_ANSWER);
            default -> false;
        };
    }

    public boolean isUnconditional() {
        return conditions.contains(Condition.UNCONDITIONAL);
    }

    /** Parses the content of ServiceData; {@link IllegalArgumentException} with the reason when it is not a rule. */
    public static ForwardingRule parse(String serviceData) {
        Element root = ShData.Xml.parse(serviceData.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        if (!"CallForwarding".equals(root.getTagName())) {
            throw new IllegalArgumentException("ServiceData is <" + root.getTagName() + ">, expected <CallForwarding>");
        }
        String target = ShData.Xml.childText(root, "Target").map(String::strip)
                .orElseThrow(() -> new IllegalArgumentException("<CallForwarding> without <Target>"));
        String on = ShData.Xml.childText(root, "On").map(String::strip).orElse("busy no-answer");
        Set<Condition> conditions = EnumSet.noneOf(Condition.class);
        for (String t : on.split("\\s+")) if (!t.isEmpty()) conditions.add(Condition.of(t));
        return new ForwardingRule(Uri.parse(target), conditions);
    }

    /** The ServiceData content for this rule (what an AS or a provisioning tool writes with PUR). */
    public String toServiceData() {
        StringBuilder on = new StringBuilder();
        for (Condition c : EnumSet.copyOf(conditions)) on.append(on.length() == 0 ? "" : " ").append(c.token);
        return "<CallForwarding><Target>" + target.toString().replace("&", "&amp;").replace("<", "&lt;")
                + "</Target><On>" + on + "</On></CallForwarding>";
    }
}
