package io.jnsq.bench;

import java.time.Duration;

/**
 * The span the workers of one run share: it starts when they are released and is over after {@code --runfor},
 * or at once when ended early (tests do that instead of waiting on the clock).
 */
final class RunPeriod {
    private final long lengthNanos;
    private volatile long endNanos;
    private volatile boolean ended;

    RunPeriod(Duration length) {
        this.lengthNanos = length.toNanos();
    }

    /** Starts the period at {@code nowNanos}, a {@link System#nanoTime()} reading. */
    void start(long nowNanos) {
        endNanos = nowNanos + lengthNanos;
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
