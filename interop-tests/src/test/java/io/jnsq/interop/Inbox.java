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
 * What an nsq-j handler received, in arrival order; thread-safe, as nsq-j runs handlers on a pool. Tests wait on
 * it for a condition, with a deadline.
 */
final class Inbox {
    private final long startNanos = System.nanoTime();
    private final List<Delivery> deliveries = new ArrayList<>();

    /** Milliseconds since this inbox was made: the clock of {@link Delivery#atMillis()}. */
    long elapsedMillis() {
        return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
    }

    /** Records a message as it arrives; the caller still finishes or requeues it. */
    void record(Message msg) {
        Delivery delivery = new Delivery(Bodies.fromUtf8(msg.getData()), msg.getId(), msg.getAttempts(), elapsedMillis());
        synchronized (this) {
            deliveries.add(delivery);
            notifyAll();
        }
    }

    /** The nsq-j handler that records each message and finishes it. */
    void recordAndFinish(Message msg) {
        record(msg);
        msg.finish();
    }

    synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Waits until the deliveries so far satisfy {@code condition}; returns them. */
    synchronized List<Delivery> awaitUntil(String what, Predicate<List<Delivery>> condition, Duration timeout)
            throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(deliveries)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("waited " + timeout + " for " + what + "; received " + summary(deliveries));
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

    /** Short enough for a failure message: bodies cut to 40 characters. */
    private static String summary(List<Delivery> deliveries) {
        List<String> lines = new ArrayList<>();
        for (Delivery d : deliveries) {
            String body = d.body().length() > 40 ? d.body().substring(0, 40) + "..." : d.body();
            lines.add(body + " (attempts " + d.attempts() + ")");
        }
        return deliveries.size() + " " + lines;
    }
}
