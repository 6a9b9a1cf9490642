package org.imsemu.sip.transaction;

import io.netty.util.HashedWheelTimer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The production {@link SipTimer}: a Netty hashed wheel with a 10 ms tick (SIP timers are 100 ms at the
 * finest, so a tick of jitter is harmless). The wheel's own thread only hands each due task to the
 * stack's executor (its event loop), where it runs unless it was cancelled in the meantime; so tasks
 * never run concurrently with message handling.
 */
public final class WheelTimer implements SipTimer, AutoCloseable {
    public static final long DEFAULT_TICK_MILLIS = 10;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Executor executor;
    private final HashedWheelTimer wheel;
    private final boolean ownsWheel;
    private volatile boolean closed;

    /** One wheel thread serves every stack of the process: a scenario with dozens of hosts needs no more. */
    private static final class Shared {
        static final HashedWheelTimer WHEEL = newWheel(DEFAULT_TICK_MILLIS);
    }

    private static HashedWheelTimer newWheel(long tickMillis) {
        return new HashedWheelTimer(r -> {
            Thread t = new Thread(r, "sip-timer-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, tickMillis, TimeUnit.MILLISECONDS);
    }

    /** On the process-wide wheel (10 ms tick); tasks run on {@code executor}. */
    public WheelTimer(Executor executor) {
        this.executor = executor;
        this.wheel = Shared.WHEEL;
        this.ownsWheel = false;
    }

    /** On a wheel of its own with the given tick, stopped by {@link #close()}. */
    public WheelTimer(Executor executor, long tickMillis) {
        this.executor = executor;
        this.wheel = newWheel(tickMillis);
        this.ownsWheel = true;
    }

    @Override
    public Timeout schedule(long delayMillis, Runnable task) {
        Scheduled s = new Scheduled(task);
        if (closed) return s; // shutting down: timers no longer matter
        try {
            s.netty = wheel.newTimeout(t -> s.fire(), Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
        } catch (IllegalStateException | RejectedExecutionException e) {
            // closed concurrently: same as above
        }
        return s;
    }

    @Override
    public long now() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    /** Tasks not yet fired never run; a wheel of its own is stopped (the shared one serves other stacks). */
    @Override
    public void close() {
        closed = true;
        if (ownsWheel) wheel.stop();
    }

    private final class Scheduled implements Timeout {
        private final Runnable task;
        private volatile boolean cancelled;
        private volatile io.netty.util.Timeout netty;

        Scheduled(Runnable task) {
            this.task = task;
        }

        void fire() {
            if (cancelled || closed) return;
            try {
                executor.execute(() -> {
                    // Cancelled while queued on the executor: the state it was meant for has moved on.
                    if (!cancelled) task.run();
                });
            } catch (RejectedExecutionException e) {
                // the event loop is shutting down
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            io.netty.util.Timeout n = netty;
            if (n != null) n.cancel();
        }
    }
}
