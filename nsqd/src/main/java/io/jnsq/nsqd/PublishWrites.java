package io.jnsq.nsqd;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * The answer to one publish: complete once every disk write it was handed to {@link BackendWriter} for is done, at
 * once when it went to memory only. It fails with a {@link PublishException} when a write (or the publish itself)
 * failed; the topic then takes the messages back out of its counts, as NSQ counts only what it stored.
 */
final class PublishWrites extends CompletableFuture<Void> {
    private static final AtomicIntegerFieldUpdater<PublishWrites> PENDING =
            AtomicIntegerFieldUpdater.newUpdater(PublishWrites.class, "pending");

    private final Topic topic;
    /** What the topic counted of this publish; taken back if it fails. */
    private int messages;
    private long bytes;
    /** Writes handed over and not done, plus one held by the publisher until {@link #sealed}. */
    private volatile int pending = 1;
    private volatile PublishException failure;

    PublishWrites(Topic topic) {
        this.topic = topic;
    }

    /** The topic counted the messages (before any write could fail). */
    void counted(int messages, long bytes) {
        this.messages = messages;
        this.bytes = bytes;
    }

    /** A write of this publish was handed to the storage thread. */
    void handedOver() {
        PENDING.incrementAndGet(this);
    }

    /** A handed-over write is done; {@code error} is {@code null} when it succeeded. */
    void written(BackendException error) {
        if (error != null) {
            failure = new PublishException(error.getMessage());
        }
        finishOne();
    }

    /** The publish has handed over all it will; {@code error} is why it failed, else {@code null}. */
    void sealed(PublishException error) {
        if (error != null) {
            failure = error;
        }
        finishOne();
    }

    private void finishOne() {
        if (PENDING.decrementAndGet(this) != 0) {
            return;
        }
        PublishException error = failure;
        if (error == null) {
            complete(null);
        } else {
            if (messages > 0) {
                topic.uncount(messages, bytes);
            }
            completeExceptionally(error);
        }
    }
}
