package org.imsemu.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The production timer: tasks run on the given executor, cancelled ones never. Waits on latches, never sleeps. */
class WheelTimerTest {
    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-loop"));
    private final WheelTimer timer = new WheelTimer(loop);

    @AfterEach
    void close() {
        timer.close();
        loop.shutdownNow();
    }

    @Test
    void firesOnTheExecutor_notBeforeItsDelay() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        List<String> threads = new CopyOnWriteArrayList<>();
        long start = timer.now();
        long[] firedAt = new long[1];
        timer.schedule(50, () -> {
            firedAt[0] = timer.now();
            threads.add(Thread.currentThread().getName());
            done.countDown();
        });
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(threads).containsExactly("test-loop");
        assertThat(firedAt[0] - start).isGreaterThanOrEqualTo(45); // a tick of slack for clock rounding
    }

    @Test
    void cancelledTaskIsSkipped() throws InterruptedException {
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        SipTimer.Timeout early = timer.schedule(20, () -> log.add("cancelled"));
        timer.schedule(80, () -> {
            log.add("kept");
            done.countDown();
        });
        early.cancel();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        // Had the early task run, it would have run first on this single-threaded executor.
        assertThat(log).containsExactly("kept");
    }

    @Test
    void cancelWhileQueuedOnTheExecutor_skipsTheTask() throws InterruptedException {
        // An executor that only queues: the task has left the wheel but not yet run, as on a busy loop.
        BlockingQueue<Runnable> queued = new LinkedBlockingQueue<>();
        WheelTimer wheel = new WheelTimer(queued::add);
        try {
            List<String> log = new CopyOnWriteArrayList<>();
            SipTimer.Timeout cancelled = wheel.schedule(10, () -> log.add("cancelled"));
            wheel.schedule(10, () -> log.add("kept"));
            Runnable first = queued.poll(5, TimeUnit.SECONDS);
            Runnable second = queued.poll(5, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(second).isNotNull();
            cancelled.cancel();
            first.run();
            second.run();
            assertThat(log).containsExactly("kept");
        } finally {
            wheel.close();
        }
    }

    @Test
    void afterClose_schedulingIsHarmless() {
        timer.close();
        SipTimer.Timeout t = timer.schedule(10, () -> {
            throw new AssertionError("must not run");
        });
        t.cancel();
        assertThat(timer.now()).isPositive();
    }
}
