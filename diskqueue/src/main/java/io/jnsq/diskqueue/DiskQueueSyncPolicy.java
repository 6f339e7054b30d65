package io.jnsq.diskqueue;

import java.time.Duration;

/**
 * When a disk queue fsyncs and persists its positions, as go-diskqueue decides it: after {@code syncEvery}
 * operations (records written, read, or released by a finished message), once {@code syncTimeout} has passed with
 * any operation unsynced, and at the next chance after a sync failed or positions changed outside the normal order.
 * Not thread-safe: the queue holds its lock around every call.
 */
final class DiskQueueSyncPolicy {
    private final long syncEvery;
    private final long timeoutNanos;
    /** Operations since the last sync. */
    private long operations;
    private long lastSyncNanos = System.nanoTime();
    /** A sync must happen before anything else: the last one failed, or positions were repaired. */
    private boolean pending;

    DiskQueueSyncPolicy(long syncEvery, Duration timeout) {
        this.syncEvery = Math.max(1, syncEvery);
        this.timeoutNanos = timeout.toNanos();
    }

    void counted(long count) {
        operations += count;
    }

    /** Operations since the last sync, for {@link #rollBackTo} when a write is taken back. */
    long operations() {
        return operations;
    }

    void rollBackTo(long count) {
        operations = count;
    }

    /** Asks for a sync at the next chance. */
    void requireSync() {
        pending = true;
    }

    boolean isPending() {
        return pending;
    }

    /** Whether every write is synced before it is acknowledged ({@code syncEvery} 1). */
    boolean syncsEveryWrite() {
        return syncEvery == 1;
    }

    /** {@code syncEvery} operations reached, or the timeout passed with some unsynced. */
    boolean isDue() {
        return operations >= syncEvery || isTimedOut();
    }

    /** The timeout passed with some operation unsynced. */
    boolean isTimedOut() {
        return operations > 0 && System.nanoTime() - lastSyncNanos >= timeoutNanos;
    }

    /** A sync of everything so far is done, or handed to the syncer. */
    void synced() {
        pending = false;
        operations = 0;
        lastSyncNanos = System.nanoTime();
    }
}
