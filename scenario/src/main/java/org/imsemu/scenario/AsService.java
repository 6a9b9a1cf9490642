package org.imsemu.scenario;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The built-in sample application servers an {@code <node role="as" service="...">} can run. */
public enum AsService {
    /** Originating: logs every call it sees and lets it continue. */
    CALL_LOGGER("call-logger"),
    /** Terminating: forwards on busy or no answer to the target in the callee's Sh repository data. */
    CALL_FORWARDING("call-forwarding");

    /** The no-answer timer of call-forwarding when the node gives no {@code no-answer-seconds}. */
    public static final int DEFAULT_NO_ANSWER_SECONDS = 10;

    private final String xmlName;

    AsService(String xmlName) {
        this.xmlName = xmlName;
    }

    /** The value of the {@code service} attribute. */
    public String xmlName() {
        return xmlName;
    }

    public static Optional<AsService> fromXml(String value) {
        return Arrays.stream(values()).filter(s -> s.xmlName.equals(value)).findFirst();
    }

    /** "call-logger, call-forwarding" for messages. */
    static String allXmlNames() {
        return Arrays.stream(values()).map(AsService::xmlName).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return xmlName;
    }
}
