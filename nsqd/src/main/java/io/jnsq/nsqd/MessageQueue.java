package io.jnsq.nsqd;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The queue of a topic or a channel: memory first, up to a capacity, then the backend. Not thread-safe: the
 * owning topic or channel holds its lock around every call, but for the storage thread's calls.
 */
final class MessageQueue implements BackendWriter.Queue {
    private final Broker broker;
    private final ArrayDeque<Message> memory = new ArrayDeque<>();
    private final BackendQueue backend;
    /** {@code null} when publishes always write to the backend on their own thread. */
    private final BackendWriter writer;
    private final Owner owner;
    /** Writes handed to the storage thread and not done: later ones go there too, behind them. */
    private final AtomicInteger writesHandedOver = new AtomicInteger();
    private final MemoryBudget budget;
    /** Bytes of memory taken (or given back, when negative) not yet reported to the budget. */
    private long unaccounted;

    /** The topic or channel, told of each write the storage thread did for it. */
    interface Owner {
        /**
         * {@code messages} went to the backend, or failed with {@code failure} when it is not null: a publish's are
         * refused then, and ones {@code acknowledged} before must be {@link #keepInMemory kept in memory}.
         */
        void written(List<Message> messages, boolean acknowledged, BackendException failure);
    }

    /**
     * @param writer the storage thread for publishes' writes that may wait, or {@code null} to write on the
     *     publisher's thread
     */
    MessageQueue(Broker broker, BackendQueue backend, BackendWriter writer, Owner owner) {
        this.broker = broker;
        this.backend = backend;
        this.writer = writer;
        this.owner = owner;
        this.budget = broker.memoryBudget();
    }

    /**
     * Into memory while it holds fewer than {@code memoryCapacity} messages, the rest into the backend in one
     * write. That write goes to the storage thread, which completes {@code publish} once it is done, when it may
     * wait for the disk or follows one that does; otherwise, or without a {@code publish} to complete, it is
     * done here and now.
     */
    void putAll(List<Message> messages, int memoryCapacity, PublishWrites publish) throws BackendException {
        List<Message> rest = putInMemory(messages, memoryCapacity);
        if (rest.isEmpty()) {
            return;
        }
        if (publish != null && handsOver(rest)) {
            writer.write(this, rest, publish);
        } else {
            broker.diskHealth().recordDiskWrite(() -> backend.putAll(rest));
        }
    }

    @Override
    public void writeHandedOver(List<Message> messages) throws BackendException {
        broker.diskHealth().recordDiskWrite(() -> backend.putAll(messages));
    }

    @Override
    public void handedOverWritten(List<Message> messages, boolean acknowledged, BackendException failure) {
        writesHandedOver.decrementAndGet();
        if (acknowledged && failure == null) {
            releaseAll(messages);
        }
        owner.written(messages, acknowledged, failure);
    }

    /**
     * As {@link #putAll}, for messages already acknowledged to their publisher (requeued, timed out, or waiting in
     * the topic): when the backend fails they stay in memory, over capacity, rather than be lost; the failure shows
     * in nsqd's health. Nobody waits for the write, so one that may wait for the disk goes to the storage thread
     * and the owner keeps them if it fails; those read from disk keep their record there until they are written.
     */
    void putAllOrKeep(List<Message> messages, int memoryCapacity, String queueName) {
        List<Message> rest = putInMemory(messages, memoryCapacity);
        releaseAll(messages.subList(0, messages.size() - rest.size()));
        if (rest.isEmpty()) {
            return;
        }
        if (handsOver(rest)) {
            writer.write(this, rest, null);
            return;
        }
        try {
            broker.diskHealth().recordDiskWrite(() -> backend.putAll(rest));
            releaseAll(rest);
        } catch (BackendException e) {
            broker.diskHealth().logBackendFailure(queueName, e);
            keepInMemory(rest);
        }
    }

