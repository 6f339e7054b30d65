package io.jnsq.diskqueue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The settings of a {@link DiskQueue}, go-diskqueue's with nsqd's defaults, and {@link #open} to open it with them;
 * made by {@link DiskQueue#builder}.
 *
 * @param <T> what a record holds
 */
public final class DiskQueueBuilder<T> {
    private final String name;
    private final Path dataPath;
    private final RecordFormat<T> format;
    private long maxBytesPerFile = 100L << 20;
    private int minMsgSize;
    private int maxMsgSize = 1 << 20;
    private long syncEvery = 2500;
    private Duration syncTimeout = Duration.ofSeconds(2);
    private Executor syncer = Runnable::run;
    private boolean holdReads;

    DiskQueueBuilder(String name, Path dataPath, RecordFormat<T> format) {
        this.name = Objects.requireNonNull(name, "name");
        this.dataPath = Objects.requireNonNull(dataPath, "dataPath");
        this.format = Objects.requireNonNull(format, "format");
    }

    /** A file that would grow past this is finished and writing goes on in the next one; 100 MiB by default. */
    public DiskQueueBuilder<T> maxBytesPerFile(long bytes) {
        this.maxBytesPerFile = bytes;
        return this;
    }

    /**
     * The smallest and largest payload, in bytes, that may be written; a record read with a size outside them is
     * corrupt. 0 to 1 MiB by default.
     */
    public DiskQueueBuilder<T> msgSizes(int min, int max) {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("bad message sizes " + min + ".." + max);
        }
        this.minMsgSize = min;
        this.maxMsgSize = max;
        return this;
    }

    /** Operations (records written, read or released) after which data is fsynced; 2500 by default. */
    public DiskQueueBuilder<T> syncEvery(long operations) {
        this.syncEvery = operations;
        return this;
    }

    /** Time after which any unsynced operation is fsynced; 2 s by default. */
    public DiskQueueBuilder<T> syncTimeout(Duration timeout) {
        this.syncTimeout = Objects.requireNonNull(timeout, "timeout");
        return this;
    }

    /**
     * Runs the periodic syncs, so that an fsync does not hold up the writing or reading thread; syncs that must
     * come before what follows them (file changes, close, {@code syncEvery} 1) stay on the caller's thread. By
     * default every sync runs on the caller's thread.
     */
    public DiskQueueBuilder<T> syncer(Executor syncer) {
        this.syncer = Objects.requireNonNull(syncer, "syncer");
        return this;
    }

    /** Whether each record read stays on disk until it is {@link DiskQueue#release released}; no by default. */
    public DiskQueueBuilder<T> holdReads(boolean hold) {
        this.holdReads = hold;
        return this;
    }

    /** Opens the queue: reads its metadata and repairs what a crash or damage left. */
    public DiskQueue<T> open() {
        return new DiskQueue<>(name, dataPath, format, maxBytesPerFile, minMsgSize, maxMsgSize,
                new DiskQueueSyncPolicy(syncEvery, syncTimeout), syncer, holdReads);
    }
}
