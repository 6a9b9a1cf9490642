package org.imsemu.scenario;

import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the XML Schema validator's messages (English, forced by the loader) into plain words about
 * scenario elements. A message it does not recognise is kept, minus its "cvc-..." code.
 */
final class SchemaMessages {

    /** Where the translated error should point. */
    enum Where { TAG, FIRST_CHILD, FIRST_TEXT, FIRST_CHILD_OF_TEXT_ELEMENT }

    record Translation(String message, Where where) {
    }

    private static final Pattern CODE = Pattern.compile("^(cvc-[A-Za-z0-9.\\-]+): (.*)$", Pattern.DOTALL);
    private static final Pattern BAD_VALUE = Pattern.compile(
            "The value '(.*)' of attribute '([^']*)' on element '([^']*)' is not valid with respect to its type, '([^']*)'\\.", Pattern.DOTALL);
    private static final Pattern UNKNOWN_ATTRIBUTE = Pattern.compile("Attribute '([^']*)' is not allowed to appear in element '([^']*)'\\.");
    private static final Pattern MISSING_ATTRIBUTE = Pattern.compile("Attribute '([^']*)' must appear on element '([^']*)'\\.");
    private static final Pattern UNEXPECTED_ELEMENT = Pattern.compile(
            "Invalid content was found starting with element '([^']*)'\\. One of '\\{(.*)\\}' is expected\\.");
    private static final Pattern NO_CHILD_EXPECTED = Pattern.compile(
            "Invalid content was found starting with element '([^']*)'\\. No child element is expected at this point\\.");
    private static final Pattern MUST_BE_EMPTY = Pattern.compile("Element '([^']*)' must have no character or element information item.*");
    private static final Pattern TEXT_ONLY = Pattern.compile("Element '([^']*)' must have no element \\[children\\].*", Pattern.DOTALL);
    private static final Pattern NO_TEXT = Pattern.compile("Element '([^']*)' cannot have character.*");
    private static final Pattern NO_DECLARATION = Pattern.compile("Cannot find the declaration of element '([^']*)'\\.");