    /** Whether to hand the write of {@code messages} to the storage thread, counting it if so. */
    private boolean handsOver(List<Message> messages) {
        if (writer == null || (writesHandedOver.get() == 0 && !backend.writeMayWait(messages))) {
            return false;
        }
        writesHandedOver.incrementAndGet();
        return true;
    }

    /** Acknowledged messages the backend failed to take: kept in memory, over capacity, rather than lost. */
    void keepInMemory(List<Message> messages) {
        for (Message m : messages) {
            memory.add(m);
            account(MemoryBudget.sizeOf(m));
        }
    }

    /**
     * The message is finished, or stored again: its record in the backend, if it was read from one that holds its
     * reads, can go. Thread-safe, unlike the rest: the backend serializes itself.
     */
    void release(Message m) {
        long mark = m.diskMark;
        if (mark != 0) {
            m.diskMark = 0;
            backend.release(mark);
        }
    }

    /** As {@link #release(Message)}, for the first {@code count} of {@code marks}; thread-safe too. */
    void release(long[] marks, int count) {
        backend.release(marks, count);
    }

    private void releaseAll(List<Message> messages) {
        for (Message m : messages) {
            release(m);
        }
    }

    /** Fills memory up to {@code memoryCapacity} and the heap's budget; returns what did not fit. */
    private List<Message> putInMemory(List<Message> messages, int memoryCapacity) {
        int room = Math.max(0, Math.min(messages.size(), memoryCapacity - memory.size()));
        int inMemory = 0;
        while (inMemory < room && budget.hasRoom(unaccounted)) {
            Message m = messages.get(inMemory++);
            memory.add(m);
            account(MemoryBudget.sizeOf(m));
        }
        return inMemory == 0 ? messages : messages.subList(inMemory, messages.size());
    }

    /** Counts memory taken or given back, reporting it to the budget a batch at a time. */
    private void account(long bytes) {
        unaccounted += bytes;
        if (unaccounted >= MemoryBudget.BATCH_BYTES || unaccounted <= -MemoryBudget.BATCH_BYTES) {
            budget.add(unaccounted);
            unaccounted = 0;
        }
    }

    /** Memory given back all at once: the queue was emptied or flushed. */
    private void clearMemory() {
        long bytes = 0;
        for (Message m : memory) {
            bytes += MemoryBudget.sizeOf(m);
        }
        memory.clear();
        budget.add(unaccounted - bytes);
        unaccounted = 0;
    }

    /** The next message, memory first, or {@code null}. */
    Message poll() {
        Message m = memory.poll();
        if (m != null) {
            account(-MemoryBudget.sizeOf(m));
            return m;
        }
        return backend.poll();
    }

    boolean isEmpty() {
        return memory.isEmpty() && backend.isEmpty();
    }

    /** Memory plus backend messages, as NSQ's {@code depth}. */
    long depth() {
        return memory.size() + backend.depth();
    }

    long backendDepth() {
        return backend.depth();
    }

    int memorySize() {
        return memory.size();
    }

    /**
     * Shutdown: the messages in memory, then {@code more}, go to the backend, which keeps them (unless it is an
     * ephemeral one); {@code false} if the backend refused them.
     */
    boolean flushToBackend(List<Message> more, String queueName) {
        List<Message> all = new ArrayList<>(memory.size() + more.size());
        all.addAll(memory);
        all.addAll(more);
        clearMemory();
        if (all.isEmpty()) {
            return true;
        }
        try {
            backend.putAll(all);
            releaseAll(all);
            return true;
        } catch (BackendException e) {
            broker.diskHealth().logBackendFailure(queueName, e);
            return false;
        }
    }

    /** Thread-safe, unlike the rest: the backend serializes itself. */
    void syncIfDue() {
        backend.syncIfDue();
    }

    /** Drops every message; see {@link BackendQueue#empty} for the exception. */
    void empty() throws BackendException {
        clearMemory();
        backend.empty();
    }

    /** Shutdown: what the backend holds stays there. */
    void close() {
        backend.close();
    }

    /** Deletion: everything goes. */
    void delete() {
        clearMemory();
        backend.delete();
    }
}
