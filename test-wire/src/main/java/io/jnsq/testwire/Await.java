package io.jnsq.testwire;

import io.jnsq.protocol.GoDuration;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting in tests: poll a condition every few milliseconds until it holds or a timeout passes. Tests wait for
 * asynchronous effects this way rather than sleeping, so they are as fast as the system allows and fail with a
 * description instead of flaking.
 */
public final class Await {
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private Await() {
    }

    /**
     * Returns once {@code condition} is true.
     *
     * @param description what is awaited, for the failure message (for example "channel ch to exist")
     * @throws AssertionError if the condition is still false after {@code timeout}
     */
    public static void until(Duration timeout, BooleanSupplier condition, String description) {
        untilNonNull(timeout, () -> condition.getAsBoolean() ? Boolean.TRUE : null, description);
    }

    /**
     * Returns the first non-null value {@code value} supplies.
     *
     * @param description what is awaited, for the failure message
     * @throws AssertionError if the supplier still returns null after {@code timeout}
     */
    public static <T> T untilNonNull(Duration timeout, Supplier<T> value, String description) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T result = value.get();
            if (result != null) {
                return result;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new AssertionError("timed out after " + GoDuration.format(timeout) + " waiting for "
                        + description);
            }
            sleep(Math.min(POLL_NANOS, remaining), description);
        }
    }

    private static void sleep(long nanos, String description) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + description, e);
        }
    }
}
