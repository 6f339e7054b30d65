package io.jnsq.nsqd;

import java.util.ArrayDeque;

/**
 * The queue of a topic or a channel: memory first, up to a capacity, then the backend. Not thread-safe: the
 * owning topic or channel holds its lock around every call.
 */
final class MessageQueue {
    private final Nsqd nsqd;
    private final ArrayDeque<Message> memory = new ArrayDeque<>();
    private final BackendQueue backend;

    MessageQueue(Nsqd nsqd, BackendQueue backend) {
        this.nsqd = nsqd;
        this.backend = backend;
    }

    /** Into memory while it holds fewer than {@code memoryCapacity} messages, else into the backend. */
    void put(Message m, int memoryCapacity) throws BackendException {
        if (memory.size() < memoryCapacity) {
            memory.add(m);
        } else {
            nsqd.recordBackendWrite(backend, m);
        }
    }

    /** The next message, memory first, or {@code null}. */
    Message poll() {
        Message m = memory.poll();
        return m != null ? m : backend.poll();
    }

    boolean isEmpty() {
        return memory.isEmpty() && backend.depth() == 0;
    }

    /** Memory plus backend messages, as NSQ's {@code depth}. */
    long depth() {
        return memory.size() + backend.depth();
    }

    long backendDepth() {
        return backend.depth();
    }

    /** Thread-safe, unlike the rest: the backend serializes itself. */
    void syncIfDue() {
        backend.syncIfDue();
    }

    /** Drops every message. */
    void empty() {
        memory.clear();
        backend.empty();
    }

    /** Shutdown: what the backend holds stays there. */
    void close() {
        backend.close();
    }

    /** Deletion: everything goes. */
    void delete() {
        memory.clear();
        backend.delete();
    }
}
