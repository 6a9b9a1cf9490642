package org.imsemu.nodes.scscf.ifc;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.imsemu.sip.message.SipRequest;

/**
 * One condition of a trigger point (TS 29.228 annex B.2.2 "SPT"): on the method, the Request-URI, a
 * header, the session case or an SDP line; possibly negated; belonging to one or more groups.
 * Contents are regular expressions, found anywhere in the value.
 */
public sealed interface ServicePointTrigger {

    boolean negated();

    List<Integer> groups();

    /** Whether the condition (before negation) holds for the request. */
    boolean holds(SipRequest request, SessionCase sessionCase);

    default boolean matches(SipRequest request, SessionCase sessionCase) {
        return holds(request, sessionCase) != negated();
    }

    record Method(String method, boolean negated, List<Integer> groups) implements ServicePointTrigger {
        @Override
        public boolean holds(SipRequest request, SessionCase sessionCase) {
            return request.method().equalsIgnoreCase(method);
        }
    }

    record RequestUri(Pattern pattern, boolean negated, List<Integer> groups) implements ServicePointTrigger {
        @Override
        public boolean holds(SipRequest request, SessionCase sessionCase) {
            return pattern.matcher(request.requestUri().toString()).find();
        }
    }

    /** A header that must be present, and whose content (when given) must match in one of its values. */
    record SipHeader(String header, Pattern content, boolean negated, List<Integer> groups) implements ServicePointTrigger {
        @Override
        public boolean holds(SipRequest request, SessionCase sessionCase) {
            List<String> values = request.headerValues(header);
            if (values.isEmpty()) return false;
            return content == null || values.stream().anyMatch(v -> content.matcher(v).find());
        }
    }

    record Case(SessionCase sessionCase, boolean negated, List<Integer> groups) implements ServicePointTrigger {
        @Override
        public boolean holds(SipRequest request, SessionCase actual) {
            return actual == sessionCase;
        }
    }

    /** An SDP line of the given type (e.g. "m") whose value matches, in a request with an SDP body. */
    record SessionDescription(String line, Pattern content, boolean negated, List<Integer> groups) implements ServicePointTrigger {
        @Override
        public boolean holds(SipRequest request, SessionCase sessionCase) {
            String type = request.header("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/sdp") || request.body().length == 0) return false;
            String prefix = line + "=";
            for (String l : new String(request.body(), java.nio.charset.StandardCharsets.UTF_8).split("\r?\n")) {
                if (l.startsWith(prefix) && (content == null || content.matcher(l.substring(prefix.length())).find())) return true;
            }
            return false;
        }
    }
}
