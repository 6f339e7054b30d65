package io.jnsq.apps.tools;

import io.jnsq.apps.log.GoLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * bitly's {@code timer_metrics}, as nsq_to_http and nsq_to_nsq use it: the last {@code statusEvery} request times
 * kept in a ring, and a line {@code <prefix> finished N - 99th: 1.23ms - 95th: 1.00ms - avg: 0.50ms} logged each
 * time the ring has come round (first after {@code statusEvery + 1} requests, then every {@code statusEvery}). 0
 * disables it.
 */
public final class TimerMetrics {
    private final int statusEvery;
    private final String prefix;
    private final List<Long> timings = new ArrayList<>();
    private int position;

    public TimerMetrics(int statusEvery, String prefix) {
        this.statusEvery = statusEvery;
        this.prefix = prefix;
        if (statusEvery > 0 && statusEvery < 100) {
            GoLog.printf("Warning: use more than 100 status values for accurate percentiles (configured with %d)",
                    statusEvery);
        }
    }

    /** Records the time since {@code startNanos} ({@link System#nanoTime()}). */
    public void status(long startNanos) {
        if (statusEvery == 0) {
            return;
        }
        String line = record(System.nanoTime() - startNanos);
        if (line != null) {
            GoLog.printf("%s", line);
        }
    }

    /** Records one request's time; the status line when the ring has come round, else null. */
    public synchronized String record(long nanos) {
        position++;
        boolean looped = false;
        if (position > statusEvery) {
            looped = true;
            position = 1;
        }
        if (position > timings.size()) {
            timings.add(nanos);
        } else {
            timings.set(position - 1, nanos);
        }
        if (!looped) {
            return null;
        }
        long[] sorted = timings.stream().mapToLong(Long::longValue).sorted().toArray();
        long total = Arrays.stream(sorted).sum();
        long avg = sorted.length == 0 ? 0 : total / sorted.length;
        return String.format(Locale.ROOT, "%s finished %d - 99th: %.02fms - 95th: %.02fms - avg: %.02fms", prefix,
                sorted.length, millis(percentile(99, sorted)), millis(percentile(95, sorted)), millis(avg));
    }

    private static long percentile(double percent, long[] sorted) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.length + 0.5);
        return sorted[Math.min(index, sorted.length - 1)];
    }

    private static double millis(long nanos) {
        return Duration.ofNanos(nanos).toNanos() / 1e6;
    }
}
