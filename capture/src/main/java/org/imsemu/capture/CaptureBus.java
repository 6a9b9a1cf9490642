package org.imsemu.capture;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.imsemu.sip.transport.CapturedMessage;
import org.imsemu.sip.transport.MessageObserver;

/**
 * Where every in-process node reports the messages it sends and receives, so that each message on the
 * emulated network is recorded once.
 *
 * <p><b>The dedupe rule.</b> When node A sends to node B and both report to this bus, A reports SENT and
 * B reports RECEIVED for the same bytes. The bus keeps every SENT event and drops a RECEIVED event whose
 * remote address belongs to a node registered with {@link #registerNode}: that sender reports the
 * message itself. A RECEIVED event from an unregistered address (an external SIPp, a test socket) is
 * kept, since nobody else will report it. Nodes must therefore be registered (with every address they
 * send from) before traffic starts.
 *
 * <p><b>Threads.</b> Recording is called on the nodes' event-loop threads and never blocks: a sequence
 * number from an atomic counter and an append to a lock-free queue. A SENT event is recorded before its
 * bytes are written, so the sequence order respects causality across nodes. Subscribers are called on
 * one dispatcher thread of the bus, in sequence order.
 */
public final class CaptureBus implements AutoCloseable {
    private final Map<InetAddress, String> nodes = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<CaptureEvent> events = new ConcurrentLinkedQueue<>();
    private final AtomicLong nextSequence = new AtomicLong();
    private final List<Consumer<CaptureEvent>> subscribers = new CopyOnWriteArrayList<>();
    private final Dispatcher dispatcher = new Dispatcher();
    private final boolean retain;

    /** A bus that keeps every event for {@link #events} and {@link #since} (a demo, a test). */
    public CaptureBus() {
        this(true);
    }

    private CaptureBus(boolean retain) {
        this.retain = retain;
    }

    /**
     * A bus that keeps nothing and only hands events to its subscribers (a pcap writer, a live trace):
     * for long runs, whose memory must not grow with the traffic.
     */
    public static CaptureBus streaming() {
        return new CaptureBus(false);
    }

    /**
     * Declares the addresses of an in-process node. An address belongs to one node only.
     *
     * @throws IllegalArgumentException if an address is already another node's
     */
    public void registerNode(String name, InetAddress... addresses) {
        Objects.requireNonNull(name, "name");
        if (addresses.length == 0) throw new IllegalArgumentException("node " + name + " needs at least one address");
        for (InetAddress a : addresses) {
            String previous = nodes.putIfAbsent(Objects.requireNonNull(a, "address"), name);
            if (previous != null && !previous.equals(name)) {
                throw new IllegalArgumentException(a.getHostAddress() + " already belongs to node " + previous);
            }
        }
    }

    /** The in-process node with this address, or null for an external peer. */
    public String nodeAt(InetAddress address) {
        return address == null ? null : nodes.get(address);
    }

    /** The node name for this address, or the address itself ("192.0.2.1:5060") for an external peer. */
    public String nameOf(InetSocketAddress address) {
        String n = nodeAt(address.getAddress());
        return n != null ? n : addressLabel(address);
    }

