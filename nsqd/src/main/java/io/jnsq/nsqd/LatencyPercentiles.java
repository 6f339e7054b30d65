package io.jnsq.nsqd;

import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.AbstractHistogram;

/**
 * End-to-end processing latency (publish to FIN) over the sliding window, as NSQ's {@code quantile.Result}.
 *
 * @param count       latencies in the window
 * @param percentiles one per configured quantile, in the configured (descending) order; {@code null} when
 *                    --e2e-processing-latency-percentile is not given, or for a topic without channels
 */
public record LatencyPercentiles(long count, List<Percentile> percentiles) {
    /** What NSQ reports where nothing is measured: {@code {"count":0,"percentiles":null}}. */
    public static final LatencyPercentiles NONE = new LatencyPercentiles(0, null);

    /** @param value nanoseconds; 0 when the window is empty */
    public record Percentile(double quantile, long value) {
    }

    static LatencyPercentiles of(AbstractHistogram window, List<Double> quantiles) {
        List<Percentile> percentiles = new ArrayList<>(quantiles.size());
        for (double q : quantiles) {
            percentiles.add(new Percentile(q, window.getValueAtPercentile(q * 100)));
        }
        return new LatencyPercentiles(window.getTotalCount(), List.copyOf(percentiles));
    }
}
