package io.jnsq.nsqd;

import io.jnsq.diskqueue.DiskQueue;
import io.jnsq.diskqueue.DiskQueueException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A topic's or channel's messages on disk: a {@link DiskQueue} of NSQ's message records ({@link MessageRecords}),
 * with the deadlines of deferred messages in the side file {@code <name>.diskqueue.deferred.dat}.
 */
final class MessageDiskQueue implements BackendQueue {
    private static final Logger log = LoggerFactory.getLogger(MessageDiskQueue.class);

    private final String name;
    private final DeferredDeadlines deadlines;
    private final DiskQueue<Message> queue;

    /**
     * Opens (or starts) the queue {@code name} in {@code dataPath}, with every sync on the caller's thread and reads
     * not held.
     *
     * @param maxMsgSize nsqd's --max-msg-size; payloads may be that plus {@link MessageRecords#MIN_SIZE} bytes
     */
    MessageDiskQueue(String name, Path dataPath, long maxBytesPerFile, long maxMsgSize, long syncEvery,
            Duration syncTimeout) {
        this(name, dataPath, maxBytesPerFile, maxMsgSize, syncEvery, syncTimeout, Runnable::run, false);
    }

    /** As above, with the periodic syncs run by {@code syncer}; with {@code holdReads} as a channel's queue. */
    MessageDiskQueue(String name, Path dataPath, long maxBytesPerFile, long maxMsgSize, long syncEvery,
            Duration syncTimeout, Executor syncer, boolean holdReads) {
        this.name = name;
        this.deadlines = DeferredDeadlines.load(DiskQueue.fileBeside(dataPath, name, "deferred.dat"));
        this.queue = DiskQueue.builder(name, dataPath, new MessageRecords(deadlines))
                .maxBytesPerFile(maxBytesPerFile)
                .msgSizes(MessageRecords.MIN_SIZE,
                        (int) Math.min(Integer.MAX_VALUE, maxMsgSize + MessageRecords.MIN_SIZE))
                .syncEvery(syncEvery)
                .syncTimeout(syncTimeout)
                .syncer(syncer)
                .holdReads(holdReads)
                .open();
    }

    /**
     * A queue with nsqd's settings; {@code name} is {@code <topic>} or {@code <topic>:<channel>}, the ':' written
     * as ';' on Windows as NSQ does. A channel's holds its reads.
     */
    static MessageDiskQueue open(String name, NsqdOptions opts, Executor syncer) {
        Path dir = Path.of(opts.dataPath.isEmpty() ? "." : opts.dataPath);
        return new MessageDiskQueue(fileName(name), dir, opts.maxBytesPerFile, opts.maxMsgSize, opts.syncEvery,
                opts.syncTimeout, syncer, name.indexOf(':') >= 0);
    }

    /** {@code <topic>:<channel>} as it appears in file names: ':' is ';' on Windows, as in NSQ. */
    static String fileName(String queueName) {
        return System.getProperty("os.name", "").startsWith("Windows") ? queueName.replace(':', ';') : queueName;
    }

    @Override
    public void putAll(List<Message> messages) throws BackendException {
        try {
            queue.putAll(messages);
        } catch (DiskQueueException e) {
            throw failed(e);
        }
    }

    @Override
    public boolean writeMayWait(List<Message> messages) {
        return queue.writeMayWait(messages);
    }

    /** Nothing now, rather than waiting, while a write waits for the disk: every write wakes the consumers after. */
    @Override
    public Message poll() {
        return queue.pollNow();
    }

    @Override
    public void release(long mark) {
        queue.release(mark);
    }

    @Override
    public void release(long[] marks, int count) {
        queue.release(marks, count);
    }

    @Override
    public long depth() {
        return queue.depth();
    }

    @Override
    public boolean isEmpty() {
        return queue.isEmpty();
    }

    @Override
    public void empty() throws BackendException {
        try {
            queue.empty();
        } catch (DiskQueueException e) {
            throw failed(e);
        } finally {
            saveDeadlines();
        }
    }

    @Override
    public void syncIfDue() {
        queue.syncIfDue();
    }

    @Override
    public void close() {
        queue.close();
        saveDeadlines();
    }

    @Override
    public void delete() {
        queue.delete();
        saveDeadlines();
    }

    private static BackendException failed(DiskQueueException e) {
        return new BackendException(e.getMessage(), e.getCause());
    }

    /** Deadlines of deferred messages go to their side file; without it they would be delivered early. */
    private void saveDeadlines() {
        try {
            deadlines.save();
        } catch (IOException e) {
            log.error("DISKQUEUE({}) failed to save deferred deadlines - {}", name, e.getMessage());
        }
    }
}
