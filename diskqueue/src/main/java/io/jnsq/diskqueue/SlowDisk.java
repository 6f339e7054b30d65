package io.jnsq.diskqueue;

import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a disk queue's writes have been slow of late. A write to the page cache takes microseconds; one that takes
 * {@link #SLOW_WRITE_NANOS} waited for the disk (writeback throttling, a failing or overloaded device), and then
 * for {@link #SLOW_FOR_NANOS} every write is taken for one that {@link DiskQueue#writeMayWait may wait} (nsqd's
 * publishes then hand theirs to its storage thread). The threshold is well above a scheduler's time slice and the
 * young collections measured in nsqd with a million messages in memory (33 ms), so that a busy machine is not taken
 * for a slow disk.
 */
final class SlowDisk {
    private static final Logger log = LoggerFactory.getLogger(DiskQueue.class);
    static final long SLOW_WRITE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    static final long SLOW_FOR_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String queueName;
    private volatile long slowUntilNanos = System.nanoTime();

    SlowDisk(String queueName) {
        this.queueName = queueName;
    }

    /** A write of {@code bytes} that began at {@code startNanos} ({@link System#nanoTime}) is done. */
    void wrote(int bytes, long startNanos) {
        long now = System.nanoTime();
        long took = now - startNanos;
        if (took < SLOW_WRITE_NANOS) {
            return;
        }
        if (!isSlow(now)) {
            log.warn("DISKQUEUE({}) writing {} bytes took {} ms: the disk is slow, writes are taken for ones that"
                    + " wait for it for the next {} s", queueName, bytes, TimeUnit.NANOSECONDS.toMillis(took),
                    TimeUnit.NANOSECONDS.toSeconds(SLOW_FOR_NANOS));
        }
        slowUntilNanos = now + SLOW_FOR_NANOS;
    }

    /** Whether a write was slow in the last {@link #SLOW_FOR_NANOS}. */
    boolean isSlow() {
        return isSlow(System.nanoTime());
    }

    private boolean isSlow(long now) {
        return now - slowUntilNanos < 0;
    }
}