    static String addressLabel(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** An observer for a SIP stack of {@code node}: turns each captured message into a SIP event. */
    public MessageObserver observer(String node) {
        Objects.requireNonNull(node, "node");
        return m -> record(node, Direction.of(m.direction()), Protocol.SIP, Transport.of(m.transport()),
                m.local(), m.remote(), m.timeMillis(), m.timeNanos(), m.bytes());
    }

    /** Records a message of any protocol, stamped now. Returns the event kept, or null if dropped as a duplicate. */
    public CaptureEvent record(String node, Direction direction, Protocol protocol, Transport transport,
                               InetSocketAddress local, InetSocketAddress remote, byte[] bytes) {
        return record(node, direction, protocol, transport, local, remote, System.currentTimeMillis(), System.nanoTime(), bytes);
    }

    /** As {@link #record(String, Direction, Protocol, Transport, InetSocketAddress, InetSocketAddress, byte[])} with given times. */
    public CaptureEvent record(String node, Direction direction, Protocol protocol, Transport transport,
                               InetSocketAddress local, InetSocketAddress remote, long timeMillis, long timeNanos,
                               byte[] bytes) {
        Objects.requireNonNull(remote, "remote");
        if (direction == Direction.RECEIVED && remote.getAddress() != null && nodes.containsKey(remote.getAddress())) {
            return null; // the sending node reported it as SENT
        }
        CaptureEvent e = new CaptureEvent(nextSequence.getAndIncrement(), node, direction, protocol, transport,
                local, remote, timeMillis, timeNanos, bytes);
        if (retain) events.add(e);
        dispatcher.submit(e);
        return e;
    }

    /** Every event kept so far, in sequence order (none on a {@link #streaming()} bus). */
    public List<CaptureEvent> events() {
        return since(0);
    }

    /** The sequence number the next event will get: pass it to {@link #since} to get a segment. */
    public long mark() {
        return nextSequence.get();
    }

    /** The events kept from {@code mark} on, in sequence order. */
    public List<CaptureEvent> since(long mark) {
        List<CaptureEvent> out = new ArrayList<>();
        for (CaptureEvent e : events) {
            if (e.sequence() >= mark) out.add(e);
        }
        out.sort(Comparator.comparingLong(CaptureEvent::sequence)); // appends of concurrent recorders may interleave
        return out;
    }

    /** Forgets the events kept so far (sequence numbers keep growing; node registrations stay). */
    public void clear() {
        long upTo = nextSequence.get();
        events.removeIf(e -> e.sequence() < upTo);
    }

    /**
     * Calls {@code listener} with every event kept from now on, in sequence order, on the bus's dispatcher
     * thread (so a slow listener, e.g. one printing or writing a pcap, never holds up a node).
     *
     * @return closing it unsubscribes
     */
    public AutoCloseable subscribe(Consumer<CaptureEvent> listener) {
        Objects.requireNonNull(listener, "listener");
        subscribers.add(listener);
        dispatcher.start();
        return () -> subscribers.remove(listener);
    }

    /** Waits until every event recorded so far has been handed to the subscribers. */
    public void awaitDispatched() throws InterruptedException {
        dispatcher.await();
    }

    /** Stops the dispatcher thread; the events stay readable. */
    @Override
    public void close() {
        dispatcher.close();
    }

    /** Hands events to the subscribers in sequence order, on one thread. */
    private final class Dispatcher {
        private volatile ExecutorService executor;
        private final PriorityQueue<CaptureEvent> pending = new PriorityQueue<>(Comparator.comparingLong(CaptureEvent::sequence));
        private long next = -1; // confined to the executor thread once set

        /**
         * Starts the thread once. The executor is published before the first sequence number is read,
         * and recorders read the executor after taking their number, so every number from the first on
         * is submitted (no gap the dispatcher would wait for forever).
         */
        synchronized void start() {
            if (executor != null) return;
            ExecutorService x = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "capture-bus");
                t.setDaemon(true);
                return t;
            });
            executor = x;
            long first = nextSequence.get();
            x.execute(() -> {
                next = first;
                drain();
            });
        }

        void submit(CaptureEvent e) {
            ExecutorService x = executor;
            if (x == null || x.isShutdown()) return;
            try {
                x.execute(() -> deliver(e));
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // the bus was closed meanwhile
            }
        }

        private void deliver(CaptureEvent e) {
            if (next >= 0 && e.sequence() < next) return; // recorded before the first subscription
            pending.add(e);
            drain();
        }

        /** Delivers the run of consecutive numbers; a gap means another recorder is about to submit it. */
        private void drain() {
            if (next < 0) return;
            while (!pending.isEmpty()) {
                long head = pending.peek().sequence();
                if (head < next) {
                    pending.poll();
                    continue;
                }
                if (head != next) return;
                CaptureEvent ready = pending.poll();
                next++;
                for (Consumer<CaptureEvent> s : subscribers) {
                    try {
                        s.accept(ready);
                    } catch (RuntimeException ex) {
                        System.getLogger(CaptureBus.class.getName()).log(System.Logger.Level.WARNING, "Capture subscriber failed", ex);
                    }
                }
            }
        }

        void await() throws InterruptedException {
            ExecutorService x;
            synchronized (this) {
                x = executor;
            }
            if (x == null) return;
            long target = nextSequence.get();
            while (true) {
                java.util.concurrent.CompletableFuture<Long> f = new java.util.concurrent.CompletableFuture<>();
                try {
                    x.execute(() -> f.complete(next));
                    if (f.get() >= target) return;
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.RejectedExecutionException e) {
                    return;
                }
                Thread.sleep(1);
            }
        }

        synchronized void close() {
            if (executor != null) executor.shutdown();
        }
    }
}
