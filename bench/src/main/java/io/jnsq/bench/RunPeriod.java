package io.jnsq.bench;

import java.time.Duration;

/**
 * The span the workers of one run share: it starts when they are released, measures from the end of an optional
 * warm-up, and is over {@code --runfor} after that, or at once when ended early (tests do that instead of waiting
 * on the clock).
 */
final class RunPeriod {
    private final long warmupNanos;
    private final long lengthNanos;
    private volatile long measuredFrom;
    private volatile long endNanos;
    private volatile boolean ended;

    RunPeriod(Duration warmup, Duration length) {
        this.warmupNanos = warmup.toNanos();
        this.lengthNanos = length.toNanos();
    }

    /** Starts the period at {@code nowNanos}, a {@link System#nanoTime()} reading. */
    void start(long nowNanos) {
        measuredFrom = nowNanos + warmupNanos;
        endNanos = measuredFrom + lengthNanos;
    }

    /** When the warm-up ends and measuring begins, a {@link System#nanoTime()} reading. */
    long measuredFrom() {
        return measuredFrom;
    }

    /** Whether what began at {@code nanoTime} counts: it began after the warm-up. */
    boolean counts(long nanoTime) {
        return nanoTime - measuredFrom >= 0;
    }

    /** Nanoseconds left, zero or less once the period is over. */
    long remainingNanos() {
        return ended ? 0 : endNanos - System.nanoTime();
    }

    boolean isOver() {
        return remainingNanos() <= 0;
    }

    /** Ends the period now: each worker stops at its next check. */
    void endNow() {
        ended = true;
    }
}
