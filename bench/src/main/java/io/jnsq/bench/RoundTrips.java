package io.jnsq.bench;

import io.jnsq.protocol.GoDuration;
import java.time.Duration;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * How long one writer's MPUBs took from being sent to nsqd's answer, for {@code --latency} (a jnsq extension:
 * NSQ's tools print throughput only). Each worker records into its own; they are added up once the run is over.
 */
final class RoundTrips {
    /** Three significant digits: a microsecond's precision under a millisecond, and so on. */
    private final Histogram histogram = new Histogram(3);

    void record(long nanos) {
        histogram.recordValue(nanos);
    }

    /** {@code latency: p50 48.127µs - p99 145.023µs - p99.9 402.431µs - max 1.234ms (123456 round trips)}. */
    static String line(List<RoundTrips> workers) {
        Histogram all = new Histogram(3);
        for (RoundTrips worker : workers) {
            all.add(worker.histogram);
        }
        return "latency: p50 " + percentile(all, 50) + " - p99 " + percentile(all, 99) + " - p99.9 "
                + percentile(all, 99.9) + " - max " + GoDuration.format(Duration.ofNanos(all.getMaxValue()))
                + " (" + all.getTotalCount() + " round trips)";
    }

    private static String percentile(Histogram histogram, double percentile) {
        return GoDuration.format(Duration.ofNanos(histogram.getValueAtPercentile(percentile)));
    }
}
