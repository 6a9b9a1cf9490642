package org.imsemu.sip.transaction;

import java.util.PriorityQueue;

/**
 * A clock that only moves when told to, for tests: {@link #advance} runs the tasks that fall due, in
 * time order, on the calling thread, including tasks those tasks schedule within the same span.
 * Not thread-safe, like the stack thread it stands in for.
 */
public final class ManualTimer implements SipTimer {

    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long sequence;

    public ManualTimer() {
        this(0);
    }

    public ManualTimer(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public Timeout schedule(long delayMillis, Runnable task) {
        Task t = new Task(now + Math.max(0, delayMillis), sequence++, task);
        queue.add(t);
        return t;
    }

    @Override
    public long now() {
        return now;
    }

    /** Moves the clock forward by {@code millis}, running every task due up to the new time. */
    public void advance(long millis) {
        if (millis < 0) throw new IllegalArgumentException("time does not go backwards: " + millis);
        long target = now + millis;
        while (true) {
            Task t = queue.peek();
            if (t == null || t.due > target) break;
            queue.poll();
            now = t.due; // a task sees the clock at its own due time
            t.task.run();
        }
        now = target;
    }

    /** Moves the clock to an absolute time (not before now). */
    public void advanceTo(long millis) {
        advance(millis - now);
    }

    /** Tasks scheduled and neither run nor cancelled. */
    public int pending() {
        return queue.size();
    }

    /** Milliseconds until the next pending task, or -1 when none is pending. */
    public long nextDelay() {
        Task t = queue.peek();
        return t == null ? -1 : t.due - now;
    }

    private final class Task implements Timeout, Comparable<Task> {
        final long due;
        final long seq;
        final Runnable task;

        Task(long due, long seq, Runnable task) {
            this.due = due;
            this.seq = seq;
            this.task = task;
        }

        @Override
        public void cancel() {
            queue.remove(this);
        }

        @Override
        public int compareTo(Task o) {
            // Equal due times run in scheduling order, as a real timer would.
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
