package io.jnsq.nsqd;

import java.util.List;

/** The backend of {@code #ephemeral} topics and channels: overflow is dropped, as in NSQ. */
final class DiscardingBackendQueue implements BackendQueue {
    static final DiscardingBackendQueue INSTANCE = new DiscardingBackendQueue();

    @Override
    public void putAll(List<Message> messages) {
    }

    @Override
    public Message poll() {
        return null;
    }

    @Override
    public long depth() {
        return 0;
    }

    @Override
    public void empty() {
    }

    @Override
    public void close() {
    }

    @Override
    public void delete() {
    }
}
