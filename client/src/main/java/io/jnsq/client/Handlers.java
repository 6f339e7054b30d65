package io.jnsq.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a consumer's messages reach its handler: on {@code concurrency} threads, one hand-off per read and thread,
 * or with concurrency 0 on the I/O thread itself; and what happens around each call, as go-nsq does it (past
 * {@code max_attempts} the hook and FIN instead, FIN when the handler returns, REQ with backoff when it throws).
 */
final class Handlers {
    private static final Logger log = LoggerFactory.getLogger(Handlers.class);

    private final MessageHandler handler;
    private final int maxAttempts;
    private final AutoTouch autoTouch;
    private final int concurrency;
    private final ExecutorService workers;
    private volatile Consumer<Message> onMaxAttempts = m -> log.warn("msg {} attempted {} times, giving up",
            m.id(), m.attempts());

    /** {@code name} names the threads: {@code jnsq-consumer-<name>-<n>}. */
    Handlers(String name, MessageHandler handler, int concurrency, int maxAttempts, AutoTouch autoTouch) {
        this.handler = handler;
        this.maxAttempts = maxAttempts;
        this.autoTouch = autoTouch;
        this.concurrency = concurrency;
        AtomicInteger n = new AtomicInteger();
        this.workers = concurrency == 0 ? null : Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "jnsq-consumer-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void onMaxAttemptsExceeded(Consumer<Message> hook) {
        this.onMaxAttempts = hook;
    }

    /**
     * Handles the messages of one read: here with concurrency 0, else in at most {@code concurrency} tasks.
     *
     * @return how many were not handed on because the handler threads have stopped (nsqd takes them back when
     *         the connection closes)
     */
    int dispatch(List<Message> arrived) {
        if (workers == null) {
            arrived.forEach(this::handle);
            return 0;
        }
        List<Message> batch = List.copyOf(arrived);
        int count = batch.size();
        int tasks = Math.min(concurrency, count);
        int rejected = 0;
        for (int t = 0; t < tasks; t++) {
            List<Message> share = batch.subList(count * t / tasks, count * (t + 1) / tasks);
            try {
                workers.execute(() -> share.forEach(this::handle));
            } catch (RejectedExecutionException stopped) {
                rejected += share.size();
            }
        }
        return rejected;
    }

    /** Lets the handler threads finish what they were given, for at most {@code timeout}. */
    void shutdown(Duration timeout) {
        if (workers == null) {
            return;
        }
        workers.shutdown();
        try {
            workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(Message message) {
        try {
            if (maxAttempts > 0 && message.attempts() > maxAttempts) {
                try {
                    onMaxAttempts.accept(message);
                } finally {
                    message.finish();
                }
                return;
            }
            autoTouch.hold(message);
            handler.handle(message);
            if (message.isAutoResponse()) {
                message.finish();
            }
        } catch (Exception e) {
            log.error("({}) handler failed for msg {} - {}", message.nsqdAddress(), message.id(), e.toString());
            if (message.isAutoResponse()) {
                message.requeue();
            }
        } catch (Error e) {
            if (message.isAutoResponse()) {
                message.requeue();
            }
            throw e;
        }
    }
}
