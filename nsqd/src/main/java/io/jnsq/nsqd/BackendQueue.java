package io.jnsq.nsqd;

import java.util.List;

/**
 * Where a topic or channel puts messages that do not fit its memory queue. Implementations serialize
 * themselves; callers hold the owner's lock anyway.
 */
interface BackendQueue {
    /** Stores messages, in order; a failure marks nsqd unhealthy and fails the publish. */
    void putAll(List<Message> messages) throws BackendException;

    default void put(Message m) throws BackendException {
        putAll(List.of(m));
    }

    /**
     * Whether {@link #putAll putting} {@code messages} now may keep the caller waiting for the disk rather than
     * the page cache; a hint, read without the queue's lock.
     */
    default boolean writeMayWait(List<Message> messages) {
        return false;
    }

    /** The oldest stored message, removed, or {@code null} when empty. */
    Message poll();

    /**
     * The message polled with {@code mark} ({@link Message#diskMark}, never 0) is finished or stored again
     * elsewhere; a backend that holds its reads until then lets its record go.
     */
    default void release(long mark) {
    }

    /** {@link #release(long)} for the first {@code count} of {@code marks}. */
    default void release(long[] marks, int count) {
        for (int i = 0; i < count; i++) {
            release(marks[i]);
        }
    }

    /** Messages stored. */
    long depth();

    /** Whether {@link #poll()} would return {@code null}. */
    default boolean isEmpty() {
        return depth() == 0;
    }

    /**
     * Drops every stored message. The queue is empty afterwards even when this throws: the exception reports
     * stored data that could not be removed (a data file left behind), as go-diskqueue's {@code Empty} does.
     */
    void empty() throws BackendException;

    /** Applies the sync timeout: fsyncs if data was written or read and not synced for that long. */
    default void syncIfDue() {
    }

    /** Releases resources; what is stored stays (for a disk queue: on disk). */
    void close();

    /** Closes and removes everything stored. */
    void delete();
}
