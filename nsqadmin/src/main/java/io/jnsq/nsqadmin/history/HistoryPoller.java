package io.jnsq.nsqadmin.history;

import io.jnsq.clusterinfo.ChannelStats;
import io.jnsq.clusterinfo.ClusterInfo;
import io.jnsq.clusterinfo.E2eProcessingLatencyAggregate;
import io.jnsq.clusterinfo.NsqdStats;
import io.jnsq.clusterinfo.PartialErrors;
import io.jnsq.clusterinfo.Producer;
import io.jnsq.clusterinfo.TopicStats;
import io.jnsq.clusterinfo.UpstreamException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds the {@link History}: every interval, the {@code /stats} of every nsqd the cluster lists, summed per topic,
 * per channel and per node. A failed poll is logged at debug and recorded as nothing: the charts show a gap.
 */
public final class HistoryPoller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HistoryPoller.class);
    /** Numbers the pollers' threads: several nsqadmin may run in one JVM. */
    private static final AtomicInteger POLLERS = new AtomicInteger();

    private final ClusterInfo clusterInfo;
    private final Supplier<List<String>> lookupds;
    private final Supplier<List<String>> nsqds;
    private final History history;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "nsqadmin-history-" + POLLERS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    /** Starts polling at once, then every {@code interval}. */
    public HistoryPoller(ClusterInfo clusterInfo, Supplier<List<String>> lookupds, Supplier<List<String>> nsqds,
                         History history, Duration interval) {
        this.clusterInfo = clusterInfo;
        this.lookupds = lookupds;
        this.nsqds = nsqds;
        this.history = history;
        timer.scheduleWithFixedDelay(this::poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll() {
        Map<String, Reading> readings;
        try {
            PartialErrors errors = new PartialErrors();
            List<Producer> producers = clusterInfo.producers(lookupds.get(), nsqds.get(), errors);
            readings = readings(clusterInfo.nsqdStats(producers, null, null, false, errors));
        } catch (UpstreamException | RuntimeException e) {
            log.debug("history: polling the cluster failed", e);
            readings = Map.of();
        }
        history.record(System.currentTimeMillis(), readings);
    }

    /** Per nsqd's topic: its topic's, its channels' and its node's readings. */
    private static Map<String, Reading> readings(NsqdStats stats) {
        Map<String, Reading> readings = new HashMap<>();
        for (TopicStats topic : stats.topics()) {
            Reading topicReading = readings.computeIfAbsent(History.topicKey(topic.topicName), k -> new Reading());
            Reading node = readings.computeIfAbsent(History.nodeKey(topic.node), k -> new Reading());
            topicReading.add(topic.messageCount, topic.depth, 0, 0, 0)
                    .addE2eLatencyMs(slowestMs(topic.e2eProcessingLatency));
            node.add(topic.messageCount, topic.depth, 0, 0, 0);
            for (ChannelStats channel : topic.channels) {
                readings.computeIfAbsent(History.channelKey(topic.topicName, channel.channelName), k -> new Reading())
                        .add(channel.messageCount, channel.depth, channel.inFlightCount, channel.requeueCount,
                                channel.timeoutCount)
                        .addE2eLatencyMs(slowestMs(channel.e2eProcessingLatency));
                // a topic's and a node's message rate are the topic's; their depth counts every queue
                topicReading.add(0, channel.depth, channel.inFlightCount, channel.requeueCount, channel.timeoutCount);
                node.add(0, channel.depth, channel.inFlightCount, channel.requeueCount, channel.timeoutCount);
            }
        }
        return readings;
    }

    /** The highest percentile's latency, nanoseconds in nsqd's stats; NaN when none is tracked. */
    private static double slowestMs(E2eProcessingLatencyAggregate latency) {
        if (latency == null || latency.percentiles == null) {
            return Double.NaN;
        }
        double slowest = Double.NaN;
        double highestQuantile = -1;
        for (Map<String, Number> percentile : latency.percentiles) {
            double quantile = percentile.get("quantile").doubleValue();
            if (quantile > highestQuantile) {
                highestQuantile = quantile;
                slowest = percentile.get("max").doubleValue() / 1e6;
            }
        }
        return slowest;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
