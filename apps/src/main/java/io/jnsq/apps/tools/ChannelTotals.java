package io.jnsq.apps.tools;

import io.jnsq.clusterinfo.ChannelStats;

/**
 * A channel's stats summed over every nsqd of its topic, as NSQ's {@code clusterinfo.ChannelStats.Add} sums them.
 * The memory depth is worked out as NSQ does: depth minus backend depth.
 */
public record ChannelTotals(long depth, long memoryDepth, long backendDepth, long inFlightCount,
                            long deferredCount, long requeueCount, long timeoutCount, long messageCount,
                            long clientCount) {
    /** Nothing yet: what the first nsqd's numbers are added to. */
    public static final ChannelTotals ZERO = new ChannelTotals(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** A channel's stats as clusterinfo sums them over the nsqd of its topic. */
    public static ChannelTotals of(ChannelStats c) {
        return new ChannelTotals(c.depth, c.memoryDepth, c.backendDepth, c.inFlightCount, c.deferredCount,
                c.requeueCount, c.timeoutCount, c.messageCount, c.clientCount);
    }

    /** These totals with one more nsqd's channel added. */
    public ChannelTotals plus(ChannelTotals other) {
        return new ChannelTotals(depth + other.depth, memoryDepth + other.memoryDepth,
                backendDepth + other.backendDepth, inFlightCount + other.inFlightCount,
                deferredCount + other.deferredCount, requeueCount + other.requeueCount,
                timeoutCount + other.timeoutCount, messageCount + other.messageCount,
                clientCount + other.clientCount);
    }
}
