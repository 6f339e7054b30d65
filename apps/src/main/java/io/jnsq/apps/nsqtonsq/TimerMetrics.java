package io.jnsq.apps.nsqtonsq;

import io.jnsq.apps.log.GoLog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** bitly's timer_metrics: every {@code statusEvery} requests, a log line of their 99th and 95th percentile and mean. */
final class TimerMetrics {
    private final int statusEvery;
    private final String prefix;
    private final List<Long> timings = new ArrayList<>();

    TimerMetrics(int statusEvery, String prefix) {
        this.statusEvery = statusEvery;
        this.prefix = prefix;
    }

    /** One request, started at {@code startNanos} ({@link System#nanoTime()}), is done. */
    synchronized void status(long startNanos) {
        if (statusEvery <= 0) {
            return;
        }
        timings.add(System.nanoTime() - startNanos);
        if (timings.size() < statusEvery) {
            return;
        }
        long total = 0;
        for (long t : timings) {
            total += t;
        }
        double avgMs = total / 1e6 / timings.size();
        Collections.sort(timings);
        double p95Ms = percentile(95.0) / 1e6;
        double p99Ms = percentile(99.0) / 1e6;
        GoLog.printf("%s", String.format(Locale.ROOT, "%s finished %d requests - 99th: %.2fms - 95th: %.2fms"
                + " - avg: %.2fms", prefix, statusEvery, p99Ms, p95Ms, avgMs));
        timings.clear();
    }

    private long percentile(double percent) {
        int length = timings.size();
        int index = (int) Math.ceil(percent / 100.0 * length + 0.5);
        if (index >= length) {
            index = length - 1;
        }
        return timings.get(index);
    }
}