    /** What each simple type of scenario.xsd accepts, in words. */
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("Name", "a name of letters, digits, '.', '_' or '-' (at most 63 characters, starting with a letter or digit)"),
            Map.entry("HostName", "a DNS label: letters, digits and '-', at most 63 characters, not starting or ending with '-'"),
            Map.entry("DomainName", "a domain name like domain1.com"),
            Map.entry("Role", "one of " + Role.allXmlNames()),
            Map.entry("IpVersion", "ipv4 or ipv6"),
            Map.entry("Ipv4Prefix", "an IPv4 prefix like 127.0.1.0/24"),
            Map.entry("Ipv6Prefix", "an IPv6 prefix like fd00:1::/64"),
            Map.entry("Address", "an IPv4 or IPv6 address like 127.0.1.10 or fd00:1::10"),
            Map.entry("Port", "a port number from 1 to 65535"),
            Map.entry("Vlan", "a VLAN id from 1 to 4094"),
            Map.entry("RangeBound", "a whole number from 0 to 999999999"),
            Map.entry("Uri", "a URI without spaces, like sip:alice@domain1.com"),
            Map.entry("Impi", "a private identity user@realm, like alice@domain1.com"),
            Map.entry("UserPrefix", "the start of a user name: letters, digits, '.', '_', '~', '+' or '-'"),
            Map.entry("Hex128", "32 hexadecimal digits (128 bits)"),
            Map.entry("Hex16", "4 hexadecimal digits (16 bits)"),
            Map.entry("JdbcUrl", "a JDBC URL like jdbc:h2:file:./hss1 or jdbc:postgresql://localhost/hss"),
            Map.entry("AsService", "one of " + AsService.allXmlNames()),
            Map.entry("NoAnswerSeconds", "a number of seconds from 1 to 3600"),
            Map.entry("IfcPriority", "a whole number from 0 up (lower is evaluated first)"),
            Map.entry("SipMethod", "a SIP method like INVITE"),
            Map.entry("SipHeaderName", "a SIP header name like P-Asserted-Identity"),
            Map.entry("SessionCase", "one of originating, terminating, terminating-unregistered, originating-unregistered, originating-cdiv"),
            Map.entry("DefaultHandling", "continue or terminate"),
            Map.entry("ServiceIndication", "a service indication without spaces, like call-forwarding"),
            Map.entry("boolean", "true or false"));

    private final SchemaVocabulary vocabulary;

    SchemaMessages(SchemaVocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** Errors about a value's facet, which the validator follows with one naming the attribute. */
    static boolean isFacetError(String message) {
        return message.startsWith("cvc-pattern-valid") || message.startsWith("cvc-enumeration-valid")
                || message.startsWith("cvc-datatype-valid") || message.startsWith("cvc-minInclusive-valid")
                || message.startsWith("cvc-maxInclusive-valid") || message.startsWith("cvc-length-valid")
                || message.startsWith("cvc-minLength-valid") || message.startsWith("cvc-maxLength-valid");
    }

    /**
     * @param message the validator's message
     * @param parent  the element being read when the error came: the parent of a misplaced element,
     *                the element itself for errors about its content
     */
    Translation translate(String message, String parent) {
        Matcher code = CODE.matcher(message);
        String text = code.matches() ? code.group(2) : message;
        Matcher m;
        if ((m = BAD_VALUE.matcher(text)).matches()) {
            String type = m.group(4);
            String expected = TYPES.getOrDefault(type, "a value of type " + type);
            return tag("invalid value \"" + m.group(1) + "\" for attribute \"" + m.group(2) + "\" on <" + m.group(3)
                    + ">: expected " + expected);
        }
        if ((m = UNKNOWN_ATTRIBUTE.matcher(text)).matches()) {
            String attribute = m.group(1);
            String element = m.group(2);
            String closest = vocabulary.closestAttribute(element, attribute);
            String hint = closest != null ? " (did you mean \"" + closest + "\"?)"
                    : " (allowed: " + String.join(", ", vocabulary.attributes(element)) + ")";
            return tag("unknown attribute \"" + attribute + "\" on <" + element + ">" + hint);
        }
        if ((m = MISSING_ATTRIBUTE.matcher(text)).matches()) {
            return tag("missing attribute \"" + m.group(1) + "\" on <" + m.group(2) + ">");
        }
        if ((m = UNEXPECTED_ELEMENT.matcher(text)).matches()) {
            String allowed = Arrays.stream(m.group(2).split(",\\s*")).map(s -> "<" + s.trim() + ">").collect(Collectors.joining(", "));
            return tag(misplaced(m.group(1), parent) + " (allowed here: " + allowed + ")");
        }
        if ((m = NO_CHILD_EXPECTED.matcher(text)).matches()) {
            return tag(misplaced(m.group(1), parent) + " (<" + parent + "> takes no more child elements here)");
        }
        if ((m = MUST_BE_EMPTY.matcher(text)).matches()) {
            return new Translation("<" + m.group(1) + "> must be empty: it takes attributes only, no child elements or text",
                    Where.FIRST_CHILD);
        }
        if ((m = TEXT_ONLY.matcher(text)).matches()) {
            // the handler names the element (and its offending child)
            return new Translation("takes text only: write the XML inside <![CDATA[ ... ]]>", Where.FIRST_CHILD_OF_TEXT_ELEMENT);
        }
        if ((m = NO_TEXT.matcher(text)).matches()) {
            return new Translation("text is not allowed inside <" + m.group(1) + "> (only elements and comments)", Where.FIRST_TEXT);
        }
        if ((m = NO_DECLARATION.matcher(text)).matches()) {
            return tag(m.group(1).equals("scenario")
                    ? "the root element must be <scenario> in no namespace (remove xmlns=\"...\")"
                    : "the root element must be <scenario>, not <" + m.group(1) + ">");
        }
        return tag(text);
    }

    private String misplaced(String element, String parent) {
        String where = parent == null ? "" : " inside <" + parent + ">";
        return vocabulary.isElement(element)
                ? "element <" + element + "> is not allowed" + where
                : "unknown element <" + element + ">" + where;
    }

    private static Translation tag(String message) {
        return new Translation(message, Where.TAG);
    }
}
