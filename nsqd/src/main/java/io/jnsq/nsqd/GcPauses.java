package io.jnsq.nsqd;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The JVM's last {@value #KEPT} stop-the-world GC pauses, as Go keeps its last 256 in {@code MemStats.PauseNs},
 * for the {@code gc_pause_usec_*} figures of /stats. The JVM reports pause durations in milliseconds.
 */
final class GcPauses {
    static final int KEPT = 256;
    private static final GcPauses INSTANCE = new GcPauses();

    private final long[] micros = new long[KEPT];
    private long recorded;

    private GcPauses() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> onNotification(notification), null, null);
            }
        }
    }

    /** Starts listening (once per JVM) so that pauses are known before the first /stats. */
    static GcPauses get() {
        return INSTANCE;
    }

    private void onNotification(Notification notification) {
        if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
            return;
        }
        GarbageCollectionNotificationInfo info =
                GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        if (isPause(info.getGcAction())) {
            record(info.getGcInfo().getDuration() * 1000);
        }
    }

    /**
     * Stop-the-world collections end "minor GC" or "major GC" (Serial, Parallel, G1) or "GC pause" (ZGC,
     * Shenandoah); a concurrent collector's "GC cycle" runs beside the application and is no pause.
     */
    static boolean isPause(String gcAction) {
        return gcAction.equals("end of minor GC") || gcAction.equals("end of major GC")
                || gcAction.equals("end of GC pause");
    }

    synchronized void record(long pauseMicros) {
        micros[(int) (recorded++ % KEPT)] = pauseMicros;
    }

    /** The kept pauses in microseconds, sorted. */
    synchronized long[] sorted() {
        long[] kept = Arrays.copyOf(micros, (int) Math.min(recorded, KEPT));
        Arrays.sort(kept);
        return kept;
    }

    /** NSQ's {@code percentile}: the value at rank {@code floor(perc/100 * n + 0.5)}, capped at the last. */
    static long percentile(double perc, long[] sorted) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.floor(perc / 100.0 * sorted.length + 0.5);
        return sorted[Math.min(index, sorted.length - 1)];
    }
}
