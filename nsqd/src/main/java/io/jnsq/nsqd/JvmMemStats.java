package io.jnsq.nsqd;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * Fills NSQ's Go memory figures with the JVM's nearest ones, all cheap to read (no heap walk):
 * <ul>
 * <li>{@code heap_objects}: 0, the JVM cannot count live objects without stopping to walk the heap;
 * <li>{@code heap_in_use_bytes}: heap used; {@code heap_idle_bytes}: heap committed but not used;
 * <li>{@code heap_released_bytes}: heap reserved (max) but not committed, memory the JVM does not hold;
 * <li>{@code next_gc_bytes}: heap committed, the size the heap may fill before the collector must run;
 * <li>{@code gc_pause_usec_*}: NSQ's percentiles over the last 256 stop-the-world pauses ({@link GcPauses});
 * <li>{@code gc_total_runs}: collections counted by all of the JVM's collectors.
 * </ul>
 */
public final class JvmMemStats {
    private JvmMemStats() {
    }

    public static MemStats read() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long used = heap.getUsed();
        long committed = heap.getCommitted();
        long max = heap.getMax() < 0 ? committed : heap.getMax();
        long runs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            runs += Math.max(0, gc.getCollectionCount());
        }
        long[] pauses = GcPauses.get().sorted();
        return new MemStats(0, committed - used, used, Math.max(0, max - committed),
                GcPauses.percentile(100, pauses), GcPauses.percentile(99, pauses), GcPauses.percentile(95, pauses),
                committed, runs);
    }
}
