package io.jnsq.nsqd;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nsqd's storage thread: the disk writes of publishes that would keep an event loop waiting. A queue hands over
 * the messages that did not fit in its memory when writing them may wait for the disk ({@link
 * BackendQueue#writeMayWait}: an fsync per write with --sync-every=1, a file roll's fsync, a disk that was slow of
 * late), and its publisher is answered once they are written ({@link PublishWrites}). A slow disk then holds up only
 * the publishes that wait for it, never the other connections of an event loop. A write that goes straight to the
 * page cache stays on the publisher's thread: handing it over costs two thread wake-ups, more than the write.
 * Messages acknowledged before (requeued, timed out, from the topic's backlog) go the same way with nobody waiting;
 * their queue keeps them in memory if the write fails.
 *
 * <p>Group commit: the writer takes every write waiting at once and gives each queue all of its own in one write,
 * so concurrent publishes to a queue share its write call and, with --sync-every=1, its fsync. Each queue's records
 * keep the order in which they were handed over.
 *
 * <p>After {@link #close()} a write runs on the publisher's thread.
 */
final class BackendWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BackendWriter.class);

    /** A queue whose writes this thread does. */
    interface Queue {
        /** Writes {@code messages} to the backend, on the storage thread. */
        void writeHandedOver(List<Message> messages) throws BackendException;

        /**
         * A write handed over is done: {@code messages} stored, or not with {@code failure} if not null; {@code
         * acknowledged} when no publish waited for them (they were acknowledged before).
         */
        void handedOverWritten(List<Message> messages, boolean acknowledged, BackendException failure);
    }

    private record Write(Queue queue, List<Message> messages, PublishWrites publish) {
    }

    private final ConcurrentLinkedQueue<Write> waiting = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    BackendWriter() {
        this.thread = new Thread(this::run, "nsqd-storage");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Writes {@code messages} to {@code queue} on the storage thread; {@code publish} completes once they are, or is
     * {@code null} for messages acknowledged before.
     */
    void write(Queue queue, List<Message> messages, PublishWrites publish) {
        if (publish != null) {
            publish.handedOver();
        }
        Write w = new Write(queue, messages, publish);
        waiting.add(w);
        if (!closed) {
            LockSupport.unpark(thread);
        } else if (waiting.remove(w)) { // else the thread took it before it stopped
            writeGroup(List.of(w));
        }
    }

    private void run() {
        List<Write> batch = new ArrayList<>();
        while (true) {
            Write w;
            while ((w = waiting.poll()) != null) {
                batch.add(w);
            }
            if (!batch.isEmpty()) {
                writeBatch(batch);
                batch.clear();
            } else if (closed) {
                // a write handed over just before close() saw the writer open: it is in the queue by now
                if (waiting.isEmpty()) {
                    return;
                }
            } else {
                LockSupport.park(this);
            }
        }
    }

    /** Each queue's writes in one put, queues in the order of their first write. */
    private void writeBatch(List<Write> batch) {
        if (batch.size() == 1) {
            writeGroup(batch);
            return;
        }
        Map<Queue, List<Write>> byQueue = new IdentityHashMap<>();
        List<List<Write>> groups = new ArrayList<>();
        for (Write w : batch) {
            byQueue.computeIfAbsent(w.queue, q -> {
                List<Write> group = new ArrayList<>();
                groups.add(group);
                return group;
            }).add(w);
        }
        for (List<Write> group : groups) {
            writeGroup(group);
        }
    }

    private void writeGroup(List<Write> group) {
        List<Message> messages = group.get(0).messages;
        if (group.size() > 1) {
            messages = new ArrayList<>();
            for (Write w : group) {
                messages.addAll(w.messages);
            }
        }
        BackendException failure = null;
        try {
            group.get(0).queue.writeHandedOver(messages);
        } catch (BackendException e) {
            failure = e;
        }
        for (Write w : group) {
            try {
                w.queue.handedOverWritten(w.messages, w.publish == null, failure);
                if (w.publish != null) {
                    w.publish.written(failure);
                }
            } catch (RuntimeException e) {
                // an answer that cannot go out any more (its connection's event loop has stopped) stops no other
                log.debug("after a write to the backend - {}", e.toString());
            }
        }
    }

    /** Finishes the writes handed over so far; later ones run on their publisher's thread. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.error("nsqd-storage still writing after 30s");
        }
    }
}
