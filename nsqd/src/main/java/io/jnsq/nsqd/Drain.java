package io.jnsq.nsqd;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nsqd's drain mode (NSQ's RFC nsqio/nsq #1302): once started, the topics take no new message and nsqd makes no new
 * topic or channel, while consumers go on receiving what it holds; it is drained when every topic and channel is
 * empty: nothing in memory, on disk, in flight or deferred. It cannot be undone.
 */
final class Drain {
    private static final Logger log = LoggerFactory.getLogger(Drain.class);
    private static final long CHECK_MILLIS = 100;
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Supplier<List<Topic>> topics;
    private final ScheduledExecutorService timer;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private long lastProgressNanos;

    Drain(Supplier<List<Topic>> topics, ScheduledExecutorService timer) {
        this.topics = topics;
        this.timer = timer;
    }

    boolean isStarted() {
        return started.get();
    }

    CompletableFuture<Void> drained() {
        return drained;
    }

    /** Starts draining, once; checks every 100 ms whether everything is delivered. */
    void start() {
        if (!started.compareAndSet(false, true)) {
            return;
        }
        log.info("NSQ: draining - refusing new messages, topics and channels until every queue is empty");
        lastProgressNanos = System.nanoTime();
        timer.execute(this::check);
    }

    /** Runs on the timer until drained, every 100 ms. */
    private void check() {
        Remaining remaining;
        try {
            remaining = remaining();
        } catch (RuntimeException e) {
            log.error("NSQ: draining - failed to count what is left", e);
            timer.schedule(this::check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
            return;
        }
        if (remaining.messages() == 0) {
            log.info("NSQ: drained - every topic and channel is empty");
            drained.complete(null);
            return;
        }
        timer.schedule(this::check, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        long now = System.nanoTime();
        if (now - lastProgressNanos >= PROGRESS_NANOS) {
            lastProgressNanos = now;
            log.info("NSQ: draining - {} messages left in {} topics and channels", remaining.messages(),
                    remaining.queues());
        }
    }

    /** Messages not yet delivered and finished, and how many topics and channels hold them. */
    private record Remaining(long messages, int queues) {
    }

    private Remaining remaining() {
        long messages = 0;
        int queues = 0;
        for (Topic topic : topics.get()) {
            long left = topic.depth();
            messages += left;
            queues += left > 0 ? 1 : 0;
            for (Channel channel : topic.channels()) {
                left = channel.undelivered();
                messages += left;
                queues += left > 0 ? 1 : 0;
            }
        }
        return new Remaining(messages, queues);
    }
}
