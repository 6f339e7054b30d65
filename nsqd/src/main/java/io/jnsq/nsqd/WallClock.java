package io.jnsq.nsqd;

/** Wall-clock time in nanoseconds since the epoch, cheap enough for every message's timestamp. */
final class WallClock {
    private static final long OFFSET = System.currentTimeMillis() * 1_000_000L - System.nanoTime();

    private WallClock() {
    }

    static long nowNanos() {
        return System.nanoTime() + OFFSET;
    }

    /** The wall-clock time of a {@link System#nanoTime()} instant: how a deadline outlives the process. */
    static long wallNanosAt(long nanoTime) {
        return nanoTime + OFFSET;
    }

    /** The {@link System#nanoTime()} instant of a wall-clock time, in this process. */
    static long nanoTimeAt(long wallNanos) {
        return wallNanos - OFFSET;
    }
}
