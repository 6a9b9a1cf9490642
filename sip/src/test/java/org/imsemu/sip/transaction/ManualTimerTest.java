package org.imsemu.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManualTimerTest {

    @Test
    void runsDueTasksInTimeOrder_eachSeeingItsOwnTime() {
        ManualTimer t = new ManualTimer();
        List<String> log = new ArrayList<>();
        t.schedule(300, () -> log.add("c@" + t.now()));
        t.schedule(100, () -> log.add("a@" + t.now()));
        t.schedule(100, () -> log.add("b@" + t.now()));
        t.advance(250);
        assertThat(log).containsExactly("a@100", "b@100");
        assertThat(t.now()).isEqualTo(250);
        t.advance(50);
        assertThat(log).containsExactly("a@100", "b@100", "c@300");
        assertThat(t.pending()).isZero();
    }

    @Test
    void tasksScheduledByTasks_runWithinTheSameAdvance() {
        ManualTimer t = new ManualTimer();
        List<Long> fired = new ArrayList<>();
        Runnable[] chain = new Runnable[1];
        chain[0] = () -> {
            fired.add(t.now());
            if (fired.size() < 5) t.schedule(100, chain[0]);
        };
        t.schedule(100, chain[0]);
        t.schedule(0, () -> fired.add(-1L)); // due now: runs on the next advance, even advance(0)
        t.advance(0);
        assertThat(fired).containsExactly(-1L);
        t.advance(1_000);
        assertThat(fired).containsExactly(-1L, 100L, 200L, 300L, 400L);
    }

    @Test
    void cancelledTasksDoNotRun() {
        ManualTimer t = new ManualTimer();
        List<String> log = new ArrayList<>();
        SipTimer.Timeout a = t.schedule(10, () -> log.add("a"));
        t.schedule(20, () -> log.add("b"));
        a.cancel();
        assertThat(t.pending()).isEqualTo(1);
        assertThat(t.nextDelay()).isEqualTo(20);
        t.advance(100);
        a.cancel(); // harmless after the fact
        assertThat(log).containsExactly("b");
        assertThat(t.nextDelay()).isEqualTo(-1);
        assertThatThrownBy(() -> t.advance(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
