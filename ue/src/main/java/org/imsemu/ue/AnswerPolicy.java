package org.imsemu.ue;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** What a UE does with an incoming INVITE. */
public sealed interface AnswerPolicy {

    /** 180 Ringing at once, then 200 OK with the SDP answer after {@code delay}. */
    record AutoAnswer(Duration delay) implements AnswerPolicy {
        public AutoAnswer {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) throw new IllegalArgumentException("negative answer delay: " + delay);
        }
    }

    /** A final failure at once (486 Busy Here, 603 Decline, 480...). */
    record Reject(int status) implements AnswerPolicy {
        public Reject {
            if (status < 300 || status > 699) throw new IllegalArgumentException("a rejection needs a 3xx-6xx status, not " + status);
        }
    }

    /**
     * Redirects every INVITE and MESSAGE at once (RFC 3261 21.3) with this 3xx status and these Contact
     * header values, e.g. {@code <sip:carol@domain1.com>;q=0.5}.
     */
    record Redirect(int status, List<String> contacts) implements AnswerPolicy {
        public Redirect {
            if (status < 300 || status > 399) throw new IllegalArgumentException("a redirection needs a 3xx status, not " + status);
            contacts = List.copyOf(contacts);
        }
    }

    /** 180 Ringing, then nothing: the application answers with {@link Call#answer()}, or the caller gives up. */
    record Manual() implements AnswerPolicy {
    }

    static AnswerPolicy autoAnswer(Duration delay) {
        return new AutoAnswer(delay);
    }

    static AnswerPolicy reject(int status) {
        return new Reject(status);
    }

    /** 302 Moved Temporarily to these Contact header values. */
    static AnswerPolicy redirect(String... contacts) {
        return new Redirect(302, List.of(contacts));
    }

    static AnswerPolicy never() {
        return new Manual();
    }
}
