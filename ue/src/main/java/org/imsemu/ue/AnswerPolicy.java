package org.imsemu.ue;

import java.time.Duration;
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

    /** 180 Ringing, then nothing: the application answers with {@link Call#answer()}, or the caller gives up. */
    record Manual() implements AnswerPolicy {
    }

    static AnswerPolicy autoAnswer(Duration delay) {
        return new AutoAnswer(delay);
    }

    static AnswerPolicy reject(int status) {
        return new Reject(status);
    }

    static AnswerPolicy never() {
        return new Manual();
    }
}
