package io.jnsq.apps.tools;

/**
 * A channel's stats summed over every nsqd of its topic, as NSQ's {@code clusterinfo.ChannelStats.Add} sums them.
 * The memory depth is worked out as NSQ does: depth minus backend depth.
 */
public record ChannelTotals(long depth, long memoryDepth, long backendDepth, long inFlightCount,
                            long deferredCount, long requeueCount, long timeoutCount, long messageCount,
                            long clientCount) {
    /** Nothing yet: what the first nsqd's numbers are added to. */
    public static final ChannelTotals ZERO = new ChannelTotals(0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** These totals with one more nsqd's channel added. */
    public ChannelTotals plus(ChannelTotals other) {
        return new ChannelTotals(depth + other.depth, memoryDepth + other.memoryDepth,
                backendDepth + other.backendDepth, inFlightCount + other.inFlightCount,
                deferredCount + other.deferredCount, requeueCount + other.requeueCount,
                timeoutCount + other.timeoutCount, messageCount + other.messageCount,
                clientCount + other.clientCount);
    }
}
