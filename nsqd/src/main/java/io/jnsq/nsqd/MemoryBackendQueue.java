package io.jnsq.nsqd;

import java.util.ArrayDeque;

/**
 * STAND-IN until the disk queue lands: an unbounded in-memory backend. Messages beyond --mem-queue-size land
 * here, so memory is not bounded and nothing survives a restart.
 */
final class MemoryBackendQueue implements BackendQueue {
    private final ArrayDeque<Message> messages = new ArrayDeque<>();

    @Override
    public synchronized void put(Message m) {
        messages.add(m);
    }

    @Override
    public synchronized Message poll() {
        return messages.poll();
    }

    @Override
    public synchronized long depth() {
        return messages.size();
    }

    @Override
    public synchronized void empty() {
        messages.clear();
    }

    @Override
    public void close() {
    }

    @Override
    public synchronized void delete() {
        messages.clear();
    }
}
