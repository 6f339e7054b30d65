package io.jnsq.nsqd;

/**
 * The {@code memory} block of /stats: NSQ's Go runtime figures under NSQ's names, filled with the JVM's nearest
 * ones by {@link JvmMemStats} (the mapping is in docs/compatibility.md).
 */
public record MemStats(
        long heapObjects,
        long heapIdleBytes,
        long heapInUseBytes,
        long heapReleasedBytes,
        long gcPauseUsec100,
        long gcPauseUsec99,
        long gcPauseUsec95,
        long nextGcBytes,
        long gcTotalRuns) {
}
