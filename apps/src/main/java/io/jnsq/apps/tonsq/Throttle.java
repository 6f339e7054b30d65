package io.jnsq.apps.tonsq;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * to_nsq's {@code --rate}: a token bucket, as NSQ's: one token to start with, one more every {@code 1s / rate}, at
 * most {@code rate} (a second's worth) kept; each record takes one, waiting for it when there is none.
 */
final class Throttle {
    /** Sleeps for some nanoseconds; tests pass a fake. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final long interval;
    private final long capacity;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private long tokens = 1;
    private long refilled;

    Throttle(long rate) {
        this(rate, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    Throttle(long rate, LongSupplier nanoClock, Sleeper sleeper) {
        if (rate < 1) {
            throw new IllegalArgumentException("rate must be at least 1");
        }
        this.interval = Math.max(1, TimeUnit.SECONDS.toNanos(1) / rate);
        this.capacity = rate;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
        this.refilled = nanoClock.getAsLong();
    }

    /** Takes a token, waiting until there is one. */
    void acquire() throws InterruptedException {
        refill();
        while (tokens == 0) {
            sleeper.sleep(refilled + interval - nanoClock.getAsLong());
            refill();
        }
        tokens--;
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        long ticks = (now - refilled) / interval;
        if (ticks <= 0) {
            return;
        }
        if (ticks >= capacity - tokens) {
            tokens = capacity;
            refilled = now; // full: time spent full earns nothing
        } else {
            tokens += ticks;
            refilled += ticks * interval;
        }
    }
}
