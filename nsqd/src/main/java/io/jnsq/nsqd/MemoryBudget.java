package io.jnsq.nsqd;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The heap that messages waiting in memory queues may take, shared by every topic and channel: past it a queue
 * sends messages to its backend as if its --mem-queue-size were reached. --mem-queue-size counts messages, not
 * bytes, and NSQ needs no more (Go's heap grows until the machine runs out); a JVM's heap has a fixed maximum, which
 * large messages would reach long before --mem-queue-size of them wait.
 *
 * <p>Queues account in batches of {@link #BATCH_BYTES} (see {@link MessageQueue}), so that the shared counter
 * costs an atomic operation per batch, not per message; the budget may be overrun by that much per queue.
 */
final class MemoryBudget {
    /** The heap a queued message takes besides its body: the message object and the body array's header. */
    static final long MESSAGE_OVERHEAD = 96;
    static final long BATCH_BYTES = 16 * 1024;

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    MemoryBudget(long limit) {
        this.limit = limit;
    }

    /** Half of the heap's maximum: the rest is for messages in flight, deferred ones, and everything else. */
    static MemoryBudget halfTheHeap() {
        return new MemoryBudget(Runtime.getRuntime().maxMemory() / 2);
    }

    /** Whether a queue that has accounted {@code unaccounted} bytes more than it reported may add a message. */
    boolean hasRoom(long unaccounted) {
        return used.get() + unaccounted < limit;
    }

    /** Bytes reported taken; each queue may hold up to {@link #BATCH_BYTES} more, or less, unreported. */
    long used() {
        return used.get();
    }

    void add(long bytes) {
        used.addAndGet(bytes);
    }

    /** The heap {@code m} takes in one queue: a message shared by the channels of a fan-out, a share each. */
    static long sizeOf(Message m) {
        long size = MESSAGE_OVERHEAD + m.body.length;
        return m.sharedBy > 1 ? size / m.sharedBy : size;
    }
}
