package org.imsemu.diameter;

import java.util.Objects;

/**
 * A command of the dictionary (RFC 6733 §3.3): code, the application it belongs to, the names of its
 * request and answer ("Multimedia-Auth-Request", abbreviated MAR), and whether requests set the P bit.
 */
public record CommandDefinition(String name, int code, long applicationId, String requestAbbreviation,
                                String answerAbbreviation, boolean proxiable) {
    public CommandDefinition {
        Objects.requireNonNull(name);
    }

    public String requestName() {
        return name + "-Request";
    }

    public String answerName() {
        return name + "-Answer";
    }

    /** A request builder for this command, P bit as the command wants. */
    public DiameterMessage.Builder request() {
        return DiameterMessage.request(code, applicationId).proxiable(proxiable);
    }

    public boolean matches(DiameterMessage m) {
        return m.commandCode() == code && m.applicationId() == applicationId;
    }

    @Override
    public String toString() {
        return requestAbbreviation + "/" + answerAbbreviation + "(" + code + ")";
    }
}
