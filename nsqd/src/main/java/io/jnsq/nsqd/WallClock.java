package io.jnsq.nsqd;

/** Wall-clock time in nanoseconds since the epoch, cheap enough for every message's timestamp. */
final class WallClock {
    private static final long OFFSET = System.currentTimeMillis() * 1_000_000L - System.nanoTime();

    private WallClock() {
    }

    static long nowNanos() {
        return System.nanoTime() + OFFSET;
    }
}
