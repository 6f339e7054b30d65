package io.jnsq.nsqd;

import java.util.List;

/**
 * One topic in /stats, field for field NSQ's {@code TopicStats}, in the order of its JSON. {@code channels} is
 * sorted by name and never {@code null}. The topic's e2e latency merges all its channels, whichever were asked
 * for.
 */
public record TopicStats(
        String topicName,
        List<ChannelStats> channels,
        long depth,
        long backendDepth,
        long messageCount,
        long messageBytes,
        boolean paused,
        LatencyPercentiles e2eProcessingLatency) {
}
