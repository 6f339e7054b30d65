package io.jnsq.nsqd.statsd;

import io.jnsq.nsqd.ChannelStats;
import io.jnsq.nsqd.LatencyPercentiles;
import io.jnsq.nsqd.MemStats;
import io.jnsq.nsqd.NsqdStats;
import io.jnsq.nsqd.TopicStats;
import io.jnsq.protocol.Names;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The lines of one statsd push, as the body of NSQ's {@code statsdLoop}: the same keys in the same order,
 * gauges ({@code |g}) as they are, counters ({@code |c}) as what they grew by since the previous push, the first
 * push sending their totals. Topic and channel names go into keys as they are, {@code #ephemeral} included,
 * unless ephemeral ones are excluded. Not thread-safe: one push at a time.
 */
final class StatsdMetrics {
    private final String prefix;
    private final boolean excludeEphemeral;
    /**
     * Counter totals sent last time, by topic, channel and field joined with {@code /} (no topic or channel name
     * has one; a key such as {@code topic.a.channel.b.message_count} could be topic {@code a.channel.b}'s).
     */
    private Map<String, Long> lastTotals = Map.of();

    StatsdMetrics(String prefix, boolean excludeEphemeral) {
        this.prefix = prefix;
        this.excludeEphemeral = excludeEphemeral;
    }

    /**
     * The lines, without their newline, for {@code stats} (taken without clients) and, with
     * {@code --statsd-mem-stats}, {@code memory} ({@code null} otherwise).
     */
    List<String> next(NsqdStats stats, MemStats memory) {
        Push push = new Push();
        for (TopicStats topic : stats.topics()) {
            if (excludeEphemeral && Names.isEphemeral(topic.topicName())) {
                continue;
            }
            String t = topic.topicName();
            String key = "topic." + t;
            push.counter(t + "/message_count", key + ".message_count", topic.messageCount());
            push.counter(t + "/message_bytes", key + ".message_bytes", topic.messageBytes());
            push.gauge(key + ".depth", topic.depth());
            push.gauge(key + ".backend_depth", topic.backendDepth());
            push.latencies(key, topic.e2eProcessingLatency());
            for (ChannelStats channel : topic.channels()) {
                if (excludeEphemeral && Names.isEphemeral(channel.channelName())) {
                    continue;
                }
                String c = t + "/" + channel.channelName();
                String channelKey = key + ".channel." + channel.channelName();
                push.counter(c + "/message_count", channelKey + ".message_count", channel.messageCount());
                push.gauge(channelKey + ".depth", channel.depth());
                push.gauge(channelKey + ".backend_depth", channel.backendDepth());
                push.gauge(channelKey + ".in_flight_count", channel.inFlightCount());
                push.gauge(channelKey + ".deferred_count", channel.deferredCount());
                push.counter(c + "/requeue_count", channelKey + ".requeue_count", channel.requeueCount());
                push.counter(c + "/timeout_count", channelKey + ".timeout_count", channel.timeoutCount());
                push.gauge(channelKey + ".clients", channel.clientCount());
                push.latencies(channelKey, channel.e2eProcessingLatency());
            }
        }
        if (memory != null) {
            push.gauge("mem.heap_objects", memory.heapObjects());
            push.gauge("mem.heap_idle_bytes", memory.heapIdleBytes());
            push.gauge("mem.heap_in_use_bytes", memory.heapInUseBytes());
            push.gauge("mem.heap_released_bytes", memory.heapReleasedBytes());
            push.gauge("mem.gc_pause_usec_100", memory.gcPauseUsec100());
            push.gauge("mem.gc_pause_usec_99", memory.gcPauseUsec99());
            push.gauge("mem.gc_pause_usec_95", memory.gcPauseUsec95());
            push.gauge("mem.next_gc_bytes", memory.nextGcBytes());
            push.counter("mem/gc_runs", "mem.gc_runs", memory.gcTotalRuns());
        }
        lastTotals = push.totals;
        return push.lines;
    }

    /**
     * The key suffix of a quantile, Go's {@code %.0f} of {@code q*100}: the exact binary value rounded half to
     * even, so 0.5 is {@code 50} and 0.999 is {@code 100}.
     */
    static String quantileSuffix(double quantile) {
        return new BigDecimal(quantile * 100.0).setScale(0, RoundingMode.HALF_EVEN).toPlainString();
    }

    private final class Push {
        final List<String> lines = new ArrayList<>();
        final Map<String, Long> totals = new HashMap<>();

        void gauge(String key, long value) {
            lines.add(prefix + key + ":" + value + "|g");
        }

        /**
         * A total smaller than last time belongs to a topic or channel deleted and created again since: its count
         * started again from 0, so all of it is new (NSQ subtracts anyway and sends a negative or huge delta).
         */
        void counter(String id, String key, long total) {
            long last = lastTotals.getOrDefault(id, 0L);
            totals.put(id, total);
            long delta = total >= last ? total - last : total;
            lines.add(prefix + key + ":" + delta + "|c");
        }

        void latencies(String key, LatencyPercentiles latency) {
            if (latency.percentiles() == null) {
                return;
            }
            for (LatencyPercentiles.Percentile p : latency.percentiles()) {
                gauge(key + ".e2e_processing_latency_" + quantileSuffix(p.quantile()), p.value());
            }
        }
    }
}
