package io.jnsq.diskqueue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a disk queue's data is fsynced and its positions persisted, once its {@link DiskQueueSyncPolicy} says when:
 * inline what must come before the operation that asked (a failed sync retried, every write with {@code syncEvery}
 * 1, file changes, close), else on the syncer, one sync at a time and one more after it when asked for meanwhile. A
 * sync deletes the files consumed before the positions it persisted. Called under the queue's lock, which a
 * background sync takes again when it ends.
 */
final class DiskQueueSyncs {
    private static final Logger log = LoggerFactory.getLogger(DiskQueue.class);

    private final String name;
    private final Object queueLock;
    private final DiskQueueFiles files;
    private final DiskQueueWriter writer;
    private final DiskQueueSyncPolicy policy;
    private final Executor syncer;
    /** The queue's positions to persist now. */
    private final Supplier<DiskQueueMeta> positions;
    private boolean backgroundSyncRunning;
    /** A background sync was asked for while one ran. */
    private boolean syncAgain;
    private boolean stopped;

    DiskQueueSyncs(String name, Object queueLock, DiskQueueFiles files, DiskQueueWriter writer,
            DiskQueueSyncPolicy policy, Executor syncer, Supplier<DiskQueueMeta> positions) {
        this.name = name;
        this.queueLock = queueLock;
        this.files = files;
        this.writer = writer;
        this.policy = policy;
        this.syncer = syncer;
        this.positions = positions;
    }

    /** The sync timeout passed with operations unsynced, or a sync is pending: sync. */
    void ifDue() {
        if (!policy.isPending() && policy.isTimedOut()) {
            inBackground();
        } else if (policy.isPending()) {
            quietly(true);
        }
    }

    /**
     * A sync that failed is retried inline, so the operation that finds it fails when it fails again; with
     * {@code syncEvery} 1 every write is fsynced before it returns; other due syncs, reads' included, go to
     * the background (a read position synced late costs at most a redelivery).
     */
    void ifNeeded(boolean afterWrite) throws IOException {
        if (policy.isPending()) {
            now();
        } else if (policy.isDue()) {
            if (afterWrite && policy.syncsEveryWrite()) {
                now();
            } else {
                inBackground();
            }
        }
    }

    /**
     * Hands the fsync and the metadata write of the current positions to the syncer, which then deletes the files
     * consumed before them; one at a time, and one more after it when asked for meanwhile.
     */
    void inBackground() {
        if (backgroundSyncRunning) {
            syncAgain = true;
            return;
        }
        backgroundSyncRunning = true;
        SyncPoint point = take();
        syncer.execute(() -> finishInBackground(point));
    }

    /** The current positions, to be fsynced and persisted outside the lock: counted as synced from now on. */
    SyncPoint take() {
        SyncPoint point = new SyncPoint(writer.channel(), positions.get(), files.takeMeta(), files.takeConsumed());
        policy.synced();
        return point;
    }

    /**
     * The write file as it is now, the positions to persist once it is fsynced (with their ticket), and the files
     * consumed before them, deleted once they are persisted; a failed sync hands those back under the lock.
     */
    record SyncPoint(FileChannel file, DiskQueueMeta meta, long ticket, List<Path> consumed) {
        IOException sync(DiskQueueFiles files) {
            IOException failure = files.syncAndWriteMeta(file, meta, ticket);
            if (failure == null) {
                files.delete(consumed);
            }
            return failure;
        }
    }

    private void finishInBackground(SyncPoint point) {
        IOException failure = point.sync(files);
        synchronized (queueLock) {
            backgroundSyncRunning = false;
            if (failure != null) {
                log.error("DISKQUEUE({}) failed to sync - {}", name, failure.getMessage());
                files.consumedAgain(point.consumed);
                policy.requireSync();
            } else if (syncAgain && !stopped) {
                syncAgain = false;
                inBackground();
            }
        }
    }

    /** Syncs, logging a failure and leaving the sync due for the next operation; {@code false} if it failed. */
    boolean quietly(boolean force) {
        try {
            if (force) {
                now();
            } else {
                ifNeeded(false);
            }
            return true;
        } catch (IOException e) {
            log.error("DISKQUEUE({}) failed to sync - {}", name, e.getMessage());
            policy.requireSync();
            return false;
        }
    }

    /** Fsyncs the write file and persists the positions, here and now. */
    void now() throws IOException {
        DiskQueueMeta meta = positions.get();
        writer.force(meta.writePos());
        files.writeMeta(meta, files.takeMeta());
        files.deleteConsumed();
        policy.synced();
    }

    /** The queue is closed: no sync is started again after one that ends. */
    void stop() {
        stopped = true;
    }
}
