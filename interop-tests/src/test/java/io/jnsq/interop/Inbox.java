package io.jnsq.interop;

import com.sproutsocial.nsq.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What an nsq-j (or jnsq-client) handler received, in arrival order; thread-safe, as both run handlers on a pool.
 * Tests wait on it for a condition, with a deadline.
 */
final class Inbox {
    private final String name;
    private final long startNanos = System.nanoTime();
    private final List<Delivery> deliveries = new ArrayList<>();

    /** @param name what received into it, for failure messages: a channel, say */
    Inbox(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Milliseconds since this inbox was made: the clock of {@link Delivery#atMillis()}. */
    long elapsedMillis() {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    /** Records a message as it arrives; the caller still finishes or requeues it. */
    void record(Message msg) {
        add(new Delivery(Bodies.fromUtf8(msg.getData()), msg.getId(), msg.getAttempts(), elapsedMillis()));
    }

    /**
     * Records a message our own client (jnsq-client) delivered: as its handler, this returns and so finishes it.
     */
    void record(io.jnsq.client.Message msg) {
        add(new Delivery(msg.bodyText(), msg.id(), msg.attempts(), elapsedMillis()));
    }

    private synchronized void add(Delivery delivery) {
        deliveries.add(delivery);
        notifyAll();
    }

    /** The nsq-j handler that records each message and finishes it. */
    void recordAndFinish(Message msg) {
        record(msg);
        msg.finish();
    }

    /** Waits until the deliveries so far satisfy {@code condition}; returns them. */
    synchronized List<Delivery> awaitUntil(String what, Predicate<List<Delivery>> condition, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(deliveries)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException(name + ": waited " + timeout + " for " + what + "; received "
                        + summary(deliveries));
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(deliveries);
    }

    /** Waits until every body in {@code bodies} arrived at least once; returns all deliveries. */
    List<Delivery> awaitBodies(Collection<String> bodies, Duration timeout)
            throws InterruptedException, TimeoutException {
        return awaitUntil(bodies.size() + " distinct bodies",
                received -> received.stream().map(Delivery::body).collect(Collectors.toSet()).containsAll(bodies),
                timeout);
    }

    private static String summary(List<Delivery> deliveries) {
        List<String> lines = new ArrayList<>();
        for (Delivery d : deliveries) {
            lines.add(Deliveries.label(d.body()) + " (attempts " + d.attempts() + ")");
        }
        return deliveries.size() + " " + lines;
    }
}
